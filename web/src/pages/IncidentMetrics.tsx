// Incident metrics per month (the API's `incidentMetrics`): median and 90th percentile of the
// time to detect, mitigate, resolve and publish, as a recharts line chart with the same numbers
// in a table. Months are calendar months of the zone the app shows times in.
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";

import { IncidentMetricsDoc } from "../api/recurring";
import { Failure, Loading } from "../components/Notes";
import { useZone } from "../components/TimeZone";
import type { IncidentMetricsGroupFieldsFragment, Severity } from "../gql/graphql";

type Total = IncidentMetricsGroupFieldsFragment;
export type MetricKey = "timeToDetect" | "timeToMitigate" | "timeToResolve" | "timeToPublish";

export const METRICS: { key: MetricKey; label: string }[] = [
  { key: "timeToDetect", label: "Time to detect" },
  { key: "timeToMitigate", label: "Time to mitigate" },
  { key: "timeToResolve", label: "Time to resolve" },
  { key: "timeToPublish", label: "Time to publish the postmortem" },
];

/** "45 min", "3.5 h", "2.1 d" for minutes; "—" for none. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return "—";
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

/** One chart row per month: median and p90 in hours (null where no incident had the duration). */
export function metricRows(totals: readonly Total[], key: MetricKey) {
  const hours = (m: number | null | undefined) => (m === null || m === undefined ? null : Math.round((m / 60) * 100) / 100);
  return totals.map((t) => ({
    month: t.month,
    median: hours(t[key].medianMinutes),
    p90: hours(t[key].p90Minutes),
    incidents: t.incidents,
  }));
}

export function IncidentMetrics({
  from,
  to,
  includeUnpublished,
}: {
  from: string;
  to: string;
  includeUnpublished: boolean;
}) {
  const z = useZone();
  const [metric, setMetric] = useState<MetricKey>("timeToResolve");
  const [severity, setSeverity] = useState<Severity | "">("");
  const [service, setService] = useState("");
  const [{ data, error, fetching }] = useQuery({
    query: IncidentMetricsDoc,
    variables: {
      from,
      to,
      includeUnpublished,
      severity: severity || null,
      service: service.trim() || null,
      timeZone: z.zone,
    },
  });
  const metrics = data?.incidentMetrics;
  const label = METRICS.find((m) => m.key === metric)?.label ?? "";
  const rows = metrics ? metricRows(metrics.totals, metric) : [];
  return (
    <section className="card" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Incident metrics</h2>
      <div className="filters">
        <label>
          Metric
          <select value={metric} onChange={(e) => setMetric(e.target.value as MetricKey)}>
            {METRICS.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | "")}>
            <option value="">Any</option>
            {(["SEV1", "SEV2", "SEV3", "SEV4"] as const).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Service (exact)
          <input defaultValue={service} maxLength={100} onBlur={(e) => setService(e.target.value)} />
        </label>
      </div>
      {error && <Failure message={error.message} />}
      {fetching && !data && <Loading />}
      {metrics && (
        <figure>
          <div
            className="chart"
            role="img"
            aria-label={`Line chart of the ${label.toLowerCase()} per month (median and 90th percentile, hours); the table below has the same numbers`}
          >
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis unit=" h" />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="median" name="Median (hours)" stroke="#1f4e79" connectNulls isAnimationActive={false} />
                <Line type="monotone" dataKey="p90" name="90th percentile (hours)" stroke="#b35c00" connectNulls isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption>
            <details>
              <summary>The numbers ({`months in ${metrics.timeZone}`})</summary>
              <table>
                <caption className="visually-hidden">{label} per month</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Incidents</th>
                    <th scope="col">With this duration</th>
                    <th scope="col">Median</th>
                    <th scope="col">90th percentile</th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.totals.map((t) => (
                    <tr key={t.month}>
                      <th scope="row">{t.month}</th>
                      <td>{t.incidents}</td>
                      <td>{t[metric].count}</td>
                      <td>{formatMinutes(t[metric].medianMinutes)}</td>
                      <td>{formatMinutes(t[metric].p90Minutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            <details>
              <summary>By service and severity</summary>
              <table>
                <caption className="visually-hidden">{label} per month, service and severity</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Service</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Incidents</th>
                    <th scope="col">Median</th>
                    <th scope="col">90th percentile</th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.groups.map((g) => (
                    <tr key={`${g.month}-${g.service ?? ""}-${g.severity ?? ""}`}>
                      <th scope="row">{g.month}</th>
                      <td>{g.service ?? "(no service)"}</td>
                      <td>{g.severity ?? "—"}</td>
                      <td>{g.incidents}</td>
                      <td>{formatMinutes(g[metric].medianMinutes)}</td>
                      <td>{formatMinutes(g[metric].p90Minutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </figcaption>
        </figure>
      )}
    </section>
  );
}

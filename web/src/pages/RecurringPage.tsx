// Recurring incidents: groups by service and root-cause category, clusters of similar root
// causes, incidents that recurred despite completed action items, and monthly trends (recharts).
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";

import { useMe } from "../api/ApiProvider";
import { IncidentTrendsDoc, RecurringViewsDoc } from "../api/recurring";
import { Flag } from "../components/Badges";
import { Failure, Loading } from "../components/Notes";
import { useZone } from "../components/TimeZone";
import type { TrendDimension } from "../gql/graphql";
import { formatDate, humanize } from "../lib/format";
import { IncidentMetrics } from "./IncidentMetrics";

const PALETTE = ["#1f4e79", "#b35c00", "#2e7d32", "#8e24aa", "#c62828", "#00695c", "#5d4037", "#455a64", "#ad1457", "#283593"];

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function defaultWindow(today = new Date()): { from: string; to: string } {
  const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
  const from = new Date(to.getTime() - 365 * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

export default function RecurringPage() {
  const me = useMe();
  const canSeeDrafts = me.can("READ_ALL_DRAFTS");
  const [range, setRange] = useState(defaultWindow);
  const [includeUnpublished, setIncludeUnpublished] = useState(false);
  useEffect(() => {
    document.title = "Recurring incidents · Postmortems";
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRange({ from: String(form.get("from")), to: String(form.get("to")) });
    setIncludeUnpublished(form.get("includeUnpublished") === "on");
  }

  return (
    <>
      <h1>Recurring incidents</h1>
      <form className="filters" onSubmit={submit} aria-label="Time window">
        <label>
          Incidents started from
          <input type="date" name="from" defaultValue={range.from} required />
        </label>
        <label>
          Before
          <input type="date" name="to" defaultValue={range.to} required />
        </label>
        {canSeeDrafts && (
          <label className="inline">
            <input type="checkbox" name="includeUnpublished" defaultChecked={includeUnpublished} />
            Include drafts and postmortems in review
          </label>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Show
          </button>
        </div>
      </form>
      <Trends from={range.from} to={range.to} includeUnpublished={includeUnpublished} />
      <IncidentMetrics from={range.from} to={range.to} includeUnpublished={includeUnpublished} />
      <Views from={range.from} to={range.to} includeUnpublished={includeUnpublished} />
    </>
  );
}

function Trends({ from, to, includeUnpublished }: { from: string; to: string; includeUnpublished: boolean }) {
  const z = useZone();
  const [groupBy, setGroupBy] = useState<TrendDimension>("CATEGORY");
  const [{ data, error, fetching }] = useQuery({
    query: IncidentTrendsDoc,
    variables: { from, to, groupBy, includeUnpublished, timeZone: z.zone },
  });
  const trends = data?.incidentTrends;
  const top = trends ? [...trends.series].sort((a, b) => b.total - a.total).slice(0, 10) : [];
  const rows = trends
    ? trends.months.map((month, index) => {
        const row: Record<string, string | number> = { month };
        for (const s of top) row[s.key] = s.counts[index] ?? 0;
        return row;
      })
    : [];
  return (
    <section className="card" aria-labelledby="trends-heading">
      <h2 id="trends-heading">Incidents per month</h2>
      <label>
        Count by
        <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as TrendDimension)}>
          <option value="CATEGORY">Root-cause category</option>
          <option value="SERVICE">Service</option>
          <option value="SEVERITY">Severity</option>
          <option value="TEAM">Team</option>
        </select>
      </label>
      {error && <Failure message={error.message} />}
      {fetching && !data && <Loading />}
      {trends && (
        <figure>
          <div className="chart" role="img" aria-label={`Stacked bar chart of incidents per month by ${humanize(groupBy).toLowerCase()}; the table below has the same numbers`}>
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {top.map((s, index) => (
                  <Bar key={s.key} dataKey={s.key} name={humanize(s.key)} stackId="all" fill={PALETTE[index % PALETTE.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption>
            <details>
              <summary>The numbers</summary>
              <table>
                <caption className="visually-hidden">Incidents per month</caption>
                <thead>
                  <tr>
                    <th scope="col">{humanize(groupBy)}</th>
                    {trends.months.map((m) => (
                      <th scope="col" key={m}>
                        {m}
                      </th>
                    ))}
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {trends.series.map((s) => (
                    <tr key={s.key}>
                      <th scope="row">{humanize(s.key)}</th>
                      {s.counts.map((c, i) => (
                        <td key={i}>{c}</td>
                      ))}
                      <td>{s.total}</td>
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

function Views({ from, to, includeUnpublished }: { from: string; to: string; includeUnpublished: boolean }) {
  const z = useZone();
  const window = { from: z.dayStart(from) ?? "", to: z.dayStart(to) ?? "" };
  const [{ data, error, fetching }] = useQuery({
    query: RecurringViewsDoc,
    variables: { window, includeUnpublished, minOccurrences: 2 },
  });
  if (error) return <Failure message={error.message} />;
  if (fetching && !data) return <Loading />;
  if (!data) return null;
  return (
    <>
      <section className="card" aria-labelledby="groups-heading">
        <h2 id="groups-heading">Same service, same root-cause category</h2>
        {data.recurringIncidents.length === 0 ? (
          <p>No service had the same kind of root cause twice in this window.</p>
        ) : (
          <table className="list">
            <caption className="visually-hidden">Recurring groups, most incidents first</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Category</th>
                <th scope="col">Incidents</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">Postmortems and their action items</th>
              </tr>
            </thead>
            <tbody>
              {data.recurringIncidents.map((g) => (
                <tr key={`${g.service}-${g.category}`}>
                  <td>{g.service}</td>
                  <td>{humanize(g.category)}</td>
                  <td>{g.count}</td>
                  <td>{formatDate(g.firstSeen)}</td>
                  <td>{formatDate(g.lastSeen)}</td>
                  <td>
                    <ul>
                      {g.postmortems.map((p) => (
                        <li key={p.id}>
                          <Link to={`/postmortems/${p.id}`}>{p.title}</Link>{" "}
                          <span className="hint">
                            {p.actionItems.filter((a) => a.status === "DONE").length}/{p.actionItems.length} action items done
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="despite-heading">
        <h2 id="despite-heading">Recurred despite completed action items</h2>
        {data.recurredDespiteActionItems.length === 0 ? (
          <p>No incident came back after its earlier fix was complete.</p>
        ) : (
          <ul>
            {data.recurredDespiteActionItems.map((d) => (
              <li key={`${d.earlier.id}-${d.later.id}`}>
                <Link to={`/postmortems/${d.later.id}`}>{d.later.title}</Link> ({formatDate(d.later.incidentStartedAt)}) came back after{" "}
                <Link to={`/postmortems/${d.earlier.id}`}>{d.earlier.title}</Link>, whose fixes were complete on{" "}
                {formatDate(d.earlier.fixCompletedAt)}{" "}
                {d.linked ? <Flag tone="warn">linked</Flag> : <Flag tone="warn">{`similarity ${(d.similarity ?? 0).toFixed(2)}`}</Flag>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="clusters-heading">
        <h2 id="clusters-heading">Similar root causes</h2>
        {data.similarRootCauseClusters.length === 0 ? (
          <p>No similar root causes in this window.</p>
        ) : (
          <ul>
            {data.similarRootCauseClusters.map((c, index) => (
              <li key={index}>
                <strong>
                  {c.size} postmortems across {c.services.join(", ")}
                </strong>{" "}
                ({c.categories.map(humanize).join(", ")}):{" "}
                {c.postmortems.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 && ", "}
                    <Link to={`/postmortems/${p.id}`}>{p.title}</Link>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

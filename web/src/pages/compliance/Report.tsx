import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { ComplianceReportDoc } from "../../api/compliance";
import { SeverityBadge } from "../../components/Badges";
import { Failure, Loading } from "../../components/Notes";
import type { Severity } from "../../gql/graphql";
import { download, query } from "../../lib/download";
import { useZone } from "../../components/TimeZone";
import { days, humanize, percent } from "../../lib/format";

interface Params {
  /** First and last calendar day of the period (included), in `timeZone`. */
  fromDate: string;
  toDate: string;
  timeZone: string;
  severity: Severity | null;
  service: string | null;
  team: string | null;
  asOf: string | null;
}

/** The last three whole months and this one, as calendar days of today (`YYYY-MM-DD`). */
export function defaultPeriod(today: string): { from: string; to: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(year, month - 1 - 3, 1));
  const last = new Date(Date.UTC(year, month, 0));
  return { from: from.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

export function Report() {
  const z = useZone();
  const period = defaultPeriod(z.today());
  const [params, setParams] = useState<Params | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: ComplianceReportDoc,
    variables: {
      fromDate: params?.fromDate ?? "",
      toDate: params?.toDate ?? "",
      timeZone: params?.timeZone,
      severity: params?.severity,
      service: params?.service,
      team: params?.team,
      asOf: params?.asOf,
    },
    pause: !params,
    requestPolicy: "network-only",
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? "").trim() || null;
    setParams({
      fromDate: text("from") ?? "",
      toDate: text("to") ?? "",
      timeZone: z.zone,
      severity: text("severity") as Severity | null,
      service: text("service"),
      team: text("team"),
      asOf: z.fromInput(text("asOf") ?? ""),
    });
  }
  async function exportAs(path: string, name: string) {
    if (!params) return;
    setExportError(null);
    try {
      await download(`${path}${query({ ...params, section: name.includes("-") ? name.split("-")[1] : null })}`, `${name}`);
    } catch (e) {
      setExportError(`Export failed: ${(e as Error).message}`);
    }
  }

  const report = data?.complianceReport;
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Compliance report</h2>
      <form className="filters" onSubmit={submit} aria-label="Report period and scope">
        <label>
          Incidents resolved from
          <input type="date" name="from" defaultValue={period.from} required />
        </label>
        <label>
          Through (included)
          <input type="date" name="to" defaultValue={period.to} required />
        </label>
        <label>
          Severity
          <select name="severity" defaultValue="">
            <option value="">Any</option>
            {["SEV1", "SEV2", "SEV3", "SEV4"].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input name="service" />
        </label>
        <label>
          Team
          <input name="team" />
        </label>
        <label>
          {`As of (${z.zone}, optional)`}
          <input type="datetime-local" name="asOf" />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Run report
          </button>
        </div>
      </form>
      {error && <Failure message={error.message} />}
      {fetching && <Loading />}
      {exportError && <Failure message={exportError} />}
      {report && (
        <div className="report">
          <div className="actions">
            <button type="button" onClick={() => exportAs("/exports/compliance.json", "compliance.json")}>
              Export JSON
            </button>
            <button type="button" onClick={() => exportAs("/exports/compliance.csv", "compliance-sla.csv")}>
              Export SLA cases (CSV)
            </button>
            <button type="button" onClick={() => exportAs("/exports/compliance.csv", "compliance-evidence.csv")}>
              Export review evidence (CSV)
            </button>
            <button type="button" onClick={() => exportAs("/exports/compliance.csv", "compliance-owners.csv")}>
              Export action items by owner (CSV)
            </button>
          </div>
          <p className="hint">
            {report.postmortems} postmortem{report.postmortems === 1 ? "" : "s"} resolved from{" "}
            {z.dateTime(report.from)} to before {z.dateTime(report.to)} (calendar days of {report.timeZone}), as of{" "}
            {z.dateTime(report.asOf)};
            reflects event position {report.position}, audit chain head{" "}
            <code>{report.chainHeadHash?.slice(0, 16) ?? "—"}…</code>
          </p>
          <div className="stats">
            <Stat label="SLA met" value={report.publicationSla.met} />
            <Stat label="SLA breached" value={report.publicationSla.breached} />
            <Stat label="Pending, breached" value={report.publicationSla.pendingBreached} />
            <Stat label="Pending, within SLA" value={report.publicationSla.pendingWithinSla} />
            <Stat label="Share met" value={percent(report.publicationSla.shareMet)} />
            <Stat label="Median to publish" value={days(report.publicationSla.medianDaysToPublish)} />
            <Stat label="90th percentile" value={days(report.publicationSla.p90DaysToPublish)} />
            <Stat label="Open action items" value={report.actionItems.open} />
            <Stat label="Overdue action items" value={report.actionItems.overdue} />
            <Stat label="Publications not meeting policy" value={report.publicationsNotMeetingPolicy} />
          </div>
          <h3>Publication SLA by postmortem</h3>
          <table className="list">
            <caption className="visually-hidden">Publication SLA cases</caption>
            <thead>
              <tr>
                <th scope="col">Postmortem</th>
                <th scope="col">Severity</th>
                <th scope="col">Resolved</th>
                <th scope="col">Deadline</th>
                <th scope="col">First published</th>
                <th scope="col">Days</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {report.slaCases.map((c) => (
                <tr key={c.postmortemId}>
                  <td>
                    <Link to={`/postmortems/${c.postmortemId}`}>{c.title}</Link>
                  </td>
                  <td>
                    <SeverityBadge severity={c.severity} />
                  </td>
                  <td>{z.dateTime(c.resolvedAt)}</td>
                  <td>{z.dateTime(c.deadline) || "no SLA"}</td>
                  <td>{z.dateTime(c.firstPublishedAt) || "—"}</td>
                  <td>{days(c.daysToPublish)}</td>
                  <td>
                    <span className={`badge sla-${c.status}`}>{humanize(c.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Action items by owner</h3>
          <table className="list">
            <caption className="visually-hidden">Action items by owner</caption>
            <thead>
              <tr>
                <th scope="col">Owner</th>
                <th scope="col">Open</th>
                <th scope="col">Overdue</th>
                <th scope="col">Done on time</th>
                <th scope="col">Done late</th>
                <th scope="col">Won't do</th>
              </tr>
            </thead>
            <tbody>
              {report.actionItems.byOwner.map((o) => (
                <tr key={o.owner}>
                  <td>{o.owner}</td>
                  <td>{o.open}</td>
                  <td>{o.overdue}</td>
                  <td>{o.doneOnTime}</td>
                  <td>{o.doneLate}</td>
                  <td>{o.wontDo}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Review evidence</h3>
          <table className="list">
            <caption className="visually-hidden">Review evidence of each publication</caption>
            <thead>
              <tr>
                <th scope="col">Postmortem</th>
                <th scope="col">Revision</th>
                <th scope="col">Published</th>
                <th scope="col">Approvals</th>
                <th scope="col">Content hash</th>
                <th scope="col">Policy</th>
              </tr>
            </thead>
            <tbody>
              {report.reviewEvidence.map((e) => (
                <tr key={`${e.postmortemId}-${e.revision}`}>
                  <td>
                    <Link to={`/postmortems/${e.postmortemId}?revision=${e.revision}`}>{e.title}</Link>
                  </td>
                  <td>{e.revision}</td>
                  <td>{z.dateTime(e.publishedAt)}</td>
                  <td>
                    {e.approvals
                      .map((a) => `${a.reviewerId} at ${z.dateTime(a.approvedAt)}${a.valid ? "" : " (invalid)"}`)
                      .join("; ")}
                  </td>
                  <td>
                    <code title={e.contentHash}>{e.contentHash.slice(0, 12)}…</code>
                    {e.contentHashVerified ? " ✓" : " (unverified)"}
                  </td>
                  <td>
                    {e.meetsPolicy ? "Met" : `Not met: ${e.problems.join("; ")}`} ({e.approvals.length}/
                    {e.requiredApprovals ?? "?"})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

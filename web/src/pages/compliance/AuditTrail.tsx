import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import { AuditTrailDoc, VerifyChainDoc } from "../../api/compliance";
import { Failure, Loading } from "../../components/Notes";
import type { AuditOrder, AuditTrailFilter } from "../../gql/graphql";
import { download, query } from "../../lib/download";
import { useZone } from "../../components/TimeZone";

export const EVENT_TYPES = [
  "Created", "MetadataUpdated", "SummaryWritten", "TimelineEntryAdded", "TimelineEntryEdited",
  "TimelineEntryRemoved", "RootCauseAnalysisWritten", "ImpactAssessed", "LessonsWritten",
  "ActionItemAdded", "ActionItemEdited", "ActionItemRemoved", "ActionItemStatusChanged",
  "ReviewCommentAdded", "ReviewCommentResolved", "RecurrenceLinked", "RecurrenceUnlinked",
  "AuthorAdded", "SubmittedForReview", "Approved", "ChangesRequested", "Published", "Amended",
  "Withdrawn",
];

function json(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function AuditTrail() {
  const [params, setParams] = useSearchParams();
  const z = useZone();
  const filter: AuditTrailFilter = {
    postmortemId: params.get("postmortemId") || null,
    actorId: params.get("actorId") || null,
    eventType: params.get("eventType") || null,
    from: z.fromInput(params.get("from") ?? ""),
    to: z.fromInput(params.get("to") ?? ""),
  };
  const order = (params.get("order") === "OLDEST_FIRST" ? "OLDEST_FIRST" : "NEWEST_FIRST") as AuditOrder;
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: AuditTrailDoc,
    variables: { filter, first: 50, after, order },
    requestPolicy: "network-only",
  });
  const [exportError, setExportError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget).entries()) {
      if (typeof value === "string" && value.trim()) next.set(key, value.trim());
    }
    setAfter(null);
    setParams(next);
  }
  async function exportAs(format: "csv" | "ndjson") {
    setExportError(null);
    const q = query({ ...filter, order } as Record<string, string | null>);
    try {
      await download(`/exports/audit.${format}${q}`, `audit.${format}`);
    } catch (e) {
      setExportError(`Export failed: ${(e as Error).message}`);
    }
  }

  const connection = data?.auditTrail;
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <form className="filters" onSubmit={submit} key={params.toString()} aria-label="Filter the audit trail">
        <label>
          Postmortem id
          <input name="postmortemId" defaultValue={params.get("postmortemId") ?? ""} />
        </label>
        <label>
          Actor
          <input name="actorId" defaultValue={params.get("actorId") ?? ""} />
        </label>
        <label>
          Event type
          <select name="eventType" defaultValue={params.get("eventType") ?? ""}>
            <option value="">Any</option>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          {`From (${z.zone})`}
          <input type="datetime-local" name="from" defaultValue={params.get("from") ?? ""} />
        </label>
        <label>
          {`To (${z.zone})`}
          <input type="datetime-local" name="to" defaultValue={params.get("to") ?? ""} />
        </label>
        <label>
          Order
          <select name="order" defaultValue={order}>
            <option value="NEWEST_FIRST">Newest first</option>
            <option value="OLDEST_FIRST">Oldest first</option>
          </select>
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
        </div>
      </form>
      <div className="actions">
        <button type="button" onClick={() => exportAs("csv")}>
          Export CSV
        </button>
        <button type="button" onClick={() => exportAs("ndjson")}>
          Export NDJSON
        </button>
        <ChainCheck />
      </div>
      {exportError && <Failure message={exportError} />}
      {error && <Failure message={error.message} />}
      {fetching && !data && <Loading />}
      {connection && (
        <>
          <p role="status" className="count">
            {connection.totalCount} entr{connection.totalCount === 1 ? "y" : "ies"}
          </p>
          <table className="list audit">
            <caption className="visually-hidden">Audit trail entries</caption>
            <thead>
              <tr>
                <th scope="col">Position</th>
                <th scope="col">Time</th>
                <th scope="col">Postmortem</th>
                <th scope="col">Version</th>
                <th scope="col">Event</th>
                <th scope="col">Actor</th>
                <th scope="col">Changes</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr key={node.position}>
                  <td>{node.position}</td>
                  <td>{z.dateTime(node.at)}</td>
                  <td>
                    <Link to={`/compliance/as-of?id=${node.postmortemId}&version=${node.version}`} title="As it was at this version">
                      {node.postmortemId.slice(0, 8)}…
                    </Link>
                  </td>
                  <td>{node.version}</td>
                  <td>{node.eventType}</td>
                  <td>
                    {node.actorId} <span className="hint">({node.actorRoles.join(", ")})</span>
                    {node.reason && <div className="hint">Reason: {node.reason}</div>}
                  </td>
                  <td>
                    {node.changes.length > 0 && (
                      <details>
                        <summary>{node.changes.length} field{node.changes.length === 1 ? "" : "s"}</summary>
                        <ul>
                          {node.changes.map((c) => (
                            <li key={c.path}>
                              <code>{c.path}</code>: {json(c.before)} → {json(c.after)}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td>
                    <code title={node.hash}>{node.hash.slice(0, 10)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {connection.pageInfo.hasNextPage && (
            <button type="button" onClick={() => setAfter(connection.pageInfo.endCursor ?? null)}>
              Next page
            </button>
          )}
        </>
      )}
    </section>
  );
}

function ChainCheck() {
  const [{ data, fetching, error }, verify] = useQuery({ query: VerifyChainDoc, pause: true });
  const result = data?.verifyAuditChain;
  return (
    <div className="chain">
      <button type="button" onClick={() => verify({ requestPolicy: "network-only" })} disabled={fetching}>
        Verify the audit chain
      </button>
      <div role="status">
        {fetching && "Verifying…"}
        {error && <span className="error">{error.message}</span>}
        {result && !fetching &&
          (result.ok ? (
            <span className="good">
              Chain intact: {result.checkedEntries} entries verified through position{" "}
              {result.verifiedThrough}; head hash <code>{result.headHash.slice(0, 16)}…</code>
            </span>
          ) : (
            <span className="error">
              Broken at position {result.firstBrokenLink?.position} ({result.firstBrokenLink?.kind}):{" "}
              {result.firstBrokenLink?.message}
            </span>
          ))}
      </div>
    </div>
  );
}

// "Waiting for my review" (live through the reviewQueueChanged subscription) and
// "my action items".
import { useState } from "react";
import { Link } from "react-router";
import { useQuery, useSubscription } from "urql";

import { useMe } from "../api/ApiProvider";
import { ActionItemsDoc, ReviewQueueChangedDoc, ReviewQueueDoc } from "../api/workflow";
import { Flag, SeverityBadge } from "../components/Badges";
import { Failure, Loading } from "../components/Notes";
import type { ActionItemStatus, ReviewQueueQuery } from "../gql/graphql";
import { useZone } from "../components/TimeZone";
import { formatDate, humanize } from "../lib/format";

type Queue = ReviewQueueQuery["reviewQueue"];

export function ReviewQueueView() {
  const z = useZone();
  const [{ data, error, fetching }] = useQuery({
    query: ReviewQueueDoc,
    variables: { first: 100 },
    requestPolicy: "network-only",
  });
  const [live] = useSubscription(
    { query: ReviewQueueChangedDoc },
    (_: Queue | undefined, event): Queue => event.reviewQueueChanged,
  );
  const queue = live.data ?? data?.reviewQueue;
  if (error) return <Failure message={error.message} />;
  if (fetching && !queue) return <Loading />;
  if (!queue) return null;
  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading">Waiting for my review</h2>
      <p role="status" className="count">
        {queue.length === 0 ? "Nothing is waiting for you." : `${queue.length} waiting`}
        {live.data && <span className="hint"> · updates live</span>}
      </p>
      {queue.length > 0 && (
        <table className="list">
          <caption className="visually-hidden">Postmortems waiting for my review, longest waiting first</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Severity</th>
              <th scope="col">Submitted</th>
              <th scope="col">Approvals</th>
              <th scope="col">Warnings</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((item) => (
              <tr key={item.postmortemId}>
                <td>
                  <Link to={`/postmortems/${item.postmortemId}/review`}>{item.title}</Link>
                </td>
                <td>
                  <SeverityBadge severity={item.severity} />
                </td>
                <td>{z.dateTime(item.submittedAt)}</td>
                <td>
                  {item.approvals} of {item.approvalsRequired ?? "?"}
                </td>
                <td>{item.blamelessWarningCount > 0 ? <Flag tone="warn">{`${item.blamelessWarningCount}`}</Flag> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const OPEN_STATUSES: ActionItemStatus[] = ["OPEN", "IN_PROGRESS"];

export function MyActionItems() {
  const me = useMe();
  const z = useZone();
  const [openOnly, setOpenOnly] = useState(true);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: ActionItemsDoc,
    variables: {
      filter: { owner: me.userId, statuses: openOnly ? OPEN_STATUSES : null },
      first: 50,
      after,
      timeZone: z.zone,
    },
  });
  const connection = data?.actionItems;
  return (
    <section aria-labelledby="items-heading">
      <h2 id="items-heading">My action items</h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={openOnly}
          onChange={(e) => {
            setOpenOnly(e.target.checked);
            setAfter(null);
          }}
        />
        Open and in progress only
      </label>
      {error && <Failure message={error.message} />}
      {fetching && !data && <Loading />}
      {connection && (
        <>
          <p role="status" className="count">
            {connection.totalCount} action item{connection.totalCount === 1 ? "" : "s"} owned by {me.userId}
            <span className="hint"> · overdue means due before {connection.today} ({connection.timeZone})</span>
          </p>
          {connection.edges.length > 0 && (
            <table className="list">
              <caption className="visually-hidden">My action items, soonest due first</caption>
              <thead>
                <tr>
                  <th scope="col">Action item</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">Postmortem</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={`${node.postmortemId}:${node.item.id}`}>
                    <td>{node.item.title}</td>
                    <td>{node.item.priority}</td>
                    <td>
                      {formatDate(node.item.dueDate) || "—"} {node.overdue && <Flag tone="bad">Overdue</Flag>}
                    </td>
                    <td>{node.item.status ? humanize(node.item.status) : "—"}</td>
                    <td>
                      <SeverityBadge severity={node.severity} />{" "}
                      <Link to={`/postmortems/${node.postmortemId}`}>{node.postmortemTitle}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
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

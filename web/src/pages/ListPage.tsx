// Postmortems: the list with filters, full-text search, sort order and paging; "my drafts",
// "waiting for my review" and "my action items".
import { useEffect, useId, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import { useMe } from "../api/ApiProvider";
import { PostmortemListDoc } from "../api/postmortems";
import { SeverityBadge, StateBadge } from "../components/Badges";
import { Failure, Loading } from "../components/Notes";
import { StaleBadge } from "../components/ReadModelNote";
import { useZone } from "../components/TimeZone";
import type { PostmortemFilter, PostmortemState, Severity } from "../gql/graphql";
import type { Zoned } from "../lib/timezone";
import { MyActionItems, ReviewQueueView } from "./ListViews";
import { orderFromParams, orderLabel, SortControl } from "./ListSort";

export const STATES: PostmortemState[] = [
  "DRAFT",
  "IN_REVIEW",
  "CHANGES_REQUESTED",
  "PUBLISHED",
  "WITHDRAWN",
];
export const SEVERITIES: Severity[] = ["SEV1", "SEV2", "SEV3", "SEV4"];
const PAGE_SIZE = 20;

/** The list filter that the address bar describes (`?state=DRAFT&q=token&service=auth…`);
 *  dates are calendar days of the zone `z`. */
export function filterFromParams(params: URLSearchParams, z: Zoned, me?: { userId: string }): PostmortemFilter {
  const filter: PostmortemFilter = {};
  const states = params.getAll("state").filter((s): s is PostmortemState => STATES.includes(s as PostmortemState));
  const severities = params.getAll("severity").filter((s): s is Severity => SEVERITIES.includes(s as Severity));
  if (states.length) filter.states = states;
  if (severities.length) filter.severities = severities;
  for (const key of ["service", "team", "tag"] as const) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  const text = params.get("q")?.trim();
  if (text) filter.text = text;
  const from = z.dayStart(params.get("from") ?? "");
  const to = z.dayStart(params.get("to") ?? "");
  if (from) filter.startedFrom = from;
  if (to) filter.startedTo = to;
  if (params.get("view") === "drafts" && me) {
    filter.author = me.userId;
    filter.states ??= ["DRAFT", "CHANGES_REQUESTED"];
  }
  return filter;
}

const VIEWS = [
  { key: "all", label: "All postmortems" },
  { key: "drafts", label: "My drafts" },
  { key: "review", label: "Waiting for my review", role: "reviewer" },
  { key: "action-items", label: "My action items" },
] as const;

export function ListPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const view = params.get("view") ?? "all";
  useEffect(() => {
    document.title = "Postmortems";
  }, []);

  return (
    <>
      <div className="page-head">
        <h1>Postmortems</h1>
        {me.can("CREATE") && (
          <Link className="button primary" to="/postmortems/new">
            New postmortem
          </Link>
        )}
      </div>
      <nav aria-label="Views" className="tabs">
        {VIEWS.filter((v) => !("role" in v) || me.hasRole(v.role)).map((v) => (
          <Link
            key={v.key}
            to={v.key === "all" ? "/" : `/?view=${v.key}`}
            aria-current={view === v.key ? "page" : undefined}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {view === "review" ? (
        <ReviewQueueView />
      ) : view === "action-items" ? (
        <MyActionItems />
      ) : (
        <PostmortemList params={params} setParams={setParams} />
      )}
    </>
  );
}

function PostmortemList({
  params,
  setParams,
}: {
  params: URLSearchParams;
  setParams: (p: URLSearchParams) => void;
}) {
  const me = useMe();
  const z = useZone();
  const filter = filterFromParams(params, z, me);
  const orderBy = orderFromParams(params);
  const after = params.get("after");
  const [previous, setPrevious] = useState<(string | null)[]>([]);
  const [{ data, fetching, error }] = useQuery({
    query: PostmortemListDoc,
    variables: { first: PAGE_SIZE, after, filter, orderBy },
  });

  function go(cursor: string | null, back: boolean) {
    const next = new URLSearchParams(params);
    if (cursor) next.set("after", cursor);
    else next.delete("after");
    setPrevious((stack) => (back ? stack.slice(0, -1) : [...stack, after]));
    setParams(next);
  }
  const restart = (p: URLSearchParams) => {
    setPrevious([]);
    setParams(p);
  };

  const connection = data?.postmortems;
  const stale = connection?.edges.filter(({ node }) => node.readModel.state === "STALE").length ?? 0;
  const sorted = (column: string) =>
    orderBy.field === column ? (orderBy.direction === "ASC" ? "ascending" : "descending") : undefined;
  return (
    <>
      <Filters params={params} setParams={restart} />
      <SortControl params={params} setParams={restart} />
      {error && <Failure message={error.message} />}
      {fetching && !data && <Loading />}
      {connection && (
        <>
          <p role="status" className="count">
            {connection.totalCount} postmortem{connection.totalCount === 1 ? "" : "s"}
            {stale > 0 && (
              <span>
                {" "}
                · {stale} shown from a read view that is behind (an operator must run{" "}
                <code>postmortems projection retry</code>)
              </span>
            )}
          </p>
          {connection.edges.length > 0 && (
            <table className="list">
              <caption className="visually-hidden">Postmortems, {orderLabel(orderBy)}</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col" aria-sort={sorted("SEVERITY")}>Severity</th>
                  <th scope="col">State</th>
                  <th scope="col">Services</th>
                  <th scope="col">Team</th>
                  <th scope="col" aria-sort={sorted("INCIDENT_START")}>Incident started</th>
                  <th scope="col" aria-sort={sorted("CREATED")}>Created</th>
                  <th scope="col" aria-sort={sorted("UPDATED")}>Updated</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>
                      <Link to={linkFor(node.id, node.state, node.authors.includes(me.userId))}>
                        {node.title}
                      </Link>
                      {node.blamelessWarningCount > 0 && (
                        <span className="badge flag-warn" title="Blameless-language warnings">
                          {node.blamelessWarningCount} warning
                          {node.blamelessWarningCount === 1 ? "" : "s"}
                        </span>
                      )}
                      <StaleBadge mark={node.readModel} />
                    </td>
                    <td>
                      <SeverityBadge severity={node.severity} />
                    </td>
                    <td>
                      <StateBadge state={node.state} />
                    </td>
                    <td>{node.services.join(", ")}</td>
                    <td>{node.team ?? ""}</td>
                    <td>{z.dateTime(node.incidentWindow.startedAt)}</td>
                    <td>{z.day(node.createdAt)}</td>
                    <td>{z.day(node.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav aria-label="Pages" className="pager">
            <button type="button" disabled={!after} onClick={() => go(previous[previous.length - 1] ?? null, true)}>
              Previous page
            </button>
            <button
              type="button"
              disabled={!connection.pageInfo.hasNextPage}
              onClick={() => go(connection.pageInfo.endCursor ?? null, false)}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </>
  );
}

/** Where a postmortem opens: authors edit their drafts, everyone else reads or reviews. */
export function linkFor(id: string, state: string, isAuthor: boolean): string {
  if (isAuthor && (state === "DRAFT" || state === "CHANGES_REQUESTED")) return `/postmortems/${id}/edit`;
  if (state === "IN_REVIEW") return `/postmortems/${id}/review`;
  return `/postmortems/${id}`;
}

function Filters({
  params,
  setParams,
}: {
  params: URLSearchParams;
  setParams: (p: URLSearchParams) => void;
}) {
  const { zone } = useZone();
  const searchHint = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = keep(params, ["view", "sort", "dir"]);
    for (const [key, value] of form.entries()) {
      if (typeof value === "string" && value.trim()) next.append(key, value.trim());
    }
    setParams(next);
  }
  const key = params.toString(); // re-mount the form when the address changes
  return (
    <form className="filters" onSubmit={submit} key={key} role="search" aria-label="Filter postmortems">
      <label className="grow">
        Search all sections
        <input type="search" name="q" defaultValue={params.get("q") ?? ""} aria-describedby={searchHint} maxLength={200} />
        <span id={searchHint} className="hint">
          Every word, in any section (title, summary, timeline, root cause, lessons, action items);
          part of a word is enough; case and accents are ignored.
        </span>
      </label>
      <fieldset>
        <legend>State</legend>
        {STATES.map((s) => (
          <label key={s} className="inline">
            <input type="checkbox" name="state" value={s} defaultChecked={params.getAll("state").includes(s)} />
            <StateBadge state={s} />
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Severity</legend>
        {SEVERITIES.map((s) => (
          <label key={s} className="inline">
            <input type="checkbox" name="severity" value={s} defaultChecked={params.getAll("severity").includes(s)} />
            {s}
          </label>
        ))}
      </fieldset>
      <label>
        Service
        <input name="service" defaultValue={params.get("service") ?? ""} />
      </label>
      <label>
        Team
        <input name="team" defaultValue={params.get("team") ?? ""} />
      </label>
      <label>
        Tag
        <input name="tag" defaultValue={params.get("tag") ?? ""} />
      </label>
      <label>
        Started from
        <input type="date" name="from" defaultValue={params.get("from") ?? ""} aria-describedby={`${searchHint}-days`} />
      </label>
      <label>
        Started before
        <input type="date" name="to" defaultValue={params.get("to") ?? ""} aria-describedby={`${searchHint}-days`} />
      </label>
      <p id={`${searchHint}-days`} className="hint">
        Days in {zone}.
      </p>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => setParams(keep(params, ["view", "sort", "dir"]))}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** Only the given parameters of the address (e.g. the view and the sort order). */
export function keep(params: URLSearchParams, keys: string[]): URLSearchParams {
  const next = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value) next.set(key, value);
  }
  return next;
}

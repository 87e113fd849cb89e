// The postmortem list's sort order (`orderBy`), kept in the address (`?sort=SEVERITY&dir=ASC`)
// so a sorted list can be shared and survives a reload.
import type { OrderDirection, PostmortemOrderField } from "../gql/graphql";

/** A complete `PostmortemOrder` (the API's input leaves both parts optional). */
export interface Order {
  field: PostmortemOrderField;
  direction: OrderDirection;
}

export const ORDER_FIELDS: { field: PostmortemOrderField; label: string; desc: string; asc: string }[] = [
  { field: "INCIDENT_START", label: "Incident start", desc: "newest incident first", asc: "oldest incident first" },
  { field: "CREATED", label: "Created", desc: "newest postmortem first", asc: "oldest postmortem first" },
  { field: "UPDATED", label: "Last change", desc: "last changed first", asc: "least recently changed first" },
  { field: "SEVERITY", label: "Severity", desc: "most severe first", asc: "least severe first" },
];

/** The API's default order (incident start, newest first). */
export const DEFAULT_ORDER: Order = { field: "INCIDENT_START", direction: "DESC" };

/** The order the address bar names; unknown values fall back to the default. */
export function orderFromParams(params: URLSearchParams): Order {
  const field = ORDER_FIELDS.find((f) => f.field === params.get("sort"))?.field ?? DEFAULT_ORDER.field;
  const direction: OrderDirection = params.get("dir") === "ASC" ? "ASC" : "DESC";
  return { field, direction };
}

/** "severity, most severe first" for a table caption. */
export function orderLabel(order: Order): string {
  const f = ORDER_FIELDS.find((o) => o.field === order.field) ?? ORDER_FIELDS[0]!;
  return `by ${f.label.toLowerCase()}, ${order.direction === "ASC" ? f.asc : f.desc}`;
}

/** Sort field and direction; changing either starts again at the first page. */
export function SortControl({
  params,
  setParams,
}: {
  params: URLSearchParams;
  setParams: (p: URLSearchParams) => void;
}) {
  const order = orderFromParams(params);
  const f = ORDER_FIELDS.find((o) => o.field === order.field) ?? ORDER_FIELDS[0]!;
  function change(field: PostmortemOrderField, direction: OrderDirection) {
    const next = new URLSearchParams(params);
    next.delete("after");
    if (field === DEFAULT_ORDER.field && direction === DEFAULT_ORDER.direction) {
      next.delete("sort");
      next.delete("dir");
    } else {
      next.set("sort", field);
      next.set("dir", direction);
    }
    setParams(next);
  }
  return (
    <div className="filters sort" role="group" aria-label="Sort postmortems">
      <label>
        Sort by
        <select value={order.field} onChange={(e) => change(e.target.value as PostmortemOrderField, order.direction)}>
          {ORDER_FIELDS.map((o) => (
            <option key={o.field} value={o.field}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Order
        <select value={order.direction} onChange={(e) => change(order.field, e.target.value as OrderDirection)}>
          <option value="DESC">{f.desc}</option>
          <option value="ASC">{f.asc}</option>
        </select>
      </label>
    </div>
  );
}

// Dates and times: postmortems are written in UTC (SPEC §2), so the app shows and edits UTC.

/** "2025-07-15 17:42 UTC" for an ISO date-time, "" for null. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2025-07-15" for an ISO date or date-time. */
export function formatDate(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : "";
}

/** The value of an <input type="datetime-local"> (read as UTC) for an ISO date-time. */
export function toInputDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 16);
}

/** The ISO date-time (UTC) for an <input type="datetime-local"> value; null when empty. */
export function fromInputDateTime(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const withSeconds = trimmed.length === 16 ? `${trimmed}:00` : trimmed;
  return `${withSeconds}Z`;
}

/** Start of a day (UTC) for a date input value, as an ISO date-time. */
export function dayStart(value: string): string | null {
  return value ? `${value}T00:00:00Z` : null;
}

/** "a, b, c" → ["a", "b", "c"] (trimmed, empty parts and repeats dropped). */
export function splitList(value: string): string[] {
  return [...new Set(value.split(",").map((part) => part.trim()).filter(Boolean))];
}

export function humanize(value: string): string {
  const text = value.replace(/_/g, " ").toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${Math.round(value * 1000) / 10}%`;
}

export function days(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${Math.round(value * 10) / 10} d`;
}

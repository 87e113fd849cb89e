// Text formats. Instants are shown in the chosen time zone (lib/timezone.ts, `useZone()`).

/** "2025-07-15" for an ISO calendar date (a Date scalar: no zone). */
export function formatDate(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : "";
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

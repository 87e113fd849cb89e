// Times in an IANA time zone. The API speaks ISO 8601 instants (answered in UTC); the app shows
// them, and reads what users type, in one zone (the organisation's unless the user picks
// another). Pure functions over the platform's Intl (the IANA database of the browser).
import { LEGACY_ZONE_NAMES } from "./zoneAliases";

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at an instant (milliseconds since the epoch). */
export function wallClock(ms: number, zone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts["year"] ?? 1970,
    month: parts["month"] ?? 1,
    day: parts["day"] ?? 1,
    hour: (parts["hour"] ?? 0) % 24,
    minute: parts["minute"] ?? 0,
    second: parts["second"] ?? 0,
  };
}

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at an instant, in minutes (e.g. 120 for Paris in summer). */
export function offsetMinutes(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallAsUtc(wallClock(whole, zone)) - whole) / 60_000);
}

/** The instant a wall-clock time in `zone` names. A time that a daylight-saving change skips
 *  moves forward by the gap; a time that happens twice is the earlier one (as Temporal's
 *  "compatible" disambiguation and most calendars do). */
export function instantOf(w: Wall, zone: string): number {
  const local = wallAsUtc(w);
  const before = offsetMinutes(local - 86_400_000, zone);
  const after = offsetMinutes(local + 86_400_000, zone);
  const valid = [before, after]
    .map((offset) => local - offset * 60_000)
    .filter((t) => wallAsUtc(wallClock(t, zone)) === local)
    .sort((a, b) => a - b);
  return valid[0] ?? local - before * 60_000;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function parse(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** "UTC", "UTC+02:00", "UTC-03:30". */
export function offsetLabel(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Whether the platform knows an IANA zone name. */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The current IANA name of a zone: "Asia/Kolkata" for "Asia/Calcutta", "Europe/Kyiv" for
 *  "Europe/Kiev"; any other name unchanged. Both spellings name the same zone (the API takes
 *  either), but users look for the current one. */
export function canonicalZone(name: string): string {
  const current = LEGACY_ZONE_NAMES[name];
  return current && isTimeZone(current) ? current : name;
}

/** The browser's own zone under its current IANA name (UTC when it does not say). */
export function browserTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? canonicalZone(zone) : "UTC";
}

/** Every IANA zone the platform knows, under its current name (no old spelling such as
 *  Asia/Calcutta or Europe/Kiev), plus `extra` zones the platform may not list (the
 *  organisation's, the browser's): UTC first, then by name, each once. */
export function allTimeZones(extra: readonly (string | null | undefined)[] = []): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const usable = [...known, ...extra.filter((z): z is string => !!z && isTimeZone(z))];
  // canonicalZone keeps the old name where the platform does not take the current one yet.
  const names = new Set(usable.map(canonicalZone).filter((z) => z !== "UTC"));
  return ["UTC", ...[...names].sort()];
}

/** Formatting and parsing bound to one zone. */
export interface Zoned {
  zone: string;
  /** "2025-07-15 19:42 UTC+02:00" ("… UTC" in UTC) for an ISO instant; "" for null. */
  dateTime(value: string | null | undefined): string;
  /** The calendar day ("2025-07-15") of an ISO instant in the zone; "" for null. */
  day(value: string | null | undefined): string;
  /** The value of an <input type="datetime-local"> showing an ISO instant in the zone. */
  toInput(value: string | null | undefined): string;
  /** The ISO instant (UTC) of an <input type="datetime-local"> value read in the zone. */
  fromInput(value: string): string | null;
  /** The first instant of a calendar day ("2025-07-15") in the zone, as ISO; null for "". */
  dayStart(date: string): string | null;
  /** Today's calendar day in the zone. */
  today(now?: number): string;
  /** The zone's offset label at an instant (default now), e.g. "UTC+02:00". */
  offset(value?: string | null): string;
}

/** The canonical ISO form of an instant (what the forms keep): "2025-07-15T17:42:00.000Z". */
export function canonicalInstant(value: string | null | undefined): string {
  const ms = parse(value);
  return ms === null ? "" : new Date(ms).toISOString();
}

export function zoned(zone: string): Zoned {
  const day = (ms: number) => {
    const w = wallClock(ms, zone);
    return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  };
  return {
    zone,
    dateTime(value) {
      const ms = parse(value);
      if (ms === null) return value ?? "";
      const w = wallClock(ms, zone);
      return `${day(ms)} ${pad(w.hour)}:${pad(w.minute)} ${offsetLabel(offsetMinutes(ms, zone))}`;
    },
    day(value) {
      const ms = parse(value);
      return ms === null ? "" : day(ms);
    },
    toInput(value) {
      const ms = parse(value);
      if (ms === null) return "";
      const w = wallClock(ms, zone);
      return `${day(ms)}T${pad(w.hour)}:${pad(w.minute)}`;
    },
    fromInput(value) {
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
      if (!m) return null;
      const [year, month, d, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0));
      const wall = { year: year ?? 0, month: month ?? 1, day: d ?? 1, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
      return new Date(instantOf(wall, zone)).toISOString();
    },
    dayStart(date) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
      if (!m) return null;
      const wall = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0 };
      return new Date(instantOf(wall, zone)).toISOString();
    },
    today(now = Date.now()) {
      return day(now);
    },
    offset(value) {
      return offsetLabel(offsetMinutes(parse(value) ?? Date.now(), zone));
    },
  };
}

export const UTC_ZONED = zoned("UTC");

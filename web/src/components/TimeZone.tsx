// The zone the app shows and reads times in: the organisation's (`organisation { timeZone }`)
// unless the user picked another in this browser (kept in localStorage: a preference, never a
// secret). API values stay ISO 8601 instants; only their display and entry follow the zone.
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";

import { allTimeZones, browserTimeZone, canonicalZone, isTimeZone, UTC_ZONED, zoned, type Zoned } from "../lib/timezone";

const KEY = "postmortems.timeZone";
const listeners = new Set<() => void>();

function readChoice(): string | null {
  try {
    const stored = localStorage.getItem(KEY);
    return stored && isTimeZone(stored) ? canonicalZone(stored) : null;
  } catch {
    return null;
  }
}

let chosen: string | null = readChoice();

/** Picks a zone for this browser (null: follow the organisation's). */
export function chooseTimeZone(zone: string | null): void {
  chosen = zone && isTimeZone(zone) ? canonicalZone(zone) : null;
  try {
    if (chosen) localStorage.setItem(KEY, chosen);
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the choice lasts until the page reloads
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getChoice = () => chosen;

export interface ZoneState extends Zoned {
  /** The organisation's zone (the API's default for every `timeZone` argument). */
  organisation: string;
  /** The zone this browser's user picked, if any. */
  chosen: string | null;
}

const ZoneContext = createContext<ZoneState>({ ...UTC_ZONED, organisation: "UTC", chosen: null });

/** Times in the user's chosen zone, else the organisation's. */
export function TimeZoneProvider({ organisation, children }: { organisation: string; children: ReactNode }) {
  const choice = useSyncExternalStore(subscribe, getChoice, getChoice);
  const zone = choice ?? organisation;
  const value = useMemo(() => ({ ...zoned(zone), organisation, chosen: choice }), [zone, organisation, choice]);
  return <ZoneContext.Provider value={value}>{children}</ZoneContext.Provider>;
}

/** The zone times are shown and entered in, with its formatting and parsing (UTC outside a
 *  provider, e.g. in component tests). */
export function useZone(): ZoneState {
  return useContext(ZoneContext);
}

/** The time-zone selector: the organisation's zone, this browser's, or any IANA zone. */
export function TimeZonePicker() {
  const { organisation, chosen } = useZone();
  const browser = browserTimeZone();
  // Current IANA names (Asia/Kolkata, not Asia/Calcutta), and always the organisation's, the
  // browser's and the chosen zone, even where the platform's list lacks them.
  const zones = useMemo(() => allTimeZones([organisation, browser, chosen]), [organisation, browser, chosen]);
  return (
    <label className="inline zone-picker">
      Time zone
      <select value={chosen ?? ""} onChange={(e) => chooseTimeZone(e.target.value || null)}>
        <option value="">{`Organisation's (${organisation})`}</option>
        {browser !== organisation && <option value={browser}>{`This browser's (${browser})`}</option>}
        <optgroup label="Every time zone">
          {zones
            .filter((z) => z !== browser || browser === organisation)
            .map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
        </optgroup>
      </select>
    </label>
  );
}

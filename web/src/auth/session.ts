// The signed-in session: the bearer token and who it is for. Kept in memory and in
// sessionStorage (this tab only, gone when it closes); never in a URL, never logged.
import { useSyncExternalStore } from "react";

export interface Session {
  token: string;
  userId: string;
  roles: string[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
  kind: "development" | "oidc";
}

const KEY = "postmortems.session";
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return typeof parsed.token === "string" && parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (current && current.expiresAt <= Date.now()) setSession(null);
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current session; components re-render when it changes. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** Reloads the session from storage (tests, and after an OIDC callback in another module). */
export function reloadSession(): void {
  current = read();
  listeners.forEach((listener) => listener());
}

// A page reached right after a mutation: the mutation's answer (its version and read-model
// state) travels in the navigation state, so the next page can wait for the read model to show
// that version instead of saying the postmortem does not exist (README: after a PENDING answer a
// query may return the older version, or null for a new postmortem, until the read model
// catches up).
import type { NavigateOptions } from "react-router";

import type { ReadModelState } from "../gql/graphql";
import type { Saved } from "../lib/outcome";

export interface AfterSave {
  savedId: string;
  savedVersion: number;
  readModel: ReadModelState;
}

/** The navigation options that carry a mutation's answer to the next page. */
export function afterSave(pm: Saved): NavigateOptions {
  const state: AfterSave = { savedId: pm.id, savedVersion: pm.version, readModel: pm.readModel.state };
  return { state };
}

/** The answer a page was reached with, if it is about postmortem `id`. */
export function savedFrom(state: unknown, id: string): AfterSave | null {
  if (!state || typeof state !== "object") return null;
  const s = state as Partial<AfterSave>;
  return s.savedId === id && typeof s.savedVersion === "number" && typeof s.readModel === "string"
    ? (s as AfterSave)
    : null;
}

/** How long a page waits for the read model to show a saved version, in milliseconds, and the
 *  pause before each new query: 0.25 s doubling to at most 4 s (about 11 queries in 30 s). */
export const CATCH_UP_LIMIT_MS = 30_000;
export function catchUpDelay(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 4_000);
}

// Unsaved edits kept in this tab's sessionStorage, so a reload or an expired session (and the
// sign-in that follows, in the same tab) never loses what someone typed. Content only: never a
// token.
const UNSAVED_PREFIX = "postmortems.unsaved.";

export function unsavedKey(postmortemId: string, section: string): string {
  return `${UNSAVED_PREFIX}${postmortemId}.${section}`;
}

export function readUnsaved<V>(key: string): { base: number; values: V } | null {
  try {
    const raw = sessionStorage.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as { base: number; values: V }) : null;
    return parsed && typeof parsed.base === "number" ? parsed : null;
  } catch {
    return null;
  }
}

/** Forgets every unsaved edit kept in this tab (on sign-out: the next user must not see them). */
export function forgetUnsavedEdits(): void {
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith(UNSAVED_PREFIX)) sessionStorage.removeItem(key);
  }
}

// Optimistic concurrency on the client. Every edit remembers the version it started from (its
// base) and is saved with that version as `expectedVersion`. When a newer version arrives, an
// edit in progress moves its base forward only if every newer version came from this page's own
// saves (which touched other sections); otherwise the service rejects the save with a
// ConcurrencyConflict, and the user sees what changed before deciding.

export class OwnVersions {
  private readonly versions = new Set<number>();

  /** Records a version this page's own save produced. */
  add(version: number): void {
    this.versions.add(version);
  }

  /** Whether every version after `base` up to `latest` came from this page's saves. */
  covers(base: number, latest: number): boolean {
    for (let version = base + 1; version <= latest; version += 1) {
      if (!this.versions.has(version)) return false;
    }
    return true;
  }
}

/**
 * The base an edit should carry after the postmortem moved to `latest`: `latest` when the edit
 * is clean or the moves were all this page's own, else the old base (a conflict awaits).
 */
export function nextBase(
  base: number,
  latest: number,
  dirty: boolean,
  own: OwnVersions,
): number {
  if (latest <= base) return base;
  if (!dirty || own.covers(base, latest)) return latest;
  return base;
}

// What the API's `readModel` mark says, in words a user can act on: PENDING (the change is saved;
// lists, search and reports catch up in a moment) and STALE (saved too, but a read view cannot
// follow this postmortem until an operator acts). Never hidden, never alarming: nothing is lost.
import { CATCH_UP_LIMIT_MS } from "../api/afterSave";
import type { ReadModelState } from "../gql/graphql";

const CATCH_UP_SECONDS = CATCH_UP_LIMIT_MS / 1000;

export interface ReadModelMark {
  state: ReadModelState;
  reason?: string | null;
  projections?: readonly string[];
}

export function ReadModelNote({ mark }: { mark: ReadModelMark | null | undefined }) {
  if (!mark || mark.state === "CURRENT") return null;
  if (mark.state === "PENDING") {
    return (
      <p role="status" className="readmodel pending">
        <strong>Saved.</strong> Lists, search and reports may take a few seconds to show this change;
        this page already shows it.
        {mark.reason && <span className="hint"> ({mark.reason})</span>}
      </p>
    );
  }
  const views = mark.projections?.length ? ` (${mark.projections.join(", ")})` : "";
  return (
    <div role="status" className="readmodel stale">
      <p>
        <strong>Everything recorded is kept, but some views of this postmortem are behind.</strong> The
        service could not update its read views{views}, so lists, search, reports and this page after a
        reload may show an older version until an operator runs <code>postmortems projection retry</code>.
      </p>
      {mark.reason && <p className="hint">Reason: {mark.reason}</p>}
    </div>
  );
}

/** A short badge for a list row whose read view is behind; the reason is in its text. */
export function StaleBadge({ mark }: { mark: ReadModelMark }) {
  if (mark.state !== "STALE") return null;
  return (
    <span className="badge flag-warn">
      may be out of date<span className="visually-hidden">: {mark.reason ?? "a read view is behind"}</span>
    </span>
  );
}

/** A page reached right after a save whose read view does not show it yet: it queries again. */
export function CatchingUpNote({ version }: { version: number }) {
  return (
    <p role="status" className="readmodel pending">
      <strong>Saved (version {version}).</strong> The read view is catching up; this page shows the
      postmortem as soon as it appears.
    </p>
  );
}

/** The saved version the read view still did not show when the page stopped waiting: with the
 *  version it shows (`shown`), or none (a new postmortem it cannot find). */
export function NotCaughtUpNote({ version, shown }: { version: number; shown: number | null }) {
  return (
    <p role="alert" className={shown === null ? "error" : "readmodel stale"}>
      Version {version} was saved, but after {CATCH_UP_SECONDS} seconds the read view{" "}
      {shown === null ? "still cannot find this postmortem" : `still shows version ${shown}`}. Nothing
      is lost: reload the page in a moment (an operator can check <code>postmortems status</code>).
    </p>
  );
}

// An action item's status: follow-through, updatable after publication too. Marking an item done
// asks when the work was really done (default: now, the API's default), so work recorded late
// still counts as done on time in the compliance report; a done item's completion time can be
// corrected the same way.
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { allows } from "../api/ApiProvider";
import { ChangeActionItemStatusDoc } from "../api/postmortems";
import type { Pm } from "../api/usePostmortem";
import { DateTimeInput } from "../components/DateTimeInput";
import { useZone } from "../components/TimeZone";
import type { ActionItemStatus, ActionItemStatusInput } from "../gql/graphql";
import { humanize } from "../lib/format";
import { outcomeOf, type Saved } from "../lib/outcome";

export const STATUSES: ActionItemStatus[] = ["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"];

export function StatusControl({
  pm,
  item,
  onSaved,
}: {
  pm: Pm;
  item: { id: string; title: string; status: ActionItemStatus | null; completedAt?: string | null };
  onSaved: (pm: Saved) => void;
}) {
  const z = useZone();
  const [, change] = useMutation(ChangeActionItemStatusDoc);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Non-null while the "when was it done?" form is open: the instant entered so far.
  const [doneAt, setDoneAt] = useState<string | null>(null);
  if (!allows(pm.allowedTransitions, "CHANGE_ACTION_ITEM_STATUS")) {
    return <span>{item.status ? humanize(item.status) : "—"}</span>;
  }
  async function send(input: ActionItemStatusInput): Promise<void> {
    setBusy(true);
    setMessage(null);
    const result = await change({ id: pm.id, expectedVersion: pm.version, itemId: item.id, input });
    const outcome = outcomeOf(result.data?.changeActionItemStatus, result.error);
    setBusy(false);
    if (outcome.kind === "saved") {
      setDoneAt(null);
      onSaved(outcome.postmortem);
    } else if (outcome.kind === "conflict")
      setMessage(`Not changed: the postmortem moved to version ${outcome.currentVersion} meanwhile; it now shows the latest status.`);
    else setMessage(outcome.message);
  }
  function onSelect(status: ActionItemStatus) {
    if (status === "DONE") setDoneAt(new Date().toISOString());
    else void send({ status });
  }
  function submitDone(event: FormEvent) {
    event.preventDefault();
    if (doneAt) void send({ status: "DONE", completedAt: doneAt });
  }
  return (
    <>
      <label className="inline">
        <span className="visually-hidden">Status of {item.title}</span>
        <select
          value={doneAt !== null ? "DONE" : (item.status ?? "OPEN")}
          disabled={busy}
          onChange={(e) => onSelect(e.target.value as ActionItemStatus)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      {item.status === "DONE" && doneAt === null && (
        <button type="button" onClick={() => setDoneAt(item.completedAt ?? new Date().toISOString())}>
          <span className="visually-hidden">{item.title}: </span>Correct completion time
        </button>
      )}
      {doneAt !== null && (
        <form className="inline" onSubmit={submitDone} aria-label={`Completion of ${item.title}`}>
          <label>
            {`Work done at (${z.zone})`}
            <DateTimeInput value={doneAt} onChange={setDoneAt} max={new Date().toISOString()} required />
          </label>
          <button type="submit" disabled={busy || !doneAt}>
            {item.status === "DONE" ? "Save completion time" : "Mark done"}
          </button>
          <button type="button" onClick={() => setDoneAt(null)}>
            Cancel
          </button>
        </form>
      )}
      {message && (
        <span role="alert" className="error">
          {message}
        </span>
      )}
    </>
  );
}

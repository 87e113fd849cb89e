// An action item's status: follow-through, updatable after publication too.
import { useState } from "react";
import { useMutation } from "urql";

import { allows } from "../api/ApiProvider";
import { ChangeActionItemStatusDoc } from "../api/postmortems";
import type { Pm } from "../api/usePostmortem";
import type { ActionItemStatus } from "../gql/graphql";
import { humanize } from "../lib/format";
import { outcomeOf, type Saved } from "../lib/outcome";

export const STATUSES: ActionItemStatus[] = ["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"];

export function StatusControl({
  pm,
  item,
  onSaved,
}: {
  pm: Pm;
  item: { id: string; title: string; status: ActionItemStatus | null };
  onSaved: (pm: Saved) => void;
}) {
  const [, change] = useMutation(ChangeActionItemStatusDoc);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!allows(pm.allowedTransitions, "CHANGE_ACTION_ITEM_STATUS")) {
    return <span>{item.status ? humanize(item.status) : "—"}</span>;
  }
  async function onChange(status: ActionItemStatus) {
    setBusy(true);
    setMessage(null);
    const result = await change({ id: pm.id, expectedVersion: pm.version, itemId: item.id, input: { status } });
    const outcome = outcomeOf(result.data?.changeActionItemStatus, result.error);
    setBusy(false);
    if (outcome.kind === "saved") onSaved(outcome.postmortem);
    else if (outcome.kind === "conflict")
      setMessage(`Not changed: the postmortem moved to version ${outcome.currentVersion} meanwhile; it now shows the latest status.`);
    else setMessage(outcome.message);
  }
  return (
    <>
      <label className="inline">
        <span className="visually-hidden">Status of {item.title}</span>
        <select
          value={item.status ?? "OPEN"}
          disabled={busy}
          onChange={(e) => void onChange(e.target.value as ActionItemStatus)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      {message && (
        <span role="alert" className="error">
          {message}
        </span>
      )}
    </>
  );
}

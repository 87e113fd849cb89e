// Approve, request changes, publish: offered only when allowedTransitions says so; each bound to
// the version the reviewer has read.
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { allows } from "../../api/ApiProvider";
import type { Pm } from "../../api/usePostmortem";
import { ApproveDoc, PublishDoc, RequestChangesDoc } from "../../api/workflow";
import { OutcomeNote } from "../../components/Notes";
import type { Section } from "../../gql/graphql";
import { outcomeOf, type Outcome, type Saved } from "../../lib/outcome";
import { SECTION_TITLES } from "../../lib/sections";

export function ReviewActions({ pm, seen, onSaved }: { pm: Pm; seen: number; onSaved: (p: Saved) => void }) {
  const [, approve] = useMutation(ApproveDoc);
  const [, publish] = useMutation(PublishDoc);
  const [, requestChanges] = useMutation(RequestChangesDoc);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState("");
  const [section, setSection] = useState<Section>("GENERAL");
  const can = (t: Parameters<typeof allows>[1]) => allows(pm.allowedTransitions, t);

  async function act(run: () => Promise<Outcome>) {
    setBusy(true);
    const o = await run();
    setBusy(false);
    setOutcome(o);
    if (o.kind === "saved") onSaved(o.postmortem);
    return o;
  }
  const onApprove = () =>
    act(async () => {
      const r = await approve({ id: pm.id, expectedVersion: seen });
      return outcomeOf(r.data?.approvePostmortem, r.error);
    });
  const onPublish = () =>
    act(async () => {
      const r = await publish({ id: pm.id, expectedVersion: seen });
      return outcomeOf(r.data?.publishPostmortem, r.error);
    });
  async function onRequestChanges(event: FormEvent) {
    event.preventDefault();
    const o = await act(async () => {
      const r = await requestChanges({ id: pm.id, expectedVersion: seen, input: { comment, section } });
      return outcomeOf(r.data?.requestChanges, r.error);
    });
    if (o.kind === "saved") setComment("");
  }

  const none = !can("APPROVE") && !can("REQUEST_CHANGES") && !can("PUBLISH");
  return (
    <div className="review-actions">
      {none && <p className="hint">Nothing for you to do here now.</p>}
      {outcome?.kind === "saved" && (
        <p role="status" className="good">
          Done: {outcome.postmortem.state === "PUBLISHED" ? "published" : `now ${outcome.postmortem.state.toLowerCase().replace("_", " ")}`}.
        </p>
      )}
      {can("APPROVE") && (
        <button type="button" className="primary" onClick={onApprove} disabled={busy || pm.version !== seen}>
          Approve version {seen}
        </button>
      )}
      {can("PUBLISH") && (
        <button type="button" className="primary" onClick={onPublish} disabled={busy || pm.version !== seen}>
          Publish
        </button>
      )}
      {can("REQUEST_CHANGES") && (
        <form onSubmit={onRequestChanges} aria-label="Request changes">
          <label>
            Section
            <select value={section} onChange={(e) => setSection(e.target.value as Section)}>
              {(Object.keys(SECTION_TITLES) as Section[]).map((s) => (
                <option key={s} value={s}>
                  {SECTION_TITLES[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            What needs to change
            <textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={5000} />
          </label>
          <button type="submit" disabled={busy || !comment.trim() || pm.version !== seen}>
            Request changes
          </button>
        </form>
      )}
      {pm.version !== seen && (
        <p className="notice">Read the changes above before you approve, publish or request changes.</p>
      )}
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not done: the postmortem changed (now version {outcome.currentVersion}). Read the changes
          shown above first.
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </div>
  );
}

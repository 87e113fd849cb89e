// Review comments: per section, with a form to add one and a button to resolve one.
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { allows } from "../../api/ApiProvider";
import type { Pm } from "../../api/usePostmortem";
import { AddCommentDoc, ResolveCommentDoc } from "../../api/workflow";
import { OutcomeNote } from "../../components/Notes";
import { useZone } from "../../components/TimeZone";
import type { Section } from "../../gql/graphql";
import { outcomeOf, type Outcome, type Saved } from "../../lib/outcome";
import { SECTION_TITLES } from "../../lib/sections";

type Comment = Pm["reviewComments"][number];

function CommentItem({ pm, comment, onSaved }: { pm: Pm; comment: Comment; onSaved: (p: Saved) => void }) {
  const [, resolve] = useMutation(ResolveCommentDoc);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const z = useZone();
  async function onResolve() {
    const r = await resolve({ id: pm.id, expectedVersion: pm.version, commentId: comment.id });
    const o = outcomeOf(r.data?.resolveReviewComment, r.error);
    setOutcome(o);
    if (o.kind === "saved") onSaved(o.postmortem);
  }
  return (
    <li className={comment.resolved ? "comment resolved" : "comment"}>
      <p>
        <strong>{comment.author}</strong>{" "}
        <span className="hint">
          on {SECTION_TITLES[comment.section]}, {z.dateTime(comment.at)}
          {comment.resolved && " · resolved"}
        </span>
      </p>
      <p className="prose">{comment.text}</p>
      {!comment.resolved && allows(pm.allowedTransitions, "COMMENT") && (
        <button type="button" onClick={onResolve}>
          Mark resolved
        </button>
      )}
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not resolved: the postmortem changed meanwhile; try again.
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </li>
  );
}

/** Every comment, or those of one section. */
export function CommentList({
  pm,
  section,
  onSaved,
}: {
  pm: Pm;
  section?: Section;
  onSaved: (p: Saved) => void;
}) {
  const comments = pm.reviewComments.filter((c) => !section || c.section === section);
  if (comments.length === 0) return section ? null : <p className="hint">No comments yet.</p>;
  return (
    <ul className="comments" aria-label={section ? `Comments on ${SECTION_TITLES[section]}` : "All comments"}>
      {comments.map((c) => (
        <CommentItem key={c.id} pm={pm} comment={c} onSaved={onSaved} />
      ))}
    </ul>
  );
}

export function CommentForm({
  pm,
  section,
  onSaved,
}: {
  pm: Pm;
  section: Section;
  onSaved: (p: Saved) => void;
}) {
  const [, add] = useMutation(AddCommentDoc);
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  if (!allows(pm.allowedTransitions, "COMMENT")) return null;
  const title = SECTION_TITLES[section];
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const r = await add({ id: pm.id, expectedVersion: pm.version, input: { section, text } });
    const o = outcomeOf(r.data?.addReviewComment, r.error);
    setBusy(false);
    setOutcome(o);
    if (o.kind === "saved") {
      setText("");
      onSaved(o.postmortem);
    }
  }
  return (
    <form onSubmit={onSubmit} className="comment-form" aria-label={`Comment on ${title}`}>
      <label>
        Comment on {title}
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} />
      </label>
      <button type="submit" disabled={busy || !text.trim()}>
        Add comment
      </button>
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          The postmortem changed meanwhile (now version {outcome.currentVersion}); your comment is
          still here: send it again.
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </form>
  );
}

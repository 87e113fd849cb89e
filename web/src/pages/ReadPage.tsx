// The published postmortem: a clean, printable read view, its revisions, action-item follow-up,
// and what the reader may do next (amend, withdraw, review, edit).
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useMutation } from "urql";

import { afterSave } from "../api/afterSave";
import { allows } from "../api/ApiProvider";
import { usePostmortem, type Pm } from "../api/usePostmortem";
import { AmendDoc, DiscardAmendmentDoc, RecallDoc, WithdrawDoc } from "../api/workflow";
import { SeverityBadge, StateBadge } from "../components/Badges";
import { ExportLinks } from "../components/ExportLinks";
import { Failure, Loading, OutcomeNote } from "../components/Notes";
import { PostmortemDocument } from "../components/PostmortemDocument";
import { CatchingUpNote, NotCaughtUpNote, ReadModelNote } from "../components/ReadModelNote";
import { SimilarPostmortems } from "../components/SimilarPostmortems";
import { useZone } from "../components/TimeZone";
import type { Transition, WithdrawalKind } from "../gql/graphql";
import { formatDate, humanize } from "../lib/format";
import { outcomeOf, type Outcome, type Saved } from "../lib/outcome";
import { StatusControl } from "./StatusControl";

export default function ReadPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const { pm, accept, error, missing, catchingUp, notCaughtUp } = usePostmortem(id);
  const z = useZone();
  useEffect(() => {
    document.title = pm ? `${pm.title} · Postmortems` : "Postmortem · Postmortems";
  }, [pm]);
  if (error && !pm) return <Failure message={error.message} />;
  if (catchingUp !== null) return <CatchingUpNote version={catchingUp} />;
  if (missing && notCaughtUp !== null) return <NotCaughtUpNote version={notCaughtUp} shown={null} />;
  if (missing) return <Failure message="No such postmortem, or you may not see it." />;
  if (!pm) return <Loading />;

  const wanted = Number(params.get("revision") ?? "");
  const latest = pm.revisions[pm.revisions.length - 1];
  const shown = pm.revisions.find((r) => r.revision === wanted) ?? (pm.state === "PUBLISHED" ? null : latest);
  const content = shown ? shown.content : pm;
  const onSaved = (p: Saved) => accept(p);

  return (
    <article className="read-view">
      <div className="page-head">
        <h1>{content.title}</h1>
        <div>
          <SeverityBadge severity={content.severity} /> <StateBadge state={shown ? "PUBLISHED" : pm.state} />{" "}
          {shown && <span className="hint">revision {shown.revision}, published {z.dateTime(shown.publishedAt)}</span>}
          {!shown && pm.firstPublishedAt && <span className="hint">revision {pm.revision}</span>}
          <button type="button" className="no-print" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <ExportLinks links={pm.exports} version={shown?.version ?? null} />
      {notCaughtUp !== null && <NotCaughtUpNote version={notCaughtUp} shown={pm.version} />}
      <ReadModelNote mark={pm.readModel} />
      <StateNotice pm={pm} shownRevision={shown?.revision ?? null} />
      <PostmortemDocument
        content={content}
        warnings={shown ? [] : pm.blamelessWarnings}
        actionItems={<FollowUp pm={pm} onSaved={onSaved} />}
      />
      <Revisions pm={pm} />
      <SimilarPostmortems id={pm.id} />
      <ReaderActions pm={pm} onSaved={onSaved} />
    </article>
  );
}

function StateNotice({ pm, shownRevision }: { pm: Pm; shownRevision: number | null }) {
  const links = (
    <>
      {allows(pm.allowedTransitions, "EDIT") && <Link to={`/postmortems/${pm.id}/edit`}>Edit</Link>}{" "}
      {pm.state === "IN_REVIEW" && <Link to={`/postmortems/${pm.id}/review`}>Review</Link>}
    </>
  );
  if (shownRevision !== null && pm.state !== "PUBLISHED") {
    return (
      <p className="notice no-print">
        You are reading published revision {shownRevision}. The postmortem is now{" "}
        {humanize(pm.state).toLowerCase()} (revision {pm.revision}
        {pm.amendmentReason ? `, amended: ${pm.amendmentReason}` : ""}). {links}
      </p>
    );
  }
  if (pm.state === "WITHDRAWN") {
    return (
      <p className="notice">
        Withdrawn ({humanize(pm.withdrawnKind ?? "OTHER")}): {pm.withdrawnReason}
      </p>
    );
  }
  if (pm.state !== "PUBLISHED") {
    return (
      <p className="notice no-print">
        Not published yet: this is the {humanize(pm.state).toLowerCase()} text. {links}
      </p>
    );
  }
  return null;
}

function FollowUp({ pm, onSaved }: { pm: Pm; onSaved: (p: Saved) => void }) {
  const z = useZone();
  if (pm.actionItems.length === 0) return <p className="hint">No action items.</p>;
  return (
    <table>
      <caption>Action items and their follow-up (statuses as of now)</caption>
      <thead>
        <tr>
          <th scope="col">Priority</th>
          <th scope="col">Action item</th>
          <th scope="col">Owner</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          <th scope="col">{`Completed (${z.zone})`}</th>
        </tr>
      </thead>
      <tbody>
        {pm.actionItems.map((a) => {
          const overdue = a.dueDate && a.status !== "DONE" && a.status !== "WONT_DO" && a.dueDate < z.today();
          return (
            <tr key={a.id}>
              <td>{a.priority}</td>
              <td>
                {a.title}
                {a.tracker && <div className="hint">{a.tracker}</div>}
              </td>
              <td>{a.owner ?? "—"}</td>
              <td>
                {formatDate(a.dueDate) || "—"} {overdue && <span className="badge flag-bad">Overdue</span>}
              </td>
              <td>
                <StatusControl pm={pm} item={a} onSaved={onSaved} />
              </td>
              <td>{a.status === "DONE" ? z.dateTime(a.completedAt) || "—" : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Revisions({ pm }: { pm: Pm }) {
  const z = useZone();
  if (pm.revisions.length === 0) return null;
  return (
    <section className="doc-section" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">Published revisions</h2>
      <table>
        <caption className="visually-hidden">Published revisions, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Published</th>
            <th scope="col">Version</th>
            <th scope="col">Approved by</th>
            <th scope="col">Content hash</th>
          </tr>
        </thead>
        <tbody>
          {pm.revisions.map((r) => (
            <tr key={r.revision}>
              <td>
                <Link to={`/postmortems/${pm.id}?revision=${r.revision}`}>Revision {r.revision}</Link>
              </td>
              <td>{z.dateTime(r.publishedAt)}</td>
              <td>{r.version}</td>
              <td>{r.approvals.map((a) => `${a.reviewer} (${z.dateTime(a.at)})`).join(", ")}</td>
              <td>
                <code title={r.contentHash}>{r.contentHash.slice(0, 12)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One reasoned workflow step (amend, recall, discard an amendment, withdraw). */
function ReasonForm({
  label,
  prompt,
  button,
  children,
  onSubmit,
}: {
  label: string;
  prompt: string;
  button: string;
  children?: ReactNode;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const [reason, setReason] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onSubmit(reason)) setReason("");
  }
  return (
    <form onSubmit={submit} aria-label={label}>
      {children}
      <label>
        {prompt}
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={5000} />
      </label>
      <button type="submit">{button}</button>
    </form>
  );
}

function ReaderActions({ pm, onSaved }: { pm: Pm; onSaved: (p: Saved) => void }) {
  const navigate = useNavigate();
  const [, amend] = useMutation(AmendDoc);
  const [, recall] = useMutation(RecallDoc);
  const [, discard] = useMutation(DiscardAmendmentDoc);
  const [, withdraw] = useMutation(WithdrawDoc);
  const [kind, setKind] = useState<WithdrawalKind>("DUPLICATE");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const can = (t: Transition) => allows(pm.allowedTransitions, t);
  if (!can("AMEND") && !can("WITHDRAW") && !can("RECALL_SUBMISSION") && !can("DISCARD_AMENDMENT")) {
    return null;
  }
  const expectedVersion = pm.version;
  function done(o: Outcome, then?: (saved: Saved) => void): boolean {
    setOutcome(o);
    if (o.kind !== "saved") return false;
    onSaved(o.postmortem);
    then?.(o.postmortem);
    return true;
  }
  return (
    <section className="card no-print" aria-labelledby="next-heading">
      <h2 id="next-heading">Next steps</h2>
      {can("AMEND") && (
        <ReasonForm
          label="Amend"
          prompt="Why amend this postmortem?"
          button="Amend (opens a new revision)"
          onSubmit={async (reason) => {
            const r = await amend({ id: pm.id, expectedVersion, input: { reason } });
            return done(outcomeOf(r.data?.amendPostmortem, r.error), (saved) => navigate(`/postmortems/${pm.id}/edit`, afterSave(saved)));
          }}
        />
      )}
      {can("RECALL_SUBMISSION") && (
        <ReasonForm
          label="Recall the submission"
          prompt="Why take it back from review?"
          button="Recall to draft"
          onSubmit={async (reason) => {
            const r = await recall({ id: pm.id, expectedVersion, input: { reason } });
            return done(outcomeOf(r.data?.recallSubmission, r.error), (saved) => navigate(`/postmortems/${pm.id}/edit`, afterSave(saved)));
          }}
        />
      )}
      {can("DISCARD_AMENDMENT") && (
        <ReasonForm
          label="Discard the amendment"
          prompt="Why give the amendment up?"
          button="Discard the amendment"
          onSubmit={async (reason) => {
            const r = await discard({ id: pm.id, expectedVersion, input: { reason } });
            return done(outcomeOf(r.data?.discardAmendment, r.error));
          }}
        />
      )}
      {can("WITHDRAW") && (
        <ReasonForm
          label="Withdraw"
          prompt="Reason"
          button="Withdraw"
          onSubmit={async (reason) => {
            const r = await withdraw({ id: pm.id, expectedVersion, input: { kind, reason } });
            return done(outcomeOf(r.data?.withdrawPostmortem, r.error));
          }}
        >
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as WithdrawalKind)}>
              <option value="DUPLICATE">Duplicate</option>
              <option value="NOT_AN_INCIDENT">Not an incident</option>
              <option value="OTHER">Other</option>
            </select>
          </label>
        </ReasonForm>
      )}
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not done: the postmortem changed meanwhile (now version {outcome.currentVersion}).
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </section>
  );
}

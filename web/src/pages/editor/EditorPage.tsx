// The editor: every section of the template, each saved on its own with expectedVersion; the
// completeness checklist and submission; review comments to address.
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation } from "urql";

import { afterSave } from "../../api/afterSave";
import { allows } from "../../api/ApiProvider";
import { usePostmortem } from "../../api/usePostmortem";
import { SubmitDoc } from "../../api/workflow";
import { SeverityBadge, StateBadge } from "../../components/Badges";
import { Checklist } from "../../components/Checklist";
import { Failure, Loading, OutcomeNote } from "../../components/Notes";
import { CatchingUpNote, NotCaughtUpNote, ReadModelNote } from "../../components/ReadModelNote";
import { OwnVersions } from "../../lib/concurrency";
import { outcomeOf, type Outcome } from "../../lib/outcome";
import { CommentList } from "../review/Comments";
import { ActionItemsSection } from "./ActionItemsSection";
import { EditorContext, useEditor as useEditorState, type EditorState } from "./context";
import { ImpactSection } from "./ImpactSection";
import { LessonsSection } from "./LessonsSection";
import { MetadataSection } from "./MetadataSection";
import { PeopleSection } from "./PeopleSection";
import { RootCauseSection } from "./RootCauseSection";
import { SummarySection } from "./SummarySection";
import { TimelineSection } from "./TimelineSection";

export default function EditorPage() {
  const { id = "" } = useParams();
  const { pm, accept, error, missing, catchingUp, notCaughtUp } = usePostmortem(id);
  const own = useRef(new OwnVersions()).current;
  const [dirty, setDirtyMap] = useState<Record<string, boolean>>({});
  const setDirty = useCallback(
    (section: string, value: boolean) =>
      setDirtyMap((now) => (!!now[section] === value ? now : { ...now, [section]: value })),
    [],
  );
  useEffect(() => {
    document.title = pm ? `Edit: ${pm.title} · Postmortems` : "Editor · Postmortems";
  }, [pm]);
  useEffect(() => {
    const unsaved = Object.values(dirty).some(Boolean);
    const warn = (event: BeforeUnloadEvent) => {
      if (unsaved) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  if (error && !pm) return <Failure message={error.message} />;
  if (catchingUp !== null) return <CatchingUpNote version={catchingUp} />;
  if (missing && notCaughtUp !== null) return <NotCaughtUpNote version={notCaughtUp} shown={null} />;
  if (missing) return <Failure message="No such postmortem, or you may not see it." />;
  if (!pm) return <Loading />;

  const editable = allows(pm.allowedTransitions, "EDIT");
  const state: EditorState = { pm, own, accept, setDirty };
  const unsaved = Object.entries(dirty).filter(([, d]) => d).map(([name]) => name);

  return (
    <EditorContext.Provider value={state}>
      <div className="page-head">
        <h1>
          <span className="visually-hidden">Edit postmortem: </span>
          {pm.title}
        </h1>
        <div>
          <SeverityBadge severity={pm.severity} /> <StateBadge state={pm.state} />{" "}
          <span className="hint">version {pm.version}</span>{" "}
          <Link to={`/postmortems/${pm.id}`}>Read view</Link>
        </div>
      </div>
      {notCaughtUp !== null && <NotCaughtUpNote version={notCaughtUp} shown={pm.version} />}
      <ReadModelNote mark={pm.readModel} />
      {!editable ? (
        <p className="notice" role="status">
          This postmortem is {pm.state.toLowerCase().replace("_", " ")}: you cannot edit it now.{" "}
          {pm.state === "IN_REVIEW" && <Link to={`/postmortems/${pm.id}/review`}>Open the review</Link>}
        </p>
      ) : (
        <div className="editor">
          <div className="sections">
            <MetadataSection />
            <SummarySection />
            <TimelineSection />
            <RootCauseSection />
            <ImpactSection />
            <LessonsSection />
            <ActionItemsSection />
          </div>
          <aside className="sidebar" aria-label="Submission and review">
            <Checklist problems={pm.submissionProblems} />
            <SubmitPanel unsaved={unsaved} />
            <section className="card" aria-labelledby="comments-heading">
              <h2 id="comments-heading">Review comments</h2>
              <CommentList pm={pm} onSaved={(p) => { own.add(p.version); accept(p); }} />
            </section>
            <PeopleSection />
          </aside>
        </div>
      )}
    </EditorContext.Provider>
  );
}

function SubmitPanel({ unsaved }: { unsaved: string[] }) {
  const { pm, accept, own } = useEditorState();
  const [, submit] = useMutation(SubmitDoc);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const navigate = useNavigate();
  if (!allows(pm.allowedTransitions, "SUBMIT_FOR_REVIEW")) return null;
  const blocked = unsaved.length > 0;
  async function onSubmit() {
    const result = await submit({ id: pm.id, expectedVersion: pm.version });
    const o = outcomeOf(result.data?.submitForReview, result.error);
    setOutcome(o);
    if (o.kind === "saved") {
      own.add(o.postmortem.version);
      accept(o.postmortem);
      navigate(`/postmortems/${pm.id}`, afterSave(o.postmortem));
    }
  }
  return (
    <section className="card" aria-labelledby="submit-heading">
      <h2 id="submit-heading">Submit for review</h2>
      {blocked && (
        <p className="notice" role="status">
          Save or discard your unsaved changes first ({unsaved.length} part
          {unsaved.length === 1 ? "" : "s"}).
        </p>
      )}
      <button
        type="button"
        className="primary"
        onClick={onSubmit}
        disabled={blocked || pm.submissionProblems.length > 0}
      >
        Submit for review
      </button>
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not submitted: the postmortem changed meanwhile (now version {outcome.currentVersion}).
          Check the changes above and submit again.
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </section>
  );
}


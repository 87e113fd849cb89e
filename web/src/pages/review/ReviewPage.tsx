// Review: the document with per-section comments, approval status against the policy, approve /
// request changes / publish, and diffs (against the last published revision, or any two versions).
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { PostmortemAsOfDoc } from "../../api/postmortems";
import { usePostmortem } from "../../api/usePostmortem";
import { SeverityBadge, StateBadge } from "../../components/Badges";
import { DiffView } from "../../components/DiffView";
import { Failure, Loading } from "../../components/Notes";
import { PostmortemDocument } from "../../components/PostmortemDocument";
import { CatchingUpNote, NotCaughtUpNote, ReadModelNote } from "../../components/ReadModelNote";
import { useZone } from "../../components/TimeZone";
import { VersionDiff } from "../../components/VersionDiff";
import type { Saved } from "../../lib/outcome";
import { sectionTexts } from "../../lib/sections";
import { CommentForm, CommentList } from "./Comments";
import { ReviewActions } from "./ReviewActions";

export default function ReviewPage() {
  const { id = "" } = useParams();
  const { pm, accept, error, missing, catchingUp, notCaughtUp } = usePostmortem(id);
  // The version the reviewer has read: approvals are bound to it (expectedVersion), so an
  // approval never lands on text the reviewer has not seen.
  const [seen, setSeen] = useState<number | null>(null);
  useEffect(() => {
    if (pm && seen === null) setSeen(pm.version);
  }, [pm, seen]);
  useEffect(() => {
    document.title = pm ? `Review: ${pm.title} · Postmortems` : "Review · Postmortems";
  }, [pm]);

  if (error && !pm) return <Failure message={error.message} />;
  if (catchingUp !== null) return <CatchingUpNote version={catchingUp} />;
  if (missing && notCaughtUp !== null) return <NotCaughtUpNote version={notCaughtUp} shown={null} />;
  if (missing) return <Failure message="No such postmortem, or you may not see it." />;
  if (!pm || seen === null) return <Loading />;

  const onSaved = (p: Saved) => {
    accept(p);
    setSeen(p.version);
  };
  const status = pm.approvalStatus;
  return (
    <>
      <div className="page-head">
        <h1>
          <span className="visually-hidden">Review: </span>
          {pm.title}
        </h1>
        <div>
          <SeverityBadge severity={pm.severity} /> <StateBadge state={pm.state} />{" "}
          <span className="hint">
            version {pm.version}, revision {pm.revision}
          </span>{" "}
          <Link to={`/postmortems/${pm.id}`}>Read view</Link>
        </div>
      </div>
      {notCaughtUp !== null && <NotCaughtUpNote version={notCaughtUp} shown={pm.version} />}
      <ReadModelNote mark={pm.readModel} />
      {pm.version > seen && <ChangedWhileReading id={pm.id} seen={seen} current={pm.version} onSeen={() => setSeen(pm.version)} />}
      <div className="editor">
        <div className="sections">
          {pm.amendmentReason && (
            <p className="notice">Amendment of a published postmortem: {pm.amendmentReason}</p>
          )}
          <PostmortemDocument
            content={pm}
            warnings={pm.blamelessWarnings}
            after={(section) => (
              <div className="section-comments">
                <CommentList pm={pm} section={section} onSaved={onSaved} />
                <CommentForm pm={pm} section={section} onSaved={onSaved} />
              </div>
            )}
          />
          <VersionDiff id={pm.id} current={pm.version} revisions={pm.revisions} />
        </div>
        <aside className="sidebar" aria-label="Approval">
          <section className="card" aria-labelledby="approval-heading">
            <h2 id="approval-heading">Approval</h2>
            <p role="status" className={status.met ? "good" : ""}>
              {status.validCount} of {status.required} approval{status.required === 1 ? "" : "s"}{" "}
              required for {pm.severity}
              {status.met ? " — policy met, ready to publish" : " — policy not met yet"}
            </p>
            {pm.approvals.length > 0 && (
              <ul>
                {pm.approvals.map((a) => (
                  <li key={a.id}>
                    {a.reviewer} approved version {a.version}
                    {a.counted
                      ? ""
                      : a.voided
                        ? " (voided: changes were requested after it)"
                        : " (no longer counts: the content changed after it)"}
                  </li>
                ))}
              </ul>
            )}
            <ReviewActions pm={pm} seen={seen} onSaved={onSaved} />
          </section>
          <section className="card" aria-labelledby="warnings-heading">
            <h2 id="warnings-heading">Blameless-language warnings</h2>
            {pm.blamelessWarnings.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul>
                {pm.blamelessWarnings.map((w) => (
                  <li key={`${w.field}-${w.start}`}>
                    <code>{w.field}</code>: “{w.phrase}” — {w.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="all-comments-heading">
            <h2 id="all-comments-heading">All comments</h2>
            <CommentList pm={pm} onSaved={onSaved} />
          </section>
        </aside>
      </div>
    </>
  );
}

function ChangedWhileReading({
  id,
  seen,
  current,
  onSeen,
}: {
  id: string;
  seen: number;
  current: number;
  onSeen: () => void;
}) {
  const z = useZone();
  const [a] = useQuery({ query: PostmortemAsOfDoc, variables: { id, asOfVersion: seen } });
  const [b] = useQuery({ query: PostmortemAsOfDoc, variables: { id, asOfVersion: current } });
  return (
    <section className="notice" role="region" aria-labelledby="changed-heading">
      <h2 id="changed-heading">
        Changed while you were reading: version {seen} → {current}
      </h2>
      {a.data?.postmortem && b.data?.postmortem && (
        <DiffView
          label="Changes while you were reading"
          before={sectionTexts(a.data.postmortem, a.data.postmortem, z)}
          after={sectionTexts(b.data.postmortem, b.data.postmortem, z)}
        />
      )}
      <button type="button" onClick={onSeen}>
        I have read the changes
      </button>
    </section>
  );
}

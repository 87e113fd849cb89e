// Shown when a save was refused with a ConcurrencyConflict: what changed between the version
// the edit started from and the current one, what the edit would change now, and the choice to
// reapply it or to discard it. The edit stays in the form until the user decides.
import { useEffect, useRef } from "react";
import { useQuery } from "urql";

import { PostmortemAsOfDoc } from "../../api/postmortems";
import { DiffView, TextDiff } from "../../components/DiffView";
import { Failure, Loading } from "../../components/Notes";
import { useZone } from "../../components/TimeZone";
import { sectionTexts, type Content, type SectionText } from "../../lib/sections";

export interface ConflictPanelProps {
  id: string;
  base: number;
  current: number;
  /** Which section the edit is in, and the postmortem with the edit applied. */
  section: SectionText["key"];
  sectionTitle: string;
  pending: (current: Content) => Content;
  saving: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}

export function ConflictPanel(props: ConflictPanelProps) {
  const { id, base, current, section, sectionTitle, pending, saving, onReapply, onDiscard } = props;
  const [before] = useQuery({ query: PostmortemAsOfDoc, variables: { id, asOfVersion: base } });
  const [now] = useQuery({ query: PostmortemAsOfDoc, variables: { id, asOfVersion: current } });
  const heading = useRef<HTMLHeadingElement>(null);
  const z = useZone();
  useEffect(() => heading.current?.focus(), [current]);

  const old = before.data?.postmortem;
  const cur = now.data?.postmortem;
  const error = before.error ?? now.error;
  const mine = cur ? sectionTexts(pending(cur), undefined, z).find((s) => s.key === section) : undefined;
  const theirs = cur ? sectionTexts(cur, undefined, z).find((s) => s.key === section) : undefined;

  return (
    <section className="conflict" role="region" aria-labelledby={`conflict-${section}`}>
      <h3 id={`conflict-${section}`} ref={heading} tabIndex={-1}>
        Not saved: this postmortem changed while you were editing
      </h3>
      <p>
        Your edit of <strong>{sectionTitle}</strong> started from version {base}; the postmortem is
        now at version {current}. Nothing of yours was lost: your edit is still in the form.
      </p>
      {error && <Failure message={error.message} />}
      {(before.fetching || now.fetching) && !error && <Loading />}
      {old && cur && (
        <>
          <h4>What changed since version {base}</h4>
          <DiffView
            headingLevel={5}
            label={`Changes from version ${base} to version ${current}`}
            before={sectionTexts(old, old, z)}
            after={sectionTexts(cur, cur, z)}
          />
          <h4>What your edit would change in version {current}</h4>
          {mine && theirs && mine.text !== theirs.text ? (
            <TextDiff before={theirs.text} after={mine.text} />
          ) : (
            <p>Nothing: version {current} already reads as your edit.</p>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onReapply} disabled={saving || !cur}>
          Reapply my edit on version {current}
        </button>
        <button type="button" onClick={onDiscard} disabled={saving}>
          Discard my edit
        </button>
      </div>
    </section>
  );
}

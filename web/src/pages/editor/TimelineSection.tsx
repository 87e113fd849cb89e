// Timeline: entries in time order; add, edit and remove them, each with its kind.
import { useCallback, useState } from "react";
import { useMutation } from "urql";

import {
  AddTimelineEntryDoc,
  EditTimelineEntryDoc,
  RemoveTimelineEntryDoc,
} from "../../api/postmortems";
import type { Pm } from "../../api/usePostmortem";
import { DateTimeField } from "../../components/DateTimeInput";
import { OutcomeNote } from "../../components/Notes";
import { useZone } from "../../components/TimeZone";
import { WarningsFor } from "../../components/Warnings";
import type { TimelineEntryInput, TimelineKind } from "../../gql/graphql";
import { humanize } from "../../lib/format";
import { outcomeOf, type Outcome } from "../../lib/outcome";
import type { Content } from "../../lib/sections";
import { canonicalInstant } from "../../lib/timezone";
import { useEditor } from "./context";
import { ConflictFor, EditStatus } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

export const TIMELINE_KINDS: TimelineKind[] = [
  "ALERT",
  "PAGE",
  "ACKNOWLEDGEMENT",
  "INVESTIGATION",
  "MITIGATION",
  "COMMUNICATION",
  "DECISION",
  "RESOLUTION",
  "OTHER",
];

interface EntryValues {
  /** ISO instant ("" until entered). */
  at: string;
  kind: TimelineKind;
  description: string;
  source: string;
}

const EMPTY: EntryValues = { at: "", kind: "OTHER", description: "", source: "" };

function entryInput(v: EntryValues): TimelineEntryInput {
  return {
    at: v.at,
    kind: v.kind,
    description: v.description.trim(),
    source: v.source.trim() || null,
  };
}

function withEntry(current: Content, v: EntryValues, entryId: string | null): Content {
  const input = entryInput(v);
  const entry = { id: entryId ?? "new", at: input.at, kind: input.kind, description: input.description, source: input.source ?? null };
  const others = current.timeline.filter((e) => e.id !== entryId);
  const timeline = [...others, entry].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { ...current, timeline };
}

export function TimelineSection() {
  const { pm } = useEditor();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="card edit-section" aria-labelledby="section-TIMELINE">
      <h2 id="section-TIMELINE">Timeline</h2>
      {pm.timeline.length === 0 ? (
        <p className="hint">No entries yet: start with when it began, then alerts, pages and fixes.</p>
      ) : (
        <ol className="timeline">
          {pm.timeline.map((entry, index) => (
            <li key={entry.id}>
              {editing === entry.id ? (
                <EntryForm entryId={entry.id} onDone={() => setEditing(null)} />
              ) : (
                <EntryRow entry={entry} index={index} onEdit={() => setEditing(entry.id)} />
              )}
            </li>
          ))}
        </ol>
      )}
      <EntryForm entryId={null} />
    </section>
  );
}

function EntryRow({
  entry,
  index,
  onEdit,
}: {
  entry: Pm["timeline"][number];
  index: number;
  onEdit: () => void;
}) {
  const { pm, accept, own } = useEditor();
  const z = useZone();
  const [, remove] = useMutation(RemoveTimelineEntryDoc);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  async function onRemove() {
    if (!window.confirm(`Remove the entry “${entry.description}”?`)) return;
    const result = await remove({ id: pm.id, expectedVersion: pm.version, entryId: entry.id });
    const o = outcomeOf(result.data?.removeTimelineEntry, result.error);
    setOutcome(o);
    if (o.kind === "saved") {
      own.add(o.postmortem.version);
      accept(o.postmortem);
    }
  }
  const label = `${z.dateTime(entry.at)} ${entry.description}`;
  return (
    <div className="entry">
      <span className="when">{z.dateTime(entry.at)}</span>{" "}
      <span className="badge kind">{humanize(entry.kind)}</span> <span>{entry.description}</span>
      {entry.source && <span className="hint"> ({entry.source})</span>}
      <span className="row-actions">
        <button type="button" onClick={onEdit} aria-label={`Edit ${label}`}>
          Edit
        </button>
        <button type="button" onClick={onRemove} aria-label={`Remove ${label}`}>
          Remove
        </button>
      </span>
      <WarningsFor field={`timeline[${index}].description`} text={entry.description} warnings={pm.blamelessWarnings} />
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not removed: the postmortem changed meanwhile (now version {outcome.currentVersion}). Check
          the timeline and try again.
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </div>
  );
}

function EntryForm({ entryId, onDone }: { entryId: string | null; onDone?: () => void }) {
  const { pm } = useEditor();
  const [, add] = useMutation(AddTimelineEntryDoc);
  const [, change] = useMutation(EditTimelineEntryDoc);
  const extract = useCallback(
    (p: Pm): EntryValues => {
      const entry = entryId ? p.timeline.find((e) => e.id === entryId) : undefined;
      if (!entry) return EMPTY;
      return {
        at: canonicalInstant(entry.at),
        kind: entry.kind,
        description: entry.description,
        source: entry.source ?? "",
      };
    },
    [entryId],
  );
  const save = useCallback(
    async (values: EntryValues, expectedVersion: number) => {
      const input = entryInput(values);
      if (entryId) {
        const result = await change({ id: pm.id, expectedVersion, entryId, input });
        return outcomeOf(result.data?.editTimelineEntry, result.error);
      }
      const result = await add({ id: pm.id, expectedVersion, input });
      return outcomeOf(result.data?.addTimelineEntry, result.error);
    },
    [add, change, entryId, pm.id],
  );
  const edit = useSectionEdit<EntryValues>({ name: `timeline:${entryId ?? "new"}`, extract, save });
  const { register, control } = edit.form;
  const title = entryId ? "Edit timeline entry" : "Add a timeline entry";
  const gone = entryId !== null && !pm.timeline.some((e) => e.id === entryId);
  return (
    <div className="subform">
      <form
        aria-label={title}
        onSubmit={async (event) => {
          event.preventDefault();
          await edit.submit();
        }}
      >
        <fieldset>
          <legend>{title}</legend>
          {gone && (
            <p role="alert" className="error">
              This entry was removed meanwhile; your text is still here.
            </p>
          )}
          <div className="grid">
            <DateTimeField control={control} name="at" label="Time" required />
            <label>
              Kind
              <select {...register("kind")}>
                {TIMELINE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {humanize(k)}
                  </option>
                ))}
              </select>
            </label>
            <label className="wide">
              What happened
              <input {...register("description", { required: true })} required maxLength={5000} />
            </label>
            <label>
              Source
              <input {...register("source")} placeholder="e.g. PagerDuty" maxLength={200} />
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={edit.saving || !!edit.conflict}>
              {entryId ? "Save entry" : "Add entry"}
            </button>
            {onDone && (
              <button type="button" onClick={onDone}>
                Close
              </button>
            )}
          </div>
        </fieldset>
      </form>
      <EditStatus edit={edit} label={entryId ? "Timeline entry" : "New timeline entry"} />
      <ConflictFor
        edit={edit}
        section="TIMELINE"
        title="Timeline"
        pending={(values, current) => withEntry(current, values, entryId)}
      />
    </div>
  );
}

// Action items: owner, due date, priority, tracker; add, edit, remove, and their status.
import { useCallback, useState } from "react";
import { useMutation } from "urql";

import { AddActionItemDoc, EditActionItemDoc, RemoveActionItemDoc } from "../../api/postmortems";
import type { Pm } from "../../api/usePostmortem";
import { OutcomeNote } from "../../components/Notes";
import { useZone } from "../../components/TimeZone";
import type { ActionItemInput, Priority } from "../../gql/graphql";
import { formatDate, humanize } from "../../lib/format";
import { outcomeOf, type Outcome } from "../../lib/outcome";
import type { Content } from "../../lib/sections";
import { StatusControl } from "../StatusControl";
import { useEditor } from "./context";
import { ConflictFor, EditStatus } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

export const PRIORITIES: Priority[] = ["P0", "P1", "P2", "P3"];

interface ItemValues {
  title: string;
  description: string;
  owner: string;
  dueDate: string;
  priority: Priority;
  tracker: string;
}

const EMPTY: ItemValues = { title: "", description: "", owner: "", dueDate: "", priority: "P2", tracker: "" };

function itemInput(v: ItemValues): ActionItemInput {
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    owner: v.owner.trim() || null,
    dueDate: v.dueDate || null,
    priority: v.priority,
    tracker: v.tracker.trim() || null,
  };
}

function withItem(current: Content, v: ItemValues, itemId: string | null): Content {
  const i = itemInput(v);
  const old = current.actionItems.find((a) => a.id === itemId);
  const item = {
    id: itemId ?? "new",
    title: i.title,
    description: i.description ?? "",
    owner: i.owner ?? null,
    dueDate: i.dueDate ?? null,
    priority: i.priority ?? "P2",
    tracker: i.tracker ?? null,
    status: old?.status ?? "OPEN",
    completedAt: old?.completedAt ?? null,
  };
  const items = itemId
    ? current.actionItems.map((a) => (a.id === itemId ? item : a))
    : [...current.actionItems, item];
  return { ...current, actionItems: items };
}

export function ActionItemsSection() {
  const { pm } = useEditor();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="card edit-section" aria-labelledby="section-ACTION_ITEMS">
      <h2 id="section-ACTION_ITEMS">Action items</h2>
      {pm.actionItems.length === 0 ? (
        <p className="hint">No action items yet. SEV1 and SEV2 need one with an owner and a due date.</p>
      ) : (
        <ul className="items">
          {pm.actionItems.map((item) => (
            <li key={item.id}>
              {editing === item.id ? (
                <ItemForm itemId={item.id} onDone={() => setEditing(null)} />
              ) : (
                <ItemRow item={item} onEdit={() => setEditing(item.id)} />
              )}
            </li>
          ))}
        </ul>
      )}
      <ItemForm itemId={null} />
    </section>
  );
}

function ItemRow({ item, onEdit }: { item: Pm["actionItems"][number]; onEdit: () => void }) {
  const { pm, accept, own } = useEditor();
  const z = useZone();
  const [, remove] = useMutation(RemoveActionItemDoc);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  async function onRemove() {
    if (!window.confirm(`Remove the action item “${item.title}”?`)) return;
    const result = await remove({ id: pm.id, expectedVersion: pm.version, itemId: item.id });
    const o = outcomeOf(result.data?.removeActionItem, result.error);
    setOutcome(o);
    if (o.kind === "saved") {
      own.add(o.postmortem.version);
      accept(o.postmortem);
    }
  }
  return (
    <div className="entry">
      <span className="badge">{item.priority}</span> <strong>{item.title}</strong>{" "}
      <span className="hint">
        {item.owner ? `owner ${item.owner}` : "no owner"} · {item.dueDate ? `due ${formatDate(item.dueDate)}` : "no due date"}
        {item.status && ` · ${humanize(item.status)}`}
        {item.status === "DONE" && item.completedAt && ` (done ${z.dateTime(item.completedAt)})`}
        {item.tracker && ` · ${item.tracker}`}
      </span>
      <span className="row-actions">
        <StatusControl pm={pm} item={item} onSaved={(p) => { own.add(p.version); accept(p); }} />
        <button type="button" onClick={onEdit} aria-label={`Edit action item ${item.title}`}>
          Edit
        </button>
        <button type="button" onClick={onRemove} aria-label={`Remove action item ${item.title}`}>
          Remove
        </button>
      </span>
      {outcome?.kind === "conflict" && (
        <p role="alert" className="error">
          Not removed: the postmortem changed meanwhile (now version {outcome.currentVersion}).
        </p>
      )}
      <OutcomeNote outcome={outcome} />
    </div>
  );
}

function ItemForm({ itemId, onDone }: { itemId: string | null; onDone?: () => void }) {
  const { pm } = useEditor();
  const [, add] = useMutation(AddActionItemDoc);
  const [, change] = useMutation(EditActionItemDoc);
  const extract = useCallback(
    (p: Pm): ItemValues => {
      const item = itemId ? p.actionItems.find((a) => a.id === itemId) : undefined;
      if (!item) return EMPTY;
      return {
        title: item.title,
        description: item.description,
        owner: item.owner ?? "",
        dueDate: item.dueDate ?? "",
        priority: item.priority,
        tracker: item.tracker ?? "",
      };
    },
    [itemId],
  );
  const save = useCallback(
    async (values: ItemValues, expectedVersion: number) => {
      const input = itemInput(values);
      if (itemId) {
        const result = await change({ id: pm.id, expectedVersion, itemId, input });
        return outcomeOf(result.data?.editActionItem, result.error);
      }
      const result = await add({ id: pm.id, expectedVersion, input });
      return outcomeOf(result.data?.addActionItem, result.error);
    },
    [add, change, itemId, pm.id],
  );
  const edit = useSectionEdit<ItemValues>({ name: `action:${itemId ?? "new"}`, extract, save });
  const { register } = edit.form;
  const title = itemId ? "Edit action item" : "Add an action item";
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
          <div className="grid">
            <label className="wide">
              Action item
              <input {...register("title", { required: true })} required maxLength={200} />
            </label>
            <label>
              Owner (team or person)
              <input {...register("owner")} maxLength={200} />
            </label>
            <label>
              Due date
              <input type="date" {...register("dueDate")} />
            </label>
            <label>
              Priority
              <select {...register("priority")}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Tracker key or link
              <input {...register("tracker")} maxLength={2000} />
            </label>
            <label className="wide">
              Description
              <textarea rows={2} {...register("description")} />
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={edit.saving || !!edit.conflict}>
              {itemId ? "Save action item" : "Add action item"}
            </button>
            {onDone && (
              <button type="button" onClick={onDone}>
                Close
              </button>
            )}
          </div>
        </fieldset>
      </form>
      <EditStatus edit={edit} label={itemId ? "Action item" : "New action item"} />
      <ConflictFor
        edit={edit}
        section="ACTION_ITEMS"
        title="Action items"
        pending={(values, current) => withItem(current, values, itemId)}
      />
    </div>
  );
}

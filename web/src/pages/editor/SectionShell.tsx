// The frame of every editable section: heading, form, save button, notices, conflict view.
import type { ReactNode } from "react";
import type { FieldValues } from "react-hook-form";

import { OutcomeNote } from "../../components/Notes";
import type { Section } from "../../gql/graphql";
import type { Content } from "../../lib/sections";
import { ConflictPanel } from "./ConflictPanel";
import { useEditor } from "./context";
import type { SectionEdit } from "./useSectionEdit";

export function EditStatus<V extends FieldValues>({
  edit,
  label,
}: {
  edit: SectionEdit<V>;
  label: string;
}) {
  const { pm } = useEditor();
  return (
    <>
      {edit.stale && !edit.conflict && edit.form.formState.isDirty && (
        <p className="notice" role="status">
          Someone changed this postmortem while you were editing (you started from version{" "}
          {edit.base}; it is now version {pm.version}). Saving shows what changed first.
        </p>
      )}
      {edit.restored && edit.form.formState.isDirty && (
        <p className="notice" role="status">
          Restored your unsaved edit from this tab (it started from version {edit.base}). Save it
          or discard it.
        </p>
      )}
      <OutcomeNote outcome={edit.outcome} />
      <p role="status" className="saved">
        {edit.saving ? `Saving ${label}…` : edit.savedVersion ? `${label} saved (version ${edit.savedVersion}).` : ""}
      </p>
    </>
  );
}

export function ConflictFor<V extends FieldValues>({
  edit,
  section,
  title,
  pending,
}: {
  edit: SectionEdit<V>;
  section: Section;
  title: string;
  pending: (values: V, current: Content) => Content;
}) {
  const { pm } = useEditor();
  if (!edit.conflict) return null;
  const values = edit.conflict.values;
  return (
    <ConflictPanel
      id={pm.id}
      base={edit.conflict.base}
      current={edit.conflict.current}
      section={section}
      sectionTitle={title}
      pending={(current) => pending(values, current)}
      saving={edit.saving}
      onReapply={edit.reapply}
      onDiscard={edit.discard}
    />
  );
}

export function SectionShell<V extends FieldValues>({
  edit,
  section,
  title,
  pending,
  children,
  saveLabel,
  extra,
}: {
  edit: SectionEdit<V>;
  section: Section;
  title: string;
  pending: (values: V, current: Content) => Content;
  children: ReactNode;
  saveLabel?: string;
  extra?: ReactNode;
}) {
  const headingId = `section-${section}`;
  return (
    <section className="card edit-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {extra}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void edit.submit();
        }}
        aria-label={title}
      >
        {children}
        <div className="actions">
          <button type="submit" className="primary" disabled={edit.saving || edit.conflict !== null}>
            {saveLabel ?? `Save ${title.toLowerCase()}`}
          </button>
          {edit.form.formState.isDirty && !edit.conflict && (
            <>
              <button type="button" onClick={edit.discard}>
                Discard changes
              </button>
              <span className="hint">Unsaved changes</span>
            </>
          )}
        </div>
      </form>
      <EditStatus edit={edit} label={title} />
      <ConflictFor edit={edit} section={section} title={title} pending={pending} />
    </section>
  );
}

// One editable part of a postmortem: its form, the version it started from, and what happens
// on save (expectedVersion = that version), on a conflict, on reapply and on discard.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type UseFormReturn } from "react-hook-form";

import type { Pm } from "../../api/usePostmortem";
import { nextBase } from "../../lib/concurrency";
import { readUnsaved, unsavedKey } from "../../lib/unsaved";
import type { Outcome } from "../../lib/outcome";
import { useEditor } from "./context";

export interface Conflict<V> {
  /** The version the edit started from. */
  base: number;
  /** The version the service has now. */
  current: number;
  values: V;
}

export interface SectionEdit<V extends FieldValues> {
  name: string;
  /** The edit was restored from this tab's storage (after a reload or a new sign-in). */
  restored: boolean;
  form: UseFormReturn<V>;
  base: number;
  /** The postmortem moved on (not by this page) since this edit started. */
  stale: boolean;
  saving: boolean;
  savedVersion: number | null;
  outcome: Outcome | null;
  conflict: Conflict<V> | null;
  submit: () => Promise<void>;
  reapply: () => Promise<void>;
  discard: () => void;
}

export function useSectionEdit<V extends FieldValues>(options: {
  name: string;
  extract: (pm: Pm) => V;
  save: (values: V, expectedVersion: number) => Promise<Outcome>;
}): SectionEdit<V> {
  const { pm, own, accept, setDirty } = useEditor();
  const { name, extract, save } = options;
  const form = useForm<V>({ defaultValues: extract(pm) as DefaultValues<V> });
  const [base, setBase] = useState(pm.version);
  const [saving, setSaving] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [conflict, setConflict] = useState<Conflict<V> | null>(null);
  const dirty = form.formState.isDirty || conflict !== null;
  const extractRef = useRef(extract);
  extractRef.current = extract;
  const storageKey = unsavedKey(pm.id, name);
  const [restored, setRestored] = useState(false);

  // Unsaved input survives a reload or an expired session in this tab: restore it with the
  // version it started from (a conflict then shows what changed meanwhile).
  useEffect(() => {
    const stored = readUnsaved<V>(storageKey);
    if (stored) {
      form.reset(stored.values as DefaultValues<V>, { keepDefaultValues: true });
      setBase(stored.base);
      setRestored(true);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey]);
  const values = JSON.stringify(form.watch());
  useEffect(() => {
    if (form.formState.isDirty) {
      sessionStorage.setItem(storageKey, JSON.stringify({ base, values: JSON.parse(values) }));
    } else {
      sessionStorage.removeItem(storageKey);
    }
  }, [base, form.formState.isDirty, storageKey, values]);

  useEffect(() => setDirty(name, dirty), [name, dirty, setDirty]);
  useEffect(() => () => setDirty(name, false), [name, setDirty]);

  // A newer version arrived: follow it when nothing is being edited (or only this page moved it).
  // A layout effect runs in the same task as the render, so no keystroke can slip in between
  // the check for unsaved input and the reset.
  const conflictRef = useRef(conflict);
  conflictRef.current = conflict;
  useLayoutEffect(() => {
    const editing = form.formState.isDirty || conflictRef.current !== null;
    setBase((b) => nextBase(b, pm.version, editing, own));
    if (!editing) form.reset(extractRef.current(pm) as DefaultValues<V>);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pm.version]);

  const finish = useCallback(
    (result: Outcome, values: V, conflictBase: number) => {
      setOutcome(result);
      if (result.kind === "saved") {
        setRestored(false);
        own.add(result.postmortem.version);
        setConflict(null);
        setBase(result.postmortem.version);
        setSavedVersion(result.postmortem.version);
        form.reset(extractRef.current(result.postmortem) as DefaultValues<V>);
        accept(result.postmortem);
      } else if (result.kind === "conflict") {
        setConflict({ base: conflictBase, current: result.currentVersion, values });
      }
    },
    [accept, form, own],
  );

  const run = useCallback(
    async (values: V, expected: number, conflictBase: number) => {
      setSaving(true);
      setSavedVersion(null);
      try {
        finish(await save(values, expected), values, conflictBase);
      } catch (error) {
        setOutcome({ kind: "refused", message: (error as Error).message });
      } finally {
        setSaving(false);
      }
    },
    [finish, save],
  );

  const submit = useCallback(
    () => form.handleSubmit((values) => run(values, base, base))(),
    [base, form, run],
  );
  const reapply = useCallback(async () => {
    if (conflict) await run(conflict.values, conflict.current, conflict.base);
  }, [conflict, run]);
  const discard = useCallback(() => {
    setRestored(false);
    setConflict(null);
    setOutcome(null);
    setBase(pm.version);
    form.reset(extractRef.current(pm) as DefaultValues<V>);
  }, [form, pm]);

  return {
    name,
    restored,
    form,
    base,
    stale: base < pm.version && !own.covers(base, pm.version),
    saving,
    savedVersion,
    outcome,
    conflict,
    submit,
    reapply,
    discard,
  };
}

import { useCallback } from "react";
import { useMutation } from "urql";

import { WriteSummaryDoc } from "../../api/postmortems";
import type { Pm } from "../../api/usePostmortem";
import { WarningsFor } from "../../components/Warnings";
import { outcomeOf } from "../../lib/outcome";
import { useEditor } from "./context";
import { SectionShell } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

interface Values {
  summary: string;
}

export function SummarySection() {
  const { pm } = useEditor();
  const [, write] = useMutation(WriteSummaryDoc);
  const save = useCallback(
    async (values: Values, expectedVersion: number) => {
      const result = await write({ id: pm.id, expectedVersion, input: { summary: values.summary } });
      return outcomeOf(result.data?.writeSummary, result.error);
    },
    [pm.id, write],
  );
  const edit = useSectionEdit<Values>({
    name: "summary",
    extract: (p: Pm) => ({ summary: p.summary }),
    save,
  });
  return (
    <SectionShell
      edit={edit}
      section="SUMMARY"
      title="Summary"
      pending={(values, current) => ({ ...current, summary: values.summary })}
    >
      <label>
        Summary for non-technical readers
        <textarea rows={5} {...edit.form.register("summary")} />
      </label>
      <WarningsFor field="summary" text={pm.summary} warnings={pm.blamelessWarnings} />
    </SectionShell>
  );
}

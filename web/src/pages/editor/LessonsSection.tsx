import { useCallback } from "react";
import { useMutation } from "urql";

import { WriteLessonsDoc } from "../../api/postmortems";
import type { Pm } from "../../api/usePostmortem";
import { WarningsFor } from "../../components/Warnings";
import { outcomeOf } from "../../lib/outcome";
import { useEditor } from "./context";
import { lines } from "./RootCauseSection";
import { SectionShell } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

interface Values {
  wentWell: string;
  wentBadly: string;
}

export function LessonsSection() {
  const { pm } = useEditor();
  const [, write] = useMutation(WriteLessonsDoc);
  const save = useCallback(
    async (values: Values, expectedVersion: number) => {
      const input = { wentWell: lines(values.wentWell), wentBadly: lines(values.wentBadly) };
      const result = await write({ id: pm.id, expectedVersion, input });
      return outcomeOf(result.data?.writeLessons, result.error);
    },
    [pm.id, write],
  );
  const edit = useSectionEdit<Values>({
    name: "lessons",
    extract: (p: Pm) => ({ wentWell: p.wentWell.join("\n"), wentBadly: p.wentBadly.join("\n") }),
    save,
  });
  const { register } = edit.form;
  return (
    <SectionShell
      edit={edit}
      section="LESSONS"
      title="What went well and what didn't"
      saveLabel="Save lessons"
      pending={(v, c) => ({ ...c, wentWell: lines(v.wentWell), wentBadly: lines(v.wentBadly) })}
    >
      <div className="columns">
        <label>
          What went well (one per line)
          <textarea rows={4} {...register("wentWell")} />
        </label>
        <label>
          What didn't go well (one per line)
          <textarea rows={4} {...register("wentBadly")} />
        </label>
      </div>
      {pm.wentWell.map((t, i) => (
        <WarningsFor key={`w${i}`} field={`wentWell[${i}]`} text={t} warnings={pm.blamelessWarnings} />
      ))}
      {pm.wentBadly.map((t, i) => (
        <WarningsFor key={`b${i}`} field={`wentBadly[${i}]`} text={t} warnings={pm.blamelessWarnings} />
      ))}
    </SectionShell>
  );
}

// Root-cause analysis: the why → because chain, the statement, its category, contributing factors.
import { useCallback } from "react";
import { useFieldArray } from "react-hook-form";
import { useMutation } from "urql";

import { WriteRootCauseDoc } from "../../api/postmortems";
import type { Pm } from "../../api/usePostmortem";
import { WarningsFor } from "../../components/Warnings";
import type { RootCauseAnalysisInput, RootCauseCategory } from "../../gql/graphql";
import { humanize } from "../../lib/format";
import { outcomeOf } from "../../lib/outcome";
import type { Content } from "../../lib/sections";
import { useEditor } from "./context";
import { SectionShell } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

export const CATEGORIES: RootCauseCategory[] = [
  "CONFIGURATION",
  "DEPLOYMENT",
  "CODE_DEFECT",
  "CAPACITY",
  "DEPENDENCY",
  "PROCESS",
  "SECURITY",
  "INFRASTRUCTURE",
  "UNKNOWN",
];

interface Values {
  whys: { why: string; because: string }[];
  statement: string;
  category: RootCauseCategory | "";
  factors: string;
}

export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function input(v: Values): RootCauseAnalysisInput {
  return {
    whys: v.whys
      .map((w) => ({ why: w.why.trim(), because: w.because.trim() }))
      .filter((w) => w.why || w.because),
    statement: v.statement.trim(),
    category: v.category || null,
    contributingFactors: lines(v.factors),
  };
}

function withRootCause(current: Content, v: Values): Content {
  const i = input(v);
  return {
    ...current,
    rootCause: {
      whys: i.whys ?? [],
      statement: i.statement ?? "",
      category: i.category ?? null,
      contributingFactors: i.contributingFactors ?? [],
    },
  };
}

function extract(p: Pm): Values {
  const rc = p.rootCause;
  return {
    whys: rc.whys.map((w) => ({ why: w.why, because: w.because })),
    statement: rc.statement,
    category: rc.category ?? "",
    factors: rc.contributingFactors.join("\n"),
  };
}

export function RootCauseSection() {
  const { pm } = useEditor();
  const [, write] = useMutation(WriteRootCauseDoc);
  const save = useCallback(
    async (values: Values, expectedVersion: number) => {
      const result = await write({ id: pm.id, expectedVersion, input: input(values) });
      return outcomeOf(result.data?.writeRootCauseAnalysis, result.error);
    },
    [pm.id, write],
  );
  const edit = useSectionEdit<Values>({ name: "root_cause", extract, save });
  const { register, control } = edit.form;
  const whys = useFieldArray({ control, name: "whys" });
  const warnings = pm.blamelessWarnings;
  return (
    <SectionShell
      edit={edit}
      section="ROOT_CAUSE"
      title="Root cause analysis"
      pending={(values, current) => withRootCause(current, values)}
    >
      <fieldset>
        <legend>Five whys: ask “why” until you reach a cause in the system</legend>
        <ol className="whys-edit">
          {whys.fields.map((field, index) => (
            <li key={field.id}>
              <label>
                Why {index + 1}
                <input {...register(`whys.${index}.why` as const)} />
              </label>
              <label>
                Because {index + 1}
                <input {...register(`whys.${index}.because` as const)} />
              </label>
              <button type="button" onClick={() => whys.remove(index)} aria-label={`Remove why ${index + 1}`}>
                Remove
              </button>
              <WarningsFor field={`rootCause.whys[${index}].why`} text={pm.rootCause.whys[index]?.why ?? ""} warnings={warnings} />
              <WarningsFor field={`rootCause.whys[${index}].because`} text={pm.rootCause.whys[index]?.because ?? ""} warnings={warnings} />
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => whys.append({ why: "", because: "" })}>
          Add a why
        </button>
      </fieldset>
      <label>
        Root cause statement
        <textarea rows={3} {...register("statement")} />
      </label>
      <WarningsFor field="rootCause.statement" text={pm.rootCause.statement} warnings={warnings} />
      <label>
        Root cause category
        <select {...register("category")}>
          <option value="">Not chosen yet</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {humanize(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Contributing factors (one per line)
        <textarea rows={3} {...register("factors")} />
      </label>
      {pm.rootCause.contributingFactors.map((factor, index) => (
        <WarningsFor key={index} field={`rootCause.contributingFactors[${index}]`} text={factor} warnings={warnings} />
      ))}
    </SectionShell>
  );
}

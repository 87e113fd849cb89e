// Impact: users affected, downtime, support tickets, revenue loss, response effort, flags, notes.
import { useCallback } from "react";
import { useMutation } from "urql";

import { AssessImpactDoc } from "../../api/postmortems";
import type { Pm } from "../../api/usePostmortem";
import { WarningsFor } from "../../components/Warnings";
import type { ImpactInput } from "../../gql/graphql";
import { outcomeOf } from "../../lib/outcome";
import type { Content } from "../../lib/sections";
import { useEditor } from "./context";
import { SectionShell } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

interface Values {
  usersAffectedCount: string;
  usersAffectedPercent: string;
  downtimeMinutes: string;
  supportTickets: string;
  revenueAmount: string;
  revenueCurrency: string;
  engineers: string;
  hours: string;
  customerFacing: "" | "yes" | "no";
  slaBreached: "" | "yes" | "no";
  notes: string;
}

const num = (v: string): number | null => (v.trim() === "" ? null : Number(v));
const int = (v: string): number | null => (v.trim() === "" ? null : Math.trunc(Number(v)));
const yesNo = (v: string): boolean | null => (v === "" ? null : v === "yes");
const str = (v: number | null | undefined): string => (v === null || v === undefined ? "" : String(v));
const flag = (v: boolean | null): "" | "yes" | "no" => (v === null ? "" : v ? "yes" : "no");

function input(v: Values): ImpactInput {
  const engineers = int(v.engineers);
  const hours = num(v.hours);
  return {
    usersAffectedCount: int(v.usersAffectedCount),
    usersAffectedPercent: num(v.usersAffectedPercent),
    downtimeMinutes: int(v.downtimeMinutes),
    supportTickets: int(v.supportTickets),
    revenueLoss: v.revenueAmount.trim()
      ? { amount: v.revenueAmount.trim(), currency: v.revenueCurrency.trim().toUpperCase() || "USD" }
      : null,
    responders: engineers === null && hours === null ? null : { engineers, hours },
    customerFacing: yesNo(v.customerFacing),
    slaBreached: yesNo(v.slaBreached),
    notes: v.notes,
  };
}

function extract(p: Pm): Values {
  const i = p.impact;
  return {
    usersAffectedCount: str(i.usersAffectedCount),
    usersAffectedPercent: str(i.usersAffectedPercent),
    downtimeMinutes: i.downtimeDerived ? "" : str(i.downtimeMinutes),
    supportTickets: str(i.supportTickets),
    revenueAmount: i.revenueLoss?.amount ?? "",
    revenueCurrency: i.revenueLoss?.currency ?? "USD",
    engineers: str(i.responders?.engineers),
    hours: str(i.responders?.hours),
    customerFacing: flag(i.customerFacing),
    slaBreached: flag(i.slaBreached),
    notes: i.notes,
  };
}

function withImpact(current: Content, v: Values): Content {
  const i = input(v);
  return {
    ...current,
    impact: {
      ...current.impact,
      usersAffectedCount: i.usersAffectedCount ?? null,
      usersAffectedPercent: i.usersAffectedPercent ?? null,
      downtimeMinutes: i.downtimeMinutes ?? current.impact.downtimeMinutes,
      downtimeDerived: i.downtimeMinutes === null ? current.impact.downtimeDerived : false,
      supportTickets: i.supportTickets ?? null,
      revenueLoss: i.revenueLoss ?? null,
      responders: i.responders ? { engineers: i.responders.engineers ?? null, hours: i.responders.hours ?? null } : null,
      customerFacing: i.customerFacing ?? null,
      slaBreached: i.slaBreached ?? null,
      notes: i.notes ?? "",
    },
  };
}

export function ImpactSection() {
  const { pm } = useEditor();
  const [, assess] = useMutation(AssessImpactDoc);
  const save = useCallback(
    async (values: Values, expectedVersion: number) => {
      const result = await assess({ id: pm.id, expectedVersion, input: input(values) });
      return outcomeOf(result.data?.assessImpact, result.error);
    },
    [assess, pm.id],
  );
  const edit = useSectionEdit<Values>({ name: "impact", extract, save });
  const { register } = edit.form;
  const derived = pm.impact.downtimeDerived && pm.impact.downtimeMinutes !== null;
  return (
    <SectionShell edit={edit} section="IMPACT" title="Impact" pending={(v, c) => withImpact(c, v)}>
      <div className="grid">
        <label>
          Users affected
          <input type="number" min={0} step={1} {...register("usersAffectedCount")} />
        </label>
        <label>
          Users affected (%)
          <input type="number" min={0} max={100} step="any" {...register("usersAffectedPercent")} />
        </label>
        <label>
          Downtime (minutes)
          <input
            type="number"
            min={0}
            step={1}
            placeholder={derived ? `${pm.impact.downtimeMinutes} from the incident window` : ""}
            {...register("downtimeMinutes")}
          />
        </label>
        <label>
          Support tickets
          <input type="number" min={0} step={1} {...register("supportTickets")} />
        </label>
        <label>
          Revenue loss
          <input inputMode="decimal" pattern="[0-9]+(\.[0-9]+)?" {...register("revenueAmount")} />
        </label>
        <label>
          Currency (ISO 4217)
          <input maxLength={3} {...register("revenueCurrency")} />
        </label>
        <label>
          Engineers responding
          <input type="number" min={0} step={1} {...register("engineers")} />
        </label>
        <label>
          Hours each
          <input type="number" min={0} step="any" {...register("hours")} />
        </label>
        <label>
          Customer-facing
          <select {...register("customerFacing")}>
            <option value="">Unknown</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </label>
        <label>
          SLA breached
          <select {...register("slaBreached")}>
            <option value="">Unknown</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </label>
      </div>
      <label>
        Notes
        <textarea rows={3} {...register("notes")} />
      </label>
      <WarningsFor field="impact.notes" text={pm.impact.notes} warnings={pm.blamelessWarnings} />
    </SectionShell>
  );
}

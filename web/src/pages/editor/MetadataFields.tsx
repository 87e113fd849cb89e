// Title, severity, incident window, services, tags, team: the create form and the editor. The
// window's times are ISO instants in the form, entered in the chosen zone.
import type { UseFormReturn } from "react-hook-form";

import { DateTimeField } from "../../components/DateTimeInput";
import type { MetadataInput, Severity } from "../../gql/graphql";
import { splitList } from "../../lib/format";
import type { Content } from "../../lib/sections";
import { canonicalInstant } from "../../lib/timezone";

export interface MetadataValues {
  title: string;
  severity: Severity;
  startedAt: string;
  detectedAt: string;
  mitigatedAt: string;
  resolvedAt: string;
  services: string;
  tags: string;
  team: string;
}

export const SEVERITY_HELP: Record<Severity, string> = {
  SEV1: "SEV1 — critical, widespread",
  SEV2: "SEV2 — major",
  SEV3: "SEV3 — minor",
  SEV4: "SEV4 — low",
};

export function metadataValues(c: Content): MetadataValues {
  const w = c.incidentWindow;
  return {
    title: c.title,
    severity: c.severity,
    startedAt: canonicalInstant(w.startedAt),
    detectedAt: canonicalInstant(w.detectedAt),
    mitigatedAt: canonicalInstant(w.mitigatedAt),
    resolvedAt: canonicalInstant(w.resolvedAt),
    services: c.services.join(", "),
    tags: c.tags.join(", "),
    team: c.team ?? "",
  };
}

export function metadataInput(v: MetadataValues): MetadataInput {
  return {
    title: v.title.trim(),
    severity: v.severity,
    incidentWindow: {
      startedAt: v.startedAt,
      detectedAt: v.detectedAt || null,
      mitigatedAt: v.mitigatedAt || null,
      resolvedAt: v.resolvedAt || null,
    },
    services: splitList(v.services),
    tags: splitList(v.tags),
    team: v.team.trim() || null,
  };
}

export function withMetadata(current: Content, v: MetadataValues): Content {
  const input = metadataInput(v);
  return {
    ...current,
    title: input.title,
    severity: input.severity,
    incidentWindow: {
      startedAt: input.incidentWindow.startedAt,
      detectedAt: input.incidentWindow.detectedAt ?? null,
      mitigatedAt: input.incidentWindow.mitigatedAt ?? null,
      resolvedAt: input.incidentWindow.resolvedAt ?? null,
    },
    services: input.services ?? [],
    tags: input.tags ?? [],
    team: input.team ?? null,
  };
}

export function MetadataFields({ form }: { form: UseFormReturn<MetadataValues> }) {
  const { register, control } = form;
  return (
    <div className="grid">
      <label className="wide">
        Title
        <input {...register("title", { required: true })} required maxLength={200} />
      </label>
      <label>
        Severity
        <select {...register("severity")}>
          {(Object.keys(SEVERITY_HELP) as Severity[]).map((s) => (
            <option key={s} value={s}>
              {SEVERITY_HELP[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Team
        <input {...register("team")} maxLength={200} />
      </label>
      <label>
        Services (comma-separated)
        <input {...register("services")} />
      </label>
      <label>
        Tags (comma-separated)
        <input {...register("tags")} />
      </label>
      <DateTimeField control={control} name="startedAt" label="Started" required />
      <DateTimeField control={control} name="detectedAt" label="Detected" />
      <DateTimeField control={control} name="mitigatedAt" label="Mitigated" />
      <DateTimeField control={control} name="resolvedAt" label="Resolved" />
    </div>
  );
}

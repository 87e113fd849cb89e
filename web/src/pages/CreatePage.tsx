// A new postmortem: its incident details first; the editor takes over from there.
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import { afterSave } from "../api/afterSave";
import { CreatePostmortemDoc } from "../api/postmortems";
import { OutcomeNote } from "../components/Notes";
import { useZone } from "../components/TimeZone";
import { outcomeOf, type Outcome } from "../lib/outcome";
import { MetadataFields, metadataInput, type MetadataValues } from "./editor/MetadataFields";

export default function CreatePage() {
  const navigate = useNavigate();
  const [, create] = useMutation(CreatePostmortemDoc);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { zone } = useZone();
  const [incidentRef, setIncidentRef] = useState("");
  const form = useForm<MetadataValues>({
    defaultValues: {
      title: "",
      severity: "SEV3",
      startedAt: "",
      detectedAt: "",
      mitigatedAt: "",
      resolvedAt: "",
      services: "",
      tags: "",
      team: "",
    },
  });
  useEffect(() => {
    document.title = "New postmortem · Postmortems";
  }, []);

  const onSubmit = form.handleSubmit(async (values) => {
    const input = { ...metadataInput(values), incidentRef: incidentRef.trim() || null };
    const result = await create({ input });
    const o = outcomeOf(result.data?.createPostmortem, result.error);
    setOutcome(o);
    // The editor waits for the read model to show the new postmortem (a PENDING answer).
    if (o.kind === "saved") navigate(`/postmortems/${o.postmortem.id}/edit`, afterSave(o.postmortem));
  });

  return (
    <section className="card narrow">
      <h1>New postmortem</h1>
      <p className="hint">
        Start with the incident details; you write the summary, timeline, root cause, impact,
        lessons and action items next. Times are in {zone} (change it at the top of the page).
      </p>
      <form onSubmit={onSubmit} aria-label="New postmortem">
        <MetadataFields form={form} />
        <label>
          Incident key in the paging tool (optional, unique)
          <input value={incidentRef} onChange={(e) => setIncidentRef(e.target.value)} maxLength={200} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
            Create draft
          </button>
        </div>
      </form>
      <OutcomeNote outcome={outcome} />
    </section>
  );
}

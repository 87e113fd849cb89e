// The completeness checklist: what the review policy asks for before submission. The service
// says what is missing (`submissionProblems`, each field named as the GraphQL inputs name it:
// `rootCause.statement`); this names every requirement it knows.
export interface Problem {
  field: string;
  message: string;
}

export const REQUIREMENTS: { field: string; label: string }[] = [
  { field: "summary", label: "Summary written" },
  { field: "timeline", label: "Timeline has at least one entry" },
  { field: "rootCause.whys", label: "Five whys started (at least one why → because)" },
  { field: "rootCause.statement", label: "Root cause statement" },
  { field: "rootCause.category", label: "Root cause category" },
  { field: "impact", label: "Impact assessed" },
  { field: "incidentWindow.resolvedAt", label: "Resolution time in the incident details" },
  { field: "actionItems", label: "Action item with an owner and a due date (SEV1/SEV2)" },
];

export function checklist(problems: readonly Problem[]) {
  // A field may have several problems (a missing piece and blocking blameless warnings): all
  // their messages are shown.
  const known = REQUIREMENTS.map((r) => {
    const mine = problems.filter((p) => p.field === r.field);
    return { ...r, done: mine.length === 0, message: mine.map((p) => p.message).join("; ") || null };
  });
  const other = problems
    .filter((p) => !REQUIREMENTS.some((r) => r.field === p.field))
    .map((p) => ({ field: p.field, label: p.field, done: false, message: p.message }));
  return [...known, ...other];
}

export function Checklist({ problems }: { problems: readonly Problem[] }) {
  const items = checklist(problems);
  const missing = items.filter((i) => !i.done).length;
  return (
    <section className="checklist" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Ready for review?</h2>
      <p role="status">
        {missing === 0 ? "Everything the review policy asks for is there." : `${missing} missing`}
      </p>
      <ul>
        {items.map((item, index) => (
          <li key={`${index}:${item.field}`} className={item.done ? "done" : "missing"}>
            <span aria-hidden="true">{item.done ? "✔" : "✘"}</span>{" "}
            <span className="visually-hidden">{item.done ? "Done: " : "Missing: "}</span>
            {item.label}
            {item.message && <span className="hint"> — {item.message}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

// The completeness checklist: what the review policy asks for before submission. The service
// says what is missing (`submissionProblems`); this names every requirement it knows.
export interface Problem {
  field: string;
  message: string;
}

export const REQUIREMENTS: { field: string; label: string }[] = [
  { field: "summary", label: "Summary written" },
  { field: "timeline", label: "Timeline has at least one entry" },
  { field: "root_cause.whys", label: "Five whys started (at least one why → because)" },
  { field: "root_cause.statement", label: "Root cause statement" },
  { field: "root_cause.category", label: "Root cause category" },
  { field: "impact", label: "Impact assessed" },
  { field: "window.resolved_at", label: "Resolution time in the incident details" },
  { field: "action_items", label: "Action item with an owner and a due date (SEV1/SEV2)" },
];

export function checklist(problems: readonly Problem[]) {
  const known = REQUIREMENTS.map((r) => {
    const problem = problems.find((p) => p.field === r.field);
    return { ...r, done: !problem, message: problem?.message ?? null };
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
        {items.map((item) => (
          <li key={item.field} className={item.done ? "done" : "missing"}>
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

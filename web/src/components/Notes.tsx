import type { Outcome } from "../lib/outcome";

/** What went wrong with a save, with every field problem the service listed. */
export function OutcomeNote({ outcome }: { outcome: Outcome | null }) {
  if (!outcome || outcome.kind === "saved" || outcome.kind === "conflict") return null;
  return (
    <div role="alert" className="error">
      <p>{outcome.message}</p>
      {outcome.kind === "invalid" && outcome.fields.length > 0 && (
        <ul>
          {outcome.fields.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  return <p role="status">Loading…</p>;
}

export function Failure({ message }: { message: string }) {
  return (
    <p role="alert" className="error">
      {message.replace(/^\[\w+\]\s*/, "")}
    </p>
  );
}

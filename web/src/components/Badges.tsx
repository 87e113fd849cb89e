import type { PostmortemState, Severity } from "../gql/graphql";
import { humanize } from "../lib/format";

export function StateBadge({ state }: { state: PostmortemState | string }) {
  return <span className={`badge state-${state.toLowerCase()}`}>{humanize(state)}</span>;
}

export function SeverityBadge({ severity }: { severity: Severity | string | null | undefined }) {
  if (!severity) return null;
  return (
    <span className={`badge sev-${severity.toLowerCase()}`} title={`Severity ${severity.slice(3)}`}>
      {severity}
    </span>
  );
}

export function Flag({ children, tone }: { children: string; tone: "warn" | "bad" | "good" }) {
  return <span className={`badge flag-${tone}`}>{children}</span>;
}

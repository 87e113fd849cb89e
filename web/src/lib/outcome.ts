// What a mutation answered: the postmortem, or one of the typed errors of PostmortemResult.
import type { CombinedError } from "urql";

import type { ResultFieldsFragment } from "../gql/graphql";

export type Saved = Extract<ResultFieldsFragment, { __typename: "Postmortem" }>;

export type Outcome =
  | { kind: "saved"; postmortem: Saved }
  | { kind: "conflict"; message: string; currentVersion: number; expectedVersion: number | null }
  | { kind: "invalid"; message: string; fields: { field: string; message: string }[] }
  | { kind: "refused"; message: string };

export function outcomeOf(
  result: ResultFieldsFragment | null | undefined,
  error?: CombinedError,
): Outcome {
  if (!result) {
    return { kind: "refused", message: error?.message.replace(/^\[\w+\]\s*/, "") ?? "No answer" };
  }
  switch (result.__typename) {
    case "Postmortem":
      return { kind: "saved", postmortem: result };
    case "ConcurrencyConflict":
      return {
        kind: "conflict",
        message: result.message,
        currentVersion: result.currentVersion,
        expectedVersion: result.expectedVersion,
      };
    case "ValidationError":
      return { kind: "invalid", message: result.message, fields: result.fields };
    default:
      return { kind: "refused", message: result.message };
  }
}

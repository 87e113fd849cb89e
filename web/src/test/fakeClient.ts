// A urql client that answers each operation by name from handlers, and records every call.
import type { DocumentNode, OperationDefinitionNode } from "graphql";
import type { Client, Operation } from "urql";
import { fromValue, never } from "wonka";

export type Handler = (variables: Record<string, unknown>, call: number) => unknown;

export interface Call {
  name: string;
  variables: Record<string, unknown>;
}

function nameOf(operation: Operation): string {
  const doc = operation.query as DocumentNode;
  const definition = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
  );
  return definition?.name?.value ?? "anonymous";
}

export function fakeClient(handlers: Record<string, Handler>): { client: Client; calls: Call[] } {
  const calls: Call[] = [];
  const counts: Record<string, number> = {};
  const answer = (operation: Operation) => {
    const name = nameOf(operation);
    const variables = (operation.variables ?? {}) as Record<string, unknown>;
    calls.push({ name, variables });
    counts[name] = (counts[name] ?? 0) + 1;
    const handler = handlers[name];
    if (!handler) throw new Error(`no handler for ${name}`);
    return fromValue({ operation, data: handler(variables, counts[name]), stale: false, hasNext: false });
  };
  const client = {
    executeQuery: answer,
    executeMutation: answer,
    executeSubscription: () => never,
  } as unknown as Client;
  return { client, calls };
}

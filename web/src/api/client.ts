// The GraphQL client: HTTP for queries and mutations, graphql-transport-ws (graphql-ws) for
// subscriptions; every request carries the session's bearer token in a header.
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import {
  Client,
  cacheExchange,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
} from "urql";

export interface ClientOptions {
  token: string;
  /** Called when the service refuses the token (expired or revoked). */
  onUnauthenticated: () => void;
}

export function websocketUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}${path}`;
}

export function createApiClient({ token, onUnauthenticated }: ClientOptions): {
  client: Client;
  dispose: () => void;
} {
  let ws: WsClient | null = null;
  const websocket = (): WsClient => {
    ws ??= createWsClient({
      url: websocketUrl("/graphql"),
      connectionParams: { Authorization: `Bearer ${token}` },
      lazy: true,
      retryAttempts: 20,
      shouldRetry: () => true,
    });
    return ws;
  };
  const client = new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    preferGetMethod: false, // POST: no query or variables in URLs (logs, proxies)
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${token}` } }),
    exchanges: [
      mapExchange({
        onError(error) {
          const status = (error.response as Response | undefined)?.status;
          if (status === 401) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = websocket().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws?.dispose() };
}

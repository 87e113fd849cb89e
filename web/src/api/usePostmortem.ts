// One postmortem, kept current: the query, then every newer version from the
// `postmortemChanged` subscription and from this page's own mutations.
import { useCallback, useEffect, useState } from "react";
import { useQuery, useSubscription } from "urql";

import type { PostmortemQuery } from "../gql/graphql";
import { PostmortemChangedDoc, PostmortemDoc } from "./postmortems";

export type Pm = NonNullable<PostmortemQuery["postmortem"]>;

export function usePostmortem(id: string) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: PostmortemDoc,
    variables: { id },
    requestPolicy: "network-only",
  });
  const [latest, setLatest] = useState<Pm | null>(null);

  // Newer versions win; the same version again replaces it only with news of its read model
  // (PENDING after a mutation, CURRENT once the subscription or a query shows it projected).
  const accept = useCallback((pm: Pm) => {
    setLatest((now) => {
      if (!now || now.id !== pm.id || pm.version > now.version) return pm;
      if (pm.version === now.version && pm.readModel.state !== now.readModel.state) return pm;
      return now;
    });
  }, []);

  useEffect(() => {
    if (data?.postmortem) accept(data.postmortem);
  }, [data, accept]);

  useSubscription(
    { query: PostmortemChangedDoc, variables: { id }, pause: !data?.postmortem },
    (_, event) => {
      accept(event.postmortemChanged);
      return event;
    },
  );

  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const pm = latest && latest.id === id ? latest : null;
  return { pm, accept, refetch, error, fetching, missing: !!data && !data.postmortem };
}

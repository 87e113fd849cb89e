// One postmortem, kept current: the query, then every newer version from the
// `postmortemChanged` subscription and from this page's own mutations. A page reached right
// after a mutation (see afterSave) waits, re-querying, until the read model shows that version.
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";
import { useQuery, useSubscription } from "urql";

import { CATCH_UP_LIMIT_MS, catchUpDelay, savedFrom } from "./afterSave";

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
  const missing = !!data && !data.postmortem;

  // Saved, but the read model did not show it yet (PENDING): null, or an older version. Query
  // again with a growing pause until it does, for at most CATCH_UP_LIMIT_MS.
  const saved = savedFrom(useLocation().state, id);
  const [gaveUp, setGaveUp] = useState(false);
  const [tick, setTick] = useState(0);
  const since = useRef<number | null>(null);
  const behind = !!saved && (missing || (!!pm && pm.version < saved.savedVersion));
  const catchingUp = behind && !gaveUp;
  useEffect(() => {
    if (!catchingUp) return;
    since.current ??= Date.now();
    const left = CATCH_UP_LIMIT_MS - (Date.now() - since.current);
    if (left <= 0) {
      setGaveUp(true);
      return;
    }
    const timer = setTimeout(() => {
      reexecute({ requestPolicy: "network-only" });
      setTick((n) => n + 1);
    }, Math.min(catchUpDelay(tick), left));
    return () => clearTimeout(timer);
  }, [catchingUp, tick, reexecute]);

  return {
    pm,
    accept,
    refetch,
    error,
    fetching,
    missing: missing && !catchingUp,
    /** The version this page was reached with while the read model does not show it yet. */
    catchingUp: catchingUp ? saved.savedVersion : null,
    /** The saved version the read model did not show within the bound, if so. */
    notCaughtUp: behind && gaveUp ? saved.savedVersion : null,
  };
}

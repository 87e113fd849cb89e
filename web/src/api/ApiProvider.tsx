import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { Provider, useQuery } from "urql";

import { setSession, useSession } from "../auth/session";
import { TimeZoneProvider } from "../components/TimeZone";
import type { MeQuery, Permission, Transition } from "../gql/graphql";
import { createApiClient } from "./client";
import { MeDoc } from "./postmortems";

export type Me = MeQuery["me"] & {
  can: (permission: Permission) => boolean;
  hasRole: (role: string) => boolean;
};

const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside ApiProvider");
  return me;
}

/** The GraphQL client for the current session (a new one, with a new websocket, per session). */
export function ApiProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const token = session?.token ?? "";
  const api = useMemo(
    () => createApiClient({ token, onUnauthenticated: () => setSession(null) }),
    [token],
  );
  useEffect(() => api.dispose, [api]);
  return (
    <Provider value={api.client}>
      <MeLoader>{children}</MeLoader>
    </Provider>
  );
}

export function makeMe(me: MeQuery["me"]): Me {
  return {
    ...me,
    can: (permission) => me.permissions.includes(permission),
    hasRole: (role) => me.roles.includes(role),
  };
}

function MeLoader({ children }: { children: ReactNode }) {
  const [{ data, error }] = useQuery({ query: MeDoc, requestPolicy: "cache-first" });
  const me = useMemo(() => (data ? makeMe(data.me) : null), [data]);
  if (error && !data) {
    return (
      <p role="alert" className="error">
        Cannot load your profile: {error.message}
      </p>
    );
  }
  if (!me || !data) return <p role="status">Loading…</p>;
  return (
    <MeContext.Provider value={me}>
      <TimeZoneProvider organisation={data.organisation.timeZone}>{children}</TimeZoneProvider>
    </MeContext.Provider>
  );
}

/** Test helper: a fixed user. */
export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function allows(transitions: readonly Transition[] | undefined, t: Transition): boolean {
  return !!transitions?.includes(t);
}

import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { useSession } from "./session";

/** Sends visitors without a session to the sign-in page, remembering where they wanted to go. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return <>{children}</>;
}

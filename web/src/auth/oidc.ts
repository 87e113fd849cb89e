// Production sign-in: OIDC authorization code flow with PKCE (oidc-client-ts) against the
// identity provider the service trusts. Tokens come from the token endpoint (never a URL)
// and are kept in sessionStorage; the code and state leave the address bar at once.
import { UserManager, WebStorageStateStore, type User } from "oidc-client-ts";

import type { OidcConfig } from "./config";
import { setSession, type Session } from "./session";

export const CALLBACK_PATH = "/signin/callback";

function manager(config: OidcConfig): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    response_type: "code",
    scope: config.scopes,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

/** Leaves for the identity provider; `returnTo` is where to come back to afterwards. */
export async function startOidcSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  await manager(config).signinRedirect({ state: { returnTo } });
}

function rolesOf(user: User): string[] {
  const roles = (user.profile as Record<string, unknown>)["roles"];
  return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [];
}

/** Finishes the sign-in on the callback page; returns where to go next. */
export async function completeOidcSignIn(config: OidcConfig): Promise<string> {
  const user = await manager(config).signinRedirectCallback();
  window.history.replaceState(null, "", CALLBACK_PATH); // drop ?code=…&state=…
  const session: Session = {
    token: user.access_token,
    userId: user.profile.sub,
    roles: rolesOf(user),
    expiresAt: (user.expires_at ?? Math.floor(Date.now() / 1000) + 3600) * 1000,
    kind: "oidc",
  };
  setSession(session);
  const state = user.state as { returnTo?: string } | undefined;
  const returnTo = state?.returnTo;
  return returnTo && returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
}

/** Forgets the identity provider's user in this tab. */
export async function forgetOidcUser(config: OidcConfig): Promise<void> {
  await manager(config).removeUser();
}

import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";

import { fetchDevToken, loadConfig, type AppConfig } from "./config";
import { startOidcSignIn } from "./oidc";
import { setSession } from "./session";

const ROLE_HELP: Record<string, string> = {
  author: "writes postmortems",
  reviewer: "reviews, approves and publishes",
  compliance: "reads the audit trail and compliance reports",
  admin: "everything, and withdraws postmortems",
};

export function safeReturnTo(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get("returnTo"));
  const navigate = useNavigate();
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [userId, setUserId] = useState("");
  // No role is ticked until the user picks one: a reviewer signing in must not become an
  // author too (an author cannot approve their own postmortems).
  const [roles, setRoles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = "Sign in · Postmortems";
    loadConfig().then(setConfig, (e: Error) => setError(`Cannot reach the service: ${e.message}`));
  }, []);

  async function devSignIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await fetchDevToken(userId.trim(), roles);
      setSession({
        token: answer.token,
        userId: answer.userId,
        roles: answer.roles,
        expiresAt: Date.now() + answer.expiresIn * 1000,
        kind: "development",
      });
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function oidcSignIn() {
    if (!config?.oidc) return;
    setBusy(true);
    try {
      await startOidcSignIn(config.oidc, returnTo);
    } catch (e) {
      setError(`The identity provider did not answer: ${(e as Error).message}`);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <h1>Sign in to Postmortems</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!config && !error && <p role="status">Loading…</p>}
      {config?.oidc && (
        <section aria-labelledby="oidc-heading">
          <h2 id="oidc-heading">Your organisation's account</h2>
          <button type="button" className="primary" onClick={oidcSignIn} disabled={busy}>
            Sign in with {new URL(config.oidc.issuer).host}
          </button>
        </section>
      )}
      {config?.devSignIn && (
        <form onSubmit={devSignIn} aria-labelledby="dev-heading" className="card">
          <h2 id="dev-heading">Development sign-in</h2>
          <p className="hint">
            Offered only while the service runs with <code>ENVIRONMENT=development</code>: any
            user id and roles get a development token.
          </p>
          <label>
            User id
            <input
              name="userId"
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              required
              pattern="[A-Za-z0-9._@+\-]{1,100}"
              autoComplete="username"
            />
          </label>
          <fieldset aria-describedby="roles-hint">
            <legend>Roles</legend>
            <p id="roles-hint" className="hint">
              Pick every role this user has (at least one).
            </p>
            {config.roles.map((role) => (
              <label key={role} className="inline">
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) =>
                    setRoles((now) =>
                      e.target.checked ? [...now, role] : now.filter((r) => r !== role),
                    )
                  }
                />
                {role} <span className="hint">({ROLE_HELP[role] ?? role})</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={busy || roles.length === 0}>
            Sign in
          </button>
        </form>
      )}
      {config && !config.devSignIn && !config.oidc && (
        <p role="alert" className="error">
          Sign-in is not configured: set OIDC_ISSUER and OIDC_CLIENT_ID on the service.
        </p>
      )}
    </main>
  );
}

import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";

import { loadConfig } from "./config";
import { completeOidcSignIn } from "./oidc";

/** Where the identity provider sends the browser back with an authorization code. */
export function SignInCallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // the code is single-use (React runs effects twice in dev)
    started.current = true;
    loadConfig()
      .then(async (config) => {
        if (!config.oidc) throw new Error("OIDC sign-in is not configured");
        navigate(await completeOidcSignIn(config.oidc), { replace: true });
      })
      .catch((e: Error) => {
        window.history.replaceState(null, "", "/signin/callback");
        setError(e.message);
      });
  }, [navigate]);

  return (
    <main id="main" className="signin">
      <h1>Signing in…</h1>
      {error ? (
        <p role="alert" className="error">
          Sign-in failed: {error}. <Link to="/signin">Try again</Link>
        </p>
      ) : (
        <p role="status">Completing sign-in with your identity provider…</p>
      )}
    </main>
  );
}

import { NavLink, Outlet, useNavigate } from "react-router";

import { useMe } from "../api/ApiProvider";
import { loadConfig } from "../auth/config";
import { forgetOidcUser } from "../auth/oidc";
import { getSession, setSession } from "../auth/session";
import { forgetUnsavedEdits } from "../lib/unsaved";
import { TimeZonePicker } from "./TimeZone";

export function Layout() {
  const me = useMe();
  const navigate = useNavigate();

  async function signOut() {
    const kind = getSession()?.kind;
    forgetUnsavedEdits();
    setSession(null);
    if (kind === "oidc") {
      const config = await loadConfig();
      if (config.oidc) await forgetOidcUser(config.oidc);
    }
    navigate("/signin", { replace: true });
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="top">
        <nav aria-label="Main">
          <NavLink to="/" end className="brand">
            Postmortems
          </NavLink>
          <NavLink to="/" end>
            List
          </NavLink>
          {me.hasRole("reviewer") && <NavLink to="/?view=review">Review queue</NavLink>}
          {me.can("READ_AUDIT") && <NavLink to="/compliance">Compliance</NavLink>}
          <NavLink to="/recurring">Recurring incidents</NavLink>
        </nav>
        <div className="user">
          <TimeZonePicker />
          <span>
            Signed in as <strong>{me.userId}</strong>
            {me.roles.length > 0 && <span className="hint"> ({me.roles.join(", ")})</span>}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { vi } from "vitest";

import { forgetConfig } from "./config";
import { getSession } from "./session";
import { SignInPage, safeReturnTo } from "./SignInPage";

function answer(body: unknown, status = 200) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  forgetConfig();
});

it("signs in with a development token and keeps it out of the address bar", async () => {
  const fetch = vi.fn((url: string, _init?: RequestInit) =>
    url === "/auth/config"
      ? answer({ environment: "development", devSignIn: true, roles: ["admin", "author", "compliance", "reviewer"], oidc: null })
      : answer({ token: "t0k3n", userId: "rita", roles: ["reviewer"], expiresIn: 3600 }),
  );
  vi.stubGlobal("fetch", fetch);
  render(
    <MemoryRouter initialEntries={["/signin?returnTo=%2Fcompliance"]}>
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/compliance" element={<p>compliance page</p>} />
      </Routes>
    </MemoryRouter>,
  );
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("User id"), "rita");
  // No role is pre-ticked, so signing in needs one picked; reviewer alone gives reviewer only.
  expect(screen.getAllByRole("checkbox").filter((box) => (box as HTMLInputElement).checked)).toEqual([]);
  expect(screen.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await user.click(screen.getByRole("checkbox", { name: /^reviewer/ }));
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  expect(await screen.findByText("compliance page")).toBeInTheDocument();
  expect(JSON.parse(String(fetch.mock.calls[1]?.[1]?.body))).toEqual({ userId: "rita", roles: ["reviewer"] });
  expect(getSession()?.token).toBe("t0k3n");
  expect(sessionStorage.getItem("postmortems.session")).toContain("t0k3n");
});

it("offers only the identity provider in production", async () => {
  vi.stubGlobal("fetch", vi.fn(() =>
    answer({ environment: "production", devSignIn: false, roles: [], oidc: { issuer: "https://login.example.com/realms/acme", clientId: "web", scopes: "openid" } }),
  ));
  render(
    <MemoryRouter initialEntries={["/signin"]}>
      <SignInPage />
    </MemoryRouter>,
  );
  expect(await screen.findByRole("button", { name: "Sign in with login.example.com" })).toBeInTheDocument();
  expect(screen.queryByLabelText("User id")).toBeNull();
});

it("returns only to pages of this app", () => {
  expect(safeReturnTo("/postmortems/1")).toBe("/postmortems/1");
  expect(safeReturnTo("//evil.example.com")).toBe("/");
  expect(safeReturnTo("https://evil.example.com")).toBe("/");
  expect(safeReturnTo(null)).toBe("/");
});

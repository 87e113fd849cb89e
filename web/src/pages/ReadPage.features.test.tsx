// The read view's follow-up and read-model features: completion times of action items (shown and
// set in the organisation's zone), the PENDING mark after a mutation, the similar postmortems with
// the parts of their score, and the export links.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider } from "urql";
import { afterEach, vi } from "vitest";

import { setSession } from "../auth/session";
import { TimeZoneProvider } from "../components/TimeZone";
import { makePm } from "../test/fixtures";
import { fakeClient, type Handler } from "../test/fakeClient";
import ReadPage from "./ReadPage";

const item = {
  id: "ai-1",
  title: "Rotate signing keys automatically",
  description: "",
  owner: "alice",
  dueDate: "2025-08-01",
  priority: "P1" as const,
  tracker: null,
  status: "IN_PROGRESS" as const,
  completedAt: null,
};
const pm = makePm({ state: "PUBLISHED", actionItems: [item], allowedTransitions: ["CHANGE_ACTION_ITEM_STATUS"] });

function renderRead(handlers: Record<string, Handler> = {}, zone = "Europe/Paris") {
  const fake = fakeClient({
    Postmortem: () => ({ postmortem: pm }),
    SimilarPostmortems: () => ({ similarPostmortems: [] }),
    ...handlers,
  });
  render(
    <Provider value={fake.client}>
      <TimeZoneProvider organisation={zone}>
        <MemoryRouter initialEntries={[`/postmortems/${pm.id}`]}>
          <Routes>
            <Route path="/postmortems/:id" element={<ReadPage />} />
          </Routes>
        </MemoryRouter>
      </TimeZoneProvider>
    </Provider>,
  );
  return fake;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

it("shows the incident's times in the organisation's zone", async () => {
  renderRead({}, "America/New_York");
  expect(await screen.findByText("2025-07-15 13:42 UTC-04:00")).toBeInTheDocument();
  expect(screen.getByRole("columnheader", { name: "Completed (America/New_York)" })).toBeInTheDocument();
});

it("marks an item done at the time the user says, read in the organisation's zone, and shows it", async () => {
  const user = userEvent.setup();
  const done = makePm({
    ...pm,
    version: 6,
    actionItems: [{ ...item, status: "DONE", completedAt: "2025-07-20T08:00:00Z" }],
    readModel: { state: "PENDING", reason: "the read model did not show version 6 within 2s", projections: ["postmortems"] },
  });
  const fake = renderRead({
    ChangeActionItemStatus: () => ({ changeActionItemStatus: { __typename: "Postmortem", ...done, createdId: null } }),
  });
  await user.selectOptions(await screen.findByLabelText(`Status of ${item.title}`), "DONE");
  // Choosing DONE asks when; nothing is sent yet.
  expect(fake.calls.some((c) => c.name === "ChangeActionItemStatus")).toBe(false);
  const when = screen.getByLabelText("Work done at (Europe/Paris)");
  await user.clear(when);
  await user.type(when, "2025-07-20T10:00");
  await user.click(screen.getByRole("button", { name: "Mark done" }));
  await waitFor(() =>
    expect(fake.calls.find((c) => c.name === "ChangeActionItemStatus")?.variables).toEqual({
      id: pm.id,
      expectedVersion: 5,
      itemId: "ai-1",
      input: { status: "DONE", completedAt: "2025-07-20T08:00:00.000Z" },
    }),
  );
  const row = screen.getByRole("row", { name: new RegExp(item.title) });
  expect(within(row).getByText("2025-07-20 10:00 UTC+02:00")).toBeInTheDocument();
  // The mutation's answer came from the event store: the page says lists catch up shortly.
  expect(screen.getByText(/Lists, search and reports may take a few seconds/)).toBeInTheDocument();
});

it("says plainly when a read view is stale", async () => {
  renderRead({
    Postmortem: () => ({
      postmortem: { ...pm, readModel: { state: "STALE", reason: "parked after an error", projections: ["postmortems"] } },
    }),
  });
  expect(await screen.findByText(/some views of this postmortem are behind/)).toBeInTheDocument();
  expect(screen.getByText("Reason: parked after an error")).toBeInTheDocument();
});

it("lists similar postmortems with the semantic and lexical parts of the score", async () => {
  renderRead({
    SimilarPostmortems: () => ({
      similarPostmortems: [
        {
          similarity: 0.82,
          semanticSimilarity: 0.91,
          lexicalSimilarity: 0.4,
          linked: false,
          postmortem: { id: "other", title: "Token refresh storm", severity: "SEV2", services: ["auth"], incidentStartedAt: "2025-06-01T00:00:00Z", category: null, actionItems: [] },
        },
      ],
    }),
  });
  const table = await screen.findByRole("table", { name: "Similar postmortems, most similar first" });
  const row = within(table).getByRole("row", { name: /Token refresh storm/ });
  expect(within(row).getAllByRole("cell").map((c) => c.textContent)).toEqual(["Token refresh storm", "0.82", "0.91", "0.40"]);
});

it("downloads each export with the bearer token, never in the URL", async () => {
  const user = userEvent.setup();
  setSession({ kind: "development", token: "tok-123", userId: "alice", roles: ["author"], expiresAt: Date.now() + 3_600_000 });
  const fetchMock = vi.fn(async () => new Response("# OAuth", { status: 200, headers: { "content-disposition": 'attachment; filename="oauth.md"' } }));
  vi.stubGlobal("fetch", fetchMock);
  URL.createObjectURL = vi.fn(() => "blob:x");
  URL.revokeObjectURL = vi.fn();
  const saveAs = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
  renderRead();
  const group = await screen.findByRole("group", { name: "Export" });
  for (const name of ["Markdown (.md)", "HTML (.html)", "PDF (.pdf)", "Timeline (.csv)"]) {
    expect(within(group).getByRole("button", { name })).toBeInTheDocument();
  }
  await user.click(within(group).getByRole("button", { name: "Markdown (.md)" }));
  await waitFor(() => expect(fetchMock).toHaveBeenCalled());
  const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe(pm.exports.markdown);
  expect(url).not.toContain("tok-123");
  expect((init.headers as Record<string, string>)["Authorization"]).toBe("Bearer tok-123");
  await waitFor(() => expect(saveAs).toHaveBeenCalled());
  saveAs.mockRestore();
});

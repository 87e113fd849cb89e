// The editor's promise: every save carries the version the edit started from; a conflict shows
// what changed and keeps the edit until the user reapplies or discards it.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider } from "urql";

import { makePm } from "../../test/fixtures";
import { fakeClient } from "../../test/fakeClient";
import EditorPage from "./EditorPage";

const base = makePm({ version: 5, summary: "Logins failed." });
const theirs = makePm({
  version: 6,
  summary: "Logins failed.",
  reviewComments: [
    { id: "c1", author: "victor", section: "SUMMARY", text: "Add the ticket count.", at: "2025-07-16T10:00:00Z", resolved: false },
  ],
});
const mine = "Logins failed for 12% of users.";

function renderEditor(handlers: Parameters<typeof fakeClient>[0]) {
  const fake = fakeClient(handlers);
  render(
    <Provider value={fake.client}>
      <MemoryRouter initialEntries={[`/postmortems/${base.id}/edit`]}>
        <Routes>
          <Route path="/postmortems/:id/edit" element={<EditorPage />} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return fake;
}

const saved = (version: number, summary: string) => ({
  writeSummary: { __typename: "Postmortem", ...makePm({ version, summary }), createdId: null },
});

it("saves with the version the edit started from, and reapplies after a conflict", async () => {
  const user = userEvent.setup();
  const fake = renderEditor({
    Postmortem: () => ({ postmortem: base }),
    PostmortemAsOf: (v) => ({ postmortem: v["asOfVersion"] === 5 ? base : theirs }),
    WriteSummary: (v, call) =>
      call === 1
        ? { writeSummary: { __typename: "ConcurrencyConflict", message: "stale", currentVersion: 6, expectedVersion: v["expectedVersion"] } }
        : saved(7, mine),
  });
  const summary = await screen.findByLabelText("Summary for non-technical readers");
  await user.clear(summary);
  await user.type(summary, mine);
  await user.click(screen.getByRole("button", { name: "Save summary" }));

  const conflict = await screen.findByRole("region", { name: /Not saved: this postmortem changed/ });
  const changes = await within(conflict).findByRole("region", { name: "Changes from version 5 to version 6" });
  expect(changes).toHaveTextContent("victor on Summary: Add the ticket count.");
  expect(summary).toHaveValue(mine); // the edit is kept
  expect(within(conflict).getAllByText(/12% of users/).length).toBeGreaterThan(0);

  await user.click(within(conflict).getByRole("button", { name: "Reapply my edit on version 6" }));
  expect(await screen.findByText("Summary saved (version 7).")).toBeInTheDocument();
  const writes = fake.calls.filter((c) => c.name === "WriteSummary");
  expect(writes.map((c) => c.variables["expectedVersion"])).toEqual([5, 6]);
  expect(writes[1]?.variables["input"]).toEqual({ summary: mine });
  expect(screen.queryByRole("region", { name: /Not saved/ })).toBeNull();
});

it("discarding a conflicting edit shows the current text", async () => {
  const user = userEvent.setup();
  let current = base;
  renderEditor({
    Postmortem: () => ({ postmortem: current }),
    PostmortemAsOf: (v) => ({ postmortem: v["asOfVersion"] === 5 ? base : theirs }),
    WriteSummary: () => ({ writeSummary: { __typename: "ConcurrencyConflict", message: "stale", currentVersion: 6, expectedVersion: 5 } }),
  });
  const summary = await screen.findByLabelText("Summary for non-technical readers");
  await user.type(summary, " More.");
  current = theirs;
  await user.click(screen.getByRole("button", { name: "Save summary" }));
  const conflict = await screen.findByRole("region", { name: /Not saved/ });
  await user.click(within(conflict).getByRole("button", { name: "Discard my edit" }));
  await waitFor(() => expect(summary).toHaveValue("Logins failed."));
});

it("lists what is missing and offers submission only when nothing is", async () => {
  renderEditor({
    Postmortem: () => ({
      postmortem: makePm({ submissionProblems: [{ field: "timeline", message: "at least one timeline entry is required" }] }),
    }),
  });
  expect(await screen.findByText(/Timeline has at least one entry/)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Submit for review" })).toBeDisabled();
});

it("offers no editing to someone who may not edit", async () => {
  renderEditor({
    Postmortem: () => ({ postmortem: makePm({ state: "IN_REVIEW", allowedTransitions: ["COMMENT"] }) }),
  });
  expect(await screen.findByText(/you cannot edit it now/)).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Save summary" })).toBeNull();
});

it("restores an unsaved edit after a reload, with the version it started from", async () => {
  sessionStorage.setItem(
    `postmortems.unsaved.${base.id}.summary`,
    JSON.stringify({ base: 4, values: { summary: "Typed before the session expired." } }),
  );
  const user = userEvent.setup();
  const fake = renderEditor({
    Postmortem: () => ({ postmortem: base }),
    WriteSummary: () => saved(6, "Typed before the session expired."),
  });
  const summary = await screen.findByLabelText("Summary for non-technical readers");
  await waitFor(() => expect(summary).toHaveValue("Typed before the session expired."));
  expect(screen.getByText(/Restored your unsaved edit from this tab/)).toHaveTextContent("version 4");
  await user.click(screen.getByRole("button", { name: "Save summary" }));
  expect(await screen.findByText("Summary saved (version 6).")).toBeInTheDocument();
  expect(fake.calls.find((c) => c.name === "WriteSummary")?.variables["expectedVersion"]).toBe(4);
  expect(sessionStorage.getItem(`postmortems.unsaved.${base.id}.summary`)).toBeNull();
});

it("keeps what is typed in this tab until it is saved", async () => {
  const user = userEvent.setup();
  renderEditor({ Postmortem: () => ({ postmortem: base }) });
  const summary = await screen.findByLabelText("Summary for non-technical readers");
  await user.type(summary, " More.");
  const stored = JSON.parse(sessionStorage.getItem(`postmortems.unsaved.${base.id}.summary`) ?? "{}");
  expect(stored).toEqual({ base: 5, values: { summary: "Logins failed. More." } });
});

// A page reached right after a save the read model does not show yet (a PENDING answer): it
// says the postmortem is saved and catching up, queries again until it appears, and only after
// CATCH_UP_LIMIT_MS says it cannot be found.
import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider } from "urql";
import { afterEach, vi } from "vitest";

import { makePm } from "../test/fixtures";
import { fakeClient } from "../test/fakeClient";
import CreatePage from "./CreatePage";
import EditorPage from "./editor/EditorPage";

const pending = { state: "PENDING" as const, reason: "the read model did not show it in time", projections: [] };
const created = makePm({ version: 1, summary: "", readModel: pending });
const editPath = `/postmortems/${created.id}/edit`;

function renderAt(entry: string | { pathname: string; state: unknown }, handlers: Parameters<typeof fakeClient>[0]) {
  const fake = fakeClient(handlers);
  render(
    <Provider value={fake.client}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/postmortems/new" element={<CreatePage />} />
          <Route path="/postmortems/:id/edit" element={<EditorPage />} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return fake;
}

const queries = (fake: ReturnType<typeof fakeClient>) => fake.calls.filter((c) => c.name === "Postmortem").length;

afterEach(() => {
  vi.useRealTimers();
});

it("after a PENDING create, the editor says it is catching up and shows the postmortem once the read model has it", async () => {
  const user = userEvent.setup();
  const fake = renderAt("/postmortems/new", {
    CreatePostmortem: () => ({ createPostmortem: { __typename: "Postmortem", ...created, createdId: created.id } }),
    // The read model shows the new postmortem from the third query on.
    Postmortem: (_, call) => ({ postmortem: call < 3 ? null : { ...created, readModel: { state: "CURRENT", reason: null, projections: [] } } }),
  });
  await user.type(screen.getByLabelText("Title"), created.title);
  fireEvent.change(screen.getByLabelText(/Started/), { target: { value: "2025-07-15T17:42" } });
  await user.click(screen.getByRole("button", { name: "Create draft" }));

  expect(await screen.findByText(/The read view is catching up/)).toHaveTextContent("Saved (version 1).");
  expect(screen.queryByText(/No such postmortem/)).toBeNull();
  expect(await screen.findByRole("heading", { name: `Edit postmortem: ${created.title}` }, { timeout: 3000 })).toBeInTheDocument();
  expect(screen.queryByText(/catching up/)).toBeNull();
  expect(screen.queryByText(/No such postmortem/)).toBeNull();
  expect(queries(fake)).toBe(3);
});

it("waits for the saved version when the read model still shows an older one", async () => {
  const published = makePm({ version: 5, state: "PUBLISHED", allowedTransitions: ["AMEND"] });
  const amended = makePm({ version: 6, state: "DRAFT" });
  renderAt(
    { pathname: `/postmortems/${amended.id}/edit`, state: { savedId: amended.id, savedVersion: 6, readModel: "PENDING" } },
    { Postmortem: (_, call) => ({ postmortem: call < 2 ? published : amended }) },
  );
  expect(await screen.findByText(/Saved \(version 6\)/)).toBeInTheDocument();
  expect(screen.queryByText(/you cannot edit it now/)).toBeNull();
  expect(await screen.findByLabelText("Summary for non-technical readers", {}, { timeout: 3000 })).toBeInTheDocument();
  expect(screen.getByText("version 6")).toBeInTheDocument();
});

it("says the postmortem cannot be found only after about 30 s of asking, and then stops asking", async () => {
  vi.useFakeTimers();
  const fake = renderAt(
    { pathname: editPath, state: { savedId: created.id, savedVersion: 1, readModel: "PENDING" } },
    { Postmortem: () => ({ postmortem: null }) },
  );
  // In steps, so that React runs the effects that schedule each next query.
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) await act(async () => void (await vi.advanceTimersByTimeAsync(100)));
  };
  await advance(29_000);
  expect(screen.getByText(/The read view is catching up/)).toBeInTheDocument();
  expect(screen.queryByRole("alert")).toBeNull();
  const asked = queries(fake);
  expect(asked).toBeGreaterThan(5); // it asked again, with a growing pause
  expect(asked).toBeLessThan(20);

  await advance(2_000);
  expect(screen.getByRole("alert")).toHaveTextContent(
    "Version 1 was saved, but after 30 seconds the read view still cannot find this postmortem.",
  );
  const total = queries(fake);
  await advance(60_000);
  expect(queries(fake)).toBe(total);
});

it("a page opened without a save says at once that the postmortem does not exist", async () => {
  const fake = renderAt(editPath, { Postmortem: () => ({ postmortem: null }) });
  expect(await screen.findByText("No such postmortem, or you may not see it.")).toBeInTheDocument();
  expect(queries(fake)).toBe(1);
});

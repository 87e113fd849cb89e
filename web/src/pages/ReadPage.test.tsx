// The read view offers exactly the next steps allowedTransitions names.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider } from "urql";

import type { Transition } from "../gql/graphql";
import { makePm } from "../test/fixtures";
import { fakeClient } from "../test/fakeClient";
import ReadPage from "./ReadPage";

function renderRead(state: "IN_REVIEW" | "PUBLISHED", allowed: Transition[]) {
  const pm = makePm({ state, allowedTransitions: allowed });
  const fake = fakeClient({
    Postmortem: () => ({ postmortem: pm }),
    SimilarPostmortems: () => ({ similarPostmortems: [] }),
    RecallSubmission: () => ({ recallSubmission: { __typename: "Postmortem", ...makePm({ version: 6 }), createdId: null } }),
  });
  render(
    <Provider value={fake.client}>
      <MemoryRouter initialEntries={[`/postmortems/${pm.id}`]}>
        <Routes>
          <Route path="/postmortems/:id" element={<ReadPage />} />
          <Route path="/postmortems/:id/edit" element={<p>editor</p>} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return fake;
}

it("lets an author recall a submission, with a reason, at the version read", async () => {
  const fake = renderRead("IN_REVIEW", ["RECALL_SUBMISSION", "COMMENT"]);
  const form = await screen.findByRole("form", { name: "Recall the submission" });
  expect(screen.queryByRole("form", { name: "Amend" })).toBeNull();
  expect(screen.queryByRole("form", { name: "Withdraw" })).toBeNull();
  await userEvent.type(screen.getByLabelText("Why take it back from review?"), "Submitted too early.");
  await userEvent.click(screen.getByRole("button", { name: "Recall to draft" }));
  expect(await screen.findByText("editor")).toBeInTheDocument();
  expect(form).not.toBeInTheDocument();
  expect(fake.calls.find((c) => c.name === "RecallSubmission")?.variables).toEqual({
    id: makePm().id,
    expectedVersion: 5,
    input: { reason: "Submitted too early." },
  });
});

it("offers a reader no next steps", async () => {
  renderRead("PUBLISHED", []);
  expect(await screen.findByRole("heading", { name: "Action items" })).toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "Next steps" })).toBeNull();
});

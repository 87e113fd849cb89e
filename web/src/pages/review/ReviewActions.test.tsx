// Actions a user may not take are not offered; each action is bound to the version read.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";

import type { Transition } from "../../gql/graphql";
import { makePm } from "../../test/fixtures";
import { fakeClient } from "../../test/fakeClient";
import { ReviewActions } from "./ReviewActions";

function renderActions(allowed: Transition[], seen = 5) {
  const fake = fakeClient({
    Approve: () => ({ approvePostmortem: { __typename: "Postmortem", ...makePm({ version: 6, state: "IN_REVIEW" }), createdId: null } }),
  });
  const pm = makePm({ state: "IN_REVIEW", allowedTransitions: allowed });
  render(
    <Provider value={fake.client}>
      <ReviewActions pm={pm} seen={seen} onSaved={() => undefined} />
    </Provider>,
  );
  return fake;
}

it("offers an author nothing", () => {
  renderActions(["COMMENT"]);
  expect(screen.getByText("Nothing for you to do here now.")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /Approve/ })).toBeNull();
  expect(screen.queryByRole("button", { name: "Publish" })).toBeNull();
});

it("offers a reviewer approval and changes, and publication only once allowed", async () => {
  const fake = renderActions(["APPROVE", "REQUEST_CHANGES", "COMMENT"]);
  expect(screen.queryByRole("button", { name: "Publish" })).toBeNull();
  expect(screen.getByRole("form", { name: "Request changes" })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Approve version 5" }));
  expect(fake.calls.find((c) => c.name === "Approve")?.variables).toEqual({ id: makePm().id, expectedVersion: 5 });
});

it("holds actions back until the reviewer has read a newer version", () => {
  renderActions(["APPROVE", "PUBLISH"], 4);
  expect(screen.getByRole("button", { name: "Approve version 4" })).toBeDisabled();
  expect(screen.getByRole("button", { name: "Publish" })).toBeDisabled();
});

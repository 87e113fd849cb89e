// The list's sort order: chosen in the page, sent as `orderBy`, kept in the address, and shown
// in the table (caption and aria-sort); times are shown in the organisation's zone.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { Provider } from "urql";

import { makeMe, MeProvider } from "../api/ApiProvider";
import { TimeZoneProvider } from "../components/TimeZone";
import { fakeClient } from "../test/fakeClient";
import { ListPage } from "./ListPage";
import { orderFromParams } from "./ListSort";

const me = makeMe({ userId: "alice", roles: ["author"], permissions: ["CREATE"] });

function node(id: string, readModel: "CURRENT" | "STALE" = "CURRENT") {
  return {
    id,
    title: `Outage ${id}`,
    severity: "SEV2",
    state: "PUBLISHED",
    services: ["auth"],
    team: null,
    tags: [],
    authors: ["bob"],
    incidentWindow: { startedAt: "2025-07-15T17:42:00Z" },
    createdAt: "2025-07-15T23:30:00Z",
    updatedAt: "2025-07-16T09:00:00Z",
    blamelessWarningCount: 0,
    readModel: { state: readModel, reason: readModel === "STALE" ? "parked: boom" : null },
  };
}

function Address() {
  return <p data-testid="address">{useLocation().search}</p>;
}

function renderList(initial = "/") {
  const fake = fakeClient({
    ActionItems: () => ({
      actionItems: {
        totalCount: 0,
        timeZone: "Europe/Paris",
        today: "2025-07-16",
        pageInfo: { hasNextPage: false, endCursor: null },
        edges: [],
      },
    }),
    PostmortemList: () => ({
      postmortems: {
        totalCount: 2,
        pageInfo: { hasNextPage: false, endCursor: null },
        edges: [
          { cursor: "a", node: node("a") },
          { cursor: "b", node: node("b", "STALE") },
        ],
      },
    }),
  });
  render(
    <Provider value={fake.client}>
      <MeProvider me={me}>
        <TimeZoneProvider organisation="Europe/Paris">
          <MemoryRouter initialEntries={[initial]}>
            <Routes>
              <Route path="/" element={<><ListPage /><Address /></>} />
            </Routes>
          </MemoryRouter>
        </TimeZoneProvider>
      </MeProvider>
    </Provider>,
  );
  return fake;
}

it("sorts by the chosen field and direction, through orderBy and the address", async () => {
  const user = userEvent.setup();
  const fake = renderList();
  await screen.findByRole("table");
  expect(fake.calls.at(-1)?.variables["orderBy"]).toEqual({ field: "INCIDENT_START", direction: "DESC" });

  await user.selectOptions(screen.getByLabelText("Sort by"), "SEVERITY");
  await user.selectOptions(screen.getByLabelText("Order"), "ASC");
  await waitFor(() =>
    expect(fake.calls.at(-1)?.variables["orderBy"]).toEqual({ field: "SEVERITY", direction: "ASC" }),
  );
  expect(screen.getByTestId("address")).toHaveTextContent("?sort=SEVERITY&dir=ASC");
  const table = screen.getByRole("table");
  expect(within(table).getByText("Postmortems, by severity, least severe first")).toBeInTheDocument();
  expect(within(table).getByRole("columnheader", { name: "Severity" })).toHaveAttribute("aria-sort", "ascending");
  expect(within(table).getByRole("columnheader", { name: "Updated" })).not.toHaveAttribute("aria-sort");
});

it("keeps the sort order when filters are applied, and reads it back from the address", async () => {
  const user = userEvent.setup();
  const fake = renderList("/?sort=CREATED&dir=DESC");
  await screen.findByRole("table");
  expect(screen.getByLabelText("Sort by")).toHaveValue("CREATED");
  await user.type(screen.getByRole("searchbox"), "token");
  await user.click(screen.getByRole("button", { name: "Apply filters" }));
  await waitFor(() => expect(fake.calls.at(-1)?.variables["filter"]).toEqual({ text: "token" }));
  expect(fake.calls.at(-1)?.variables["orderBy"]).toEqual({ field: "CREATED", direction: "DESC" });
});

it("shows times in the organisation's zone and marks rows whose read view is behind", async () => {
  renderList();
  const table = await screen.findByRole("table");
  // 17:42 UTC is 19:42 in Paris; created 23:30 UTC is already the 16th there.
  expect(within(table).getAllByText("2025-07-15 19:42 UTC+02:00")).toHaveLength(2);
  expect(within(table).getAllByText("2025-07-16").length).toBeGreaterThan(0);
  expect(within(table).getByText("may be out of date")).toBeInTheDocument();
  expect(screen.getByRole("status")).toHaveTextContent("1 shown from a read view that is behind");
});

it("falls back to the default order for unknown address values", () => {
  expect(orderFromParams(new URLSearchParams("sort=NOPE&dir=SIDEWAYS"))).toEqual({
    field: "INCIDENT_START",
    direction: "DESC",
  });
});

it("asks for my action items' overdue days in the organisation's zone", async () => {
  const fake = renderList("/?view=action-items");
  expect(await screen.findByText(/overdue means due before 2025-07-16 \(Europe\/Paris\)/)).toBeInTheDocument();
  expect(fake.calls.find((c) => c.name === "ActionItems")?.variables["timeZone"]).toBe("Europe/Paris");
});

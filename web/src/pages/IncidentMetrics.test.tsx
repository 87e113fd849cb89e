// Incident metrics: asked for in the organisation's zone, drawn with recharts, and the same
// numbers in a table (durations in readable units).
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";

import { TimeZoneProvider } from "../components/TimeZone";
import { fakeClient } from "../test/fakeClient";
import { formatMinutes, IncidentMetrics, metricRows } from "./IncidentMetrics";

const stats = (count: number, median: number | null, p90: number | null) => ({ count, medianMinutes: median, p90Minutes: p90 });
const totals = [
  {
    service: null,
    severity: null,
    month: "2025-06",
    incidents: 3,
    timeToDetect: stats(3, 5, 12.5),
    timeToMitigate: stats(3, 40, 95),
    timeToResolve: stats(2, 150, 300),
    timeToPublish: stats(2, 2880, 5760),
  },
  {
    service: null,
    severity: null,
    month: "2025-07",
    incidents: 0,
    timeToDetect: stats(0, null, null),
    timeToMitigate: stats(0, null, null),
    timeToResolve: stats(0, null, null),
    timeToPublish: stats(0, null, null),
  },
];

function renderMetrics() {
  const fake = fakeClient({
    IncidentMetrics: () => ({
      incidentMetrics: {
        months: ["2025-06", "2025-07"],
        timeZone: "Asia/Tokyo",
        totals,
        groups: [{ ...totals[0], service: "auth", severity: "SEV2", incidents: 2 }],
      },
    }),
  });
  const view = render(
    <Provider value={fake.client}>
      <TimeZoneProvider organisation="Asia/Tokyo">
        <IncidentMetrics from="2025-06-01" to="2025-07-31" includeUnpublished={false} />
      </TimeZoneProvider>
    </Provider>,
  );
  return { fake, view };
}

it("asks for the months of the organisation's zone and shows the numbers of the chosen metric", async () => {
  const user = userEvent.setup();
  const { fake, view } = renderMetrics();
  const chart = await screen.findByRole("img", { name: /Line chart of the time to resolve per month/ });
  expect(chart).toBeInTheDocument();
  expect(view.container.querySelector(".recharts-responsive-container")).not.toBeNull();
  expect(fake.calls[0]?.variables).toMatchObject({ from: "2025-06-01", to: "2025-07-31", timeZone: "Asia/Tokyo", severity: null, service: null });

  const table = screen.getByRole("table", { name: "Time to resolve per month" });
  const june = within(table).getByRole("row", { name: /2025-06/ });
  expect(within(june).getAllByRole("cell").map((c) => c.textContent)).toEqual(["3", "2", "2.5 h", "5.0 h"]);
  const july = within(table).getByRole("row", { name: /2025-07/ });
  expect(within(july).getAllByRole("cell").map((c) => c.textContent)).toEqual(["0", "0", "—", "—"]);

  const groups = screen.getByRole("table", { name: "Time to resolve per month, service and severity" });
  const auth = within(groups).getByRole("row", { name: /2025-06/ });
  expect(within(auth).getAllByRole("cell").map((c) => c.textContent)).toEqual(["auth", "SEV2", "2", "2.5 h", "5.0 h"]);

  await user.selectOptions(screen.getByLabelText("Metric"), "timeToPublish");
  const publish = screen.getByRole("table", { name: "Time to publish the postmortem per month" });
  expect(within(publish).getByRole("row", { name: /2025-06/ })).toHaveTextContent("2.0 d");

  await user.selectOptions(screen.getByLabelText("Severity"), "SEV1");
  await waitFor(() => expect(fake.calls.at(-1)?.variables["severity"]).toBe("SEV1"));
});

it("charts hours, leaving months without the duration empty", () => {
  expect(metricRows(totals, "timeToMitigate")).toEqual([
    { month: "2025-06", median: 0.67, p90: 1.58, incidents: 3 },
    { month: "2025-07", median: null, p90: null, incidents: 0 },
  ]);
  expect(formatMinutes(45)).toBe("45 min");
  expect(formatMinutes(null)).toBe("—");
});

// The zone picker: the organisation's zone by default; a user's choice redraws every time and
// changes no value (a date-time input keeps the same instant).
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach } from "vitest";

import { DateTimeInput } from "./DateTimeInput";
import { chooseTimeZone, TimeZonePicker, TimeZoneProvider, useZone } from "./TimeZone";

function Shown() {
  const z = useZone();
  return <p data-testid="shown">{z.dateTime("2025-07-15T17:42:00Z")}</p>;
}

function Entry() {
  const [value, setValue] = useState("2025-07-15T17:42:00.000Z");
  return (
    <>
      <label>
        When
        <DateTimeInput value={value} onChange={setValue} />
      </label>
      <p data-testid="value">{value}</p>
    </>
  );
}

afterEach(() => chooseTimeZone(null));

it("follows the organisation's zone until the user picks another, and remembers the choice", async () => {
  const user = userEvent.setup();
  render(
    <TimeZoneProvider organisation="Europe/Paris">
      <TimeZonePicker />
      <Shown />
      <Entry />
    </TimeZoneProvider>,
  );
  expect(screen.getByTestId("shown")).toHaveTextContent("2025-07-15 19:42 UTC+02:00");
  expect(screen.getByLabelText("When")).toHaveValue("2025-07-15T19:42");

  await user.selectOptions(screen.getByLabelText("Time zone"), "Asia/Tokyo");
  expect(screen.getByTestId("shown")).toHaveTextContent("2025-07-16 02:42 UTC+09:00");
  expect(screen.getByLabelText("When")).toHaveValue("2025-07-16T02:42");
  expect(screen.getByTestId("value")).toHaveTextContent("2025-07-15T17:42:00.000Z");
  expect(localStorage.getItem("postmortems.timeZone")).toBe("Asia/Tokyo");

  await user.selectOptions(screen.getByLabelText("Time zone"), "");
  expect(screen.getByTestId("shown")).toHaveTextContent("19:42 UTC+02:00");
  expect(localStorage.getItem("postmortems.timeZone")).toBeNull();
});

// The zone picker: the organisation's zone by default; a user's choice redraws every time and
// changes no value (a date-time input keeps the same instant).
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, vi } from "vitest";

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

afterEach(() => {
  act(() => chooseTimeZone(null));
  vi.restoreAllMocks();
});

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

function offered(): string[] {
  const picker = screen.getByLabelText("Time zone");
  return Array.from(picker.querySelectorAll("option"), (o) => o.value);
}

it("lists the current IANA names (Asia/Kolkata, Europe/Kyiv), never their old spellings", async () => {
  const user = userEvent.setup();
  // This platform's Intl (ICU, as in Chromium) lists the old spellings itself.
  expect(Intl.supportedValuesOf("timeZone")).toContain("Asia/Calcutta");
  render(
    <TimeZoneProvider organisation="Europe/Paris">
      <TimeZonePicker />
      <Shown />
    </TimeZoneProvider>,
  );
  const zones = offered();
  for (const current of ["Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh", "Africa/Asmara", "Asia/Kathmandu"]) {
    expect(zones).toContain(current);
  }
  for (const old of ["Asia/Calcutta", "Europe/Kiev", "Asia/Saigon", "Africa/Asmera", "Asia/Katmandu"]) {
    expect(zones).not.toContain(old);
  }
  expect(new Set(zones).size).toBe(zones.length);

  await user.selectOptions(screen.getByLabelText("Time zone"), "Asia/Kolkata");
  expect(screen.getByTestId("shown")).toHaveTextContent("2025-07-15 23:12 UTC+05:30");
  expect(localStorage.getItem("postmortems.timeZone")).toBe("Asia/Kolkata");
});

it("offers the organisation's and the browser's zone even where the platform's list lacks them", () => {
  vi.spyOn(Intl, "supportedValuesOf").mockReturnValue(["UTC", "Asia/Tokyo", "Europe/Kiev"]);
  const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;
  vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (this: Intl.DateTimeFormat) {
    return { ...resolved.call(this), timeZone: "Asia/Calcutta" };
  });
  render(
    <TimeZoneProvider organisation="America/Nuuk">
      <TimeZonePicker />
    </TimeZoneProvider>,
  );
  expect(screen.getByRole("option", { name: "Organisation's (America/Nuuk)" })).toBeInTheDocument();
  expect(screen.getByRole("option", { name: "This browser's (Asia/Kolkata)" })).toHaveValue("Asia/Kolkata");
  expect(offered()).toEqual(["", "Asia/Kolkata", "UTC", "America/Nuuk", "Asia/Tokyo", "Europe/Kyiv"]);
});

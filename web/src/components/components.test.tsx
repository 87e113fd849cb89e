import { render, screen, within } from "@testing-library/react";

import { Checklist } from "./Checklist";
import { DiffView } from "./DiffView";
import { HighlightedText, WarningsFor } from "./Warnings";

describe("blameless warnings inline", () => {
  it("marks each phrase at its position with its message", () => {
    const { container } = render(
      <p>
        <HighlightedText
          text="The deploy failed because Bob forgot the flag."
          warnings={[{ field: "summary", start: 26, end: 36, phrase: "Bob forgot", message: "names a person" }]}
        />
      </p>,
    );
    const mark = container.querySelector("mark");
    expect(mark).toHaveAttribute("title", "names a person");
    expect(container.textContent?.startsWith("The deploy failed because Bob forgot")).toBe(true);
    expect(mark?.textContent).toBe("Bob forgot (blameless warning: names a person)");
  });

  it("lists only the warnings of its field", () => {
    render(
      <WarningsFor
        field="summary"
        text="It was human error."
        warnings={[
          { field: "summary", start: 7, end: 18, phrase: "human error", message: "blame language" },
          { field: "impact.notes", start: 0, end: 4, phrase: "lazy", message: "blame language" },
        ]}
      />,
    );
    const note = screen.getByRole("note", { name: "Blameless-language warnings in summary" });
    expect(within(note).getAllByRole("listitem")).toHaveLength(1);
    expect(note).toHaveTextContent("“human error” (characters 7–18): blame language");
  });
});

describe("diffs", () => {
  it("shows only changed sections, with words added and removed", () => {
    render(
      <DiffView
        label="Changes"
        before={[
          { key: "SUMMARY", title: "Summary", text: "Logins failed for users." },
          { key: "TIMELINE", title: "Timeline", text: "same" },
        ]}
        after={[
          { key: "SUMMARY", title: "Summary", text: "Logins failed for 12% of users." },
          { key: "TIMELINE", title: "Timeline", text: "same" },
        ]}
      />,
    );
    const region = screen.getByRole("region", { name: "Changes" });
    expect(within(region).getByRole("heading")).toHaveTextContent("Summary");
    expect(region.querySelector("ins")?.textContent).toContain("12% of");
    expect(within(region).queryByText("Timeline")).toBeNull();
  });

  it("says so when nothing differs", () => {
    const same = [{ key: "SUMMARY" as const, title: "Summary", text: "x" }];
    render(<DiffView label="Changes" before={same} after={same} />);
    expect(screen.getByText("No differences.")).toBeInTheDocument();
  });
});

describe("the completeness checklist", () => {
  it("names every requirement, marks the missing ones, and keeps unknown problems", () => {
    render(
      <Checklist
        problems={[
          { field: "summary", message: "a summary is required" },
          { field: "summary_extra", message: "a new policy rule" },
        ]}
      />,
    );
    expect(screen.getByRole("status")).toHaveTextContent("2 missing");
    const missing = screen.getAllByText(/^Missing:/).map((span) => span.parentElement?.textContent);
    expect(missing).toEqual([
      "✘ Missing: Summary written — a summary is required",
      "✘ Missing: summary_extra — a new policy rule",
    ]);
    expect(screen.getAllByText(/^Done:/)).toHaveLength(7);
    expect(screen.getByText(/a new policy rule/)).toBeInTheDocument();
  });
});

import { render, screen, within } from "@testing-library/react";

import { Checklist } from "./Checklist";
import { makePm } from "../test/fixtures";
import { DiffView } from "./DiffView";
import { PostmortemDocument } from "./PostmortemDocument";
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

  it("marks each warning in the text the service names, as the GraphQL inputs name it", () => {
    const content = makePm({
      rootCause: {
        whys: [{ why: "Why did logins fail?", because: "Bob forgot the flag." }],
        statement: "It was human error.",
        category: null,
        contributingFactors: ["The rollout was careless."],
      },
      wentWell: ["Paging worked.", "Ops was sloppy but fast."],
    });
    const at = (text: string, phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length, phrase });
    const { container } = render(
      <PostmortemDocument
        content={content}
        warnings={[
          { field: "rootCause.whys[0].because", ...at("Bob forgot the flag.", "Bob forgot"), message: "names a person" },
          { field: "rootCause.statement", ...at("It was human error.", "human error"), message: "blame" },
          { field: "rootCause.contributingFactors[0]", ...at("The rollout was careless.", "careless"), message: "blame" },
          { field: "wentWell[1]", ...at("Ops was sloppy but fast.", "sloppy"), message: "blame" },
        ]}
      />,
    );
    const marked = [...container.querySelectorAll("mark")].map((m) => m.firstChild?.textContent);
    expect(marked).toEqual(["Bob forgot", "human error", "careless", "sloppy"]);
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
  it("matches the service's field names (as the GraphQL inputs name them) to its requirements", () => {
    render(
      <Checklist
        problems={[
          { field: "rootCause.statement", message: "a root cause statement is required" },
          { field: "rootCause.statement", message: "blame language ('human error' at 7)" },
          { field: "incidentWindow.resolvedAt", message: "the resolution time is required" },
          { field: "actionItems", message: "a SEV2 postmortem needs at least one action item" },
          { field: "rootCause.whys[1].because", message: "blame language ('lazy' at 0)" },
        ]}
      />,
    );
    expect(screen.getByRole("status")).toHaveTextContent("4 missing");
    const missing = screen.getAllByText(/^Missing:/).map((span) => span.parentElement?.textContent);
    expect(missing).toEqual([
      "✘ Missing: Root cause statement — a root cause statement is required; blame language ('human error' at 7)",
      "✘ Missing: Resolution time in the incident details — the resolution time is required",
      "✘ Missing: Action item with an owner and a due date (SEV1/SEV2) — a SEV2 postmortem needs at least one action item",
      "✘ Missing: rootCause.whys[1].because — blame language ('lazy' at 0)",
    ]);
    expect(screen.getAllByText(/^Done:/)).toHaveLength(5);
  });

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

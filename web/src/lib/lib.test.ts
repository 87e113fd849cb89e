import { OwnVersions, nextBase } from "./concurrency";
import { splitList } from "./format";
import { sectionTexts } from "./sections";
import { splitByRanges, utf16Index } from "./text";
import { zoned } from "./timezone";
import { makePm } from "../test/fixtures";

describe("positions from the service (code points) in JavaScript strings (UTF-16)", () => {
  it("counts an emoji as one position", () => {
    expect(utf16Index("a😀b", 2)).toBe(3);
    expect(utf16Index("abc", 10)).toBe(3);
  });

  it("marks the right characters after an emoji", () => {
    const text = "😀 It was human error.";
    const pieces = splitByRanges(text, [{ start: 9, end: 20 }]);
    expect(pieces.map((p) => [p.text, p.range])).toEqual([
      ["😀 It was ", null],
      ["human error", 0],
      [".", null],
    ]);
  });

  it("merges overlapping ranges and ignores empty ones", () => {
    const pieces = splitByRanges("abcdef", [
      { start: 1, end: 4 },
      { start: 2, end: 5 },
      { start: 3, end: 3 },
    ]);
    expect(pieces.map((p) => p.text)).toEqual(["a", "bcd", "e", "f"]);
  });
});

describe("optimistic concurrency", () => {
  it("moves a clean edit to the newest version", () => {
    expect(nextBase(3, 5, false, new OwnVersions())).toBe(5);
  });

  it("keeps an edit in progress on its version when someone else changed the postmortem", () => {
    const own = new OwnVersions();
    own.add(4);
    expect(nextBase(3, 5, true, own)).toBe(3);
  });

  it("moves an edit in progress past this page's own saves", () => {
    const own = new OwnVersions();
    own.add(4);
    own.add(5);
    expect(nextBase(3, 5, true, own)).toBe(5);
  });
});

describe("formats", () => {
  it("edits times in UTC", () => {
    const utc = zoned("UTC");
    expect(utc.fromInput("2025-07-15T17:42")).toBe("2025-07-15T17:42:00.000Z");
    expect(utc.fromInput("")).toBeNull();
    expect(utc.toInput("2025-07-15T19:42:00+02:00")).toBe("2025-07-15T17:42");
  });

  it("splits comma-separated lists without blanks or repeats", () => {
    expect(splitList(" auth, api-gateway,,auth ")).toEqual(["auth", "api-gateway"]);
  });
});

describe("sections as text", () => {
  it("renders every section and the review state", () => {
    const pm = makePm({
      reviewComments: [
        { id: "c1", author: "rita", section: "SUMMARY", text: "Which users?", at: "2025-07-16T10:00:00Z", resolved: false },
      ],
    });
    const texts = sectionTexts(pm, pm);
    expect(texts.map((t) => t.key)).toEqual([
      "METADATA", "SUMMARY", "TIMELINE", "ROOT_CAUSE", "IMPACT", "LESSONS", "ACTION_ITEMS", "REVIEW",
    ]);
    expect(texts.find((t) => t.key === "REVIEW")?.text).toContain("rita on Summary: Which users?");
    expect(texts.find((t) => t.key === "METADATA")?.text).toContain("Started: 2025-07-15 17:42 UTC");
  });
});

describe("times in the organisation's time zone", () => {
  const paris = zoned("Europe/Paris");
  const sydney = zoned("Australia/Sydney");

  it("shows an instant as the zone's wall clock with its offset", () => {
    expect(paris.dateTime("2025-07-15T17:42:00Z")).toBe("2025-07-15 19:42 UTC+02:00");
    expect(paris.dateTime("2025-01-15T17:42:00Z")).toBe("2025-01-15 18:42 UTC+01:00");
    expect(sydney.dateTime("2025-07-15T17:42:00Z")).toBe("2025-07-16 03:42 UTC+10:00");
    expect(paris.dateTime(null)).toBe("");
  });

  it("reads what the user types as the zone's wall clock", () => {
    expect(paris.fromInput("2025-07-15T19:42")).toBe("2025-07-15T17:42:00.000Z");
    expect(paris.toInput("2025-07-15T17:42:00Z")).toBe("2025-07-15T19:42");
  });

  it("moves a time a daylight-saving change skips forward, and takes the earlier of a repeated one", () => {
    // Paris skipped 02:00-03:00 on 2025-03-30 and repeated 02:00-03:00 on 2025-10-26.
    expect(paris.fromInput("2025-03-30T02:30")).toBe("2025-03-30T01:30:00.000Z");
    expect(paris.fromInput("2025-10-26T02:30")).toBe("2025-10-26T00:30:00.000Z");
  });

  it("starts a calendar day at the zone's midnight and names the zone's day", () => {
    expect(paris.dayStart("2025-07-15")).toBe("2025-07-14T22:00:00.000Z");
    expect(sydney.day("2025-07-15T15:00:00Z")).toBe("2025-07-16");
    expect(sydney.today(Date.parse("2025-07-15T15:00:00Z"))).toBe("2025-07-16");
  });
});

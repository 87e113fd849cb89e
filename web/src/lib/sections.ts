// A postmortem's sections as plain text: what the diff views and the conflict view compare.
import type { Section, SectionsFieldsFragment } from "../gql/graphql";
import { formatDate, humanize } from "./format";
import { UTC_ZONED, type Zoned } from "./timezone";

export type Content = SectionsFieldsFragment;

export interface ReviewState {
  state: string;
  reviewComments: readonly { author: string; section: string; text: string; resolved: boolean }[];
  approvals: readonly { reviewer: string; version: number; counted: boolean; voided?: boolean }[];
}

export interface SectionText {
  key: Section | "REVIEW";
  title: string;
  text: string;
}

export const SECTION_TITLES: Record<Section, string> = {
  GENERAL: "General",
  METADATA: "Incident details",
  SUMMARY: "Summary",
  TIMELINE: "Timeline",
  ROOT_CAUSE: "Root cause analysis",
  IMPACT: "Impact",
  LESSONS: "What went well and what didn't",
  ACTION_ITEMS: "Action items",
};

function line(label: string, value: unknown): string {
  return value === null || value === undefined || value === "" ? "" : `${label}: ${String(value)}`;
}

function lines(...parts: string[]): string {
  return parts.filter(Boolean).join("\n");
}

export function metadataText(c: Content, z: Zoned = UTC_ZONED): string {
  const w = c.incidentWindow;
  return lines(
    line("Title", c.title),
    line("Severity", c.severity),
    line("Services", c.services.join(", ")),
    line("Team", c.team),
    line("Tags", c.tags.join(", ")),
    line("Incident", c.incidentRef),
    line("Started", z.dateTime(w.startedAt)),
    line("Detected", z.dateTime(w.detectedAt)),
    line("Mitigated", z.dateTime(w.mitigatedAt)),
    line("Resolved", z.dateTime(w.resolvedAt)),
    line("Authors", c.authors.join(", ")),
  );
}

export function timelineText(c: Content, z: Zoned = UTC_ZONED): string {
  return c.timeline
    .map(
      (e) =>
        `${z.dateTime(e.at)} [${humanize(e.kind)}] ${e.description}${e.source ? ` (${e.source})` : ""}`,
    )
    .join("\n");
}

export function rootCauseText(c: Content): string {
  const rc = c.rootCause;
  return lines(
    ...rc.whys.map((w, i) => `${i + 1}. ${w.why} → ${w.because}`),
    line("Root cause", rc.statement),
    line("Category", rc.category ? humanize(rc.category) : null),
    ...rc.contributingFactors.map((f) => `Contributing factor: ${f}`),
  );
}

export function impactText(c: Content): string {
  const i = c.impact;
  return lines(
    line("Users affected", i.usersAffectedCount),
    line("Users affected (%)", i.usersAffectedPercent),
    line(
      "Downtime (minutes)",
      i.downtimeMinutes === null ? null : `${i.downtimeMinutes}${i.downtimeDerived ? " (from the incident window)" : ""}`,
    ),
    line("Support tickets", i.supportTickets),
    line("Revenue loss", i.revenueLoss ? `${i.revenueLoss.amount} ${i.revenueLoss.currency}` : null),
    line("Engineers", i.responders?.engineers),
    line("Hours each", i.responders?.hours),
    line("Customer-facing", i.customerFacing === null ? null : i.customerFacing ? "yes" : "no"),
    line("SLA breached", i.slaBreached === null ? null : i.slaBreached ? "yes" : "no"),
    line("Notes", i.notes),
  );
}

export function lessonsText(c: Content): string {
  return lines(
    ...c.wentWell.map((t) => `Went well: ${t}`),
    ...c.wentBadly.map((t) => `Didn't go well: ${t}`),
  );
}

export function actionItemsText(c: Content): string {
  return c.actionItems
    .map((a) =>
      [
        `${a.priority} ${a.title}`,
        a.owner ? `owner ${a.owner}` : "no owner",
        a.dueDate ? `due ${formatDate(a.dueDate)}` : "no due date",
        a.status ? humanize(a.status) : "",
        a.tracker ?? "",
        a.description ? `— ${a.description}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    )
    .join("\n");
}

export function reviewText(r: ReviewState): string {
  return lines(
    line("State", humanize(r.state)),
    ...r.approvals.map(
      (a) =>
        `Approved by ${a.reviewer} at version ${a.version}${a.counted ? "" : a.voided ? " (voided)" : " (no longer counts)"}`,
    ),
    ...r.reviewComments.map(
      (c) => `${c.author} on ${SECTION_TITLES[c.section as Section] ?? c.section}: ${c.text}${c.resolved ? " (resolved)" : ""}`,
    ),
  );
}

/** Every content section as text (times in `z`), in document order; with `review`, the review
 *  state too. */
export function sectionTexts(c: Content, review?: ReviewState, z: Zoned = UTC_ZONED): SectionText[] {
  const texts: SectionText[] = [
    { key: "METADATA", title: SECTION_TITLES.METADATA, text: metadataText(c, z) },
    { key: "SUMMARY", title: SECTION_TITLES.SUMMARY, text: c.summary },
    { key: "TIMELINE", title: SECTION_TITLES.TIMELINE, text: timelineText(c, z) },
    { key: "ROOT_CAUSE", title: SECTION_TITLES.ROOT_CAUSE, text: rootCauseText(c) },
    { key: "IMPACT", title: SECTION_TITLES.IMPACT, text: impactText(c) },
    { key: "LESSONS", title: SECTION_TITLES.LESSONS, text: lessonsText(c) },
    { key: "ACTION_ITEMS", title: SECTION_TITLES.ACTION_ITEMS, text: actionItemsText(c) },
  ];
  if (review) texts.push({ key: "REVIEW", title: "Review", text: reviewText(review) });
  return texts;
}

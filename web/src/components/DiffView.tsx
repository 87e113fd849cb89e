// Word-level differences between two renderings of a postmortem, section by section (jsdiff).
import { diffWordsWithSpace } from "diff";

import type { SectionText } from "../lib/sections";

export function changedSections(before: SectionText[], after: SectionText[]) {
  return after
    .map((section) => {
      const old = before.find((b) => b.key === section.key)?.text ?? "";
      return { ...section, before: old, changed: old !== section.text };
    })
    .filter((s) => s.changed);
}

export function TextDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWordsWithSpace(before, after);
  return (
    <pre className="diff">
      {parts.map((part, index) =>
        part.added ? (
          <ins key={index}>
            <span className="visually-hidden">[added: </span>
            {part.value}
            <span className="visually-hidden">]</span>
          </ins>
        ) : part.removed ? (
          <del key={index}>
            <span className="visually-hidden">[removed: </span>
            {part.value}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </pre>
  );
}

/** Every section that differs, with its words added and removed; a note when none does. */
export function DiffView({
  before,
  after,
  label,
  headingLevel = 3,
}: {
  before: SectionText[];
  after: SectionText[];
  label: string;
  /** The level of each section's heading (one below the heading above the view). */
  headingLevel?: 3 | 4 | 5;
}) {
  const changed = changedSections(before, after);
  const H = `h${headingLevel}` as "h3" | "h4" | "h5";
  return (
    <section className="diff-view" aria-label={label}>
      {changed.length === 0 ? (
        <p>No differences.</p>
      ) : (
        changed.map((section) => (
          <article key={section.key}>
            <H>{section.title}</H>
            <TextDiff before={section.before} after={section.text} />
          </article>
        ))
      )}
    </section>
  );
}

// Blameless-language warnings, marked inline at the positions the service reported.
import { Fragment } from "react";

import { splitByRanges } from "../lib/text";

export interface Warning {
  field: string;
  start: number;
  end: number;
  phrase: string;
  message: string;
}

/** The text with each warning's phrase marked, its message as the mark's description. */
export function HighlightedText({
  text,
  warnings,
}: {
  text: string;
  warnings: readonly Warning[];
}) {
  const pieces = splitByRanges(text, warnings);
  return (
    <>
      {pieces.map((piece, index) => {
        if (piece.range === null) return <Fragment key={index}>{piece.text}</Fragment>;
        const warning = warnings[piece.range];
        return (
          <mark key={index} className="blame" title={warning?.message}>
            {piece.text}
            <span className="visually-hidden"> (blameless warning: {warning?.message})</span>
          </mark>
        );
      })}
    </>
  );
}

export function warningsFor(warnings: readonly Warning[], field: string): Warning[] {
  return warnings.filter((w) => w.field === field);
}

/** Saved text with its warnings marked, and the list of messages under it. */
export function WarningsFor({
  field,
  text,
  warnings,
}: {
  field: string;
  text: string;
  warnings: readonly Warning[];
}) {
  const mine = warningsFor(warnings, field);
  if (mine.length === 0) return null;
  return (
    <div className="warnings" role="note" aria-label={`Blameless-language warnings in ${field}`}>
      <p className="quoted">
        <HighlightedText text={text} warnings={mine} />
      </p>
      <ul>
        {mine.map((w) => (
          <li key={`${w.start}-${w.end}`}>
            “{w.phrase}” (characters {w.start}–{w.end}): {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

// The service reports positions (blameless warnings) in Unicode code points; JavaScript strings
// index UTF-16 code units. These helpers convert, so a mark lands on the right characters even
// after an emoji.

/** The UTF-16 index of the code point at `codePoint` in `text` (clamped to the text). */
export function utf16Index(text: string, codePoint: number): number {
  let index = 0;
  let seen = 0;
  while (index < text.length && seen < codePoint) {
    const code = text.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
    seen += 1;
  }
  return index;
}

export interface Range {
  start: number;
  end: number;
}

export interface Piece {
  text: string;
  /** Index of the range this piece is inside, or null for plain text. */
  range: number | null;
}

/**
 * Splits `text` into plain and marked pieces for ranges given in code points (end exclusive).
 * Overlapping ranges merge into the first one; ranges outside the text are clamped.
 */
export function splitByRanges(text: string, ranges: readonly Range[]): Piece[] {
  const sorted = ranges
    .map((range, index) => ({
      start: utf16Index(text, range.start),
      end: utf16Index(text, range.end),
      index,
    }))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: Piece[] = [];
  let at = 0;
  for (const range of sorted) {
    const start = Math.max(range.start, at);
    if (range.end <= start) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), range: null });
    pieces.push({ text: text.slice(start, range.end), range: range.index });
    at = range.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), range: null });
  return pieces;
}

/**
 * Where a character stands on its page, 0..1 from the top-left, measured the same way when learning and when
 * applying a hint: from the word box that holds it when the page has boxes in text order (OCR pages, and text layers
 * read with positions), else from its line and column.
 */
import type { WordBox } from '../../contract/domain.js';
import type { PageInput } from '../extract/text.js';

export interface PlacedPage extends PageInput {
  /** The page's size in the units of its word boxes (pixels for OCR, points for text layers), when known. */
  width?: number | null;
  height?: number | null;
}

/**
 * Position of a character on the page, 0..1: from the word box that holds it when the page has boxes in text order
 * (OCR, and text layers read with positions), else from its line and column.
 */
export function positions(p: PlacedPage): (
  offset: number,
  line: number,
  lineCount: number,
  column: number,
  lineLength: number,
) => {
  x: number | null;
  y: number | null;
} {
  const spans = p.words && p.width && p.height ? wordSpans(p.text, p.words) : null;
  return (offset, line, lineCount, column, lineLength) => {
    const w = spans?.find((s) => s.start <= offset && offset < s.end);
    if (w && p.width && p.height) return { x: round(w.box.x0 / p.width), y: round(w.box.y0 / p.height) };
    return { x: lineLength ? round(column / Math.max(lineLength, 80)) : null, y: lineCount ? round(line / lineCount) : null };
  };
}

/** Word boxes aligned to the page text: each word is found in order, from where the previous one ended. */
export function wordSpans(text: string, words: readonly WordBox[]): Array<{ start: number; end: number; box: WordBox }> {
  const out: Array<{ start: number; end: number; box: WordBox }> = [];
  let at = 0;
  for (const w of words) {
    const t = w.text.trim();
    if (!t) continue;
    const i = text.indexOf(t, at);
    if (i < 0 || i - at > 200) continue;
    out.push({ start: i, end: i + t.length, box: w });
    at = i + t.length;
  }
  return out;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

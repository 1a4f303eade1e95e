/**
 * Word-box geometry for OCR pages: when OCR breaks a page's reading order (a receipt's price column, an invoice's
 * right-aligned summary amounts read as a block of their own), the value of a total label, in any language of the
 * vocabularies, is still the money word on the same visual row, to the label's right.
 */
import { type AmountToken, type DecimalMark, findAmounts } from './amounts.js';
import { type Line, type OcrWord, type PageInput, fold } from './text.js';
import { labelRe } from './vocab.js';

export interface LocatedWord {
  s: number;
  e: number;
  w: OcrWord;
}

/** Offsets of OCR words in the page text, found by walking the text in reading order. */
export function locateWords(text: string, words: readonly OcrWord[]): LocatedWord[] {
  const out: LocatedWord[] = [];
  let cursor = 0;
  for (const w of words) {
    const t = w.text.trim();
    if (!t) continue;
    const at = text.indexOf(t, cursor);
    if (at < 0 || at - cursor > 200) continue;
    out.push({ s: at, e: at + t.length, w });
    cursor = at + t.length;
  }
  return out;
}

const LABEL = /\b(?:grand\s?total|nett?\stotal|total\s(?:amount\s)?(?:due|payable)|amount\s(?:due|payable)|total|jumlah)\b/;
const NOT_LABEL =
  /\b(?:sub\s?-?\s?total|qty|quantity|items?|pcs|units|discount|disc|saving|savings|cash|change|tender\w*|paid|rounding|round|adj\w*|gst|vat|tax|sst|excl\w*|points?)\b/;
/** Every language's strong total labels ("Endbetrag brutto", "Totale fattura", "Total incl. tax"), which no tax word undoes. */
const STRONG_LABEL = labelRe('total_strong');
/** A total column's or block's head in any language ("Summe", "Totale", "Gesamt"), judged like a plain "total". */
const HEAD_LABEL = labelRe('total_head');
const SUBTOTAL_LABEL = labelRe('subtotal');
/** One money word, thousands grouped or not: "4465.93", "4,465.93", "12.101,90", "CHF 4'548.88" read as one token. */
const MONEY = /^[^\d]{0,3}(?:\d{1,6}|\d{1,3}(?:[.,'’]\d{3})+)[.,]\d{2}$/;

export interface RowAmount {
  token: AmountToken;
  line: Line;
  label: Line;
}

/** Median slope (dy/dx) of the text lines' baselines: how far the page is rotated. */
function pageSkew(pageLines: readonly Line[], words: readonly LocatedWord[]): number {
  const slopes: number[] = [];
  let k = 0;
  for (const line of pageLines) {
    const end = line.start + line.text.length;
    while (k < words.length && words[k]!.s < line.start) k++;
    const own: LocatedWord[] = [];
    for (let j = k; j < words.length && words[j]!.s < end; j++) own.push(words[j]!);
    if (own.length < 2) continue;
    const a = own[0]!.w;
    const b = own[own.length - 1]!.w;
    const dx = (b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2;
    if (dx < 3 * Math.max(1, a.y1 - a.y0)) continue;
    slopes.push(((b.y0 + b.y1) / 2 - (a.y0 + a.y1) / 2) / dx);
  }
  if (slopes.length < 3) return 0;
  slopes.sort((x, y) => x - y);
  const m = slopes[slopes.length >> 1]!;
  return Math.abs(m) > 0.2 ? 0 : m;
}

/** The money word on the same visual row as a total label whose text line carries no amount. */
export function totalOnLabelRow(lines: readonly Line[], pages: readonly PageInput[], decimal: DecimalMark | undefined): RowAmount | null {
  let best: (RowAmount & { rank: number }) | null = null;
  for (const page of pages) {
    if (page.method !== 'ocr' || !page.words?.length) continue;
    const pageLines = lines.filter((l) => l.page === page.index);
    // total labels with no amount after them on their text line: the only ones geometry can help
    const labels: Array<{ line: Line; m: RegExpExecArray }> = [];
    for (const line of pageLines) {
      const f = fold(line.text).replace(/\bt[o0au]t[a4][l1i]\b/g, 'total');
      let m = SUBTOTAL_LABEL.test(f) ? null : STRONG_LABEL.exec(f);
      if (!m) {
        m = LABEL.exec(f) ?? HEAD_LABEL.exec(f);
        if (!m || NOT_LABEL.test(f)) continue;
      }
      if (findAmounts(line.text, decimal).some((t) => t.hasDecimals && t.start >= m.index)) continue;
      labels.push({ line, m });
    }
    if (!labels.length) continue;
    const words = locateWords(page.text, page.words);
    if (!words.length) continue;
    const slope = pageSkew(pageLines, words);
    for (const { line, m } of labels) {
      const at = line.start + m.index;
      const label = words.find((x) => x.s <= at && x.e > at);
      if (!label) continue;
      const h = Math.max(1, label.w.y1 - label.w.y0);
      const cy = (label.w.y0 + label.w.y1) / 2;
      const cx = (label.w.x0 + label.w.x1) / 2;
      let pick: LocatedWord | null = null;
      for (const x of words) {
        if (x.w.x0 <= label.w.x1) continue;
        const c = (x.w.y0 + x.w.y1) / 2;
        // a photographed slip is rarely level: follow the page's skew along the row
        if (Math.abs(c - (cy + slope * ((x.w.x0 + x.w.x1) / 2 - cx))) > 0.6 * h) continue;
        if (!MONEY.test(x.w.text.trim())) continue;
        if (!pick || x.w.x1 > pick.w.x1) pick = x;
      }
      if (!pick) continue;
      const own = pageLines.find((l) => l.start <= pick!.s && pick!.s < l.start + l.text.length);
      if (!own) continue;
      const tok = findAmounts(own.text, decimal).find(
        (t) => own.start + t.start <= pick!.s && own.start + t.end >= pick!.e - 1 && t.hasDecimals,
      );
      if (!tok) continue;
      // a grand total outranks a plain "total"; the later of equals is the amount due
      const rank = (STRONG_LABEL.test(m[0]) || /grand|nett?|due|payable/.test(m[0]) ? 2 : 1) * 10000 + line.n;
      if (!best || rank > best.rank) best = { token: tok, line: own, label: line, rank };
    }
  }
  return best ? { token: best.token, line: best.line, label: best.label } : null;
}

/** A cell of a page found by its words' boxes: the text of a line between two offsets. */
export interface BoxCell {
  line: Line;
  from: number;
  to: number;
  text: string;
}

/** What lies directly above or below a span on the page, by word boxes (text layers and OCR pages alike). */
export interface CellFinder {
  /** The cell on the row directly above the span that overlaps it horizontally (a label over its value). */
  above(line: Line, from: number, to: number): BoxCell | null;
  /** The cell on the row directly below the span that overlaps it horizontally (the value under its label). */
  below(line: Line, from: number, to: number): BoxCell | null;
  /** The cell the span itself belongs to (a value with its label before it on the row). */
  at(line: Line, from: number, to: number): BoxCell | null;
  /** On an OCR page, the nearest cell on the span's own visual row to its right (a label's value beside it). */
  right(line: Line, from: number, to: number): BoxCell | null;
  /** On an OCR page, the nearest cell on the span's own visual row to its left (a value's label beside it). */
  left(line: Line, from: number, to: number): BoxCell | null;
  /** Whether right and left read the line's page (an OCR page with word boxes): their null then means nothing beside. */
  rowsKnown(line: Line): boolean;
}

/** No page geometry known: nothing is above, below or beside anything. */
export const NO_CELLS: CellFinder = {
  above: () => null,
  below: () => null,
  at: () => null,
  right: () => null,
  left: () => null,
  rowsKnown: () => false,
};

/**
 * Rule support for labels stacked over their values ('date.label-above', 'number.label-above'): a meta block of
 * "Invoice date" on one line and "12.03.2024" on the next, printed beside the buyer's address, comes out of the text
 * layer as lines that mix both columns ("Unit 4, Trade Park   12.03.2024"), so the characters' order cannot say which
 * label a value sits under; the word boxes can. A cell is the run of words on one visual row, no wider gap between them
 * than two character heights, that overlaps the span's horizontal extent; the row must be the next one up (or down)
 * within two line heights, with nothing printed between them near the span's column.
 */
export function cellFinder(lines: readonly Line[], pages: readonly PageInput[]): CellFinder {
  const byPage = new Map<number, { words: LocatedWord[]; lines: Line[] }>();
  const ocrPages = new Set(pages.filter((p) => p.method === 'ocr').map((p) => p.index));
  for (const p of pages) {
    if (!p.words?.length) continue;
    const words = locateWords(p.text ?? '', p.words);
    if (words.length) byPage.set(p.index, { words, lines: lines.filter((l) => l.page === p.index) });
  }
  const wordsIn = (line: Line, from: number, to: number) => {
    const pg = byPage.get(line.page);
    if (!pg) return [];
    return pg.words.filter((x) => x.s < line.start + to && x.e > line.start + from);
  };
  const cellNear = (line: Line, from: number, to: number, dir: -1 | 0 | 1): BoxCell | null => {
    const pg = byPage.get(line.page);
    const own = wordsIn(line, from, to);
    if (!pg || !own.length) return null;
    const x0 = Math.min(...own.map((o) => o.w.x0));
    const x1 = Math.max(...own.map((o) => o.w.x1));
    const top = Math.min(...own.map((o) => o.w.y0));
    const bottom = Math.max(...own.map((o) => o.w.y1));
    const h = Math.max(1, bottom - top);
    // the nearest row in the direction asked, overlapping the span horizontally
    const gapOf = (w: OcrWord) => (dir < 0 ? top - w.y1 : w.y0 - bottom);
    const overlapping = pg.words.filter((x) => {
      const gap = gapOf(x.w);
      return gap > -0.3 * h && gap < 2 * h && x.w.x1 > x0 - 1 && x.w.x0 < x1 + 1 && !own.includes(x);
    });
    if (!overlapping.length && dir) return null;
    const near = dir ? overlapping.reduce((a, b) => (gapOf(b.w) < gapOf(a.w) ? b : a)) : own[0]!;
    // nothing printed between them near the span's column: a header row in between ("Kopie factuur" over "Klant  Order"
    // over the values) means the row found is not what the span labels
    if (dir) {
      const g = gapOf(near.w);
      const between = pg.words.some(
        (x) => !own.includes(x) && gapOf(x.w) > -0.3 * h && gapOf(x.w) < g - 0.5 * h && x.w.x1 > x0 - 2 * h && x.w.x0 < x1 + 2 * h,
      );
      if (between) return null;
    }
    const cy = (near.w.y0 + near.w.y1) / 2;
    const row = pg.words.filter((x) => Math.abs((x.w.y0 + x.w.y1) / 2 - cy) < 0.5 * h).sort((a, b) => a.w.x0 - b.w.x0);
    // grow the cell left and right from the nearest word while the gap between words stays small
    let i = row.indexOf(near);
    let j = i;
    while (i > 0 && row[i]!.w.x0 - row[i - 1]!.w.x1 < 2 * h) i--;
    while (j < row.length - 1 && row[j + 1]!.w.x0 - row[j]!.w.x1 < 2 * h) j++;
    const cell = row.slice(i, j + 1);
    const at = pg.lines.find((l) => l.start <= cell[0]!.s && cell[0]!.s < l.start + l.text.length + 1);
    if (!at || cell.some((c) => c.s < at.start || c.e > at.start + at.text.length)) return null;
    const f = cell[0]!.s - at.start;
    const t = cell[cell.length - 1]!.e - at.start;
    return { line: at, from: f, to: t, text: at.text.slice(f, t) };
  };
  /**
   * Rule support for 'number.row-geometry' and 'date.row-geometry': OCR often reads a meta block's labels as one block
   * of lines and the values beside them as another ("Invoice no.\nDate\n\n2024-118\n12.03.2024"), so a label's text
   * line no longer holds its value; the word boxes still put them on one visual row. A word is on the span's row when
   * its middle lies within half the span's height of the span's middle, following the page's skew (a scan is rarely
   * level); the cell is the nearest such word on the side asked and the words next to it with no gap wider than two
   * character heights, on one text line, and no further from the span than MAX_BESIDE heights (a row's far end is
   * another block of the page).
   */
  const skews = new Map<number, number>();
  const cellBeside = (line: Line, from: number, to: number, dir: -1 | 1): BoxCell | null => {
    const pg = byPage.get(line.page);
    if (!pg || !ocrPages.has(line.page)) return null;
    const own = wordsIn(line, from, to);
    if (!own.length) return null;
    let slope = skews.get(line.page);
    if (slope === undefined) {
      slope = pageSkew(pg.lines, pg.words);
      skews.set(line.page, slope);
    }
    const x0 = Math.min(...own.map((o) => o.w.x0));
    const x1 = Math.max(...own.map((o) => o.w.x1));
    const top = Math.min(...own.map((o) => o.w.y0));
    const bottom = Math.max(...own.map((o) => o.w.y1));
    const h = Math.max(1, bottom - top);
    const cx = (x0 + x1) / 2;
    const cy = (top + bottom) / 2;
    const onRow = (w: OcrWord) => Math.abs((w.y0 + w.y1) / 2 - (cy + slope * ((w.x0 + w.x1) / 2 - cx))) < 0.5 * h;
    const side = pg.words
      .filter((x) => !own.includes(x) && onRow(x.w) && (dir > 0 ? x.w.x0 >= x1 - 1 : x.w.x1 <= x0 + 1))
      .sort((a, b) => (dir > 0 ? a.w.x0 - b.w.x0 : b.w.x1 - a.w.x1));
    const near = side[0];
    if (!near || (dir > 0 ? near.w.x0 - x1 : x0 - near.w.x1) > MAX_BESIDE * h) return null;
    const at = pg.lines.find((l) => l.start <= near.s && near.s < l.start + l.text.length);
    if (!at) return null;
    const cell = [near];
    for (const x of side.slice(1)) {
      const last = cell[cell.length - 1]!;
      if ((dir > 0 ? x.w.x0 - last.w.x1 : last.w.x0 - x.w.x1) >= 2 * h) break;
      // a word of another text line is another cell, whatever its box says
      if (x.s < at.start || x.e > at.start + at.text.length) break;
      cell.push(x);
    }
    if (dir < 0) cell.reverse();
    const f = cell[0]!.s - at.start;
    const t = cell[cell.length - 1]!.e - at.start;
    if (f < 0 || t > at.text.length || t <= f) return null;
    return { line: at, from: f, to: t, text: at.text.slice(f, t) };
  };
  return {
    above: (l, f, t) => cellNear(l, f, t, -1),
    below: (l, f, t) => cellNear(l, f, t, 1),
    at: (l, f, t) => cellNear(l, f, t, 0),
    right: (l, f, t) => cellBeside(l, f, t, 1),
    left: (l, f, t) => cellBeside(l, f, t, -1),
    rowsKnown: (l) => ocrPages.has(l.page) && byPage.has(l.page),
  };
}

/** How far, in character heights, a value may stand beside its label on a row (a wide meta block, not the next block). */
const MAX_BESIDE = 25;

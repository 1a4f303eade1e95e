/**
 * Word-box geometry for OCR pages: when OCR breaks a receipt's reading order (the price column read as its own
 * block), the value of a TOTAL label is still the money word on the same visual row, to the label's right.
 */
import { type AmountToken, type DecimalMark, findAmounts } from './amounts.js';
import { type Line, type OcrWord, type PageInput, fold } from './text.js';

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
const MONEY = /^[^\d]{0,3}\d{1,6}[.,]\d{2}$/;

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
      const m = LABEL.exec(f);
      if (!m || NOT_LABEL.test(f)) continue;
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
      const rank = (/grand|nett?|due|payable/.test(m[0]) ? 2 : 1) * 10000 + line.n;
      if (!best || rank > best.rank) best = { token: tok, line: own, label: line, rank };
    }
  }
  return best ? { token: best.token, line: best.line, label: best.label } : null;
}

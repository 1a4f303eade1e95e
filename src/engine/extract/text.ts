/** Shared text plumbing: pages become lines with page-relative offsets so every field can point back at its span. */

import type { ReadPage, WordBox } from '../../contract/schemas/pages.js';

/** An OCR word with its box in the page image's pixels: the contract's WordBox. */
export type OcrWord = WordBox;

/** What extraction reads of a page: its text, and for an OCR'd page its word boxes. */
export type PageInput = Pick<ReadPage, 'index' | 'text' | 'method'> & { words?: OcrWord[] };

export interface Line {
  /** Position in the document-wide line list. */
  n: number;
  page: number;
  /** Offset of the line in its page's text. */
  start: number;
  text: string;
}

export function splitLines(pages: readonly PageInput[]): Line[] {
  const out: Line[] = [];
  for (const p of pages) {
    let start = 0;
    const t = p.text ?? '';
    while (start <= t.length) {
      let end = t.indexOf('\n', start);
      if (end < 0) end = t.length;
      let text = t.slice(start, end);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (p.method === 'ocr') text = repairOcrLine(text);
      // lines of bare punctuation (":" under a label, rules of dashes) carry nothing and would split label/value pairs
      if (/[\p{L}\p{N}$€£¥₹]/u.test(text)) out.push({ n: out.length, page: p.index, start, text });
      start = end + 1;
    }
  }
  return out;
}

const OCR_DIGITS: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', '|': '1', S: '5', s: '5', Z: '2', B: '8' };

/**
 * Undo OCR confusions inside dates and amounts. Every replacement keeps the line's length, so spans computed on
 * the repaired text still point at the same characters of the page text.
 */
export function repairOcrLine(text: string): string {
  let t = text;
  // "D2/O2/17" → "02/02/17"
  t = t.replace(/(?<![\w])([\dODQIlZ|]{2})([/.-])([\dODQIlZ|]{2})\2([\dODQIl|Ss]{2,4})(?![\w])/g, (m) =>
    (m.match(/\d/g) ?? []).length >= 4 ? m.replace(/[ODQIlZ|Ss]/g, (c) => OCR_DIGITS[c] ?? c) : m,
  );
  // "17/83/2817" → "17/03/2017", "14 Mar 2618" → "14 Mar 2018": OCR reads 0 as 8 or 6 inside dates
  t = t.replace(/(?<![\w.])(\d{1,2})([/.-])(\d{2})\2(2[5689]\d\d|\d{2})(?![\w])/g, (m, d: string, sep: string, mo: string, y: string) => {
    const mo2 = Number(mo) > 12 && /^[689]/.test(mo) ? `0${mo[1]}` : mo;
    const y2 = y.length === 4 && /^2[5689]/.test(y) ? `20${y.slice(2)}` : y;
    return `${d}${sep}${mo2}${sep}${y2}`;
  });
  t = t.replace(/(?<=\b\d{1,2}[ -](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ -])2[5689](?=\d\d\b)/gi, '20');
  // "55.1 0" → "55.10 " at the end of a line
  t = t.replace(/(\d[.,]\d) (\d)(\s*)$/, '$1$2 $3');
  // "49. 39" → "49.39 "
  t = t.replace(/(\d)\.\s(\d{2})(?![\d.,])/g, '$1.$2 ');
  // "§5.10" → "55.10"
  t = t.replace(/§(?=\d)/g, '5');
  // "Rounding Adjustment RM OQ 02": letters for the zeros of a small amount after the currency
  t = t.replace(/(?<=\bR[MH]\s?)[OQD0]{1,2}(?=[ .]\d{2}\s*$)/, (m) => '0'.repeat(m.length));
  // "Total M™M1.00": OCR noise glued to the amount at the end of a line (not a currency prefix such as RM1.00)
  if (/\b(?:total|due|amount|cash|change|paid|pay|round\w*|balance|jumlah)\b/i.test(t))
    t = t.replace(/(\s)(\S{0,4}?)([^\s\d.,$€£¥₹(-])(?=\d{1,6}[.,]\d{2}\s*$)/, (m, sp: string, pre: string, c: string) =>
      /^(?:R|RM|Rs|MYR|USD|EUR|GBP|INR|SGD|S|US|AU|CA|HK|NZ)$/i.test(pre + c) || /^(?:RM|Rs|MY|US|SG|HK)/i.test(pre + c)
        ? m
        : `${sp}${pre} `,
    );
  // a label line ending in "92 80" / "RM 64 13": the space stands for the decimal point
  if (/[A-Za-z]{3}/.test(t)) t = t.replace(/(?<=[^\d.,\s]\s{0,6}|RM\s?)(\d{1,5}) (\d{2})(\s*)$/, '$1.$2$3');
  return t;
}

/** A located match: page plus page-relative span. */
export interface Span {
  page: number;
  start: number;
  end: number;
}

export function spanIn(line: Line, from: number, to: number): Span {
  return { page: line.page, start: line.start + from, end: line.start + to };
}

/**
 * Columns in a layout line: runs separated by 2+ spaces or a tab. pdf text joined by y position keeps some gap
 * between columns, OCR lines usually do not; callers treat a single column as "no layout information".
 */
export function columns(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ text: m[0], start: m.index });
  return out;
}

const foldCache = new Map<string, string>();
/**
 * Lower-case and strip accents, one output char per input char, so offsets found in the folded text are valid
 * in the original (keyword tables are written once, in ASCII).
 */
const foldMemo = new Map<string, string>();

export function fold(s: string): string {
  const hit = foldMemo.get(s);
  if (hit !== undefined) return hit;
  if (foldMemo.size > 20000) foldMemo.clear();
  const r = foldRaw(s);
  foldMemo.set(s, r);
  return r;
}

function foldRaw(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c.charCodeAt(0) < 128) {
      out += c.toLowerCase();
      continue;
    }
    let f = foldCache.get(c);
    if (f === undefined) {
      const d = c
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
      f = c === 'ł' || c === 'Ł' ? 'l' : d.length === 1 ? d : c.toLowerCase().length === 1 ? c.toLowerCase() : c;
      foldCache.set(c, f);
    }
    out += f;
  }
  return out;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

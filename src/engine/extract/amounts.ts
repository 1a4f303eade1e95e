/**
 * Money amounts as printed → numbers. Handles 1.234,56 / 1,234.56 / 1 234,56 / 1'234.56, negatives written as
 * -12.00, 12.00-, (12.00) or 12.00 CR, and the usual OCR confusions inside digit runs (O→0, l/I→1, S→5).
 */

export type DecimalMark = ',' | '.';

export interface AmountToken {
  value: number;
  raw: string;
  /** Offsets in the string that was scanned. */
  start: number;
  end: number;
  /** True when the token had an explicit decimal part (12.00), which makes it much more likely to be money. */
  hasDecimals: boolean;
  /** A currency symbol or code printed right next to the number. */
  currencyHint: string | null;
}

const OCR_DIGIT: Record<string, string> = { O: '0', o: '0', D: '0', l: '1', I: '1', '|': '1', S: '5', B: '8' };

/** Replace letters OCR mistakes for digits, but only when they sit between digits or separators. */
export function fixOcrDigits(s: string): string {
  return s.replace(/(?<=[\d.,])[OolIS|B](?=[\d.,]|$)|[OolIS|B](?=[.,]\d)/g, (c) => OCR_DIGIT[c] ?? c);
}

/**
 * Parse one printed amount. `decimal` is the document's decimal mark when known; without it a lone separator
 * followed by exactly three digits is read as a thousands separator (1.234 → 1234), which is the common case for money.
 */
export function parseAmount(raw: string, decimal?: DecimalMark): number | null {
  let s = raw.trim();
  if (!s) return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (/\s*(?:CR|Cr|cr)\.?$/.test(s)) {
    negative = true;
    s = s.replace(/\s*(?:CR|Cr|cr)\.?$/, '');
  }
  if (/^[-−–]/.test(s) || /[-−–]\s*$/.test(s)) negative = true;
  // a minus may sit between the currency and the number: "€ -9,32", "-€9.32"; rule 'amounts.dash-after-currency': not
  // a dash glued to a currency code with a gap before the figure ("RM- 113.65"), which is OCR's speck or a leader
  if (/^[^\d]*[-−–]\s*\d/.test(s) && !/^[A-Za-z]{2,3}[-−–]\s+\d/.test(s)) negative = true;
  s = s.replace(/[^\dOolIS|B.,'’\s\u00a0\u202f]/g, ' ').trim();
  s = fixOcrDigits(s).replace(/[^\d.,'’\s\u00a0\u202f]/g, '');
  // grouping by spaces/apostrophes: only between digit groups
  s = s.replace(/(\d)[\s\u00a0\u202f'’](?=\d{3}(?:\D|$))/g, '$1').replace(/\s+/g, '');
  if (!/\d/.test(s) || !/^[\d.,]+$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart = s;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const mark = lastDot > lastComma ? '.' : ',';
    const i = Math.max(lastDot, lastComma);
    intPart = s.slice(0, i).replace(/[.,]/g, '');
    frac = s.slice(i + 1);
    void mark;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark: DecimalMark = lastDot >= 0 ? '.' : ',';
    const parts = s.split(mark);
    const tail = parts[parts.length - 1]!;
    if (parts.length > 2) {
      // 1.234.567 — grouping only, unless the last group is short (1.234.56 is an OCR'd 1,234.56)
      if (tail.length === 3) intPart = parts.join('');
      else {
        intPart = parts.slice(0, -1).join('');
        frac = tail;
      }
    } else if (tail.length === 3 && decimal !== mark && parts[0] !== '0' && parts[0] !== '') {
      intPart = parts.join('');
    } else {
      intPart = parts[0]!;
      frac = tail;
    }
  }
  if (!intPart) intPart = '0';
  if (!/^\d+$/.test(intPart) || (frac && !/^\d+$/.test(frac))) return null;
  const v = Number(frac ? `${intPart}.${frac}` : intPart);
  if (!Number.isFinite(v)) return null;
  return negative ? -v : v;
}

/** Amount as the contract's normalised string: '.' decimals, two places. */
export function formatAmount(v: number): string {
  // half away from zero, as printed money rounds; the epsilon absorbs binary noise (1.005 → 1.01)
  const r = Math.sign(v) * Math.round(Math.abs(v) * 100 + 1e-7);
  return (r / 100 || 0).toFixed(2);
}

const CUR_BEFORE = String.raw`(?:[$€£¥₹₩₽]|R[Mm]|Rs\.?|INR|USD|EUR|GBP|MYR|PLN|CHF|SGD|AUD|CAD|JPY|CNY|HKD|NZD|SEK|NOK|DKK)`;
const CUR_AFTER = String.raw`(?:[$€£¥₹]|zł|zl|EUR|USD|GBP|PLN|MYR|CHF|kr|Kč|RM|€\s?TTC)`;
// The number body: grouped thousands, or a plain digit run, with an optional 1-2 digit (sometimes 3, OCR) decimal part.
// Bounded quantifiers keep this linear.
const NUM = String.raw`(?:\d{1,3}(?:[.,'’\u00a0\u202f]\d{3}){1,4}|\d{1,3}(?: \d{3}){1,3}(?=,\d\d(?!\d))|\d{1,12})(?:[.,]\d{1,2}(?!\d))?`;
const AMOUNT_RE = new RegExp(
  String.raw`(?<![\w.,/:-])(\(\s*)?(${CUR_BEFORE}\s?)?([-−–]\s?)?(${CUR_BEFORE}\s?)?(${NUM})(-(?![\d]))?(\s?${CUR_AFTER})?(\s?\))?(\s?CR\b)?(?![\w/]|[.,]\d|:\d)`,
  'g',
);

/** Every amount-looking token in a line, with its span. Numbers inside dates, times and ids are left out. */
const amountMemo = new Map<string, AmountToken[]>();

export function findAmounts(line: string, decimal?: DecimalMark): AmountToken[] {
  // the same lines are scanned by totals, line items and fallbacks; results are treated as read-only
  const key = `${decimal ?? ''}\u0000${line}`;
  const hit = amountMemo.get(key);
  if (hit) return hit;
  if (amountMemo.size > 20000) amountMemo.clear();
  const out = scanAmounts(line, decimal);
  amountMemo.set(key, out);
  return out;
}

function scanAmounts(line: string, decimal?: DecimalMark): AmountToken[] {
  const out: AmountToken[] = [];
  AMOUNT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AMOUNT_RE.exec(line))) {
    const raw = m[0];
    const open = m[1] !== undefined;
    const close = m[8] !== undefined;
    let cleaned = raw;
    if (open !== close) cleaned = raw.replace(/[()]/g, '');
    const body = m[5]!;
    const v = parseAmount(cleaned, decimal);
    if (v === null) continue;
    out.push({
      value: v,
      raw: raw.trim(),
      start: m.index + (raw.length - raw.trimStart().length),
      end: m.index + raw.trimEnd().length,
      hasDecimals: /[.,]\d{1,2}$/.test(body),
      currencyHint: (m[2] ?? m[4] ?? m[7] ?? '').trim() || null,
    });
  }
  return out;
}

/**
 * The document's decimal mark, from evidence: which separator is followed by exactly two digits at the end of
 * amounts. Returns undefined when the document does not say.
 */
export function detectDecimalMark(text: string): DecimalMark | undefined {
  let comma = 0;
  let dot = 0;
  const re = /\d[.,]\d\d(?![\d.,])/g;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(text)) && guard++ < 5000) {
    if (m[0][1] === ',') comma++;
    else dot++;
  }
  if (comma === 0 && dot === 0) return undefined;
  return comma > dot * 1.5 ? ',' : dot > comma * 1.5 ? '.' : undefined;
}

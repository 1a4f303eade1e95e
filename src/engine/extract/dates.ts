/**
 * Dates as printed → ISO yyyy-mm-dd. Day-first vs month-first is settled per document: first by evidence (another
 * numeric date whose first part is > 12 proves day-first), then by the locale setting, then by a currency hint.
 */
// One module per function and locale: date-fns' index files load 250 and 480 modules (~0.7 s at start-up).
import { isValid } from 'date-fns/isValid';
import { da } from 'date-fns/locale/da';
import { de } from 'date-fns/locale/de';
import { enUS } from 'date-fns/locale/en-US';
import { es } from 'date-fns/locale/es';
import { fr } from 'date-fns/locale/fr';
import { id } from 'date-fns/locale/id';
import { it } from 'date-fns/locale/it';
import { ms } from 'date-fns/locale/ms';
import { nl } from 'date-fns/locale/nl';
import { pl } from 'date-fns/locale/pl';
import { pt } from 'date-fns/locale/pt';
import { sv } from 'date-fns/locale/sv';
import { fold } from './text.js';

export type DateOrder = 'DMY' | 'MDY';

const MONTHS = new Map<string, number>();
for (const loc of [enUS, de, fr, nl, pl, es, it, ms, pt, sv, da, id]) {
  for (let i = 0; i < 12; i++) {
    for (const width of ['wide', 'abbreviated'] as const) {
      // Slavic languages decline month names: "grudzień" standalone, "3 grudnia" in a date
      for (const context of ['formatting', 'standalone'] as const) {
        const name = fold(String(loc.localize.month(i as never, { width, context }))).replace(/\.$/, '');
        if (name.length >= 3 && !MONTHS.has(name)) MONTHS.set(name, i + 1);
      }
    }
  }
}
// spellings date-fns does not list but documents print
for (const [k, v] of [
  ['sept', 9],
  ['mrz', 3],
  ['maerz', 3],
  ['juil', 7],
  ['fevr', 2],
  ['janv', 1],
  ['avr', 4],
  ['okt', 10],
  ['dez', 12],
  ['mrt', 3],
  ['ags', 8],
  ['ogos', 8],
  ['dis', 12],
  ['mac', 3],
] as const) {
  if (!MONTHS.has(k)) MONTHS.set(k, v);
}
const MONTH_ALT = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');

export interface DateToken {
  raw: string;
  start: number;
  end: number;
  /** Parts as printed; for numeric a/b dates the order is not settled yet. */
  kind: 'ymd' | 'named' | 'numeric';
  y: number;
  a: number;
  b: number;
}

// Separators must repeat (12/03/2024, not 12/03-2024); bounded counts keep these linear.
const RE_YMD = /(?<![\d.])((?:19|20)\d\d)([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/g;
const RE_NUM = /(?<![\d.,/-])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?((?:19|20)?\d\d)(?![\d]|[.,]\d)/g;
const RE_DMY_NAMED = new RegExp(
  // "8 de noviembre de 2025", "6 de março de 2023": Spanish and Portuguese join day, month and year with "de"
  String.raw`(?<![\d\w])(\d{1,2})(?:st|nd|rd|th|er|e)?\.?[ \t-]{0,3}(?:de[ \t]{1,2})?(${MONTH_ALT})\.?(?![a-z])(?:[ \t]{1,2}del?(?=[ \t]))?[ \t,.'-]{0,4}((?:19|20)\d\d|\d\d)(?!\d)`,
  'g',
);
const RE_MDY_NAMED = new RegExp(
  String.raw`(?<![\w])(${MONTH_ALT})\.?(?![a-z])[ \t-]{0,3}(\d{1,2})(?:st|nd|rd|th)?[ \t]{0,2},?[ \t]{0,2}((?:19|20)\d\d)(?!\d)`,
  'g',
);

function year2(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** All date-looking tokens in a line (not resolved: see resolveDate). */
export function findDateTokens(line: string): DateToken[] {
  const f = fold(line);
  const out: DateToken[] = [];
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => taken.every(([a, b]) => e <= a || s >= b);
  const add = (t: DateToken) => {
    if (!free(t.start, t.end)) return;
    taken.push([t.start, t.end]);
    out.push(t);
  };
  let m: RegExpExecArray | null;
  RE_YMD.lastIndex = 0;
  while ((m = RE_YMD.exec(f))) {
    add({
      raw: line.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      kind: 'ymd',
      y: Number(m[1]),
      a: Number(m[3]),
      b: Number(m[4]),
    });
  }
  RE_DMY_NAMED.lastIndex = 0;
  while ((m = RE_DMY_NAMED.exec(f))) {
    const mo = MONTHS.get(m[2]!);
    if (mo)
      add({
        raw: line.slice(m.index, m.index + m[0].length),
        start: m.index,
        end: m.index + m[0].length,
        kind: 'named',
        y: year2(m[3]!),
        a: mo,
        b: Number(m[1]),
      });
  }
  RE_MDY_NAMED.lastIndex = 0;
  while ((m = RE_MDY_NAMED.exec(f))) {
    const mo = MONTHS.get(m[1]!);
    if (mo)
      add({
        raw: line.slice(m.index, m.index + m[0].length),
        start: m.index,
        end: m.index + m[0].length,
        kind: 'named',
        y: year2(m[3]!),
        a: mo,
        b: Number(m[2]),
      });
  }
  RE_NUM.lastIndex = 0;
  while ((m = RE_NUM.exec(f))) {
    add({
      raw: line.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      kind: 'numeric',
      y: year2(m[4]!),
      a: Number(m[1]),
      b: Number(m[3]),
    });
  }
  return out.sort((x, y) => x.start - y.start);
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2199) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (!isValid(dt) || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO date for a token given the document's order; null when impossible (31/31/2020). */
export function resolveDate(t: DateToken, order: DateOrder): string | null {
  if (t.kind === 'ymd') return iso(t.y, t.a, t.b);
  if (t.kind === 'named') return iso(t.y, t.a, t.b);
  const [d, m] = order === 'DMY' ? [t.a, t.b] : [t.b, t.a];
  return iso(t.y, m, d) ?? iso(t.y, order === 'DMY' ? t.a : t.b, order === 'DMY' ? t.b : t.a);
}

const MDY_REGIONS = new Set(['US', 'PH', 'FM', 'MH', 'PW']);
/**
 * Rule 'date.order-of-mixed-country': where both orders are in common use (Canada: day first in French and much of
 * government, month first in much of business), the country settles nothing; the document has to.
 */
const MIXED_ORDER_REGIONS = new Set(['CA']);

/** Month-first only where the locale says so; most of the world writes day-first; a mixed country says neither. */
export function orderForLocale(locale: string | undefined): DateOrder | undefined {
  if (!locale) return undefined;
  const region = locale.split(/[-_]/)[1]?.toUpperCase();
  if (region && MIXED_ORDER_REGIONS.has(region)) return undefined;
  if (region) return MDY_REGIONS.has(region) ? 'MDY' : 'DMY';
  return undefined;
}

/**
 * Settle the document's numeric date order. Evidence in the document wins over the locale because a document
 * is self-consistent; `currencyHint` (USD) only breaks a tie when neither says anything.
 */
export function settleOrder(
  tokens: readonly DateToken[],
  locale?: string,
  currencyHint?: string | null,
  weights?: readonly number[],
): { order: DateOrder; evidence: boolean } {
  let dmy = 0;
  let mdy = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.kind !== 'numeric') continue;
    const w = weights?.[i] ?? 1;
    // only tokens that are real dates one way round count as evidence ("6.60.00" is OCR'd money)
    if (t.a > 12 && t.b <= 12 && iso(t.y, t.b, t.a)) dmy += w;
    else if (t.b > 12 && t.a <= 12 && iso(t.y, t.a, t.b)) mdy += w;
  }
  if (dmy !== mdy) return { order: dmy > mdy ? 'DMY' : 'MDY', evidence: true };
  const byLocale = orderForLocale(locale);
  if (byLocale) return { order: byLocale, evidence: false };
  return { order: currencyHint === 'USD' ? 'MDY' : 'DMY', evidence: false };
}

/** Convenience for tables and the LLM validator: parse one printed date. */
export function parseDate(raw: string, opts: { locale?: string; order?: DateOrder } = {}): string | null {
  const t = findDateTokens(raw)[0];
  if (!t) return null;
  const order = opts.order ?? orderForLocale(opts.locale) ?? 'DMY';
  return resolveDate(t, order);
}

export function isAmbiguous(t: DateToken): boolean {
  return t.kind === 'numeric' && t.a <= 12 && t.b <= 12 && t.a !== t.b;
}

/**
 * Line items from a table, by its column headers and the alignment of the numbers under them.
 *
 * A header row names a description column and numeric columns (position, quantity, unit price, discount, tax rate,
 * tax, amount; the words are vocabulary data). A row's numbers are its trailing run (separated only by spaces,
 * currency marks, % , a unit after a quantity or a tax code) and, when the header puts columns before the
 * description, its leading run. Whatever stands between is the description, numbers and all: "16 GB", "13.3-inch"
 * and "Office 2011" are never quantities.
 *
 * Rules (ids in the evidence of the document, each with a unit test in test/engine/extract/line-items*.test.ts):
 * - lines.header: a header with a description and numeric columns opens the table; of two labels on the same words
 *   the longer wins ("Prijs incl. BTW" is the amount, not a price).
 * - lines.column-order: the trailing numbers go to the columns after the description in order, the last to the
 *   last column (amounts are right-aligned), by the kind of each figure: "21%" only to a rate, discount or tax
 *   column, "1.00 kg" only to the quantity, a count rather to the quantity than to money.
 * - lines.column-boxes: where the page has word boxes (OCR pixels or text-layer points), a figure goes to the column
 *   whose header stands above it.
 * - lines.leading-columns: numbers before the description fill the columns the header puts there (Pos., Qty).
 * - lines.wrapped-description: a row of figures under its description line.
 * - lines.description-below: a row of figures with no description line above it (an item code and its figures)
 *   takes the text line right under it.
 * - lines.continued-description: lines without figures under an item continue its description.
 * - lines.summary-row: a summary label (subtotal, tax, total, cash...) ends the table on a row that carries money;
 *   "Tax: 0.2%" under an item is a note. A section's subtotal ends it only if no item row follows before the next
 *   summary row.
 * - lines.per-rate-section: one rate's total ("Total 0% supplies: 27.45") closes its rate's rows, not the table: the
 *   next rate's rows go on it.
 * - lines.ocr-tolerant-header: on a line of labels, a word no label matched is the column label it misreads: equal up
 *   to OCR's confusable letters (0/O/Q, 1/l/I, rn/m) or one edit away, for one-word labels of 3+ letters ("Oty",
 *   "AMOUHT", "Descriptior"); never a word that is a vocabulary label of its own ("Date" is not "rate").
 * - lines.qty-price-amount: a row ending "qty [x] price amount" whose product holds to the cent is read so ("2x 95.00
 *   190.00" costs 190.00), a price or amount whose decimal point OCR lost mended by it ("12 274 32.88").
 * - lines.qty-times-price: an amount column missing, the amount is quantity x unit price.
 * - lines.itemised-breakdown: with no table header, a list of charges each followed by the same breakdown rows
 *   ("Charges", "VAT") is the items, when their amounts add up to a total printed on the document.
 */
import type { LineItem } from '../../contract/domain.js';
import { type AmountToken, type DecimalMark, findAmounts } from './amounts.js';
import { type LocatedWord, locateWords } from './geometry.js';
import { type Line, type PageInput, fold, spanIn } from './text.js';
import { isPerRateTotal } from './totals.js';
import { LABEL_KINDS, type LabelKind, labelRe, phrases } from './vocab.js';

type ColKind = 'pos' | 'qty' | 'price' | 'disc' | 'rate' | 'tax' | 'amount';
interface HeaderCol {
  kind: ColKind;
  start: number;
  end: number;
}

const DESC = labelRe('col_desc', 'g');
const NUMERIC: Array<[ColKind, RegExp]> = [
  ['rate', labelRe('col_rate', 'g')],
  ['disc', labelRe('col_disc', 'g')],
  ['pos', labelRe('col_pos', 'g')],
  ['qty', labelRe('col_qty', 'g')],
  ['price', labelRe('col_price', 'g')],
  ['tax', labelRe('col_tax', 'g')],
  ['amount', labelRe('col_amount', 'g')],
];
const UNIT = labelRe('qty_unit');
const SUMMARY = labelRe(['subtotal', 'total_strong', 'tax', 'rounding', 'total', 'cash', 'change', 'paid', 'count']);
/** Summary words that end the table wherever they stand in a row that does not start with a quantity. */
const SUMMARY_IN_TEXT = new RegExp(`${labelRe(['subtotal', 'total_strong', 'rounding', 'cash', 'change']).source}|\\btotal\\b`);
const SUBTOTAL = labelRe('subtotal');
const STRONG = labelRe(['total_strong', 'total', 'tax', 'cash', 'change', 'paid', 'rounding']);
const DISCOUNT = labelRe('discount');
const TOTAL_START = labelRe(['subtotal', 'total_strong', 'total']);

/** OCR's usual confusions, folded to one letter each: 0/O/Q, 1/l/I/|, rn/m. */
function confusableFold(w: string): string {
  return w.replace(/rn/g, 'm').replace(/[0q]/g, 'o').replace(/[1i|]/g, 'l');
}

/** Levenshtein distance of at most 1 (true) or more (false). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

let tolerantLabels: Array<[ColKind | 'desc', string]> | null = null;
/** Every word of every vocabulary phrase: a word that is a label of its own ("date", "fax") is never a misreading. */
let vocabWords: Set<string> | null = null;
/**
 * The column a header word is a misreading of: equal to a one-word column label of 3+ letters up to OCR's confusable
 * letters, or one edit away from it; null when none, or labels of two kinds are as near (ambiguous).
 */
export function tolerantLabel(word: string): ColKind | 'desc' | null {
  if (!tolerantLabels) {
    const kinds: Array<[ColKind | 'desc', string]> = [['desc', 'col_desc'], ...NUMERIC.map(([k]): [ColKind, string] => [k, `col_${k}`])];
    tolerantLabels = kinds.flatMap(([k, label]) =>
      phrases(label as LabelKind)
        .map((p) => fold(p))
        .filter((p) => /^\p{L}{3,}$/u.test(p))
        .map((p): [ColKind | 'desc', string] => [k, confusableFold(p)]),
    );
  }
  if (!vocabWords) vocabWords = new Set(LABEL_KINDS.flatMap((k) => phrases(k).flatMap((p) => fold(p).split(/[^\p{L}]+/u))));
  const folded = fold(word);
  if (vocabWords.has(folded) || !/\p{L}/u.test(folded)) return null;
  const w = confusableFold(folded);
  if (!/^\p{L}{3,}$/u.test(w)) return null;
  for (const near of [(a: string, b: string) => a === b, withinOneEdit]) {
    const kinds = new Set(tolerantLabels.filter(([, p]) => near(w, p)).map(([k]) => k));
    if (kinds.size === 1) return [...kinds][0]!;
    if (kinds.size > 1) return null;
  }
  return null;
}

/** The numeric columns a header row names, left to right; of overlapping labels the longest is the column's. */
export function headerColumns(text: string): { desc: number; descEnd: number; cols: HeaderCol[] } | null {
  const f = fold(text);
  DESC.lastIndex = 0;
  const exact = DESC.exec(f);
  const found: HeaderCol[] = [];
  for (const [kind, re] of NUMERIC) {
    re.lastIndex = 0;
    for (const m of f.matchAll(re)) found.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  // rule 'lines.ocr-tolerant-header': words no label matched, read as a column label OCR misspelt ("Oty", "AMOUHT")
  const exactSpans: Array<[number, number]> = [...found.map((c): [number, number] => [c.start, c.end])];
  if (exact) exactSpans.push([exact.index, exact.index + exact[0].length]);
  // only on a line of labels (at least half of its words), never in running text ("All AWS Services are sold by")
  let d: { index: number; 0: string } | null = exact;
  const words = [...f.matchAll(/[\p{L}\d|]*\p{L}[\p{L}\d|]*/gu)].filter((w) => w[0].length >= 2);
  const misread: Array<{ kind: ColKind | 'desc'; start: number; end: number }> = [];
  let labelled = 0;
  for (const w of words) {
    const s = w.index;
    const e = s + w[0].length;
    if (exactSpans.some(([a, b]) => s < b && e > a)) {
      labelled++;
      continue;
    }
    const kind = tolerantLabel(w[0]);
    if (kind) misread.push({ kind, start: s, end: e });
  }
  if (misread.length && 2 * (labelled + misread.length) >= words.length)
    for (const m of misread) {
      if (m.kind !== 'desc') found.push({ kind: m.kind, start: m.start, end: m.end });
      else if (!d) d = { index: m.start, 0: f.slice(m.start, m.end) };
    }
  if (!d) return null;
  // longest first: "prijs incl. btw" claims its words before "prijs" or "btw" can
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const taken: Array<[number, number]> = [[d.index, d.index + d[0].length]];
  const cols: HeaderCol[] = [];
  for (const c of found) {
    if (taken.some(([a, b]) => c.start < b && c.end > a)) continue;
    taken.push([c.start, c.end]);
    cols.push(c);
  }
  // a header is labels: no amount, no phone number or id among them ("Service tax #: AAACW8725FSD001")
  if (!cols.some((c) => c.kind !== 'pos') || /\d[.,]\d{2}|\d{3}/.test(text)) return null;
  cols.sort((a, b) => a.start - b.start);
  return { desc: d.index, descEnd: d.index + d[0].length, cols };
}

interface Fig {
  tok: AmountToken;
  percent: boolean;
  /** A unit word follows it ("1.00 kg", "2 pcs"): a quantity. */
  unit: boolean;
  /** Printed with a currency mark of its own (not one that belongs to the figure after it: "1 € 399,00"). */
  cur: boolean;
  /** Its x-range on the page, where the page has word boxes. */
  x: [number, number] | null;
}

const GAP = /^[\s$€£¥₹*x×@-]*$/i;

/** The row's trailing run of figures: separated only by spaces, currency marks, %, a unit after a number or a tax code. */
function trailingFigures(text: string, toks: readonly AmountToken[]): Fig[] {
  const out: Fig[] = [];
  // a tax code ("SR", "ZR*") or OCR specks ("’", "|", ".") after the last figure
  let end = text.replace(/(?:\s+[A-Z]{1,2}\*?)?[\s’'`.,:;|°©]*$/, '').length;
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i]!;
    let gap = text.slice(t.end, end);
    const percent = /^\s*%/.test(gap);
    if (percent) gap = gap.replace(/^\s*%/, '');
    const u = /^\s*(\p{L}[\p{L}.\d]{0,5})/u.exec(gap);
    const unit = !!u && UNIT.test(fold(u[1]!)) && new RegExp(`^${UNIT.source}$`).test(fold(u[1]!));
    if (unit) gap = gap.slice(u[0].length);
    if (!GAP.test(gap)) break;
    // "1 € 399,00": a mark between two figures, the second with none of its own, is the second's
    const next = out[0];
    const lends = !!next && !next.tok.currencyHint && /[$€£¥₹]\s*$/.test(t.raw) && /^\s*$/.test(text.slice(t.end, next.tok.start));
    if (lends) next.cur = true;
    const cur = !!t.currencyHint && !lends;
    out.unshift({ tok: t, percent, unit, cur, x: null });
    end = t.start;
  }
  return out;
}

/** Leading small whole numbers of a row (position, quantity) before its first letter. */
function leadingFigures(text: string, toks: readonly AmountToken[], max: number): Fig[] {
  const out: Fig[] = [];
  let at = 0;
  for (const t of toks) {
    if (out.length >= max || t.hasDecimals || t.currencyHint || !/^[\s#.:-]*$/.test(text.slice(at, t.start))) break;
    out.push({ tok: t, percent: false, unit: false, cur: false, x: null });
    at = t.end;
  }
  // a row that is all numbers has no description between: those are not leading columns
  return /\p{L}{2}/u.test(text.slice(at)) ? out : [];
}

/** How badly a figure fits a column by its kind (Infinity: never). */
function kindCost(f: Fig, kind: ColKind): number {
  if (f.percent) return kind === 'rate' || kind === 'disc' ? 0 : kind === 'tax' ? 0.3 : Infinity;
  if (f.unit) return kind === 'qty' ? 0 : Infinity;
  if (kind === 'pos') return Infinity;
  if (kind === 'rate') return 1;
  const whole = !f.tok.hasDecimals && !f.cur;
  if (kind === 'qty') return whole ? 0 : f.cur ? 2 : 0.4;
  // a whole number among money is rather a size or a year of the description ("2010", "16 GB") than a price
  if (whole) return 1.2;
  // of two columns a plain figure could fill, the price or amount rather than a discount or tax left empty
  return kind === 'disc' ? 0.3 : kind === 'tax' ? 0.2 : 0;
}

/** How far a figure stands from a column's header (in header character widths; 0 without boxes). */
function boxCost(f: Fig, col: { x: [number, number] | null }, charW: number): number {
  if (!f.x || !col.x) return 0;
  const [a, b] = f.x;
  const [ha, hb] = col.x;
  if (a < hb && b > ha) return 0;
  const d = Math.min(Math.abs(b - hb), Math.abs(a - ha), Math.abs((a + b) / 2 - (ha + hb) / 2));
  return Math.min(3, d / (4 * charW));
}

/**
 * rule 'lines.column-order' (and 'lines.column-boxes'): figures to columns in order, each to its own column, the
 * cheapest fit by kind and position; figures at the front of the run that fit nowhere stay in the description.
 */
function assign(
  figs: readonly Fig[],
  cols: ReadonlyArray<HeaderCol & { x: [number, number] | null }>,
  charW: number,
): { map: Map<number, number>; dropped: number } {
  const n = figs.length;
  const m = cols.length;
  const memo = new Map<string, { cost: number; pick: number[] }>();
  const go = (i: number, j: number): { cost: number; pick: number[] } => {
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let best: { cost: number; pick: number[] };
    if (i === n) {
      // columns left empty at the right: the amount column above all should have had the last figure
      let cost = 0;
      for (let k = j; k < m; k++) cost += cols[k]!.kind === 'amount' || k === m - 1 ? 1.5 : 0.1;
      best = { cost, pick: [] };
    } else {
      best = { cost: Infinity, pick: [] };
      for (let k = j; k < m; k++) {
        const c = kindCost(figs[i]!, cols[k]!.kind) + boxCost(figs[i]!, cols[k]!, charW) + 0.1 * (k - j);
        if (c === Infinity) continue;
        const rest = go(i + 1, k + 1);
        if (c + rest.cost < best.cost) best = { cost: c + rest.cost, pick: [k, ...rest.pick] };
      }
    }
    memo.set(key, best);
    return best;
  };
  let bestAll = { cost: Infinity, pick: [] as number[], dropped: 0 };
  // all of them may stay in the description: a figure in running text, under no column ("a discount of Rs -40.00"),
  // when the header says where the amounts stand (a header whose amount label OCR lost says nothing of the kind)
  const most = cols.some((c) => c.kind === 'amount') ? n : n - 1;
  for (let drop = 0; drop <= most; drop++) {
    const r = go(drop, 0);
    const cost = r.cost + 0.8 * drop;
    if (cost < bestAll.cost) bestAll = { cost, pick: r.pick, dropped: drop };
  }
  const map = new Map<number, number>();
  bestAll.pick.forEach((k, idx) => map.set(k, bestAll.dropped + idx));
  return { map, dropped: bestAll.cost === Infinity ? n : bestAll.dropped };
}

/** A figure's readings: as printed, and for a whole number of 3+ digits also with the decimal point OCR lost ("462"). */
function readings(f: Fig): Array<{ v: number; mended: boolean }> {
  const r = [{ v: f.tok.value, mended: false }];
  if (!f.tok.hasDecimals && /^\d{3,}$/.test(f.tok.raw.trim())) r.push({ v: f.tok.value / 100, mended: true });
  return r;
}

/**
 * rule 'lines.qty-price-amount': a row ending "qty [x|@] price amount" where quantity x price = amount to the cent
 * ("2x 95.00 190.00") is read so, whatever columns the header names: the amount is the last figure, never the price.
 * The quantity is the whole number right before the price, or one glued to an "x" or "@", or the row's own quantity
 * column. One of price and amount may have lost its decimal point ("1 462 4.62"), never both; a price without decimals
 * counts only right after its quantity figure (else it may be part of the description: "5 WALLPLUG 100 5.00"). `cut`: where the
 * description ends (at the quantity, or at the price when the quantity stands in its own column).
 */
function qtyPriceAmount(
  text: string,
  figs: readonly Fig[],
  rowQty: number | null,
): { quantity: number; unitPrice: number; amount: number; cut: number } | null {
  const n = figs.length;
  if (n < 2) return null;
  const a = figs[n - 1]!;
  const p = figs[n - 2]!;
  if (a.percent || p.percent || a.unit || p.unit) return null;
  const qf = n >= 3 ? figs[n - 3]! : null;
  const glued = /(?:^|\s)(\d{1,3})\s*[x×@]\s*$/i.exec(text.slice(0, p.tok.start));
  // the quantity's candidates, nearest first; `run`: it is the figure right before the price
  const qs: Array<{ q: number; cut: number; run: boolean }> = [];
  // a quantity may be printed "1.00" on a till roll, but it is a whole count
  if (qf && !qf.cur && !qf.percent && Number.isInteger(qf.tok.value) && qf.tok.value > 0 && qf.tok.value < 1000)
    qs.push({ q: qf.tok.value, cut: qf.tok.start, run: true });
  if (glued) qs.push({ q: Number(glued[1]), cut: glued.index + glued[0].indexOf(glued[1]!), run: false });
  if (rowQty) qs.push({ q: rowQty, cut: p.tok.start, run: false });
  for (const { q, cut, run } of qs) {
    if (q <= 0) continue;
    for (const pr of readings(p))
      for (const am of readings(a)) {
        if ((pr.mended && am.mended) || pr.v <= 0) continue;
        // a price that is a whole number, or mended, only in a run of three figures: else it may be the description's
        if (!run && (pr.mended || !(p.tok.hasDecimals || p.cur))) continue;
        if (Math.round(q * pr.v * 100) === Math.round(am.v * 100)) return { quantity: q, unitPrice: pr.v, amount: am.v, cut };
      }
  }
  return null;
}

interface Table {
  page: number;
  line: Line;
  desc: number;
  left: Array<HeaderCol & { x: [number, number] | null }>;
  right: Array<HeaderCol & { x: [number, number] | null }>;
  /** Header character width in the page's box units (for distances), 0 without boxes. */
  charW: number;
}

/** The x-range of the words of a line between two offsets, or null. */
function xRange(words: readonly LocatedWord[] | undefined, line: Line, from: number, to: number): [number, number] | null {
  if (!words) return null;
  const s = line.start + from;
  const e = line.start + to;
  let a = Infinity;
  let b = -Infinity;
  for (const w of words)
    if (w.s < e && w.e > s) {
      a = Math.min(a, w.w.x0);
      b = Math.max(b, w.w.x1);
    }
  return a <= b ? [a, b] : null;
}

export function findLineItems(lines: readonly Line[], decimal: DecimalMark | undefined, pages: readonly PageInput[] = []): LineItem[] {
  const items = tableItems(lines, decimal, pages);
  return items.length ? items : breakdownItems(lines, decimal);
}

/** A "label amount" row: words, then one money figure and nothing else. */
function labelRow(line: Line, decimal: DecimalMark | undefined): { label: string; tok: AmountToken } | null {
  const toks = findAmounts(line.text, decimal);
  if (toks.length !== 1) return null;
  const t = toks[0]!;
  if (!(t.hasDecimals || t.currencyHint) || !/^[\s$€£¥₹]*$/.test(line.text.slice(t.end))) return null;
  const label = fold(line.text.slice(0, t.start))
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /\p{L}{2}/u.test(label) ? { label, tok: t } : null;
}

/**
 * rule 'lines.itemised-breakdown': no table header, but runs of "label amount" rows in which some labels come back
 * after every item ("AWS Data Transfer $0.01 / Charges $0.01 / VAT $0.00 / Amazon Glacier $2.22 / Charges ...").
 * The rows whose label does not come back are the items: taken only when every item is followed by the same
 * breakdown labels and their amounts add up to a total or subtotal printed on the document.
 */
function breakdownItems(lines: readonly Line[], decimal: DecimalMark | undefined): LineItem[] {
  const printedTotals = new Set<number>();
  const TOTALS = labelRe(['total_strong', 'total', 'subtotal']);
  for (const l of lines)
    if (TOTALS.test(fold(l.text)))
      for (const t of findAmounts(l.text, decimal)) if (t.hasDecimals) printedTotals.add(Math.round(t.value * 100));
  let run: Array<{ line: Line; label: string; tok: AmountToken }> = [];
  const tryRun = (): LineItem[] => {
    const count = new Map<string, number>();
    for (const r of run) count.set(r.label, (count.get(r.label) ?? 0) + 1);
    const groups: Array<{ head: (typeof run)[number]; subs: string[] }> = [];
    for (const r of run) {
      if ((count.get(r.label) ?? 0) === 1) groups.push({ head: r, subs: [] });
      else if (groups.length) groups[groups.length - 1]!.subs.push(r.label);
      else return [];
    }
    if (groups.length < 2) return [];
    const shape = groups[0]!.subs.join('|');
    if (!shape || groups.some((g) => g.subs.join('|') !== shape)) return [];
    const sum = groups.reduce((a, g) => a + Math.round(g.head.tok.value * 100), 0);
    if (!printedTotals.has(sum)) return [];
    return groups.map(({ head }) => ({
      description: head.line.text
        .slice(0, head.tok.start)
        .trim()
        .replace(/\s{2,}/g, ' '),
      quantity: null,
      unitPrice: null,
      amount: head.tok.value,
      source: spanIn(head.line, 0, head.tok.end),
    }));
  };
  for (const line of lines) {
    const r = labelRow(line, decimal);
    const prev = run[run.length - 1];
    if (r && (!prev || (prev.line.n === line.n - 1 && prev.line.page === line.page))) {
      run.push({ line, ...r });
      continue;
    }
    if (run.length >= 4) {
      const found = tryRun();
      if (found.length) return found;
    }
    run = r ? [{ line, ...r }] : [];
  }
  return run.length >= 4 ? tryRun() : [];
}

function tableItems(lines: readonly Line[], decimal: DecimalMark | undefined, pages: readonly PageInput[]): LineItem[] {
  const items: LineItem[] = [];
  const located = new Map<number, LocatedWord[]>();
  const wordsOf = (page: number): LocatedWord[] | undefined => {
    if (!located.has(page)) {
      const p = pages.find((x) => x.index === page);
      located.set(page, p?.words?.length ? locateWords(p.text ?? '', p.words) : []);
    }
    const w = located.get(page)!;
    return w.length ? w : undefined;
  };
  let table: Table | null = null;
  /** Lines with no figures since the last item (a description to come, or the last one's continuation). */
  let pending: Line[] = [];
  /** After a section's subtotal: the table goes on only if an item row comes before another summary row. */
  let suspended = false;
  let last: LineItem | null = null;
  /** The last item's row, when its description is to come on the next line (rule 'lines.description-below'). */
  let awaiting: Line | null = null;
  let below = false;
  const flushPending = (keep: number) => {
    // rule 'lines.continued-description': text lines under an item (at most four, none set off in columns) go on
    // its description
    if (last)
      for (const p of pending.slice(0, Math.max(0, pending.length - keep)).slice(0, 4)) {
        if (/\S\s{3,}\S/.test(p.text.trim())) break;
        last.description += ` ${p.text.trim()}`;
      }
    pending = [];
  };
  for (const line of lines) {
    // a header under a header (a label line taken for one, or the table printed again) opens the table anew
    const again =
      table && line.page === table.page && !pending.length && !findAmounts(line.text, decimal).length ? headerColumns(line.text) : null;
    if (!table || line.page !== table.page || (again && again.cols.length > table.left.length + table.right.length)) {
      if (table) flushPending(0);
      table = null;
      last = null;
      const h = headerColumns(line.text);
      if (h) {
        const words = wordsOf(line.page);
        const withX = h.cols.map((c) => ({ ...c, x: xRange(words, line, c.start, c.end) }));
        const span = xRange(words, line, 0, line.text.length);
        table = {
          page: line.page,
          line,
          desc: h.desc,
          left: withX.filter((c) => c.start < h.desc),
          right: withX.filter((c) => c.start > h.desc),
          charW: span ? (span[1] - span[0]) / Math.max(1, line.text.trim().length) : 0,
        };
        suspended = false;
        if (!table.right.length) table = null;
      }
      continue;
    }
    const f = fold(line.text);
    const toks = findAmounts(line.text, decimal);
    const figs = trailingFigures(line.text, toks);
    const money = figs.filter((x) => !x.percent && (x.tok.hasDecimals || x.cur));
    // rule 'lines.summary-row': the summary block ends the table: a row that starts with a summary label, or names
    // one in its text without starting with a quantity as item rows do ("TakeM: Total (incl GST) 70.30"), and
    // carries money ("Tax: 0.2%" under an item is a note of it)
    const inText = SUMMARY_IN_TEXT.exec(f)?.index ?? 999;
    const beforeNumbers = figs.length ? figs[0]!.tok.start : f.length;
    const summary =
      (SUMMARY.exec(f)?.index ?? 999) <= f.search(/\S/) + 3 ||
      (inText < beforeNumbers && !/^\W{0,2}\d{1,3}(?:\s*[x×])?\s+\p{L}/u.test(line.text));
    const anyMoney = toks.some((t) => (t.hasDecimals || t.currencyHint) && !/^\s*%/.test(line.text.slice(t.end)));
    // a total's row whose amount OCR garbled ("Total Amount: $8.7C") ends the table all the same
    const totalRow = (TOTAL_START.exec(f)?.index ?? 999) <= f.search(/\S/) + 3;
    if (summary && (anyMoney || totalRow)) {
      flushPending(0);
      last = null;
      // a section's subtotal, not yet a total, tax or payment: the table may go on with the next section
      // rule 'lines.per-rate-section': one rate's total ("Total 0% supplies: 27.45") closes its rate's rows only; the
      // next rate's rows are the same table's
      if (isPerRateTotal(f)) continue;
      if (SUBTOTAL.test(f) && !STRONG.test(f.replace(SUBTOTAL, ' ')) && !suspended) suspended = true;
      else table = null;
      continue;
    }
    if (!money.length) {
      if (awaiting && last && awaiting.n === line.n - 1 && /\p{L}{2}/u.test(line.text)) {
        last.description = `${last.description} ${line.text.trim()}`.trim();
        last.source = { page: line.page, start: last.source!.start, end: line.start + line.text.length };
      } else if (/\p{L}{2}/u.test(line.text) && !suspended) pending.push(line);
      awaiting = null;
      continue;
    }
    awaiting = null;
    const words = wordsOf(line.page);
    for (const x of figs) x.x = xRange(words, line, x.tok.start, x.tok.end);
    const lead = table.left.length ? leadingFigures(line.text, toks, table.left.length) : [];
    let descFrom = lead.length ? lead[lead.length - 1]!.tok.end : 0;
    const { map, dropped } = assign(figs, table.right, table.charW);
    const kept = figs.slice(dropped);
    // money among the row's own figures, not among those left in its description
    const keptMoney = kept.filter((x) => money.includes(x));
    // after a section's subtotal only a full item row (two figures or more, not a discount) opens the next section
    if (!keptMoney.length || (suspended && (kept.length < 2 || DISCOUNT.test(f)))) continue;
    let descText = line.text.slice(descFrom, kept[0]!.tok.start).trim();
    let descLine = line;
    if (!/\p{L}{2}/u.test(descText)) {
      // rule 'lines.wrapped-description': receipts print the item on one line and its figures on the next
      const prev = pending[pending.length - 1];
      if (prev && prev.n === line.n - 1 && !SUMMARY.test(fold(prev.text))) {
        descText = prev.text.trim();
        descLine = prev;
        descFrom = 0;
        flushPending(1);
      } else if (!pending.length && (!items.length || below)) {
        // rule 'lines.description-below': a row of figures with nothing above it but the header or the item before
        // (the item code, if any, stays in front), in a table whose rows all print their text under their figures
        flushPending(0);
        awaiting = line;
        below = true;
      } else {
        pending = [];
        continue;
      }
    } else flushPending(0);
    suspended = false;
    const values = new Map<ColKind, number>();
    for (const [k, idx] of map) if (!values.has(table.right[k]!.kind)) values.set(table.right[k]!.kind, figs[idx]!.tok.value);
    // rule 'lines.leading-columns': numbers before the description, in the order of the columns printed there
    lead.forEach((x, i) => {
      const kind = table!.left[i]!.kind;
      if (kind !== 'pos' && !values.has(kind)) values.set(kind, x.tok.value);
    });
    let amount = values.get('amount') ?? null;
    let unitPrice = values.get('price') ?? null;
    const quantityRaw = values.get('qty');
    let quantity = quantityRaw !== undefined && quantityRaw > 0 && quantityRaw < 100000 ? quantityRaw : null;
    // rule 'lines.qty-price-amount': the row's last figures are quantity, unit price and amount, the product to the cent
    // (not when the header's boxes put the would-be price under a discount or tax column)
    const priceCol = [...map].find(([, idx]) => idx === figs.length - 2)?.[0];
    const priceElsewhere = priceCol !== undefined && table.right[priceCol]!.x !== null && /disc|tax|rate/.test(table.right[priceCol]!.kind);
    const product = priceElsewhere ? null : qtyPriceAmount(line.text, figs, quantity);
    if (product) {
      ({ quantity, unitPrice, amount } = product);
      const end = kept[0]!.tok.start;
      if (
        descLine === line &&
        product.cut !== null &&
        product.cut > descFrom &&
        product.cut < end &&
        /\p{L}{2}/u.test(line.text.slice(descFrom, product.cut))
      )
        descText = line.text.slice(descFrom, product.cut).trim();
    }
    // rule 'lines.qty-times-price': no amount column, or none read on the row
    if (amount === null && unitPrice !== null && quantity !== null) amount = Math.round(unitPrice * quantity * 100) / 100;
    if (amount === null) amount = keptMoney[keptMoney.length - 1]!.tok.value;
    const descStart = descLine.text.indexOf(descText, descFrom);
    const lastEnd = figs[figs.length - 1]!.tok.end;
    last = {
      description: descText.replace(/\s{2,}/g, ' '),
      quantity,
      unitPrice,
      amount,
      // the row from its description to its last figure (two lines when the description wrapped)
      source:
        descLine === line
          ? spanIn(line, descStart, lastEnd)
          : { page: line.page, start: descLine.start + descStart, end: line.start + lastEnd },
    };
    items.push(last);
  }
  return items;
}

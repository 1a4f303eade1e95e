/**
 * Line items from a table, by its column headers and the alignment of the numbers under them.
 *
 * A header row names a description column and numeric columns (quantity, unit price, tax rate, tax, amount; the
 * words are vocabulary data). Each row's trailing run of numbers (separated only by spaces, currency marks, % or a
 * tax code) is matched to the numeric columns in the header's order from the right: amounts are right-aligned, so
 * the last number is the last column. Whatever stands before that run is the description, numbers and all:
 * "16 GB", "13.3-inch" and "Office 2011" are never quantities.
 *
 * Rules: lines.header (a header with a description and numeric columns opens the table, the summary block closes
 * it), lines.column-order (numbers to columns from the right), lines.wrapped-description (a row of figures under
 * its description line), lines.qty-times-price (an amount column missing).
 */
import type { LineItem } from '../../contract/domain.js';
import { type AmountToken, type DecimalMark, findAmounts } from './amounts.js';
import { type Line, fold, spanIn } from './text.js';
import { labelRe } from './vocab.js';

type ColKind = 'qty' | 'price' | 'rate' | 'tax' | 'amount';
interface HeaderCol {
  kind: ColKind;
  start: number;
  end: number;
}

const DESC = labelRe('col_desc', 'g');
const NUMERIC: Array<[ColKind, RegExp]> = [
  ['rate', labelRe('col_rate', 'g')],
  ['qty', labelRe('col_qty', 'g')],
  ['price', labelRe('col_price', 'g')],
  ['tax', labelRe('col_tax', 'g')],
  ['amount', labelRe('col_amount', 'g')],
];
const SUMMARY = labelRe(['subtotal', 'total_strong', 'tax', 'rounding', 'total', 'cash', 'change', 'paid', 'count']);
/** Summary words that end the table wherever they stand in a row that does not start with a quantity. */
const SUMMARY_IN_TEXT = new RegExp(`${labelRe(['subtotal', 'total_strong', 'rounding', 'cash', 'change']).source}|\\btotal\\b`);

/** The numeric columns a header row names, left to right (a word claimed by one kind is not read again). */
export function headerColumns(text: string): { desc: number; cols: HeaderCol[] } | null {
  const f = fold(text);
  DESC.lastIndex = 0;
  const d = DESC.exec(f);
  if (!d) return null;
  const taken: Array<[number, number]> = [[d.index, d.index + d[0].length]];
  const cols: HeaderCol[] = [];
  for (const [kind, re] of NUMERIC) {
    re.lastIndex = 0;
    for (const m of f.matchAll(re)) {
      const s = m.index;
      const e = s + m[0].length;
      if (taken.some(([a, b]) => s < b && e > a)) continue;
      taken.push([s, e]);
      cols.push({ kind, start: s, end: e });
    }
  }
  if (!cols.length || /\d[.,]\d{2}/.test(text)) return null;
  cols.sort((a, b) => a.start - b.start);
  return { desc: d.index, cols };
}

/** The row's trailing run of numbers: tokens separated only by spaces, currency marks, % or a short tax code. */
function trailingNumbers(text: string, decimal: DecimalMark | undefined): AmountToken[] {
  const toks = findAmounts(text, decimal);
  const out: AmountToken[] = [];
  let end = text.replace(/(?:\s+[A-Z]{1,2}\*?)?\s*$/, '').length;
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i]!;
    const gap = text.slice(t.end, end);
    if (!/^[\s%$€£¥₹*x×@-]*$/i.test(gap)) break;
    out.unshift(t);
    end = t.start;
  }
  return out;
}

export function findLineItems(lines: readonly Line[], decimal: DecimalMark | undefined): LineItem[] {
  const items: LineItem[] = [];
  let header: { desc: number; cols: HeaderCol[]; page: number } | null = null;
  let headerLine: Line | null = null;
  for (const line of lines) {
    if (!header) {
      const h = headerColumns(line.text);
      if (h) {
        header = { ...h, page: line.page };
        headerLine = line;
      }
      continue;
    }
    if (line.page !== header.page) {
      header = null;
      continue;
    }
    const f = fold(line.text);
    const nums = trailingNumbers(line.text, decimal);
    // the summary block ends the table: a line that starts with a summary label, or names one in its text without
    // starting with a quantity as item rows do ("TakeM: Total (incl GST) 70.30", "Cash tendered 70.30")
    const inText = SUMMARY_IN_TEXT.exec(f)?.index ?? 999;
    const beforeNumbers = nums.length ? nums[0]!.start : f.length;
    if (
      (SUMMARY.exec(f)?.index ?? 999) <= f.search(/\S/) + 3 ||
      (inText < beforeNumbers && !/^\W{0,2}\d{1,3}(?:\s*[x×])?\s+\p{L}/u.test(line.text))
    ) {
      header = null;
      continue;
    }
    const money = nums.filter((t) => t.hasDecimals || t.currencyHint);
    if (!money.length) continue;
    let descText = line.text.slice(0, nums[0]!.start).trim();
    let descLine = line;
    if (!/[\p{L}]{2}/u.test(descText)) {
      // rule 'lines.wrapped-description': receipts print the item on one line and its figures on the next
      const prev = lines[line.n - 1];
      if (
        !prev ||
        prev.page !== line.page ||
        prev === headerLine ||
        !/[\p{L}]{2}/u.test(prev.text) ||
        findAmounts(prev.text, decimal).some((t) => t.hasDecimals)
      )
        continue;
      descText = prev.text.trim();
      descLine = prev;
    }
    const cols = header.cols;
    const assigned = new Map<ColKind, number>();
    // right to left in the header's order: amounts are right-aligned, so the last number is the last column (text
    // joined from a PDF's runs keeps gaps but not widths, so character offsets do not say which column is which)
    const n = Math.min(nums.length, cols.length);
    for (let i = 1; i <= n; i++) assigned.set(cols[cols.length - i]!.kind, nums[nums.length - i]!.value);
    let amount = assigned.get('amount') ?? null;
    const unitPrice = assigned.get('price') ?? null;
    const quantityRaw = assigned.get('qty');
    // a quantity is a count: a column value with decimals beyond a fraction of a unit is a misassigned price
    const quantity = quantityRaw !== undefined && quantityRaw > 0 && quantityRaw < 100000 ? quantityRaw : null;
    if (amount === null && unitPrice !== null && quantity !== null) {
      amount = Math.round(unitPrice * quantity * 100) / 100;
    }
    if (amount === null) amount = money[money.length - 1]!.value;
    const descStart = descLine.text.indexOf(descText);
    items.push({
      description: descText.replace(/\s{2,}/g, ' '),
      quantity,
      unitPrice,
      amount,
      // the row from its description to its last figure (two lines when the description wrapped)
      source:
        descLine === line
          ? spanIn(line, descStart, nums[nums.length - 1]!.end)
          : { page: line.page, start: descLine.start + descStart, end: line.start + nums[nums.length - 1]!.end },
    });
  }
  return items;
}

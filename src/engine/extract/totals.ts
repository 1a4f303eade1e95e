/**
 * Summary amounts: total (the amount due — not cash tendered, change or rounding), subtotal and tax, found by
 * multilingual labels with the amount on the same line or just below it (OCR transcripts and plain text
 * extraction put values on their own lines).
 */
import { type AmountToken, type DecimalMark, findAmounts } from './amounts.js';
import { findDateTokens } from './dates.js';
import { type Line, fold } from './text.js';
import { labelRe } from './vocab.js';

/** Amount tokens of a line that are not part of a printed date ("DUE ON August 3 , 2014"). */
function moneyTokens(text: string, decimal: DecimalMark | undefined): AmountToken[] {
  const toks = findAmounts(text, decimal);
  if (!toks.length || !/\d{4}|[a-z]{3}/i.test(text)) return toks;
  const dates = findDateTokens(text);
  return dates.length ? toks.filter((t) => !dates.some((d) => t.start < d.end && t.end > d.start)) : toks;
}

export type SummaryKind = 'total' | 'subtotal' | 'tax';

export interface AmountHit {
  kind: SummaryKind;
  /** A tax printed as "included" is part of the total already, not added to the subtotal. */
  inclusive?: boolean;
  value: number;
  token: AmountToken;
  line: Line;
  score: number;
  /** Id of the rule that found it ('total.label-strong', 'tax.label', ...); '-below' when the value stood under the label. */
  rule: string;
}

// Labels come from the vocabularies (vocab/*.json); the only patterns written here are structural.
/** A total qualified by its currency ("Total (RM)", "Amount (EUR):") states the amount due as strongly as "grand total". */
const TOTAL_STRONG = new RegExp(
  `${labelRe('total_strong').source}|${labelRe('total_head').source}${String.raw`(?:\s+amount)?\s*\((?:[a-z]{1,3}|[$€£¥₹])\)`}`,
);
const TOTAL_WEAK = labelRe('total');
const SUBTOTAL = labelRe('subtotal');
const TAX = labelRe('tax');
// Lines that carry money that is not the amount due.
const NOT_TOTAL = labelRe(['cash', 'change', 'paid', 'discount', 'card', 'count', 'other_money', 'subtotal']);
const ROUNDING = labelRe('rounding');
const DISCOUNT = labelRe('discount');
const SHIPPING = labelRe('shipping');
const ADJUSTMENT = /\badj/;
const CASH = labelRe('cash');
const PAID = labelRe('paid');
const CHANGE = labelRe('change');
const PAYMENT = labelRe(['cash', 'change', 'paid']);
const CARD = labelRe('card');
/** A loyalty-card line or a card's balance is no charge to the card. */
const NOT_CARD_CHARGE = labelRe(['other_money', 'balance']);
/** "CASH BILL", "CASH SALES": a receipt's title, not the cash tendered. */
const RECEIPT_TITLE = labelRe('receipt_title');
/** Labels of figures that are not the money handed over (see 'till.tendered-above-change'). */
const NOT_TENDERED = labelRe([
  'total',
  'total_strong',
  'subtotal',
  'tax',
  'rounding',
  'discount',
  'shipping',
  'balance',
  'count',
  'other_money',
  'card',
  'change',
]);
/** "PAY 20.00" under "DUE 7.50": the money handed over. */
const PAY_LINE = /^\W*pay\s*[:\-]?\s*(?:[a-z]{2}\s?|\$\s?)?(?:\d|$)/;
const INCLUSIVE = /\bincl|inclusive|included|including|inbegriffen|inclus|inkl/;
/**
 * rule 'total.per-rate': "Total 0% supplies 12.98", "Total @6% 40.00", "Total SR 6%": a total label qualified by a tax
 * rate, with no "incl." before the rate, totals one rate's rows of the breakdown, not the document. ("Total incl. 6%
 * GST 70.30" and "Gesamt inkl. 19% MwSt" are the document's total.)
 */
const PER_RATE_TOTAL = /^\W*(?:total|jumlah|summe|totaal)\b\s*(?:[a-z]{1,3}\s*)?@?\s*\d{1,2}(?:[.,]\d{1,2})?\s?%/;
/**
 * rule 'total.per-rate-unread-rate': the same line with its rate read by OCR as one symbol ("Total @% supplies: 12.60",
 * "Total &% supplies"): one rate's total all the same, which rate unknown. It is no document total either.
 */
const UNREAD_RATE_TOTAL = /^\W*(?:total|jumlah|summe|totaal)\b\s*[^\w\s%]\s?%/;
/**
 * Whether a folded line is one rate's total (total.per-rate, total.per-rate-unread-rate): a part of the document's
 * breakdown by rate, as a section's subtotal is a part of its table. Its tax word ("Total 6% supplies (excl. GST)")
 * qualifies the rate, so it is no tax figure either (rule 'tax.not-per-rate-total').
 */
export function isPerRateTotal(f: string): boolean {
  const pct = f.indexOf('%');
  return (PER_RATE_TOTAL.test(f) || UNREAD_RATE_TOTAL.test(f)) && !INCLUSIVE.test(f.slice(0, pct));
}

/**
 * rule 'total.per-rate-sum': a tax invoice that totals each rate apart ("Total 6% supplies (Inc. GST): 32.10",
 * "Total 0% supplies: 27.44", then "Total Payable: 59.54") prints the amount due a second time as their sum. Each
 * rate's figure is its total with tax (or, with only the net printed, the net plus the rate to the cent); a figure
 * printed twice must read alike, or the rate's figure is unknown and there is no sum. It only ever confirms: a
 * per-rate line OCR garbled makes the sum disagree, which says nothing against the total.
 * perRateFigures reads those lines once for every rule that uses them: the sum, the zero rate's figure, the tax they
 * show (tax.per-rate-difference) and the rules beyond the plain reading that read a figure (total.per-rate-unread-rate);
 * null when no per-rate line was read, or a rate's figure was read two ways.
 */
export function perRateFigures(lines: readonly Line[], decimal: DecimalMark | undefined): PerRateFigures | null {
  const figures = new Map<string, number>();
  const at = new Map<string, { line: Line; token: AmountToken }>();
  const rates = new Set<number>();
  const rules = new Set<string>();
  for (const line of lines) {
    const f = fold(line.text);
    const unread = !PER_RATE_TOTAL.test(f) && UNREAD_RATE_TOTAL.test(f);
    if (!PER_RATE_TOTAL.test(f) && !unread) continue;
    const pct = f.indexOf('%');
    // a rate OCR lost, on a line that says nothing of tax (neither incl. nor excl.), is the zero rate: a taxed rate's
    // line says whether its figure includes the tax, and one that does is left out, its rate unknown
    if (unread && /\binc\b|\bincl|inclusive|included|including|\bexcl|exclusive|excluding|before|gst|vat|tax/.test(f.slice(pct + 1)))
      continue;
    const rate = unread ? 0 : Number(/(\d{1,2}(?:[.,]\d{1,2})?)\s?%/.exec(f)![1]!.replace(',', '.'));
    // a figure whose cents OCR cut short ("27.4") is no reading of the figure at all
    const toks = findAmounts(line.text.slice(pct + 1), decimal).filter((t) => t.hasDecimals && /\d[.,]\d{2}$/.test(t.raw.trim()));
    const tok = toks[toks.length - 1];
    if (!tok) continue;
    const rest = f.slice(pct + 1);
    const kind =
      rate === 0
        ? 'gross'
        : INCLUSIVE.test(rest) || /\binc\b/.test(rest)
          ? 'gross'
          : /\bexcl|exclusive|excluding|before/.test(rest)
            ? 'net'
            : null;
    if (!kind) continue;
    const key = `${rate}:${kind}`;
    const cents = Math.round(tok.value * 100);
    if (figures.has(key) && figures.get(key) !== cents) return null;
    figures.set(key, cents);
    // the token's offsets are the line's, not the slice's
    if (!at.has(key)) at.set(key, { line, token: { ...tok, start: tok.start + pct + 1, end: tok.end + pct + 1 } });
    rates.add(rate);
    if (unread) rules.add('total.per-rate-unread-rate');
  }
  if (!rates.size) return null;
  let sum: number | null = 0;
  for (const rate of rates) {
    const gross = figures.get(`${rate}:gross`);
    const net = figures.get(`${rate}:net`);
    if (gross !== undefined) sum += gross;
    else if (net !== undefined) sum += Math.round(net * (1 + rate / 100));
    else {
      sum = null;
      break;
    }
  }
  // rule 'tax.per-rate-difference': a taxed rate printed both without and with its tax ("Total 6% supplies (excl.
  // GST): 26.40" / "(Inc. GST): 27.98") shows its tax as their difference, when that difference is the rate of the
  // net to the cent (or two): the document's tax where every taxed rate is printed so
  let tax: number | null = 0;
  let taxedNet = 0;
  let taxAt: PerRateFigures['taxAt'] = null;
  for (const rate of [...rates].filter((r) => r > 0)) {
    const gross = figures.get(`${rate}:gross`);
    const net = figures.get(`${rate}:net`);
    if (gross === undefined || net === undefined || Math.abs(gross - net - Math.round((net * rate) / 100)) > 2) {
      tax = null;
      break;
    }
    tax += gross - net;
    taxedNet += net;
    taxAt ??= at.get(`${rate}:net`)!;
  }
  const zero = figures.get('0:gross');
  return {
    sum: sum === null ? null : sum / 100,
    rules: [...rules],
    zeroRated: zero === undefined ? null : zero / 100,
    tax: tax === null || !taxAt ? null : tax / 100,
    taxedNet: tax === null || !taxAt ? null : taxedNet / 100,
    taxAt: tax === null ? null : taxAt,
  };
}

export interface PerRateFigures {
  /** The rates' totals with their tax, added up; null when a rate's figure was not read. */
  sum: number | null;
  rules: string[];
  /** The zero rate's total where one was printed (the part of the total no tax was charged on). */
  zeroRated: number | null;
  /** The taxed rates' totals with tax less those without (tax.per-rate-difference), and the line it is read from. */
  tax: number | null;
  /** The taxed rates' totals without tax, where the tax is read so. */
  taxedNet: number | null;
  taxAt: { line: Line; token: AmountToken } | null;
}

/** "Total GST 1.20": a tax figure, however it starts. */
const TAX_INCLUDED = new RegExp(`(?:${TAX.source})\\s*\\(?\\s*(?:incl|inclus|inbegriffen|inkl)`);
const TAX_TOTAL = new RegExp(`${TOTAL_WEAK.source}\\s+(?:${TAX.source})|(?:${TAX.source})\\s+${TOTAL_WEAK.source}`);

function rightmost(tokens: AmountToken[], after: number, text: string): AmountToken | null {
  // "Total RM 49.40": the label may end inside the token's currency prefix
  const ok = tokens.filter((t) => t.end > after && text[t.end] !== '%' && !/^\s*%/.test(text.slice(t.end, t.end + 2)));
  // "Rounding RM 45.35 7": a stray digit after the money is OCR noise
  const money = ok.filter((t) => t.hasDecimals || t.currencyHint);
  if (money.length) return money[money.length - 1]!;
  return ok.length ? ok[ok.length - 1]! : null;
}

function amountOnly(l: Line, decimal: DecimalMark | undefined): AmountToken | null {
  const toks = findAmounts(l.text, decimal);
  if (!toks.length) return null;
  const rest = l.text.replace(/\s/g, '').length - toks.map((x) => x.raw.replace(/\s/g, '').length).reduce((a, b) => a + b, 0);
  return rest <= 4 ? toks[toks.length - 1]! : null;
}

function labelOnly(l: Line, decimal: DecimalMark | undefined): boolean {
  return /[A-Za-z]{2}/.test(l.text) && l.text.trim().length <= 48 && !findAmounts(l.text, decimal).some((t) => t.hasDecimals);
}

/**
 * The value for a label that has none on its line. OCR transcripts and plain text extraction often print a
 * block of labels (TOTAL / CASH / CHANGE) and then the block of values in the same order.
 */
function below(
  lines: readonly Line[],
  line: Line,
  decimal: DecimalMark | undefined,
): { token: AmountToken; line: Line; dist: number } | null {
  const same = (k: number) => k >= 0 && k < lines.length && lines[k]!.page === line.page;
  let first = line.n;
  while (same(first - 1) && line.n - first < 6 && labelOnly(lines[first - 1]!, decimal)) first--;
  let last = line.n;
  while (same(last + 1) && last - line.n < 6 && labelOnly(lines[last + 1]!, decimal)) last++;
  const vals: Array<{ token: AmountToken; line: Line }> = [];
  for (let k = last + 1; same(k) && vals.length < 8; k++) {
    const t = amountOnly(lines[k]!, decimal);
    if (!t) break;
    vals.push({ token: t, line: lines[k]! });
  }
  const runLen = last - first + 1;
  const pos = line.n - first;
  let pickI = -1;
  if (vals.length >= runLen) pickI = pos;
  else if (pos === runLen - 1) pickI = 0;
  else if (pos < vals.length) pickI = pos;
  const v = vals[pickI];
  if (!v) return null;
  return { ...v, dist: v.line.n - line.n };
}

/** What follows a tax word when it labels a tax number: "-Nr.", " Reg No", " ID", " number", "-IdNr". */
const TAX_ID_AFTER =
  /^[\s.\-]*(?:(?:reg(?:istration)?|ident(?:ification)?)\b[\s.]*)?(?:nr|no|num|number|nummer|id|idnr|reg|registration|#)(?![a-z])/;

export function findSummaryAmounts(
  lines: readonly Line[],
  decimal: DecimalMark | undefined,
  isOcr: boolean,
  creditNote = false,
): AmountHit[] {
  const hits: AmountHit[] = [];
  for (const line of lines) {
    // OCR spellings of the key word ("Tatal", "Tutal", "TOTA1") read as "total"; same length keeps offsets valid
    const f = fold(line.text)
      .replace(/\bt[o0au]t[a4][l1i]\b/g, 'total')
      .replace(/(?<![a-z])[{[|(f]otal\b|\bfatal\b/g, 'total');
    if (!/[a-z]/.test(f)) continue;
    const strong = TOTAL_STRONG.exec(f);
    const sub = SUBTOTAL.exec(f);
    const weak = TOTAL_WEAK.exec(f);
    // rule 'tax.not-an-id-label': "Steuer-Nr. 044 241 601 03", "GST Reg No", "VAT ID" name the seller's tax number,
    // not an amount of tax
    const taxLabel = TAX.exec(f);
    const tax = taxLabel && !TAX_ID_AFTER.test(f.slice(taxLabel.index + taxLabel[0].length)) ? taxLabel : null;
    // "PAY 20.00" under "DUE 7.50": the money handed over, not a total
    const notTotal = NOT_TOTAL.test(f.replace(TOTAL_STRONG, ' ')) || PAY_LINE.test(f);
    // rule 'total.tax-included-label': "Total IVA incluido", "Totale IVA inclusa": a total whose tax word is qualified
    // as included is the amount due with its tax, not the tax total that "Total IVA" alone would be
    const taxOnly = TAX_TOTAL.test(f) && !TAX_INCLUDED.test(f);

    const add = (kind: SummaryKind, rule: string, labelEnd: number, base: number, limit = Infinity) => {
      const toks = moneyTokens(line.text, decimal).filter((t) => t.end <= limit);
      let tok = rightmost(toks, labelEnd, line.text);
      let at = line;
      let s = base;
      let id = rule;
      if (!tok) {
        const b = below(lines, line, decimal);
        if (!b) return;
        // a table header ("Amount (RM)  Tax (RM)") over a row of several figures is not a total label
        if (findAmounts(b.line.text, decimal).filter((t) => t.hasDecimals).length > 1 && base < 0.8) return;
        tok = b.token;
        at = b.line;
        id = `${rule}-below`;
        s -= 0.03 * Math.min(b.dist, 5);
      }
      if (!tok.hasDecimals && !tok.currencyHint) {
        // OCR turns codes and counts into numbers; a bare integer is money only on clean text
        if (isOcr) return;
        s -= 0.15;
      }
      if (tok.value === 0) s -= 0.3;
      // a negative figure on an invoice or receipt is a deduction or a misread sign; rule 'amounts.credit-note-negative':
      // a credit note prints its figures negative as often as not, and they are its figures as printed
      if (tok.value < 0 && !creditNote) s -= 0.3;
      hits.push({
        kind,
        value: tok.value,
        token: tok,
        line: at,
        score: s,
        rule: id,
        inclusive: INCLUSIVE.test(f),
      });
    };

    // "ROUNDING RM 45.35": a rounding line carrying more than cents is the rounded total
    const rounding = ROUNDING.exec(f);
    if (rounding && !strong && !weak && !ADJUSTMENT.test(f)) {
      const before = hits.length;
      add('total', 'total.rounding-line', rounding.index + rounding[0].length, 0.8);
      const h = hits[before];
      if (h && Math.abs(h.value) < 0.1) hits.pop();
      continue;
    }
    // "(Total included GST @6%: 1.42)": the tax contained in the total, not the total
    if (tax && /^\s*\(/.test(f) && /\bincl\w*/.test(f) && /@|%/.test(f)) {
      add('tax', 'tax.included-note', tax.index + tax[0].length, 0.7);
      continue;
    }
    if (sub) {
      // two-column summaries put two labels on one line: "Exclusief BTW € 593,36   Subtotaal € 717,97"
      const g = new RegExp(SUBTOTAL.source, 'g');
      const ms = [...f.matchAll(g)].slice(0, 4);
      ms.forEach((m, i) => add('subtotal', 'subtotal.label', m.index + m[0].length, 0.8, ms[i + 1]?.index ?? Infinity));
    } else if (tax && !strong && !(weak && /incl|with|inclusive|including/.test(f)) && !isPerRateTotal(f)) {
      // "Tax 15% on $112.90   $16.94", "TVA 20% : 9,34 €", "GST @6% 0.90"
      add('tax', 'tax.label', tax.index + tax[0].length, taxOnly ? 0.8 : 0.7);
      if (taxOnly) continue;
    }
    if (taxOnly) continue;
    // "Sub Total RM 68.87" must not also count as "Total RM"
    const strongInSub = strong && sub && strong.index >= sub.index && strong.index < sub.index + sub[0].length;
    if (isPerRateTotal(f)) add('total', 'total.per-rate', f.indexOf('%') + 1, 0.2);
    else if (strong && !strongInSub) add('total', 'total.label-strong', strong.index + strong[0].length, notTotal ? 0.55 : 0.9);
    else if (weak && !sub) add('total', 'total.label-weak', weak.index + weak[0].length, notTotal ? 0.2 : 0.65);
  }
  return hits;
}

/** Money tokens anywhere (for the fallback "largest amount" total), skipping cash and change lines. */
/**
 * What was actually paid at a till: cash tendered minus change given. A total candidate equal to it is almost
 * certainly the amount due.
 */
export function tillPayments(
  lines: readonly Line[],
  decimal: DecimalMark | undefined,
): { cash: number | null; change: number | null; cashLine: number | null } {
  let cash: number | null = null;
  let cashLine: number | null = null;
  let change: number | null = null;
  let changeLine: Line | null = null;
  for (const line of lines) {
    const f = fold(line.text);
    const isChange = CHANGE.test(f);
    // the money handed over: cash, or an amount paid / tendered ("Paid Amount: 31.80", "Total Paid RM50.00")
    const isCash = !isChange && (CASH.test(f) || PAID.test(f) || PAY_LINE.test(f)) && !RECEIPT_TITLE.test(f);
    if (!isChange && !isCash) continue;
    const all = findAmounts(line.text, decimal);
    const toks = all.filter((t) => t.hasDecimals);
    // rule 'till.colon-for-point': OCR reads a thermal print's decimal point as a colon ("CHANGE 9:95", "BAKI: 0:75");
    // no time of day stands on a cash or change line, so a figure of that shape ending it is the money
    const colon = toks.length ? null : /(?<![\d:.,])(\d{1,5}):(\d{2})\s*$/.exec(line.text);
    if (colon) {
      const value = Number(`${colon[1]}.${colon[2]}`);
      const start = colon.index + colon[0].indexOf(colon[1]!);
      toks.push({ value, raw: `${colon[1]}:${colon[2]}`, start, end: start + colon[1]!.length + 3, hasDecimals: true, currencyHint: null });
    }
    // rule 'till.unreadable-figure': "CHANGE RM 10" with its decimal point lost is this line's figure misread, not a
    // label whose figure stands below: the figure is unknown, and the row below (a tax summary) is not it
    const misread = !toks.length && all.some((t) => t.currencyHint !== null);
    const under = toks.length || misread ? null : below(lines, line, decimal);
    const tok = toks[toks.length - 1] ?? under?.token;
    if (!tok) continue;
    if (isCash && cash === null) {
      cash = Math.abs(tok.value);
      cashLine = (under?.line ?? line).n;
    }
    if (isChange && change === null) {
      change = Math.abs(tok.value);
      changeLine = line;
    }
  }
  if (cash === null && changeLine) cash = tenderedAbove(lines, changeLine, decimal);
  return { cash, change, cashLine };
}

/**
 * rule 'till.tendered-above-change': a till prints the money handed over on the line right above the change, below
 * the total ("Total (incl GST) 70.30" / "Cash Tendered 70.30" / "Change 0.00"). When OCR garbled that line's label
 * ("Cas ndered", "CRSH") its one figure is still the cash tendered: the line must hold a single amount, carry no
 * label of another figure (a total, tax, rounding, card...), and have a total line within the three lines above it,
 * so it is never the total's own line.
 */
export function tenderedAbove(lines: readonly Line[], changeLine: Line, decimal: DecimalMark | undefined): number | null {
  const above = lines[changeLine.n - 1];
  if (!above || above.page !== changeLine.page) return null;
  const f = fold(above.text);
  if (NOT_TENDERED.test(f) || TOTAL_STRONG.test(f)) return null;
  const toks = findAmounts(above.text, decimal).filter((t) => t.hasDecimals);
  if (toks.length !== 1 || toks[0]!.value <= 0) return null;
  const totalAbove = lines
    .slice(Math.max(0, above.n - 3), above.n)
    .some((l) => l.page === above.page && (TOTAL_STRONG.test(fold(l.text)) || TOTAL_WEAK.test(fold(l.text))));
  return totalAbove ? toks[0]!.value : null;
}

export function paidAmount(lines: readonly Line[], decimal: DecimalMark | undefined): number | null {
  const { cash, change } = tillPayments(lines, decimal);
  if (cash === null || change === null || change > cash) return null;
  return Math.round((cash - change) * 100) / 100;
}

/** The first amount on a line labelled as a discount or as shipping (the sums take them into account). */
export function labelledAmount(lines: readonly Line[], decimal: DecimalMark | undefined, kind: 'discount' | 'shipping'): number | null {
  const re = kind === 'discount' ? DISCOUNT : SHIPPING;
  for (const line of lines) {
    // a summary line starts with its label ("Discount 5.00"); a sentence mentioning a discount is no figure of the sum
    const f = fold(line.text);
    if ((re.exec(f)?.index ?? 999) > f.search(/\S/) + 3) continue;
    const toks = findAmounts(line.text, decimal).filter((t) => t.hasDecimals);
    const tok = toks[toks.length - 1];
    if (tok && tok.value !== 0) return Math.abs(tok.value);
  }
  return null;
}

/**
 * The amount charged to a card ("VISA 118.35", "Master ****1234: 118.35"): on a receipt whose total line OCR lost,
 * what the card was charged is the amount due.
 */
export function cardAmount(lines: readonly Line[], decimal: DecimalMark | undefined): { token: AmountToken; line: Line } | null {
  for (const line of lines) {
    const f = fold(line.text);
    if (!CARD.test(f)) continue;
    if (NOT_CARD_CHARGE.test(f)) continue;
    const toks = findAmounts(line.text, decimal).filter((t) => t.hasDecimals && t.value > 0);
    const tok = toks[toks.length - 1];
    if (tok) return { token: tok, line };
  }
  return null;
}

/** The line of the cash tendered (where a cash-minus-change amount is pointed at). */
export function cashLine(lines: readonly Line[], decimal: DecimalMark | undefined): { token: AmountToken; line: Line } | null {
  for (const line of lines) {
    const f = fold(line.text);
    if (!CASH.test(f) || CHANGE.test(f) || RECEIPT_TITLE.test(f)) continue;
    const toks = findAmounts(line.text, decimal).filter((t) => t.hasDecimals);
    const tok = toks[toks.length - 1] ?? below(lines, line, decimal)?.token;
    if (tok) return { token: tok, line: toks.length ? line : below(lines, line, decimal)!.line };
  }
  return null;
}

/** Rounding adjustment printed on the document (0 when none). */
export function roundingAdjustment(lines: readonly Line[], decimal: DecimalMark | undefined): { value: number; line: Line } | null {
  for (const line of lines) {
    const f = fold(line.text);
    if (!ROUNDING.test(f) || TOTAL_WEAK.test(f)) continue;
    const toks = findAmounts(line.text, decimal).filter((t) => t.hasDecimals);
    const t = toks[toks.length - 1] ?? below(lines, line, decimal)?.token;
    if (t && Math.abs(t.value) < 0.1) return { value: t.value, line };
  }
  return null;
}

export function allAmounts(lines: readonly Line[], decimal: DecimalMark | undefined): Array<{ token: AmountToken; line: Line }> {
  const out: Array<{ token: AmountToken; line: Line }> = [];
  for (const line of lines) {
    const f = fold(line.text);
    if (PAYMENT.test(f)) continue;
    for (const t of findAmounts(line.text, decimal)) {
      if (t.hasDecimals && line.text[t.end] !== '%') out.push({ token: t, line });
    }
  }
  return out;
}

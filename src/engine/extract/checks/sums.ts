/**
 * Sums: the figures of one document must add up. Each check is named, applies only when the figures it needs were
 * found, and says the arithmetic in its message so a clerk can see what did not add up.
 */
import type { LineItem } from '../../../contract/domain.js';
import { fold } from '../text.js';
import { labelRe } from '../vocab.js';
import { draftCountry } from './country.js';
import { agree, cents, fmt } from './money.js';
import { plausibleRateSpan } from './tax-rates.js';
import type { Check, CheckResult, Draft } from './types.js';

function how(kind: ReturnType<typeof agree>, rounding: number | null): string {
  if (kind === 'rounding-line') return ` (with rounding ${fmt(rounding!)})`;
  if (kind === 'cash-rounding') return ' (cash rounding to 0.05)';
  return '';
}

/** Marks an agreement that held only within cash rounding (see CheckResult.approximate). */
const approx = (kind: ReturnType<typeof agree>): { approximate?: true } => (kind === 'cash-rounding' ? { approximate: true } : {});

/** Shipping added and discount taken, as cents, with the words for the message. */
function adjustments(d: Draft): { cents: number; words: string } {
  const ship = cents(d.extras.shipping) ?? 0;
  const disc = Math.abs(cents(d.extras.discount) ?? 0);
  // rule 'sum.credit-note-sizes': a credit note printed negative adds its shipping and takes off its discount in size
  // (subtotal -100.00, shipping -9.90 or 9.90, discount 5.00: total -104.90), whatever sign each line printed
  const sign = (cents(d.values.total) ?? 0) < 0 ? -1 : 1;
  return {
    cents: sign * (ship - disc),
    words: (ship ? ` ${sign < 0 ? '-' : '+'} shipping ${fmt(ship)}` : '') + (disc ? ` ${sign < 0 ? '+' : '-'} discount ${fmt(disc)}` : ''),
  };
}

/**
 * subtotal + tax (+ shipping - discount) = total. Prices that include tax print the tax as "included": then the
 * subtotal already equals the total and the tax is a part of it, which also holds. With no tax read, the check holds
 * when subtotal and total agree, fails when the total is below the subtotal, and says nothing when it is above.
 */
export const subtotalTaxTotal: Check = {
  id: 'sum.subtotal-tax-total',
  fields: ['subtotal', 'tax', 'total'],
  run(d) {
    const sub = cents(d.values.subtotal);
    const total = cents(d.values.total);
    if (sub === null || total === null) return null;
    const tax = cents(d.values.tax);
    const rounding = cents(d.extras.rounding);
    const adj = adjustments(d);
    const exclusive = sub + (tax ?? 0) + adj.cents;
    const sayTax = tax === null ? '' : ` + tax ${fmt(tax)}`;
    const k = agree(exclusive, total, rounding);
    // rule 'sum.one-rate-of-several': where the document prints several tax rates, a sum whose tax is one rate of its
    // subtotal adds up one rate's row of the breakdown ("Imponibile 4.694,04 / IVA 1.032,69 / Totale 5.726,73" at 22%,
    // beside a 10% row), not the document: it confirms nothing about the document's total
    const rates = tax !== null && tax > 0 && k ? printedTaxRates(d.text) : [];
    const oneRate = rates.length >= 2 ? rates.find((r) => Math.abs(tax! - Math.round((sub * r) / 100)) <= 2) : undefined;
    if (k && oneRate !== undefined)
      return {
        passed: false,
        message: `subtotal ${fmt(sub)}${sayTax} = total ${fmt(total)} adds up the ${oneRate}% rate alone, and the document prints ${rates.length} rates (${rates.map((r) => `${r}%`).join(', ')}): one rate's row, not the document's total`,
      };
    if (k)
      return {
        passed: true,
        message: `subtotal ${fmt(sub)}${sayTax}${adj.words} = total ${fmt(total)}${how(k, rounding)}`,
        ...approx(k),
      };
    if (tax !== null && tax > 0 && tax < total) {
      const inclusive = sub + adj.cents;
      const ki = agree(inclusive, total, rounding);
      if (ki)
        return {
          passed: true,
          message: `subtotal ${fmt(sub)}${adj.words} = total ${fmt(total)}${how(ki, rounding)}, tax ${fmt(tax)} included`,
          ...approx(ki),
        };
    }
    // with no tax read, a total above the subtotal is the unread tax, not a contradiction: nothing to say
    if (tax === null && total > exclusive) return null;
    return { passed: false, message: `subtotal ${fmt(sub)}${sayTax}${adj.words} = ${fmt(exclusive)}, but total is ${fmt(total)}` };
  },
};

/** A tax word of any vocabulary and the rate printed after it ("IVA 22%", "VAT 5.5 %", "MwSt. 19 %"), on folded text. */
const RATE_AFTER_TAX_WORD = new RegExp(String.raw`${labelRe('tax').source}\D{0,12}?(\d{1,2}(?:[.,]\d{1,2})?)\s?%`, 'g');

/**
 * The distinct positive tax rates a document prints beside a tax word, in percent. The decision runs the checks once
 * per combination of candidates on one text, so the last text's rates are kept.
 */
let lastRates: { text: string; rates: number[] } | null = null;
export function printedTaxRates(text: string): number[] {
  if (lastRates?.text === text) return lastRates.rates;
  const out = new Set<number>();
  for (const m of fold(text).matchAll(RATE_AFTER_TAX_WORD)) {
    const r = Number(m[1]!.replace(',', '.'));
    if (r > 0 && r < 30) out.add(r);
  }
  const rates = [...out].sort((a, b) => b - a);
  lastRates = { text, rates };
  return rates;
}

/** A line's amount, or quantity x unit price when only those were read. */
function lineCents(li: LineItem): number | null {
  if (li.amount !== null) return cents(li.amount);
  if (li.quantity !== null && li.unitPrice !== null) return Math.round(li.quantity * li.unitPrice * 100);
  return null;
}

const INCLUDED = labelRe('line_included');
/** A line that itemises a part of the one above ("Incl. home-copy levy €3.50"): its amount is already in that line's. */
export function includedPart(li: LineItem): boolean {
  const f = fold(li.description);
  const m = INCLUDED.exec(f);
  return !!m && m.index <= f.search(/\S/) + 1;
}

/** The lines' sum; a part itemised under its line (rule 'lines.included-part') is not added again. */
function linesSum(items: readonly LineItem[]): { sum: number; n: number } | null {
  let sum = 0;
  let n = 0;
  for (const li of items) {
    if (includedPart(li)) continue;
    const c = lineCents(li);
    if (c === null) continue;
    sum += c;
    n++;
  }
  return n ? { sum, n } : null;
}

/**
 * Line items add up to the subtotal (after the discount, if one was printed). Prices that include tax ("Prijzen zijn
 * inclusief BTW", an amount column "incl. VAT") add up to the total instead: that holds when subtotal + tax make
 * that total, and says nothing of the subtotal when no tax was read.
 */
export const linesSubtotal: Check = {
  id: 'sum.lines-subtotal',
  fields: ['line_items', 'subtotal'],
  run(d) {
    const sub = cents(d.values.subtotal);
    const lines = linesSum(d.lineItems);
    if (sub === null || !lines) return null;
    const disc = Math.abs(cents(d.extras.discount) ?? 0);
    const say = `${lines.n} line${lines.n === 1 ? '' : 's'} sum to ${fmt(lines.sum)}`;
    if (lines.sum === sub) return { passed: true, message: `${say} = subtotal ${fmt(sub)}` };
    if (disc && lines.sum - disc === sub) return { passed: true, message: `${say} - discount ${fmt(disc)} = subtotal ${fmt(sub)}` };
    const total = cents(d.values.total);
    if (total !== null && lines.sum === total && lines.sum > sub) {
      const tax = cents(d.values.tax);
      if (tax === null) return null;
      const adj = adjustments(d);
      if (agree(sub + tax + adj.cents, total, cents(d.extras.rounding)))
        return { passed: true, message: `${say} = total ${fmt(total)} (prices include tax: subtotal ${fmt(sub)} + tax ${fmt(tax)})` };
    }
    return { passed: false, message: `${say}, but subtotal is ${fmt(sub)}` };
  },
};

/**
 * With no subtotal printed, line items add up to the total: directly (tax-inclusive prices), or with the tax,
 * shipping, discount and rounding that were printed. With a subtotal printed, only lines of tax-inclusive prices
 * that make the total to the cent speak here (the subtotal check judges the rest).
 */
export const linesTotal: Check = {
  id: 'sum.lines-total',
  fields: ['line_items', 'total'],
  run(d) {
    const total = cents(d.values.total);
    const lines = linesSum(d.lineItems);
    if (total === null || !lines) return null;
    if (cents(d.values.subtotal) !== null) {
      if (lines.sum !== total || lines.sum === cents(d.values.subtotal)) return null;
      return {
        passed: true,
        message: `${lines.n} line${lines.n === 1 ? '' : 's'} sum to ${fmt(lines.sum)} = total ${fmt(total)} (prices include tax)`,
      };
    }
    const tax = cents(d.values.tax);
    const rounding = cents(d.extras.rounding);
    const adj = adjustments(d);
    const say = `${lines.n} line${lines.n === 1 ? '' : 's'} sum to ${fmt(lines.sum)}`;
    const k = agree(lines.sum + adj.cents, total, rounding);
    if (k) return { passed: true, message: `${say}${adj.words} = total ${fmt(total)}${how(k, rounding)}`, ...approx(k) };
    if (tax !== null) {
      const kt = agree(lines.sum + tax + adj.cents, total, rounding);
      if (kt)
        return {
          passed: true,
          message: `${say} + tax ${fmt(tax)}${adj.words} = total ${fmt(total)}${how(kt, rounding)}`,
          ...approx(kt),
        };
    }
    return { passed: false, message: `${say}${adj.words}, but total is ${fmt(total)}` };
  },
};

/**
 * quantity x unit price = amount on every line that prints all three. A line discount ("30%" off a cake) leaves the
 * amount below the product but above half of it; a quantity read from the description ("16 GB") multiplies the
 * price far past the amount, and fails.
 */
export const lineArithmetic: Check = {
  id: 'sum.line-quantity-price',
  fields: ['line_items'],
  run(d) {
    const full = d.lineItems.filter((li) => li.quantity !== null && li.unitPrice !== null && li.amount !== null);
    if (!full.length) return null;
    let discounted = 0;
    const bad = full.filter((li) => {
      const product = Math.round(li.quantity! * li.unitPrice! * 100);
      const amount = cents(li.amount)!;
      // a unit price printed with more decimals than cents (0.333) rounds on the line: allow one cent
      if (Math.abs(product - amount) <= 1) return false;
      if (amount > 0 && amount < product && amount * 2 >= product) {
        discounted++;
        return false;
      }
      return true;
    });
    const n = `${full.length} line${full.length === 1 ? '' : 's'}`;
    if (!bad.length)
      return {
        passed: true,
        message: `quantity x unit price = amount on ${n}${discounted ? ` (${discounted} after a line discount)` : ''}`,
      };
    const first = bad[0]!;
    return {
      passed: false,
      message: `${bad.length} of ${n} do not multiply out, e.g. "${first.description.slice(0, 40)}": ${first.quantity} x ${first.unitPrice} != ${first.amount}`,
    };
  },
};

/** cash tendered - change given = total (receipts), allowing the printed rounding line or cash rounding. */
export const cashChangeTotal: Check = {
  id: 'sum.cash-change-total',
  fields: ['total'],
  run(d): CheckResult | null {
    const total = cents(d.values.total);
    const cash = cents(d.extras.cash);
    if (total === null || cash === null) return null;
    const change = cents(d.extras.change);
    const rounding = cents(d.extras.rounding);
    if (change === null) {
      // change not read: cash equal to the total holds, cash short of the total cannot be, more says nothing
      if (cash === total) return { passed: true, message: `cash ${fmt(cash)} = total ${fmt(total)}` };
      if (cash < total) return { passed: false, message: `cash ${fmt(cash)} is less than total ${fmt(total)}` };
      return null;
    }
    const paid = cash - change;
    // the till pays the rounded amount: the total as computed plus the rounding line is what cash - change covers
    const k = agree(total, paid, rounding);
    if (k)
      return {
        passed: true,
        message: `cash ${fmt(cash)} - change ${fmt(change)} = total ${fmt(total)}${how(k, rounding)}`,
        ...approx(k),
      };
    return { passed: false, message: `cash ${fmt(cash)} - change ${fmt(change)} = ${fmt(paid)}, but total is ${fmt(total)}` };
  },
};

/**
 * Tax is a part of the money, not more: below the total and, as a share of the net amount, inside the span of the
 * rates the document's country uses (any rate up to the highest in the world when the country is unknown).
 * A phone number read as the tax fails here.
 */
export const taxRate: Check = {
  id: 'sum.tax-rate',
  // it judges the tax against the total, not the total: a wrong tax must not cast doubt on a right total
  fields: ['tax'],
  run(d) {
    let tax = cents(d.values.tax);
    let total = cents(d.values.total);
    if (tax === null || total === null) return null;
    // a credit note's figures are all negative: its tax is judged as the share it is of its (negative) net
    const credit = tax < 0 && total < 0;
    if (credit) [tax, total] = [-tax, -total];
    if (tax < 0) return { passed: false, message: `tax ${fmt(tax)} is negative` };
    if (tax === 0) return { passed: true, message: 'tax 0.00 (exempt or zero-rated)' };
    if (tax >= total) return { passed: false, message: `tax ${fmt(tax)} is not below total ${fmt(total)}` };
    const printedSub = cents(d.values.subtotal);
    const sub = printedSub === null ? null : credit ? -printedSub : printedSub;
    // the base the rate applies to: the printed subtotal when it is net of tax, else total minus tax; a tax that is a
    // plausible rate of the printed subtotal is a tax even where the total disagrees (the total may be the misread
    // figure: sum.subtotal-tax-total says so)
    const bases = [sub !== null && sub + tax <= total + 5 ? sub : total - tax];
    if (sub !== null && sub > 0 && sub !== bases[0]) bases.push(sub);
    // rule 'sum.tax-rate-zero-rated-part': what was sold at the zero rate bears no tax, so the rate applies to the rest,
    // or to the taxed rates' own printed net
    const zero = cents(d.extras.zeroRated);
    if (zero !== null && zero > 0 && !credit) bases.push(total - tax - zero);
    const taxedNet = cents(d.extras.taxedNet);
    if (taxedNet !== null && taxedNet > 0 && !credit) bases.push(taxedNet);
    const span = plausibleRateSpan(draftCountry(d));
    let shown = '';
    for (const base of bases) {
      if (base <= 0) continue;
      const rate = (100 * tax) / base;
      // a one-cent rounding of the tax moves the rate by 100/base points
      const slack = 100 / base + 0.15;
      if (rate >= span.min - slack && rate <= span.max + slack)
        return { passed: true, message: `tax ${fmt(tax)} is ${rate.toFixed(2)}% of ${fmt(base)}, within ${span.label}` };
      shown ||= `${rate.toFixed(2)}% of ${fmt(base)}`;
    }
    if (!shown) return { passed: false, message: `tax ${fmt(tax)} leaves no net amount in total ${fmt(total)}` };
    return { passed: false, message: `tax ${fmt(tax)} is ${shown}, outside ${span.label}` };
  },
};

/**
 * The tax breakdown adds up to the total: each rate's net amount plus its tax, zero-rated rows included, allowing the
 * printed rounding line or cash rounding. The breakdown is printed apart from the total, so it confirms it.
 */
export const breakdownTotal: Check = {
  id: 'sum.breakdown-total',
  fields: ['total'],
  run(d) {
    const total = cents(d.values.total);
    const b = d.extras.breakdown;
    if (total === null || !b) return null;
    const gross = Math.round(b.gross * 100);
    const rounding = cents(d.extras.rounding);
    const rows = `${b.rows} tax breakdown row${b.rows === 1 ? '' : 's'}`;
    const by = b.rules?.length ? ` (rows read by ${b.rules.join(', ')})` : '';
    const k = agree(gross, total, rounding);
    if (k)
      return {
        passed: true,
        message: `${rows} (net + tax) sum to ${fmt(gross)} = total ${fmt(total)}${how(k, rounding)}${by}`,
        ...approx(k),
      };
    return { passed: false, message: `${rows} (net + tax) sum to ${fmt(gross)}, but total is ${fmt(total)}${by}` };
  },
};

export const SUM_CHECKS: readonly Check[] = [
  subtotalTaxTotal,
  linesSubtotal,
  linesTotal,
  lineArithmetic,
  cashChangeTotal,
  taxRate,
  breakdownTotal,
];

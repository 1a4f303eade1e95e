/**
 * Total, subtotal and tax candidates, and the till figures (cash, change, rounding, discount, shipping) the sums
 * need. The finder only ranks by where and under which label an amount stood; whether the figures add up is the
 * checks' business, weighed in the decision step.
 *
 * Rule ids: total.label-strong, total.label-weak (with '-below' when the value stood under its label),
 * total.rounding-line, total.row-geometry, total.rounding-applied, total.subtotal-plus-tax, total.cash-minus-change,
 * total.card-charge, total.largest-amount, total.after-rounding, total.printed-twice, total.two-total-lines, total.paid-by-card,
 * total.per-rate-sum, total.per-rate-parts; subtotal.label, tax.label, tax.per-rate-difference,
 * tax.included-note, subtotal.net-total-before-tax, subtotal.breakdown-row, tax.breakdown-row, subtotal.summary-row, tax.summary-row, tax.summary-zero-unpointed,
 * total.printed-as-sum, total.sum-rounded, total.cents-cut, total.credit-by-size, amounts.credit-note-negative, tax.lines-sum,
 * total.tax-summary-total-row (subtotal.tax-summary-total-row, tax.tax-summary-total-row).
 */
import type { FieldName, FieldSource } from '../../contract/domain.js';
import { type AmountToken, type DecimalMark, findAmounts, formatAmount } from './amounts.js';
import type { Candidate } from './candidate.js';
import type { DraftExtras } from './checks/index.js';
import { totalOnLabelRow } from './geometry.js';
import { type Line, type PageInput, clamp01, fold, spanIn } from './text.js';
import {
  type AmountHit,
  allAmounts,
  cardAmount,
  cashLine,
  findSummaryAmounts,
  labelledAmount,
  perRateFigures,
  roundingAdjustment,
  tillPayments,
} from './totals.js';
import { labelRe } from './vocab.js';
import { taxRatesFor } from './checks/tax-rates.js';

export interface AmountCandidates {
  total: Candidate[];
  subtotal: Candidate[];
  tax: Candidate[];
  extras: DraftExtras;
}

const TAX = labelRe('tax');
const CASH = labelRe('cash');

const round2 = (x: number) => Math.round(x * 100) / 100;
/** "Net total", "Nett total", "Total net": before tax on an invoice, the amount due on a till receipt. */
const NET_TOTAL = /(?<![a-z])(?:nett?\s+total|total\s+nett?)(?![a-z])/;

function cand(field: FieldName, h: AmountHit, score: number, because: string[], isOcr: boolean, value = h.value): Candidate {
  const source: FieldSource = spanIn(h.line, h.token.start, h.token.end);
  return {
    field,
    value: formatAmount(value),
    raw: h.token.raw,
    source,
    // OCR'd figures are a little less sure than a text layer's
    score: clamp01(score + 0.05 - (isOcr ? 0.05 : 0)),
    because,
  };
}

/**
 * Rule 'total.credit-by-size': whether figure a is larger than b by more than `by`. A credit note printed negative
 * (Total sem IVA -79.062,56 / IVA -3.769,31 / Total com IVA -86.567,24) has its amount due the largest in size, not
 * the largest number, so two negative figures compare by size; figures of other signs compare as numbers (a negative
 * discount "total" stays below a positive total).
 */
/** A tax rate printed in a label: "GST 5%", "MwSt. 19 %", "IVA 5,5%". */
const RATE_IN_LABEL = /(?<![\d.,])\d{1,2}(?:[.,]\d{1,3})?\s?%/;

/**
 * Rule 'total.cents-cut': a whole figure followed by its decimal mark and no digit ("GRAND TOTAL: $546.", "CARD $546.")
 * is a figure whose cents OCR lost at the edge of the column, not a whole amount: it is no total, card charge or part
 * of the sums. Where a whole amount is printed whole ("TOTAL 546", yen, rupiah), it carries no decimal mark.
 */
export function centsCut(line: Line, t: AmountToken): boolean {
  return !t.hasDecimals && /^[.,](?!\d)/.test(line.text.slice(t.end));
}

export function exceeds(a: number, b: number, by: number): boolean {
  return a < 0 && b < 0 ? -a > -b + by : a > b + by;
}

export function amountCandidates(
  lines: readonly Line[],
  pages: readonly PageInput[],
  decimal: DecimalMark | undefined,
  isOcr: boolean,
  country: string | null = null,
  creditNote = false,
): AmountCandidates {
  const hits = findSummaryAmounts(lines, decimal, isOcr, creditNote).filter((h) => !centsCut(h.line, h.token));
  const pick = (kind: AmountHit['kind']) => hits.filter((h) => h.kind === kind).sort((a, b) => b.score - a.score || b.line.n - a.line.n);
  const totals = pick('total').slice(0, 40);
  if (isOcr) {
    // a total label with no amount on its text line: OCR may have broken the reading order, and the word boxes
    // show the value on the same visual row
    const row = totalOnLabelRow(lines, pages, decimal);
    if (row)
      totals.push({ kind: 'total', value: row.token.value, token: row.token, line: row.line, score: 0.92, rule: 'total.row-geometry' });
  }
  const subs = pick('subtotal');
  const taxes = pick('tax');
  // rule 'subtotal.net-total-before-tax': "Net total" is the amount before tax where a tax line and then a larger
  // total follow it (Net total / VAT 20% / Total on a UK or EU invoice); on a till receipt it is the amount due, and
  // no tax line with a larger total comes after it. Larger in size: a credit note prints all three negative
  // (Net total -100.00 / VAT -20.00 / Total -120.00), so sizes are compared, of figures of one sign
  for (const h of [...totals]) {
    if (!NET_TOTAL.test(fold(h.line.text))) continue;
    const size = Math.abs(h.value);
    const sameSign = (v: number) => Math.sign(v) === Math.sign(h.value);
    const later = totals.some(
      (o) =>
        sameSign(o.value) &&
        Math.abs(o.value) > size + 0.005 &&
        !NET_TOTAL.test(fold(o.line.text)) &&
        taxes.some((t) => t.line.n > h.line.n && t.line.n < o.line.n && Math.abs(t.value) < Math.abs(o.value)),
    );
    if (!later) continue;
    totals.splice(totals.indexOf(h), 1);
    subs.push({ ...h, kind: 'subtotal', score: Math.max(h.score, 0.85), rule: 'subtotal.net-total-before-tax' });
  }
  // rule 'total.tax-summary-total-row': a weakly labelled total row of two figures whose last is one of the country's
  // rates of the other ("TOTAL  107.22  6.43" closing a GST summary's SR @ 6% rows) totals the tax table's net and tax
  // columns: those are a subtotal and a tax, and neither is the amount due
  const rates = (taxRatesFor(country) ?? []).filter((r) => r > 0);
  for (const h of [...totals]) {
    if (!h.rule.startsWith('total.label-weak') || !rates.length) continue;
    const money = findAmounts(h.line.text, decimal).filter((t) => t.hasDecimals);
    const [net, tax] = money.slice(-2);
    if (money.length !== 2 || !tax || tax.start !== h.token.start || !net || net.value <= 0) continue;
    if (!rates.some((r) => Math.abs((net.value * r) / 100 - tax.value) <= RATE_SLACK)) continue;
    totals.splice(totals.indexOf(h), 1);
    subs.push({ ...h, kind: 'subtotal', value: net.value, token: net, score: 0.65, rule: 'subtotal.tax-summary-total-row' });
    taxes.push({ ...h, kind: 'tax', value: tax.value, token: tax, score: 0.65, rule: 'tax.tax-summary-total-row' });
  }
  const amounts = allAmounts(lines, decimal);
  const counts = new Map<number, number>();
  for (const { token } of amounts) counts.set(token.value, (counts.get(token.value) ?? 0) + 1);
  const till = tillPayments(lines, decimal);
  const paid = till.cash !== null && till.change !== null && till.change <= till.cash ? round2(till.cash - till.change) : null;
  const rounding = isOcr ? roundingAdjustment(lines, decimal) : null;

  const out: Candidate[] = [];
  const scored = totals.map((h) => {
    let s = h.score;
    // rule 'total.printed-twice': the amount due is printed again (payment line, item line of a single item)
    if ((counts.get(h.value) ?? 0) >= 2) s += 0.05;
    // the amount due is the largest labelled total (subtotal, tax and rounding lines are smaller): a candidate
    // below another credible one loses unless it is far stronger
    const larger = totals.filter((o) => exceeds(o.value, h.value, 0.05) && o.score >= Math.max(0.45, h.score - 0.15)).length;
    s -= 0.12 * Math.min(larger, 2);
    // a tax figure on a total line ("Total incl. GST: 1.42") is tiny next to another total
    if (TAX.test(fold(h.line.text)) && totals.some((o) => o !== h && o.score >= 0.4 && exceeds(o.value * 0.25, h.value, 0))) s -= 0.4;
    return { h, s };
  });
  // rule 'total.after-rounding': a total printed below the rounding line that equals an earlier total plus the
  // rounding is the rounded amount due, whatever its label
  if (rounding && rounding.value !== 0)
    for (const x of scored) {
      if (x.h.line.n <= rounding.line.n) continue;
      const before = scored.filter((o) => o.h.line.n < rounding.line.n && Math.abs(round2(o.h.value + rounding.value) - x.h.value) < 0.005);
      if (before.length) {
        x.s = Math.max(x.s, ...before.map((o) => o.s + 0.03));
        x.h = { ...x.h, rule: 'total.after-rounding' };
      }
    }
  // of two near-equal totals the later one is the rounded amount due
  scored.sort((a, b) => b.s - a.s || b.h.line.n - a.h.line.n);
  // rule 'total.two-total-lines': the same amount under two total labels on different lines (Total / Final Total):
  // two printings of one figure that OCR read alike
  const totalLines = new Map<number, Set<number>>();
  for (const h of totals)
    if (h.rule.startsWith('total.label')) totalLines.set(h.value, (totalLines.get(h.value) ?? new Set()).add(h.line.n));
  // rule 'total.paid-by-card': the card was charged, on a line of its own, the amount the total line states
  const cardRead = isOcr ? cardAmount(lines, decimal) : null;
  const card = cardRead && !centsCut(cardRead.line, cardRead.token) ? cardRead : null;
  const byRate = perRateFigures(lines, decimal);
  // rule 'total.per-rate-parts': once the rates' totals are seen to add up to a labelled total, each of them is a part
  // of that total (a section of the table, its lines summing to it by construction), not a candidate beside it
  const partsOfTotal =
    byRate?.sum != null && totals.some((h) => h.rule.startsWith('total.label') && Math.abs(byRate.sum! - h.value) < 0.005);
  for (const { h, s } of scored) {
    if (partsOfTotal && h.rule.startsWith('total.per-rate')) continue;
    // rule 'total.not-the-cash-figure': a weakly labelled "total" read on the payment line itself ("Amount Paid 7.40")
    // is the cash handed over, not a total; taken as one, cash - change would confirm it with its own figure
    if (
      till.cashLine === h.line.n &&
      till.cash !== null &&
      Math.abs(till.cash - Math.abs(h.value)) < 0.005 &&
      !h.rule.startsWith('total.label-strong')
    )
      continue;
    const because = [h.rule];
    if (byRate?.sum != null && h.rule.startsWith('total.label') && Math.abs(byRate.sum - h.value) < 0.005)
      because.push('total.per-rate-sum', ...byRate.rules);
    if ((counts.get(h.value) ?? 0) >= 2) because.push('total.printed-twice');
    if (h.value < 0 && totals.some((o) => o !== h && o.value < 0)) because.push('total.credit-by-size');
    if ((totalLines.get(h.value)?.size ?? 0) >= 2) because.push('total.two-total-lines');

    if (card && h.rule.startsWith('total.label') && card.line.n !== h.line.n && Math.abs(card.token.value - h.value) < 0.005)
      because.push('total.paid-by-card');
    out.push(cand('total', h, s, because, isOcr));
    // a rounding adjustment printed after the total line and before the cash tendered still applies to it
    if (rounding && rounding.value !== 0 && rounding.line.n > h.line.n) {
      const tender = lines.find((l) => l.n > h.line.n && l.n < rounding.line.n && CASH.test(fold(l.text)));
      const laterTotal = totals.some((o) => o.line.n > rounding.line.n && o.score >= 0.5 && o.value > 0);
      if (!tender && !laterTotal)
        out.push(cand('total', h, s + 0.02, [...because, 'total.rounding-applied'], isOcr, round2(h.value + rounding.value)));
    }
  }
  const best = scored[0];
  // rule 'total.below-subtotal': a total line whose figure is below the printed subtotal (less any discount) was
  // misread ("NET TOTAL 0.5" under "SUB TOTAL 21.00"): the total cannot be less than what it totals, so the subtotal
  // plus tax is proposed beside it, to be confirmed or not by the other figures (cash - change)
  const discountPrinted = labelledAmount(lines, decimal, 'discount') ?? 0;
  const belowSubtotal =
    !!best && !!subs[0] && best.h.value >= 0 && subs[0].value > 0 && best.h.value < subs[0].value - discountPrinted - 0.005;
  // no credible total line: the subtotal plus the tax printed after it is what is due
  if (subs[0] && (!best || best.s < 0.6 || belowSubtotal)) {
    const addTax = taxes[0] && !taxes[0].inclusive && taxes[0].line.n > subs[0].line.n ? taxes[0].value : 0;
    const sum = round2(subs[0].value + addTax);
    const why = belowSubtotal && best!.s >= 0.6 ? ['total.below-subtotal'] : [];
    const base = belowSubtotal && best!.s >= 0.6 ? 0 : (best?.s ?? 0);
    // rule 'total.printed-as-sum': that sum is printed below the subtotal on a line whose label OCR lost ("TOBE: RM
    // 73.00"): the printed figure, which the subtotal and tax then confirm
    const printed = amounts.find((a) => a.line.n > subs[0]!.line.n && Math.abs(a.token.value - sum) < 0.005 && a.line !== subs[0]!.line);
    out.push(
      printed
        ? cand(
            'total',
            { kind: 'total', value: sum, token: printed.token, line: printed.line, score: 0, rule: '' },
            Math.max(base, subs[0].score - 0.3),
            ['total.subtotal-plus-tax', 'total.printed-as-sum', ...why],
            isOcr,
          )
        : cand('total', subs[0], Math.max(base, subs[0].score - 0.35), ['total.subtotal-plus-tax', ...why], isOcr, sum),
    );
    // rule 'total.sum-rounded': a rounding line printed after the subtotal and the tax rounds that sum, as it would a
    // total line: the amount due is the rounded sum, found printed below the rounding line where OCR kept the figure
    // but lost its label (a total printed large)
    const lastPart = Math.max(subs[0].line.n, addTax ? taxes[0]!.line.n : -1);
    // (not one printed below the cash tendered, which rounded the payment: total.rounding-applied's rule for total lines)
    const tendered = !!rounding && lines.some((l) => l.n > lastPart && l.n < rounding.line.n && CASH.test(fold(l.text)));
    if (rounding && rounding.value !== 0 && rounding.line.n > lastPart && !tendered) {
      const rounded = round2(sum + rounding.value);
      const shown = amounts.find((a) => a.line.n > rounding.line.n && Math.abs(a.token.value - rounded) < 0.005);
      out.push(
        shown
          ? cand(
              'total',
              { kind: 'total', value: rounded, token: shown.token, line: shown.line, score: 0, rule: '' },
              Math.max(base, subs[0].score - 0.28),
              ['total.subtotal-plus-tax', ...why, 'total.rounding-applied', 'total.sum-rounded', 'total.printed-as-sum'],
              isOcr,
            )
          : cand(
              'total',
              subs[0],
              Math.max(base, subs[0].score - 0.33),
              ['total.subtotal-plus-tax', ...why, 'total.rounding-applied', 'total.sum-rounded'],
              isOcr,
              rounded,
            ),
      );
    }
    if (addTax) out.push(cand('total', subs[0], subs[0].score - 0.4, ['total.subtotal-tax-included'], isOcr));
  }
  if (isOcr) {
    // what changed hands (cash minus change, or the card charge) is what was due; weak on its own, since OCR may
    // have misread the cash figure, so it never outranks a labelled total
    const largest = Math.max(0, ...amounts.map((a) => a.token.value));
    const cashAt = paid !== null && paid > 0 ? cashLine(lines, decimal) : null;
    if (cashAt && paid! >= largest - 0.005)
      out.push(
        cand(
          'total',
          { kind: 'total', value: paid!, token: cashAt.token, line: cashAt.line, score: 0, rule: '' },
          0.45,
          ['total.cash-minus-change'],
          isOcr,
        ),
      );
    if (card && card.token.value >= largest - 0.005)
      out.push(
        cand(
          'total',
          { kind: 'total', value: card.token.value, token: card.token, line: card.line, score: 0, rule: '' },
          0.45,
          ['total.card-charge'],
          isOcr,
        ),
      );
  }
  if (!out.length) {
    // no labelled total: the amount printed more than once (item line, payment line) is the likelier total
    const all = amounts.filter((a) => a.token.value > 0);
    const repeated = all.filter((a) => (counts.get(a.token.value) ?? 0) >= 2);
    const max = (repeated.length ? repeated : all).sort((a, b) => b.token.value - a.token.value)[0];
    if (max)
      out.push(
        cand(
          'total',
          { kind: 'total', value: max.token.value, token: max.token, line: max.line, score: 0, rule: '' },
          0.35,
          ['total.largest-amount'],
          isOcr,
        ),
      );
  }

  // rule 'tax.breakdown-row': a tax breakdown row ("SR @ 6%  40.00  2.40", "B 19 %  10,00  1,90", or with the gross
  // after them, "21 %  41,31  8,68  49,99" where net + tax = gross) gives the net amount and the tax, and says so
  // itself: the tax is the printed rate of the net amount
  // rule 'sum.breakdown-total' reads them all: every rate's net plus its tax, zero-rated rows included, is the total
  let breakdownCents = 0;
  let breakdownRows = 0;
  const breakdownRules = new Set<string>();
  for (const line of lines) {
    const rate = /(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%/.exec(line.text);
    if (!rate) continue;
    const after = findAmounts(line.text.slice(rate.index + rate[0].length), decimal).filter((t) => t.hasDecimals);
    const withGross = after.length === 3 && Math.abs(after[0]!.value + after[1]!.value - after[2]!.value) < 0.005;
    if (after.length !== 2 && !withGross) continue;
    const [net, tax] = after as [AmountToken, AmountToken];
    const r = Number(rate[1]!.replace(',', '.'));
    // rule 'amounts.credit-note-negative': a credit note's rows are printed negative, net and tax alike
    const sized = creditNote && net.value < 0 && tax.value <= 0 ? -1 : 1;
    if (r === 0 && sized * net.value > 0 && tax.value === 0) {
      // a zero-rated row ("ZR 0% 2.64 0.00") names no tax, but its net amount is part of the total
      breakdownCents += Math.round(net.value * 100);
      breakdownRows++;
      continue;
    }
    if (!(r > 0 && sized * net.value > 0 && Math.abs((100 * tax.value) / net.value - r) <= 0.5)) continue;
    breakdownCents += Math.round((net.value + tax.value) * 100);
    breakdownRows++;
    const shift = (t: AmountToken): AmountToken => ({
      ...t,
      start: t.start + rate.index + rate[0].length,
      end: t.end + rate.index + rate[0].length,
    });
    subs.push({ kind: 'subtotal', value: net.value, token: shift(net), line, score: 0.7, rule: 'subtotal.breakdown-row' });
    taxes.push({ kind: 'tax', value: tax.value, token: shift(tax), line, score: 0.7, rule: 'tax.breakdown-row' });
  }
  if (!breakdownRows) {
    const block = taxSummaryRows(lines, decimal, country);
    for (const row of block) {
      breakdownCents += Math.round((row.net.value + row.tax.value) * 100);
      breakdownRows++;
      if (row.unpointedZero) breakdownRules.add('tax.summary-zero-unpointed');
      if (row.tax.value > 0) {
        subs.push({ kind: 'subtotal', value: row.net.value, token: row.net, line: row.line, score: 0.65, rule: 'subtotal.summary-row' });
        taxes.push({ kind: 'tax', value: row.tax.value, token: row.tax, line: row.line, score: 0.65, rule: 'tax.summary-row' });
      }
    }
  }
  // rule 'tax.lines-sum': two or more tax lines, each naming its rate ("GST 5%" and "PST 7%" on one net in British
  // Columbia, "MwSt. 19%" and "MwSt. 7%"), are together the document's tax; their sum is proposed beside each, for
  // subtotal + tax = total to confirm or not. Lines of one sign only, one per printed line.
  const rated = taxes.filter((h) => h.rule === 'tax.label' && !h.inclusive && RATE_IN_LABEL.test(h.line.text));
  const perLine = [...new Map(rated.map((h) => [h.line.n, h])).values()];
  if (perLine.length >= 2 && perLine.length <= 4 && perLine.every((h) => Math.sign(h.value) === Math.sign(perLine[0]!.value))) {
    const first = perLine[0]!;
    taxes.push({ ...first, value: round2(perLine.reduce((sum, h) => sum + h.value, 0)), score: 0.76, rule: 'tax.lines-sum' });
  }
  if (byRate?.tax != null && byRate.taxAt && !taxes.some((h) => Math.abs(h.value - byRate.tax!) < 0.005))
    taxes.push({ kind: 'tax', value: byRate.tax, ...byRate.taxAt, score: 0.7, rule: 'tax.per-rate-difference' });
  subs.sort((a, b) => b.score - a.score);
  taxes.sort((a, b) => b.score - a.score);

  const extras: DraftExtras = {};
  if (till.cash !== null) extras.cash = till.cash;
  if (till.change !== null) extras.change = till.change;
  if (rounding && rounding.value !== 0) {
    extras.rounding = rounding.value;
    if (till.cashLine !== null && rounding.line.n > till.cashLine) extras.roundingAfterTender = true;
  }
  const discount = labelledAmount(lines, decimal, 'discount');
  if (discount !== null) extras.discount = discount;
  const shipping = labelledAmount(lines, decimal, 'shipping');
  if (shipping !== null) extras.shipping = shipping;
  if (byRate?.zeroRated) extras.zeroRated = byRate.zeroRated;
  if (byRate?.taxedNet) extras.taxedNet = byRate.taxedNet;
  if (breakdownRows)
    extras.breakdown = { gross: breakdownCents / 100, rows: breakdownRows, ...(breakdownRules.size ? { rules: [...breakdownRules] } : {}) };

  return {
    total: dedupe(out),
    subtotal: dedupe(subs.slice(0, 8).map((h) => cand('subtotal', h, h.score, [h.rule], isOcr))),
    tax: dedupe(taxes.slice(0, 8).map((h) => cand('tax', h, h.score, [h.rule], isOcr))),
    extras,
  };
}

/** A tax summary's header: "GST Summary  Amount (RM)  Tax (RM)", "Tax Code  %  Amt  Tax". */
const SUMMARY_HEADER = /\bsummary\b|\b(?:tax|gst|vat)\s*code\b|\bcode\b.*\b(?:amount|amt)\b/;
/** A tax figure may be off by rounding: a cent, or two when the tax was summed per item. */
const RATE_SLACK = 0.021;

/**
 * rule 'tax.summary-row' (and 'subtotal.summary-row'): the rows under a tax summary's header whose rate OCR lost
 * ("SR 6 5.00 0.30", "5 = 47 200.94 12.06"): a row is (net, tax) when the tax is one of the country's rates of the net
 * to the cent, or zero (zero-rated); the block counts only when every row under the header reads so, since a
 * breakdown missing a row would contradict a right total.
 */
export function taxSummaryRows(
  lines: readonly Line[],
  decimal: DecimalMark | undefined,
  country: string | null,
): Array<{ net: AmountToken; tax: AmountToken; line: Line; unpointedZero?: true }> {
  const rates = (taxRatesFor(country) ?? []).filter((r) => r > 0);
  if (!rates.length) return [];
  const head = lines.findIndex((l) => SUMMARY_HEADER.test(fold(l.text)) && TAX.test(fold(l.text)));
  if (head < 0) return [];
  const rows: Array<{ net: AmountToken; tax: AmountToken; line: Line; unpointedZero?: true }> = [];
  for (let k = head + 1; k < lines.length && k <= head + 4 && lines[k]!.page === lines[head]!.page; k++) {
    const line = lines[k]!;
    const toks = withUnpointedZeroTax(findAmounts(line.text, decimal));
    if (toks.length < 2) break;
    // (net, tax) or (net, tax, gross) with net + tax = gross
    let [net, tax] = toks.slice(-2) as [AmountToken, AmountToken];
    if (toks.length >= 3) {
      const [a, b, c] = toks.slice(-3) as [AmountToken, AmountToken, AmountToken];
      if (Math.abs(a.value + b.value - c.value) < 0.005) [net, tax] = [a, b];
    }
    const fits = tax.value === 0 || rates.some((r) => Math.abs((net.value * r) / 100 - tax.value) <= RATE_SLACK);
    if (!fits || net.value <= 0) return [];
    rows.push({ net, tax, line, ...(tax.raw.includes('.') || tax.raw.includes(',') ? {} : { unpointedZero: true as const }) });
  }
  return rows;
}

/**
 * rule 'tax.summary-zero-unpointed': a zero-rated row's tax printed as zeros whose decimal point OCR lost ("Z = 0%
 * 9.90 00") is zero wherever the point stood, so the row still reads as (net, 0.00). Only a last figure of two or more
 * zeros after the row's money counts: a lone "0" may be a count column, and any other digit without its point is a
 * figure OCR garbled, which leaves the row unread.
 */
export function withUnpointedZeroTax(all: readonly AmountToken[]): AmountToken[] {
  const money = all.filter((t) => t.hasDecimals);
  const last = all[all.length - 1];
  if (!last || last.hasDecimals || !money.length || !/^0{2,}$/.test(last.raw.trim())) return money;
  return [...money, { ...last, value: 0, hasDecimals: true }];
}

/** One candidate per value, the best-scored, with the rules of every reading that agreed on it. */
function dedupe(cs: Candidate[]): Candidate[] {
  const byValue = new Map<string, Candidate>();
  for (const c of cs) {
    const o = byValue.get(c.value);
    if (!o) byValue.set(c.value, { ...c, because: [...c.because] });
    else for (const r of c.because) if (!o.because.includes(r)) o.because.push(r);
    if (o && c.score > o.score) byValue.set(c.value, { ...c, because: [...new Set([...o.because, ...c.because])] });
  }
  return [...byValue.values()].sort((a, b) => b.score - a.score);
}

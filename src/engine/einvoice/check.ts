/**
 * The XML's own arithmetic, by EN 16931's calculation rules (BR-CO-10 ... BR-CO-16). An e-invoice is data, not
 * a reading, so a sum that does not hold is the sender's error (or tampering) and goes to a clerk.
 *
 * Sums are done in integer units of 1/10,000 (amounts carry at most 2 decimals, prices up to 4), so no float
 * drift; a difference up to one cent passes, which EN 16931 tolerates for rounding in the tax breakdown.
 */
import type { EInvoice } from '../../contract/schemas/einvoice.js';
import type { CheckOutcome } from '../../contract/domain.js';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

const SCALE = 10_000;
const CENT = SCALE / 100;

/** A decimal string of the XML to integer units of 1/10,000; null when absent or not a number. */
export function units(s: string | null | undefined): number | null {
  if (s === null || s === undefined) return null;
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(s);
  if (!m || (!m[2] && !m[3])) return null;
  const frac = (m[3] ?? '').padEnd(4, '0');
  // Beyond 4 decimals: round half away from zero on the fifth.
  const whole = Number(m[2] || '0') * SCALE + Number(frac.slice(0, 4)) + (Number(frac[4] ?? '0') >= 5 ? 1 : 0);
  return m[1] === '-' ? -whole : whole;
}

/** Integer units back to a decimal string with 2 decimals (4 when needed). */
export function fmt(u: number): string {
  const sign = u < 0 ? '-' : '';
  const a = Math.abs(u);
  const whole = Math.floor(a / SCALE);
  const frac = String(a % SCALE).padStart(4, '0');
  return `${sign}${whole}.${frac.replace(/0{1,2}$/, '').padEnd(2, '0')}`;
}

const lineCount = (n: number) => (n === 1 ? 'the one line totals' : `the ${n} line totals add up to`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number) => Math.abs(a - b) <= CENT;

/** Every arithmetic rule that applies to this invoice (the values it needs are stated), passed or failed. */
export function checkArithmetic(inv: EInvoice): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const t = inv.totals;
  const lineTotal = units(t.lineTotal);
  const allowances = units(t.allowanceTotal) ?? 0;
  const charges = units(t.chargeTotal) ?? 0;
  const net = units(t.netTotal);
  const tax = units(t.taxTotal);
  const grand = units(t.grandTotal);
  const prepaid = units(t.prepaid) ?? 0;
  const rounding = units(t.rounding) ?? 0;
  const payable = units(t.payable);

  const lineAmounts = inv.lines.map((l) => units(l.lineTotal));
  if (lineTotal !== null && inv.lines.length > 0 && lineAmounts.every((a) => a !== null)) {
    const s = sum(lineAmounts as number[]);
    out.push({
      id: 'einvoice.lines-sum',
      passed: close(s, lineTotal),
      fields: ['line_items'],
      message: close(s, lineTotal)
        ? `${lineCount(inv.lines.length)} ${fmt(s)} = the stated sum of lines ${fmt(lineTotal)}`
        : `${lineCount(inv.lines.length)} ${fmt(s)}, but the XML states a sum of lines of ${fmt(lineTotal)}`,
    });
  }
  if (lineTotal !== null && net !== null) {
    const want = lineTotal - allowances + charges;
    out.push({
      id: 'einvoice.net-total',
      passed: close(want, net),
      fields: ['subtotal'],
      message: close(want, net)
        ? `sum of lines ${fmt(lineTotal)} - allowances ${fmt(allowances)} + charges ${fmt(charges)} = net total ${fmt(net)}`
        : `sum of lines ${fmt(lineTotal)} - allowances ${fmt(allowances)} + charges ${fmt(charges)} = ${fmt(want)}, but the net total is ${fmt(net)}`,
    });
  }
  const taxAmounts = inv.taxes.map((x) => units(x.amount));
  if (tax !== null && inv.taxes.length > 0 && taxAmounts.every((a) => a !== null)) {
    const s = sum(taxAmounts as number[]);
    out.push({
      id: 'einvoice.tax-breakdown',
      passed: close(s, tax),
      fields: ['tax'],
      message: close(s, tax)
        ? `the VAT breakdown adds up to the VAT total ${fmt(tax)}`
        : `the VAT breakdown adds up to ${fmt(s)}, but the VAT total is ${fmt(tax)}`,
    });
  }
  for (const x of inv.taxes) {
    const basis = units(x.basis);
    const amount = units(x.amount);
    const rate = x.rate === null ? null : Number(x.rate);
    if (basis === null || amount === null || rate === null || !Number.isFinite(rate)) continue;
    const want = Math.round((basis * rate) / 100 / CENT) * CENT;
    out.push({
      id: `einvoice.tax-rate.${x.category ?? '?'}-${x.rate}`,
      passed: close(want, amount),
      fields: ['tax'],
      message: close(want, amount)
        ? `VAT ${x.rate}% of ${fmt(basis)} = ${fmt(amount)}`
        : `VAT ${x.rate}% of ${fmt(basis)} is ${fmt(want)}, but the breakdown states ${fmt(amount)}`,
    });
  }
  if (net !== null && grand !== null) {
    const want = net + (tax ?? 0);
    out.push({
      id: 'einvoice.grand-total',
      passed: close(want, grand),
      fields: ['subtotal', 'tax', 'total'],
      message: close(want, grand)
        ? `net ${fmt(net)} + VAT ${fmt(tax ?? 0)} = grand total ${fmt(grand)}`
        : `net ${fmt(net)} + VAT ${fmt(tax ?? 0)} = ${fmt(want)}, but the grand total is ${fmt(grand)}`,
    });
  }
  // MINIMUM cannot state a prepayment (BT-113), so its amount due may differ from the total with nothing to show why.
  const prepaidUnstatable = inv.profile === 'MINIMUM' && t.prepaid === null;
  if (grand !== null && payable !== null && !prepaidUnstatable) {
    const want = grand - prepaid + rounding;
    const parts = [`grand total ${fmt(grand)}`, `- prepaid ${fmt(prepaid)}`, ...(rounding ? [`+ rounding ${fmt(rounding)}`] : [])].join(
      ' ',
    );
    out.push({
      id: 'einvoice.payable',
      passed: close(want, payable),
      fields: ['total'],
      message: close(want, payable)
        ? `${parts} = amount due ${fmt(payable)}`
        : `${parts} = ${fmt(want)}, but the amount due is ${fmt(payable)}`,
    });
  }
  return out;
}

/**
 * The payee's IBANs (BT-84) by their mod-97 check digits (ibantools). Only IBAN-shaped account ids are checked:
 * the field may hold a national account number, which has no such digits.
 */
export function checkPayment(inv: EInvoice): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const a of inv.payment.accounts) {
    const iban = a.iban ? electronicFormatIBAN(a.iban) : null;
    if (!iban || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) continue;
    const ok = isValidIBAN(iban);
    out.push({
      id: 'einvoice.iban',
      passed: ok,
      fields: [],
      message: ok
        ? `the payee's IBAN ${a.iban} is well-formed (mod-97)`
        : `the payee's IBAN ${a.iban} is not valid (length or check digits)`,
    });
  }
  return out;
}

/**
 * Advisory checks raise a warning, not a review: the per-rate VAT (a rounding convention can differ) and the IBAN
 * (test suites print placeholder accounts; a clerk pays by the account anyway). The sums are not advisory.
 */
export const isAdvisoryCheck = (id: string): boolean => id.startsWith('einvoice.tax-rate.') || id === 'einvoice.iban';

/**
 * Checks as confidence: every named check over a Draft, and the helpers finders call to reject impossible values.
 *
 * - sums.ts: sum.subtotal-tax-total, sum.lines-subtotal, sum.lines-total, sum.line-quantity-price,
 *   sum.cash-change-total, sum.tax-rate (rates per country in data/tax-rates.json)
 * - identifiers.ts: id.tax-id-valid (check digit), id.tax-id-shape (shape only), id.tax-id-not-phone,
 *   id.tax-id-not-iban, id.iban-mod97, amount.{total,subtotal,tax}-not-identifier; helpers isPhoneLike,
 *   isInsideIdentifier, looksLikeIban, isValidIban, findIbans, isIbanPart
 * - tax-ids.ts: validateTaxId by country shape and check digit (stdnum; data/tax-ids.json)
 * - dates.ts: date.issue-plausible, date.due-after-issue, date.tax-in-force (data/tax-periods.json)
 * - currency.ts + country.ts: currency.country-agrees; findCurrencyHits, resolveCurrency, countryFromCues
 *   (data/currencies.json, data/countries.json)
 * - vendor-name.ts: vendor.mostly-letters, vendor.not-noise, vendor.not-label, vendor.not-bill-to
 * - till.ts: till.rounding-applied (the total is the amount after the till's rounding to 0.05)
 */
import { CURRENCY_CHECKS } from './currency.js';
import { DATE_CHECKS } from './dates.js';
import { IDENTIFIER_CHECKS } from './identifiers.js';
import { SUM_CHECKS } from './sums.js';
import { TILL_CHECKS } from './till.js';
import type { CheckOutcome, Check, Draft } from './types.js';
import { VENDOR_CHECKS } from './vendor-name.js';

export type { Check, CheckOutcome, CheckResult, Draft, DraftExtras } from './types.js';

export * from './sums.js';
export * from './identifiers.js';
export * from './dates.js';
export * from './currency.js';
export * from './country.js';
export * from './vendor-name.js';
export * from './till.js';
export { compactId, prefixCountry, taxIdCountries, validateTaxId, type TaxIdVerdict } from './tax-ids.js';
export { cents, fmt } from './money.js';
export { plausibleRateSpan, taxRatesFor, type RateSpan } from './tax-rates.js';

/** Every check, in a stable order. */
export const CHECKS: readonly Check[] = [
  ...SUM_CHECKS,
  ...TILL_CHECKS,
  ...IDENTIFIER_CHECKS,
  ...DATE_CHECKS,
  ...CURRENCY_CHECKS,
  ...VENDOR_CHECKS,
];

/** Run every check that applies to the draft. */
export function runChecks(d: Draft, checks: readonly Check[] = CHECKS): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const c of checks) {
    const r = c.run(d);
    if (r) out.push({ id: c.id, passed: r.passed, fields: [...c.fields], message: r.message });
  }
  return out;
}

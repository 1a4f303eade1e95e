/** Checks as confidence: every named check over a Draft, and the helpers finders call to reject impossible values. */
import { CURRENCY_CHECKS } from './currency.js';
import { DATE_CHECKS } from './dates.js';
import { IDENTIFIER_CHECKS } from './identifiers.js';
import { SUM_CHECKS } from './sums.js';
import type { CheckOutcome, Check, Draft } from './types.js';
import { VENDOR_CHECKS } from './vendor-name.js';

export type { Check, CheckOutcome, CheckResult, Draft, DraftExtras } from './types.js';

export * from './sums.js';
export * from './identifiers.js';
export * from './dates.js';
export * from './currency.js';
export * from './country.js';
export * from './vendor-name.js';
export { compactId, prefixCountry, taxIdCountries, validateTaxId, type TaxIdVerdict } from './tax-ids.js';
export { cents, fmt } from './money.js';
export { plausibleRateSpan, taxRatesFor, type RateSpan } from './tax-rates.js';

/** Every check, in a stable order. */
export const CHECKS: readonly Check[] = [...SUM_CHECKS, ...IDENTIFIER_CHECKS, ...DATE_CHECKS, ...CURRENCY_CHECKS, ...VENDOR_CHECKS];

/** Run every check that applies to the draft. */
export function runChecks(d: Draft, checks: readonly Check[] = CHECKS): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const c of checks) {
    const r = c.run(d);
    if (r) out.push({ id: c.id, passed: r.passed, fields: [...c.fields], message: r.message });
  }
  return out;
}

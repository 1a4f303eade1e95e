/**
 * What a till does to the amount due before the customer pays it. Where small coins are out of use (Malaysia,
 * Switzerland, Australia ...) the till rounds the amount due to 0.05 and prints the rounding; the total a customer
 * pays, and a clerk books, is the rounded one.
 */
import { cents, fmt, isCashRounding } from './money.js';
import type { Check } from './types.js';

/**
 * rule 'till.rounding-applied': the total is the amount after the till's rounding. It fails when
 * - a rounding line was read above the cash tendered and the total is still the subtotal plus the tax (or the subtotal,
 *   prices including tax) to the cent: the figure before rounding (OCR lost the total's line, and the sum stood in);
 * - no rounding line was read, and cash minus change is the total rounded to 0.05: the customer paid the rounded
 *   amount, so the total read is the one before rounding.
 * Not a sum (its id says so): a sum of the other figures that holds does not outweigh it, since those figures add
 * up to the amount before rounding by construction.
 */
export const roundingApplied: Check = {
  id: 'till.rounding-applied',
  fields: ['total'],
  run(d) {
    const total = cents(d.values.total);
    if (total === null) return null;
    const rounding = cents(d.extras.rounding);
    if (rounding !== null && rounding !== 0) {
      // a rounding printed below the cash tendered rounded the payment; the total line above it stands as printed
      if (d.extras.roundingAfterTender) return null;
      const sub = cents(d.values.subtotal);
      if (sub === null) return null;
      const tax = cents(d.values.tax) ?? 0;
      if (total === sub + tax || total === sub)
        return {
          passed: false,
          message: `total ${fmt(total)} is the amount before the rounding line ${fmt(rounding)}: the amount due is ${fmt(total + rounding)}`,
        };
      if (total === sub + tax + rounding || total === sub + rounding)
        return { passed: true, message: `total ${fmt(total)} includes the rounding ${fmt(rounding)}` };
      return null;
    }
    const cash = cents(d.extras.cash);
    const change = cents(d.extras.change);
    if (rounding === null && cash !== null && change !== null && change <= cash && isCashRounding(total, cash - change))
      return {
        passed: false,
        message: `cash ${fmt(cash)} - change ${fmt(change)} = ${fmt(cash - change)}, total ${fmt(total)} rounded to 0.05: the amount due is the rounded one`,
      };
    return null;
  },
};

export const TILL_CHECKS: readonly Check[] = [roundingApplied];

/**
 * What a stored value (the contract's normal form) must look like, without the extraction code behind edit parsing:
 * "Mark reviewed" runs this on every selected document, and read-only hosts load it without stdnum or date-fns.
 */
import type { FieldName } from '../../contract/domain.js';

export const AMOUNT_FIELDS: readonly FieldName[] = ['subtotal', 'tax', 'total'];
export const DATE_FIELDS: readonly FieldName[] = ['issue_date', 'due_date'];

/** ISO 4217 codes this runtime knows (ICU's list), plus the few it may lack. */
export const ISO_4217: ReadonlySet<string> = new Set<string>([...Intl.supportedValuesOf('currency'), 'EUR', 'USD', 'GBP']);

const MONTH_NAMES = 'January February March April May June July August September October November December'.split(' ');

/** Why y-m-d is not a date ("February 2024 has 29 days"), or null when it is one. */
export function dateProblem(printed: string, y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2199) return `"${printed}": the year ${y} is not plausible`;
  if (m < 1 || m > 12) return `"${printed}" is not a date: there is no month ${m}`;
  const max = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > max) return `"${printed}" is not a date: ${MONTH_NAMES[m - 1]} ${y} has ${max} days`;
  return null;
}

/**
 * Is a stored value valid? Values stored before edits were checked, or written by another tool, are held to the
 * same rules as an edit. The reason, or null when the value is fine or empty (a missing value is an issue, not an
 * invalid one).
 */
export function storedValueProblem(field: FieldName, value: string | null): string | null {
  if (value === null || value === '') return null;
  if (AMOUNT_FIELDS.includes(field))
    return /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(Number(value)) ? null : `"${value}" is not an amount`;
  if (DATE_FIELDS.includes(field)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? dateProblem(value, Number(m[1]), Number(m[2]), Number(m[3])) : `"${value}" is not a date`;
  }
  if (field === 'currency') return ISO_4217.has(value) ? null : `"${value}" is not an ISO 4217 currency code`;
  return null;
}

/**
 * A clerk's edit is parsed and checked like an extracted value before it is stored: amounts in the locale's own
 * notation, dates that exist, ISO 4217 currency codes, tax ids by the checks extraction uses. A value that fails is
 * refused with a reason the grid shows in the cell; a value that passes is stored in the contract's normal form
 * (ISO date, '.'-decimal amount with two places, upper-case code), so every later check, sum and export reads it.
 */
import type { FieldName } from '../../contract/domain.js';
import { FIELD_NAMES } from '../../contract/domain.js';
import { compactId, countryFromCues, prefixCountry, validateTaxId } from '../extract/checks/index.js';
import { currencyFromToken } from '../extract/currency.js';
import { findDateTokens, orderForLocale } from '../extract/dates.js';
import type { Db } from '../store/db.js';
import { pageTexts } from '../store/pages.js';
import { AMOUNT_FIELDS, DATE_FIELDS, dateProblem, ISO_4217 } from './stored-values.js';

export interface EditContext {
  /** The batch's (or the settings') locale, e.g. "en-GB", "de-DE"; it decides the decimal mark and the day/month order. */
  locale?: string | null;
  /** The document's country (ISO 3166-1 alpha-2) when known: a tax id is checked against its rules. */
  country?: string | null;
}

export type EditVerdict = { ok: true; value: string | null } | { ok: false; reason: string };

/** The locale's decimal and grouping marks ("de-DE": ',' and '.'); '.' and ',' without a locale (the stored form). */
export function numberMarks(locale: string | null | undefined): { decimal: string; group: string } {
  if (!locale) return { decimal: '.', group: ',' };
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
    const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
    const group = parts.find((p) => p.type === 'group')?.value ?? (decimal === '.' ? ',' : '.');
    return { decimal, group };
  } catch {
    return { decimal: '.', group: ',' };
  }
}

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * An amount as a clerk types it, read in the locale's notation. "1.234,56" is an amount in de-DE and refused in en-GB
 * (where it would be read as something else). The stored form ("1234.56": a '.' followed by one or two digits and
 * no grouping) is accepted in every locale, because it is what the editor starts from.
 */
export function parseEditedAmount(raw: string, locale?: string | null): EditVerdict {
  const printed = raw.trim();
  let s = printed.replace(SPACES, '');
  // a currency printed with the amount ("€12.50", "12,50 EUR") is not part of the number
  s = s.replace(/^[^\d\-−(]{1,4}(?=[-−(]?\d)/, '').replace(/(?<=\d)[^\d.,)]{1,4}$/, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (/^[-−]/.test(s)) {
    negative = !negative;
    s = s.slice(1);
  }
  if (/^\d+(\.\d{1,2})?$/.test(s)) return amount(Number(s), negative);
  const { decimal, group } = numberMarks(locale);
  const g = group.replace(SPACES, '') === '' ? '' : group;
  const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const grouped = g ? `\\d{1,3}(?:${esc(g)}\\d{3})+` : '';
  const re = new RegExp(`^(${grouped ? `${grouped}|` : ''}\\d+)(?:${esc(decimal)}(\\d{1,2}))?$`);
  const m = re.exec(s);
  const where = locale ? ` in ${locale}` : '';
  if (!/\d/.test(s)) return { ok: false, reason: `"${printed}" is not an amount` };
  if (!m) {
    const example = `1${g || ''}234${decimal}56`;
    return {
      ok: false,
      reason: `"${printed}" is not an amount${where}: write it as ${example} (decimal mark "${decimal}", at most two decimals)`,
    };
  }
  const intPart = m[1]!.split(g || '\u0000').join('');
  return amount(Number(m[2] ? `${intPart}.${m[2]}` : intPart), negative);
}

function amount(v: number, negative: boolean): EditVerdict {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e12) return { ok: false, reason: 'the amount is too large' };
  const signed = negative ? -v : v;
  return { ok: true, value: (Math.round(signed * 100) / 100 || 0).toFixed(2) };
}

function isoDate(printed: string, y: number, m: number, d: number): EditVerdict {
  const problem = dateProblem(printed, y, m, d);
  return problem ? { ok: false, reason: problem } : { ok: true, value: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/**
 * A date as a clerk types it: ISO (2024-02-29), numeric in the locale's order (29/02/2024 day-first, 02/29/2024 in
 * en-US), or with a month name (29 Feb 2024). A date that does not exist (31/02/2024) is refused, never moved.
 */
export function parseEditedDate(raw: string, locale?: string | null): EditVerdict {
  const printed = raw.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(printed);
  if (m) return isoDate(printed, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$/.exec(printed);
  if (m) {
    const order = orderForLocale(locale ?? undefined) ?? 'DMY';
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = m[4]!.length === 4 ? Number(m[4]) : Number(m[4]) < 70 ? 2000 + Number(m[4]) : 1900 + Number(m[4]);
    const [d, mo] = order === 'DMY' ? [a, b] : [b, a];
    const v = isoDate(printed, y, mo, d);
    if (!v.ok && mo > 12 && d <= 12)
      return { ok: false, reason: `"${printed}" is not a date in ${order === 'DMY' ? 'day/month/year' : 'month/day/year'} order` };
    return v;
  }
  const tokens = findDateTokens(printed);
  const t = tokens[0];
  // a named-month date must be all there is in the cell ("29 Feb 2024", "February 29, 2024")
  if (t && tokens.length === 1 && t.kind !== 'numeric' && printed.replace(/[\s,.]/g, '').length - t.raw.replace(/[\s,.]/g, '').length <= 2)
    return isoDate(printed, t.y, t.a, t.b);
  return {
    ok: false,
    reason: `"${printed}" is not a date (write it as 2024-02-29 or ${orderForLocale(locale ?? undefined) === 'MDY' ? '02/29/2024' : '29/02/2024'})`,
  };
}

/** An ISO 4217 code ("eur", "EUR") or a symbol that names one currency ("€", "£"). */
export function parseEditedCurrency(raw: string): EditVerdict {
  const printed = raw.trim();
  const up = printed.toUpperCase();
  if (/^[A-Z]{3}$/.test(up)) {
    if (ISO_4217.has(up)) return { ok: true, value: up };
    return { ok: false, reason: `"${printed}" is not an ISO 4217 currency code (e.g. EUR, USD, GBP)` };
  }
  const bySymbol = currencyFromToken(printed);
  if (bySymbol && printed.length <= 4) return { ok: true, value: bySymbol };
  return { ok: false, reason: `"${printed}" is not a currency: write its ISO 4217 code (e.g. EUR, USD, GBP)` };
}

/**
 * A tax id through the extraction checks (shape and check digit per country). It is refused only where a country's
 * rules apply (its printed prefix, or the document's country): an id of a country the data has no rules for is kept
 * as typed, since nothing can say it is wrong.
 */
export function parseEditedTaxId(raw: string, country?: string | null): EditVerdict {
  const printed = raw.trim().replace(/\s+/g, ' ');
  if (printed.length > 40) return { ok: false, reason: 'a tax id is at most 40 characters' };
  const verdict = validateTaxId(printed, country ?? null);
  if (verdict.valid) return { ok: true, value: printed };
  const specific = prefixCountry(printed) !== null || !!country;
  if (!specific && (compactId(printed).match(/\d/g)?.length ?? 0) >= 5) return { ok: true, value: printed };
  return { ok: false, reason: verdict.reason };
}

function parseText(field: FieldName, raw: string, max: number): EditVerdict {
  const v = raw.trim().replace(/\s+/g, ' ');
  if (v.length > max) return { ok: false, reason: `${field.replace(/_/g, ' ')} is at most ${max} characters` };
  if (!/[\p{L}\p{N}]/u.test(v)) return { ok: false, reason: `"${v}" has no letter or digit` };
  return { ok: true, value: v };
}

/** Parse and check one edited value of `field`. An empty value clears the field (a missing value is an issue, not an error). */
export function checkEditedValue(field: string, raw: string | null, ctx: EditContext = {}): EditVerdict {
  if (!(FIELD_NAMES as readonly string[]).includes(field)) return { ok: false, reason: `unknown field "${field}"` };
  const name = field as FieldName;
  if (raw === null || raw.trim() === '') return { ok: true, value: null };
  if (AMOUNT_FIELDS.includes(name)) return parseEditedAmount(raw, ctx.locale);
  if (DATE_FIELDS.includes(name)) return parseEditedDate(raw, ctx.locale);
  if (name === 'currency') return parseEditedCurrency(raw);
  if (name === 'vendor_tax_id') return parseEditedTaxId(raw, ctx.country);
  if (name === 'vendor_name') return parseText(name, raw, 200);
  return parseText(name, raw, 64);
}

/**
 * The document's country as the checks find it (address, legal form, language cues on its first pages), so a typed
 * tax id is read against that country's rules, like the extracted one was.
 */
export function documentCountry(db: Db, documentId: number): string | null {
  const text = pageTexts(db, documentId, 2)
    .map((p) => p.text)
    .join('\n');
  return text ? (countryFromCues(text)?.country ?? null) : null;
}

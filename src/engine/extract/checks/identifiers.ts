/**
 * Identifiers that must not be mistaken for one another: an IBAN (checked mod 97 by ibantools), a phone number
 * (known by the label before it or an international prefix), a tax id and an amount. Finders call these helpers to
 * drop impossible candidates; the checks below judge the values a draft settled on.
 */
import { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } from 'ibantools';
import { z } from 'zod';
import raw from './data/identifier-words.json' with { type: 'json' };
import { draftCountry } from './country.js';
import { compactId, prefixCountry, validateTaxId } from './tax-ids.js';
import type { Check, Draft } from './types.js';

const words = z.object({ phoneLabels: z.array(z.string().min(1)).min(1) }).parse(raw);

export interface Span {
  start: number;
  end: number;
}

/** Lower case without accents, so labels match however they are printed. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// A phone label, then only what phone numbers are written with (digits, +, brackets, dashes, slashes, dots, spaces)
// up to the number: "Tel: 03-1234 5678 / " still labels the second number. One-letter labels ("T:", "F.") need
// their colon or dot.
const PHONE_LABEL = new RegExp(
  `(?:^|[^\\p{L}])(?:${words.phoneLabels
    .filter((w) => w.length > 1)
    .map(escape)
    .join('|')})\\s*(?:no\\.?|nr\\.?|number|nummer|numero|#)?\\s*[:.]?[\\s\\d+()/.:,-]*$|(?:^|[^\\p{L}])[${words.phoneLabels
    .filter((w) => w.length === 1)
    .join('')}]\\s*[:.][\\s\\d+()/.,-]*$`,
  'u',
);

/** The whole run of digits and phone punctuation around a span ("+49 6051 916 44 10" from any digit inside it). */
function digitRun(text: string, span: Span): Span {
  let { start, end } = span;
  while (start > 0 && /[\d+()\-. ]/.test(text[start - 1]!) && !(text[start - 1] === ' ' && !/[\d+(]/.test(text[start - 2] ?? ''))) start--;
  while (end < text.length && /[\d)\-. ]/.test(text[end]!) && !(text[end] === ' ' && !/\d/.test(text[end + 1] ?? ''))) end++;
  while (start < end && text[start] === ' ') start++;
  while (end > start && /[ .-]/.test(text[end - 1]!)) end--;
  return { start, end };
}

/**
 * Is the number at `span` of `text` a phone or fax number? Yes when a phone label stands before it on its line, or
 * when it is written in international form (+CC ...). A bare run of digits is not judged by shape alone: tax ids and
 * account numbers look the same.
 */
export function isPhoneLike(text: string, span: Span): boolean {
  const run = digitRun(text, span);
  const printed = text.slice(run.start, run.end);
  const digits = printed.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return false;
  if (/^\+\s?\d/.test(printed) || /^00\d{2}[ -]/.test(printed)) return true;
  const lineStart = text.lastIndexOf('\n', run.start - 1) + 1;
  const before = fold(text.slice(Math.max(lineStart, run.start - 40), run.start));
  return PHONE_LABEL.test(before);
}

export interface IbanHit extends Span {
  /** Electronic form: upper case, no spaces. */
  iban: string;
  /** Mod-97 and the country's length and BBAN format hold. */
  valid: boolean;
}

/** Does this string (spaces allowed) have the shape of an IBAN: country, two check digits, 11-30 letters/digits? */
export function looksLikeIban(s: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s.toUpperCase().replace(/\s/g, ''));
}

/** IBAN check: the country's length and format, and mod 97. */
export function isValidIban(s: string): boolean {
  const e = electronicFormatIBAN(s);
  return Boolean(e) && isValidIBAN(e!);
}

const SPECS = getCountrySpecifications();

/**
 * Every IBAN printed in a text, however it is grouped ("FR76 10107 00245 00617052317 39"): from a country code and
 * two check digits, as many letters and digits as that country's IBAN has, skipping single spaces.
 */
export function findIbans(text: string): IbanHit[] {
  const out: IbanHit[] = [];
  const re = /(?<![A-Z0-9])([A-Z]{2})(\d{2})(?= ?[A-Z0-9])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const len = SPECS[m[1]!]?.chars;
    if (!len) continue;
    let i = m.index;
    let got = '';
    let end = i;
    while (i < text.length && got.length < len) {
      const ch = text[i]!;
      if (/[A-Za-z0-9]/.test(ch)) {
        got += ch.toUpperCase();
        end = i + 1;
      } else if (ch !== ' ' || text[i + 1] === ' ') break;
      i++;
    }
    if (got.length < len) continue;
    out.push({ start: m.index, end, iban: got, valid: isValidIBAN(got) });
    re.lastIndex = end;
  }
  return out;
}

/** Is `value` an IBAN, or a piece of one printed in `text` (a VAT id read from inside an account number)? */
export function isIbanPart(value: string, text: string): boolean {
  const v = compactId(value);
  if (looksLikeIban(v) && isValidIban(v)) return true;
  if (v.replace(/\D/g, '').length < 6) return false;
  return findIbans(text).some((h) => h.iban.includes(v) || (v.length >= 8 && h.iban.includes(v.replace(/^[A-Z]{2}/, ''))));
}

/** Every place `digits` is printed in `text` as one number (separators allowed inside, no digit either side). */
export function findDigitRuns(text: string, digits: string): Span[] {
  if (!digits) return [];
  const pattern = digits.split('').map(escape).join('[ .\\-/]?');
  const re = new RegExp(`(?<![\\d])${pattern}(?![\\d])`, 'g');
  const out: Span[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Is `value` (its digits) printed in `text` as a phone number? */
export function isPrintedAsPhone(value: string, text: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return false;
  return findDigitRuns(text, digits).some((s) => isPhoneLike(text, s));
}

/**
 * For amount finders: does the number at `span` stand inside a phone number or an IBAN? Such a number is never an
 * amount, however it is labelled ("Tax Reg / Tel: 8756390642").
 */
export function isInsideIdentifier(text: string, span: Span): boolean {
  if (findIbans(text).some((h) => span.start >= h.start && span.end <= h.end)) return true;
  return isPhoneLike(text, span);
}

// ---- checks -------------------------------------------------------------------------------------------------

/** The verdict on the vendor's tax id, or null when no country can be settled for a bare number. */
function taxIdVerdict(d: Draft) {
  const v = d.values.vendor_tax_id;
  if (!v) return null;
  // a bare number is checked against the document's country; with none known it cannot be judged (some check
  // digit of some country holds for one number in ten)
  const country = prefixCountry(v) ?? draftCountry(d);
  return country ? validateTaxId(v, country) : null;
}

/**
 * The vendor's tax id is one of the document's country, and its check digit holds: an independent confirmation.
 * An id that fits only a shape (countries without a check digit) is left to id.tax-id-shape, which confirms nothing.
 */
export const taxIdValid: Check = {
  id: 'id.tax-id-valid',
  fields: ['vendor_tax_id'],
  run(d) {
    const r = taxIdVerdict(d);
    if (!r || (r.valid && !r.checksum)) return null;
    return { passed: r.valid, message: r.reason };
  },
};

/** The vendor's tax id has the shape of its country's ids, where that country publishes no check digit. */
export const taxIdShape: Check = {
  id: 'id.tax-id-shape',
  fields: ['vendor_tax_id'],
  run(d) {
    const r = taxIdVerdict(d);
    return r && r.valid && !r.checksum ? { passed: true, message: r.reason } : null;
  },
};

/** A tax id is never the phone number printed on the document. */
export const taxIdNotPhone: Check = {
  id: 'id.tax-id-not-phone',
  fields: ['vendor_tax_id'],
  run(d) {
    const v = d.values.vendor_tax_id;
    if (!v || v.replace(/\D/g, '').length < 6) return null;
    return isPrintedAsPhone(v, d.text)
      ? { passed: false, message: `tax id ${v} is printed as a phone number` }
      : { passed: true, message: `tax id ${v} is not a phone number on the document` };
  },
};

/** A tax id is never an IBAN or a piece of one. */
export const taxIdNotIban: Check = {
  id: 'id.tax-id-not-iban',
  fields: ['vendor_tax_id'],
  run(d) {
    const v = d.values.vendor_tax_id;
    if (!v) return null;
    return isIbanPart(v, d.text)
      ? { passed: false, message: `tax id ${v} is (part of) an IBAN` }
      : { passed: true, message: `tax id ${v} is not part of an IBAN` };
  },
};

/** The vendor's IBAN, where one was read, holds mod 97. */
export const ibanValid: Check = {
  id: 'id.iban-mod97',
  fields: [],
  run(d) {
    if (!d.iban) return null;
    return isValidIban(d.iban)
      ? { passed: true, message: `IBAN ${electronicFormatIBAN(d.iban)} holds mod 97` }
      : { passed: false, message: `IBAN ${d.iban} fails the mod-97 check or its country's format` };
  },
};

type AmountField = 'total' | 'subtotal' | 'tax';

/**
 * An amount is never an identifier: its digits (six or more before the decimals) must not be printed as a phone
 * number, inside an IBAN, or as the vendor's tax id.
 */
function amountNotIdentifier(field: AmountField): Check {
  return {
    id: `amount.${field}-not-identifier`,
    fields: [field],
    run(d: Draft) {
      const v = d.values[field];
      if (!v) return null;
      const whole = v.replace(/^-/, '').split('.')[0]!;
      if (whole.length < 6) return null;
      if (isPrintedAsPhone(whole, d.text)) return { passed: false, message: `${field} ${v}: ${whole} is printed as a phone number` };
      if (findIbans(d.text).some((h) => h.iban.includes(whole)))
        return { passed: false, message: `${field} ${v}: ${whole} is part of an IBAN` };
      const tid = d.values.vendor_tax_id?.replace(/\D/g, '');
      if (tid && tid === whole) return { passed: false, message: `${field} ${v}: ${whole} is the tax id` };
      return { passed: true, message: `${field} ${v} is not a phone number, IBAN or tax id` };
    },
  };
}

export const totalNotIdentifier = amountNotIdentifier('total');
export const subtotalNotIdentifier = amountNotIdentifier('subtotal');
export const taxNotIdentifier = amountNotIdentifier('tax');

export const IDENTIFIER_CHECKS: readonly Check[] = [
  taxIdValid,
  taxIdShape,
  taxIdNotPhone,
  taxIdNotIban,
  ibanValid,
  totalNotIdentifier,
  subtotalNotIdentifier,
  taxNotIdentifier,
];

/**
 * Hybrid PDFs (Factur-X / ZUGFeRD) carry the invoice twice: the page a person reads and the XML a machine
 * reads. A wrong or tampered attachment (other bank account, other amount) is a known fraud pattern, so each
 * key value of the XML must be visible on the page.
 *
 * The test is "does the page show the XML's value", not "does our page reading equal the XML": the pages of
 * these files are often stylesheet renderings whose text layer splits numbers ("RE-20 201121 /50 8"), uses
 * either decimal comma or point, and prints dates in local forms. So each value is looked for in every form a
 * page may print it in, once in the text as read and once with all white space removed.
 */
import type { EInvoice } from '../../contract/schemas/einvoice.js';
import type { CheckOutcome, FieldName } from '../../contract/domain.js';
import { fmt, units } from './check.js';

interface PageText {
  /** Whitespace collapsed to one space, lower case. */
  spaced: string;
  /** All white space removed, lower case. */
  tight: string;
}

export function pageText(pages: Array<{ text: string }>): PageText {
  const all = pages
    .map((p) => p.text)
    .join('\n')
    .normalize('NFKC')
    .toLowerCase();
  return { spaced: all.replace(/\s+/g, ' '), tight: all.replace(/\s+/g, '') };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A number-like value as a whole token: no digit (or decimal separator + digit) glued to either side. */
function hasToken(text: string, needle: string): boolean {
  return new RegExp(`(?<![\\d])${escape(needle)}(?![\\d]|[.,]\\d)`).test(text);
}

function shows(p: PageText, forms: string[]): boolean {
  return forms.some((f) => {
    const n = f.toLowerCase();
    return hasToken(p.spaced, n) || hasToken(p.tight, n.replace(/\s+/g, ''));
  });
}

/** The ways a page prints an amount: 1234.5 → 1234.50, 1,234.50, 1.234,50, 1 234,50, 1234,50 (sign ignored). */
export function amountForms(value: string): string[] {
  const u = units(value);
  if (u === null) return [value];
  const abs = fmt(Math.abs(u));
  const [whole, frac2 = '00'] = abs.split('.');
  const fracs = new Set([frac2.slice(0, 2).padEnd(2, '0'), frac2]);
  const groups = (sep: string) => whole!.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const out = new Set<string>();
  for (const frac of fracs) {
    for (const [thousands, decimal] of [
      ['', '.'],
      ['', ','],
      [',', '.'],
      ['.', ','],
      [' ', ','],
      ["'", '.'],
    ] as const) {
      out.add(`${groups(thousands)}${decimal}${frac}`);
    }
  }
  // A whole amount may be printed without decimals ("1200 €").
  if (/^0+$/.test(frac2)) out.add(whole!);
  return [...out];
}

const MONTH_LOCALES = ['en', 'en-GB', 'de', 'fr', 'nl', 'it', 'es', 'no', 'sv', 'da', 'pl', 'el'];

/** The ways a page prints a date: 05.03.2018, 5.3.2018, 05/03/2018, 03/05/2018, 2018-03-05, 5 March 2018, ... */
export function dateForms(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [iso];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const dn = String(Number(d));
  const mn = String(Number(mo));
  const yy = y.slice(2);
  const out = new Set<string>([iso, `${y}/${mo}/${d}`, `${y}.${mo}.${d}`, `${y}${mo}${d}`]);
  for (const sep of ['.', '/', '-']) {
    for (const [dd, mm] of [
      [d, mo],
      [dn, mn],
    ]) {
      out.add(`${dd}${sep}${mm}${sep}${y}`);
      out.add(`${mm}${sep}${dd}${sep}${y}`);
      out.add(`${dd}${sep}${mm}${sep}${yy}`);
    }
  }
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  for (const loc of MONTH_LOCALES) {
    for (const month of ['long', 'short'] as const) {
      try {
        out.add(new Intl.DateTimeFormat(loc, { day: 'numeric', month, year: 'numeric', timeZone: 'UTC' }).format(date));
      } catch {
        // A locale missing from this ICU build only loses its own spelling.
      }
    }
  }
  return [...out];
}

const CURRENCY_SIGNS: Record<string, string[]> = {
  EUR: ['€', 'euro'],
  GBP: ['£'],
  USD: ['$', 'us$'],
  CHF: ['sfr', 'fr.'],
  JPY: ['¥'],
  NOK: ['kr'],
  SEK: ['kr'],
  DKK: ['kr'],
  PLN: ['zł'],
};

/** Legal-form words a page may abbreviate or drop ("Lieferant GmbH" printed as "Lieferant"). */
const LEGAL_FORMS = new Set([
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'gbr',
  'ug',
  'sarl',
  'sas',
  'sa',
  'bv',
  'nv',
  'ltd',
  'limited',
  'inc',
  'llc',
  'plc',
  'asa',
  'as',
  'ab',
  'oy',
  'spa',
  'srl',
  'co',
  'the',
  'e.k.',
  'ek',
]);

function showsName(p: PageText, name: string): boolean {
  const lower = name.normalize('NFKC').toLowerCase();
  if (p.tight.includes(lower.replace(/\s+/g, ''))) return true;
  const words = lower.split(/[^\p{L}\p{N}&]+/u).filter((w) => w.length >= 2 && !LEGAL_FORMS.has(w));
  return words.length > 0 && words.every((w) => p.tight.includes(w));
}

interface KeyValue {
  field: FieldName;
  label: string;
  value: string;
  found: boolean;
}

/**
 * One check per key value the XML states: number, issue date, seller, seller VAT id, grand total or amount due,
 * currency. A value the page does not show fails its check with a sentence saying what is missing.
 */
export function comparePageWithXml(
  inv: EInvoice,
  pages: Array<{ text: string }>,
  /** What Docket's own reading of the page found, to say what the page shows instead. */
  pageReading: Partial<Record<FieldName, string | null>> = {},
): CheckOutcome[] {
  const p = pageText(pages);
  if (!p.tight) return [];
  const keys: KeyValue[] = [];
  if (inv.number) keys.push({ field: 'document_number', label: 'invoice number', value: inv.number, found: shows(p, [inv.number]) });
  if (inv.issueDate)
    keys.push({ field: 'issue_date', label: 'issue date', value: inv.issueDate, found: shows(p, dateForms(inv.issueDate)) });
  if (inv.seller.name) keys.push({ field: 'vendor_name', label: 'seller', value: inv.seller.name, found: showsName(p, inv.seller.name) });
  if (inv.seller.vatId)
    keys.push({ field: 'vendor_tax_id', label: 'seller VAT id', value: inv.seller.vatId, found: shows(p, [inv.seller.vatId]) });
  const totals = [inv.totals.grandTotal, inv.totals.payable].filter((x): x is string => !!x);
  if (totals.length) {
    keys.push({
      field: 'total',
      label: totals.length === 2 && totals[0] !== totals[1] ? 'grand total or amount due' : 'total',
      value: [...new Set(totals)].join(' / '),
      found: totals.some((t) => shows(p, amountForms(t))),
    });
  }
  if (inv.currency) {
    const c = inv.currency.toUpperCase();
    keys.push({
      field: 'currency',
      label: 'currency',
      value: c,
      found: p.spaced.includes(c.toLowerCase()) || (CURRENCY_SIGNS[c] ?? []).some((s) => p.spaced.includes(s)),
    });
  }
  return keys.map((k) => {
    const read = pageReading[k.field];
    const instead = !k.found && read ? ` (the page reads ${read})` : '';
    return {
      id: `einvoice.page-shows.${k.field}`,
      passed: k.found,
      fields: [k.field],
      message: k.found
        ? `the page shows the XML's ${k.label} ${k.value}`
        : `the page does not show the XML's ${k.label} ${k.value}${instead}: page and embedded XML disagree`,
    };
  });
}

/**
 * The accounting preset: what a bookkeeper imports, not what a spreadsheet shows.
 *
 * - ledger: a generic ledger CSV, one row per document: date, vendor, number, then net and tax per VAT rate (a
 *   column pair for every rate found in the export), net without a known rate, gross, currency.
 * - datev: the DATEV booking batch (DATEV-Format "Buchungsstapel", EXTF header version 700, category 21, format
 *   version 13): one booking per document (per VAT rate of an e-invoice that states several), gross amount on the
 *   expense account against the creditor account,
 *   the input-tax key of its rate (BU 9 = 19 %, 8 = 7 %, as in SKR03 and SKR04), Belegdatum as DDMM,
 *   Windows-1252, ';' and CRLF, as DATEV's import expects. A batch holds one fiscal year (its header names one
 *   Wirtschaftsjahr-Beginn and a period inside it), so bookings over several fiscal years are written as one file
 *   per year.
 *
 * A document in another currency than EUR is booked with its currency (WKZ Umsatz) but no exchange rate (Kurs):
 * Docket works offline and knows no rates, so DATEV asks for the rate on import.
 *
 * The VAT rate of a document is the one its own figures give (tax / net), snapped to the rate printed to one
 * decimal; documents whose figures give none are booked gross without a rate. An e-invoice's VAT breakdown
 * (BG-23), when it adds up to the document's net and tax, books each rate apart instead of one blended rate. Only documents that were read
 * (done, needs review) carry figures, so the preset covers those unless the caller narrows further.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentStatus } from '../../contract/domain.js';
import type { EInvoiceTax } from '../../contract/schemas/einvoice.js';
import type { Db } from '../store/db.js';
import { safeText, writeCsv, type Delimiter } from './csv.js';
import { encodeWindows1252 } from './cp1252.js';
import { currencyOf, documentPages, fieldValue, toNumber, type DocRecord, type ExportFilter } from './rows.js';
import { FileSink, tick } from './sink.js';

export const ACCOUNTING_FORMATS = ['ledger', 'datev'] as const;
export type AccountingFormat = (typeof ACCOUNTING_FORMATS)[number];

/** Documents with figures to book. */
const READ: readonly DocumentStatus[] = ['done', 'needs_review'];

/** One document as a booking: signed amounts (a credit note is negative), its VAT rate in percent when known. */
export interface Booking {
  documentId: number;
  file: string;
  date: string | null;
  vendor: string | null;
  number: string | null;
  docType: string | null;
  /** Percent with at most one decimal (19, 7, 5.5), or null when the figures give no rate. */
  rate: number | null;
  net: number | null;
  tax: number | null;
  gross: number | null;
  currency: string | null;
  /**
   * What is booked, per VAT rate: one part with the figures above, or, for an e-invoice whose VAT breakdown
   * (BG-23) adds up to its net and tax, a part per rate (7 % food and 19 % the rest are two bookings, not one at a
   * blended 12.4 %).
   */
  parts: BookingPart[];
}

export interface BookingPart {
  rate: number | null;
  net: number | null;
  tax: number | null;
  gross: number | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The VAT rate the figures give, in percent to one decimal (20, 19, 5.5, 8.1); null when net or tax is missing or
 * the rate is implausible (over 30 %, or the tax larger than the net).
 */
export function rateOf(net: number | null, tax: number | null): number | null {
  if (net === null || tax === null || net === 0) return null;
  const r = (tax / net) * 100;
  if (!(r >= 0) || r > 30) return null;
  return Math.round(r * 10) / 10;
}

/** A document's booking from its stored fields: net = gross - tax when only those two are printed, and so on. */
export function bookingOf(r: DocRecord): Booking {
  const num = (name: string) => toNumber(fieldValue(r, name));
  let gross = num('total');
  let tax = num('tax');
  let net = num('subtotal');
  if (net === null && gross !== null && tax !== null) net = round2(gross - tax);
  if (gross === null && net !== null && tax !== null) gross = round2(net + tax);
  if (tax === null && net !== null && gross !== null) tax = round2(gross - net);
  const rate = rateOf(net, tax);
  // a credit note reduces the expense: booked negative whatever sign was printed
  const sign = r.doc.doc_type === 'credit_note' ? -1 : 1;
  const signed = (v: number | null) => (v === null ? null : sign * Math.abs(v));
  const sides = (p: BookingPart): BookingPart =>
    sign < 0 ? { rate: p.rate, net: signed(p.net), tax: signed(p.tax), gross: signed(p.gross) } : p;
  const byRate = ratesOfBreakdown(r.taxes ?? [], net, tax);
  return {
    documentId: r.doc.id,
    file: r.doc.name,
    date: fieldValue(r, 'issue_date'),
    vendor: fieldValue(r, 'vendor_name'),
    number: fieldValue(r, 'document_number'),
    docType: r.doc.doc_type,
    rate,
    net: sign < 0 ? signed(net) : net,
    tax: sign < 0 ? signed(tax) : tax,
    gross: sign < 0 ? signed(gross) : gross,
    currency: currencyOf(r),
    parts: (byRate ?? [{ rate, net, tax, gross }]).map(sides),
  };
}

/**
 * An e-invoice's bookings per rate from its VAT breakdown: each row's basis is its net, its amount its tax. Used
 * only when there are several rates and the rows add up to the document's net and tax (to the cent per row), so
 * the parts book exactly what the single booking would; otherwise null and the document is booked as one.
 */
export function ratesOfBreakdown(taxes: readonly EInvoiceTax[], net: number | null, tax: number | null): BookingPart[] | null {
  if (taxes.length < 2 || net === null || tax === null) return null;
  const parts: BookingPart[] = [];
  for (const t of taxes) {
    const basis = toNumber(t.basis);
    const amount = toNumber(t.amount);
    const pct = toNumber(t.rate);
    if (basis === null || amount === null) return null;
    parts.push({ rate: pct === null ? null : Math.round(pct * 10) / 10, net: basis, tax: amount, gross: round2(basis + amount) });
  }
  const slack = 0.005 + 0.01 * parts.length;
  const sum = (k: 'net' | 'tax') => parts.reduce((a, p) => a + (p[k] ?? 0), 0);
  if (Math.abs(sum('net') - net) > slack || Math.abs(sum('tax') - tax) > slack) return null;
  return parts;
}

/** Bookings of the documents the filter selects that were read, page by page (bounded memory). */
export function* bookingPages(db: Db, filter: ExportFilter): Generator<Booking[]> {
  for (const page of documentPages(db, filter, { fields: true, taxBreakdown: true }, READ)) yield page.map(bookingOf);
}

/** "19 %" column label for a rate. */
const rateLabel = (r: number) => `${String(r)} %`;

/** The ledger's header for the rates found: date, vendor, number, type, net/tax per rate, net without rate, gross, currency. */
export function ledgerHeader(rates: readonly number[]): string[] {
  return [
    'date',
    'vendor',
    'number',
    'type',
    ...rates.flatMap((r) => [`net ${rateLabel(r)}`, `tax ${rateLabel(r)}`]),
    'net (no rate)',
    'gross',
    'currency',
    'document id',
    'file',
  ];
}

export function ledgerRow(b: Booking, rates: readonly number[], delimiter: Delimiter): Array<string | null> {
  // two decimals always; ',' as the decimal mark where ';' separates the fields (comma-decimal locales)
  const money = (v: number | null) => (v === null ? null : delimiter === ';' ? v.toFixed(2).replace('.', ',') : v.toFixed(2));
  const sum = (ps: BookingPart[], k: 'net' | 'tax') =>
    ps.some((p) => p[k] !== null) ? round2(ps.reduce((a, p) => a + (p[k] ?? 0), 0)) : null;
  const perRate = rates.flatMap((r) => {
    const at = b.parts.filter((p) => p.rate === r);
    return at.length ? [money(sum(at, 'net')), money(sum(at, 'tax'))] : [null, null];
  });
  const unrated = b.parts.filter((p) => p.rate === null);
  return [
    b.date,
    safeText(b.vendor),
    safeText(b.number),
    b.docType,
    ...perRate,
    unrated.length
      ? money(
          sum(
            unrated.map((p) => ({ ...p, net: p.net ?? p.gross })),
            'net',
          ),
        )
      : null,
    money(b.gross),
    b.currency,
    String(b.documentId),
    safeText(b.file),
  ];
}

/** Ledger CSV: a first pass collects the rates (the columns), a second writes the rows; UTF-8 with BOM like the CSV export. */
export async function exportLedger(
  db: Db,
  filter: ExportFilter,
  out: string,
  delimiter: Delimiter = ',',
): Promise<{ documents: number; file: string }> {
  const rates = new Set<number>();
  for (const page of bookingPages(db, filter)) for (const b of page) for (const p of b.parts) if (p.rate !== null) rates.add(p.rate);
  const cols = [...rates].sort((a, b) => b - a);
  return writeCsv(out, ledgerHeader(cols), bookingPages(db, filter), (b) => ledgerRow(b, cols, delimiter), delimiter);
}

// ---- DATEV ----

/** What DATEV needs to know about the books the batch goes into (Settings key 'datev'; SKR03 defaults). */
export interface DatevOptions {
  /** Beraternummer (the tax advisor's number), 1001..9999999. */
  advisor: number;
  /** Mandantennummer (the client's number), 1..99999. */
  client: number;
  /** Sachkontenlänge: digits of a general-ledger account (4 in SKR03/SKR04 by default). */
  accountLength: number;
  /** Expense account the invoices are booked on (SKR03 4980 "Betriebsbedarf"). */
  expenseAccount: string;
  /** Creditor (or collective payables) account they are booked against (SKR03 1600 "Verbindlichkeiten aLuL"). */
  creditorAccount: string;
  /** Input-tax keys (BU-Schlüssel) by rate in percent. */
  taxKeys: Record<string, string>;
  /** Month (1-12) the fiscal year starts in. */
  fiscalYearStartMonth: number;
}

export const DATEV_DEFAULTS: DatevOptions = {
  advisor: 1001,
  client: 1,
  accountLength: 4,
  expenseAccount: '4980',
  creditorAccount: '1600',
  taxKeys: { '19': '9', '7': '8' },
  fiscalYearStartMonth: 1,
};

/** Settings 'datev' over the defaults; values of the wrong kind are ignored. */
export function datevOptions(stored: unknown): DatevOptions {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const int = (v: unknown, lo: number, hi: number, d: number) =>
    Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? (v as number) : d;
  const acct = (v: unknown, d: string) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? v : d);
  return {
    advisor: int(s.advisor, 1001, 9999999, DATEV_DEFAULTS.advisor),
    client: int(s.client, 1, 99999, DATEV_DEFAULTS.client),
    accountLength: int(s.accountLength, 4, 8, DATEV_DEFAULTS.accountLength),
    expenseAccount: acct(s.expenseAccount, DATEV_DEFAULTS.expenseAccount),
    creditorAccount: acct(s.creditorAccount, DATEV_DEFAULTS.creditorAccount),
    taxKeys: s.taxKeys && typeof s.taxKeys === 'object' ? (s.taxKeys as Record<string, string>) : DATEV_DEFAULTS.taxKeys,
    fiscalYearStartMonth: int(s.fiscalYearStartMonth, 1, 12, DATEV_DEFAULTS.fiscalYearStartMonth),
  };
}

/** The booking columns written (the first fourteen of the Buchungsstapel layout, by which DATEV reads them). */
export const DATEV_COLUMNS = [
  'Umsatz (ohne Soll/Haben-Kz)',
  'Soll/Haben-Kennzeichen',
  'WKZ Umsatz',
  'Kurs',
  'Basis-Umsatz',
  'WKZ Basis-Umsatz',
  'Konto',
  'Gegenkonto (ohne BU-Schlüssel)',
  'BU-Schlüssel',
  'Belegdatum',
  'Belegfeld 1',
  'Belegfeld 2',
  'Skonto',
  'Buchungstext',
];

const ymd = (iso: string) => iso.replace(/-/g, '');

/** A text field: quoted, inner quotes doubled, cut to DATEV's length. */
const datevText = (v: string | null, max: number) =>
  `"${(v ?? '')
    .replace(/[\r\n;]+/g, ' ')
    .replace(/"/g, '""')
    .slice(0, max)}"`;

/** Belegfeld 1 takes letters, digits and $ & % * + - / only, at most 36 characters. */
export const datevDocField = (v: string | null) => (v ?? '').replace(/[^A-Za-z0-9$&%*+\-/]/g, '').slice(0, 36);

/** The first day (YYYYMMDD) of the fiscal year a date (YYYY-MM-DD) falls in, for a year starting in month startMonth. */
export function fiscalYearStart(date: string, startMonth: number): string {
  const year = Number(date.slice(0, 4));
  const startYear = Number(date.slice(5, 7)) >= startMonth ? year : year - 1;
  return `${startYear}${String(startMonth).padStart(2, '0')}01`;
}

/**
 * A fiscal year as it goes into a file name: '2024' for a calendar year, '2024-25' for one starting in another month
 * (the year it starts in, then the year it ends in).
 */
export function fiscalYearLabel(fyStart: string): string {
  const year = Number(fyStart.slice(0, 4));
  return fyStart.slice(4, 6) === '01' ? String(year) : `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

/**
 * The file of one fiscal year's batch when the bookings span several: the name asked for with the year before its
 * extension (EXTF_Buchungsstapel.csv becomes EXTF_Buchungsstapel_WJ2024.csv), so DATEV still recognises it by its
 * EXTF_ prefix and the files sort by year.
 */
export function datevFileOfYear(out: string, fyStart: string): string {
  const ext = path.extname(out);
  return `${out.slice(0, out.length - ext.length)}_WJ${fiscalYearLabel(fyStart)}${ext || '.csv'}`;
}

/**
 * The EXTF header line (31 fields) for bookings dated from..to, which must lie in one fiscal year: the header
 * names a single Wirtschaftsjahr-Beginn, taken from the fiscal year of `from`.
 */
export function datevHeader(o: DatevOptions, from: string, to: string, created: Date, label: string): string {
  const fyStart = fiscalYearStart(from, o.fiscalYearStartMonth);
  const stamp = created
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);
  const fields: Array<string | number> = [
    '"EXTF"',
    700,
    21,
    '"Buchungsstapel"',
    13,
    stamp,
    '',
    '"RE"',
    '"Docket"',
    '""',
    o.advisor,
    o.client,
    fyStart,
    o.accountLength,
    ymd(from),
    ymd(to),
    datevText(label, 30),
    '""',
    1,
    0,
    0,
    '"EUR"',
    '',
    '""',
    '',
    '',
    '""',
    '',
    '',
    '""',
    '""',
  ];
  return fields.join(';');
}

/**
 * The document's booking lines, one per part (per VAT rate of an e-invoice that states them); null when it has no
 * gross amount or no date (DATEV refuses such a line).
 */
export function datevLines(b: Booking, o: DatevOptions): string[] | null {
  if (b.gross === null || !b.date || !/^\d{4}-\d{2}-\d{2}$/.test(b.date)) return null;
  const parts =
    b.parts.length > 1 && b.parts.every((p) => p.gross !== null) ? b.parts : [{ rate: b.rate, net: b.net, tax: b.tax, gross: b.gross }];
  const ddmm = `${b.date.slice(8, 10)}${b.date.slice(5, 7)}`;
  return parts.map((p) => datevLine(b, ddmm, p.gross!, p.rate, o));
}

function datevLine(b: Booking, ddmm: string, gross: number, rate: number | null, o: DatevOptions): string {
  const amount = Math.abs(gross).toFixed(2).replace('.', ',');
  const side = gross < 0 ? 'H' : 'S';
  const key = rate !== null ? (o.taxKeys[String(rate)] ?? '') : '';
  return [
    amount,
    `"${side}"`,
    `"${b.currency ?? 'EUR'}"`,
    '',
    '',
    '""',
    o.expenseAccount,
    o.creditorAccount,
    key ? `"${key}"` : '""',
    ddmm,
    `"${datevDocField(b.number)}"`,
    '""',
    '',
    datevText([b.vendor, b.number].filter(Boolean).join(' ') || b.file, 60),
  ].join(';');
}

/** One fiscal year's bookings: the lines and the period they cover. */
interface DatevYear {
  lines: string[];
  documents: number;
  from: string;
  to: string;
}

/** What a DATEV export wrote: one file, or one per fiscal year when the bookings span several. */
export interface DatevResult {
  documents: number;
  /** The (first) file written. */
  file: string;
  /** Every file written, oldest fiscal year first. */
  files: string[];
  /** Documents not booked (no total, no date), with why. */
  left: Array<{ documentId: number; reason: string }>;
}

/**
 * The DATEV booking batch. The header names the period (the earliest and latest booking date) and one
 * Wirtschaftsjahr-Beginn, and DATEV refuses a batch whose period leaves that fiscal year, so bookings are grouped by
 * the fiscal year of their date: all in one year, one file at `out`; over several, one file per year beside it,
 * named with the year (datevFileOfYear), each with its own period and fiscal-year start. The lines are gathered
 * first (the header comes before them); a booking line is about 100 bytes, so even 100,000 documents stay a few
 * megabytes.
 */
export async function exportDatev(
  db: Db,
  filter: ExportFilter,
  out: string,
  o: DatevOptions = DATEV_DEFAULTS,
  now = new Date(),
): Promise<DatevResult> {
  const years = new Map<string, DatevYear>();
  let documents = 0;
  const left: Array<{ documentId: number; reason: string }> = [];
  for (const page of bookingPages(db, filter)) {
    for (const b of page) {
      const booked = datevLines(b, o);
      if (!booked) {
        left.push({ documentId: b.documentId, reason: b.gross === null ? 'no total' : 'no issue date' });
        continue;
      }
      const date = b.date!;
      const fy = fiscalYearStart(date, o.fiscalYearStartMonth);
      let year = years.get(fy);
      if (!year) years.set(fy, (year = { lines: [], documents: 0, from: date, to: date }));
      year.lines.push(...booked);
      year.documents++;
      documents++;
      if (date < year.from) year.from = date;
      if (date > year.to) year.to = date;
    }
    await tick();
  }
  const today = now.toISOString().slice(0, 10);
  // nothing to book still writes a valid, empty batch for today's fiscal year
  if (!years.size) years.set(fiscalYearStart(today, o.fiscalYearStartMonth), { lines: [], documents: 0, from: today, to: today });
  const ordered = [...years.entries()].sort(([a], [b]) => a.localeCompare(b));
  const files: string[] = [];
  try {
    for (const [fy, year] of ordered) {
      const file = ordered.length === 1 ? out : datevFileOfYear(out, fy);
      const header = datevHeader(o, year.from, year.to, now, 'Docket');
      const text = [header, DATEV_COLUMNS.map((c) => `"${c}"`).join(';'), ...year.lines].join('\r\n') + '\r\n';
      const sink = await FileSink.open(file);
      try {
        await sink.write(encodeWindows1252(text));
        files.push(await sink.finish());
      } catch (err) {
        sink.abort();
        throw err;
      }
    }
  } catch (err) {
    // all years or none: a partial set would book some years and silently drop the others
    for (const f of files) fs.rmSync(f, { force: true });
    throw err;
  }
  return { documents, file: files[0]!, files, left };
}

/** Either preset, by name. */
export async function exportAccounting(
  db: Db,
  opts: { format: AccountingFormat; filter: ExportFilter; out: string; delimiter?: Delimiter; datev?: unknown },
): Promise<{ documents: number; file: string; files: string[] }> {
  if (opts.format === 'ledger') {
    const r = await exportLedger(db, opts.filter, opts.out, opts.delimiter ?? ',');
    return { ...r, files: [r.file] };
  }
  return exportDatev(db, opts.filter, opts.out, datevOptions(opts.datev));
}

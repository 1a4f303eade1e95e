import { stringify } from 'csv-stringify/sync';
import type { Db } from '../store/db.js';
import { currencyOf, documentPages, fieldValue, issueCodes, isoTime, toNumber, type DocRecord, type ExportFilter } from './rows.js';
import { FileSink, tick } from './sink.js';

export type Delimiter = ',' | ';';

/**
 * RFC 4180 CSV for spreadsheets: UTF-8 with a BOM (Excel otherwise reads it as the ANSI code page and
 * mangles "Café Müller"), CRLF records, fields with the delimiter, a quote, CR or LF quoted. With ';'
 * (what Excel expects in comma-decimal locales) decimals are written with ','.
 */
export function csvOptions(delimiter: Delimiter) {
  return {
    delimiter,
    record_delimiter: 'windows' as const,
    quoted_match: /[\r\n]/,
    cast: { number: (n: number) => formatNumber(n, delimiter) },
  };
}

export function formatNumber(n: number, delimiter: Delimiter): string {
  // No exponent notation: accounting tools do not parse "1e-7".
  let s = Math.abs(n) >= 1e21 || (n !== 0 && Math.abs(n) < 1e-6) ? n.toFixed(10).replace(/\.?0+$/, '') : String(n);
  if (delimiter === ';') s = s.replace('.', ',');
  return s;
}

/**
 * Text that Excel would run as a formula (=, +, -, @ first) is prefixed with an apostrophe: vendor names and
 * descriptions come from scanned documents, i.e. from strangers.
 */
export function safeText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** An amount as the extraction stored it ('.' decimals): kept digit for digit, only the separator changes. */
function amount(v: string | null, delimiter: Delimiter): string | number | null {
  const n = toNumber(v);
  if (n === null) return safeText(v);
  const t = v!.trim().replace(/^\+/, '');
  return delimiter === ';' ? t.replace('.', ',') : t;
}

export const CSV_HEADER = [
  'id',
  'batch',
  'file',
  'path',
  'status',
  'reason',
  'doc_type',
  'vendor',
  'vendor_tax_id',
  'document_number',
  'po_number',
  'issue_date',
  'due_date',
  'currency',
  'subtotal',
  'tax',
  'total',
  'confidence',
  'reviewed_at',
  'issues',
  // intake: the e-mail a document came in, and an earlier document it may duplicate
  'email_from',
  'email_subject',
  'email_date',
  'possible_duplicate_of',
];

function csvRow(r: DocRecord, delimiter: Delimiter): Array<string | number | null> {
  const d = r.doc;
  return [
    d.id,
    d.batch_id,
    safeText(d.name),
    safeText(d.path),
    d.status,
    safeText(d.status_reason),
    d.doc_type,
    safeText(fieldValue(r, 'vendor_name')),
    safeText(fieldValue(r, 'vendor_tax_id')),
    safeText(fieldValue(r, 'document_number')),
    safeText(fieldValue(r, 'po_number')),
    fieldValue(r, 'issue_date'),
    fieldValue(r, 'due_date'),
    currencyOf(r) ?? safeText(fieldValue(r, 'currency')),
    amount(fieldValue(r, 'subtotal'), delimiter),
    amount(fieldValue(r, 'tax'), delimiter),
    amount(fieldValue(r, 'total'), delimiter),
    d.confidence === null ? null : Math.round(d.confidence * 1000) / 1000,
    isoTime(d.reviewed_at),
    safeText(issueCodes(r)) || null,
    safeText(r.email?.sender ?? null),
    safeText(r.email?.subject ?? null),
    r.email?.sentAt ?? null,
    d.possible_duplicate_of ?? null,
  ];
}

export async function exportCsv(
  db: Db,
  filter: ExportFilter,
  out: string,
  delimiter: Delimiter = ',',
): Promise<{ documents: number; file: string }> {
  return writeCsv(
    out,
    CSV_HEADER,
    documentPages(db, filter, { fields: true, issues: true, email: true }),
    (r) => csvRow(r, delimiter),
    delimiter,
  );
}

/**
 * A CSV file streamed page by page: UTF-8 with a BOM (Excel opens it as UTF-8), Windows line ends, a header row,
 * then each page's rows; the file appears whole or not at all.
 */
export async function writeCsv<T>(
  out: string,
  header: readonly string[],
  pages: Iterable<T[]>,
  row: (item: T) => Array<string | number | null>,
  delimiter: Delimiter,
): Promise<{ documents: number; file: string }> {
  const sink = await FileSink.open(out);
  const opts = csvOptions(delimiter);
  let n = 0;
  try {
    await sink.write('\ufeff' + stringify([header], opts));
    for (const page of pages) {
      await sink.write(stringify(page.map(row), opts));
      n += page.length;
      await tick();
    }
    return { documents: n, file: await sink.finish() };
  } catch (err) {
    sink.abort();
    throw err;
  }
}

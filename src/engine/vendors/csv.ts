/**
 * The supplier master list as accounting systems export it: CSV with a header row naming the columns. Column
 * names vary by system and language, so each column is recognised by a few common spellings; the delimiter (',',
 * ';' or tab) and a UTF-8 byte-order mark are taken as they come. Pure: text in, rows and per-line errors out.
 */
import { parse } from 'csv-parse/sync';

export interface VendorCsvRow {
  /** Line number in the file (the header is line 1), for error messages. */
  line: number;
  name: string;
  taxId: string | null;
  iban: string | null;
  currency: string | null;
  aliases: string[];
}

const COLUMNS: Record<keyof Omit<VendorCsvRow, 'line'>, RegExp> = {
  name: /^(?:name|vendor(?:\s?name)?|supplier(?:\s?name)?|company|lieferant|fournisseur|leverancier|proveedor|fornitore|leverantor|pembekal)$/,
  taxId:
    /^(?:vat(?:\s?(?:id|no|number|reg(?:istration)?(?:\s?no)?))?|tax(?:\s?(?:id|no|number))?|ust(?:\s?id(?:nr)?)?|gst(?:\s?(?:id|no|reg(?:\s?no)?))?|abn|tva|btw(?:\s?nr)?|nif|cif|piva|partita\s?iva|sst(?:\s?no)?)$/,
  iban: /^(?:iban|bank\s?account|account\s?iban)$/,
  currency: /^(?:currency|cur|ccy|wahrung|devise|valuta|moneda|valuta)$/,
  aliases: /^(?:aliases|alias|other\s?names|also\s?known\s?as|aka)$/,
};

const foldHeader = (h: string) =>
  h
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export function parseVendorCsv(text: string): { rows: VendorCsvRow[]; errors: Array<{ line: number; message: string }> } {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    return { rows: [], errors: [{ line, message: `not readable as CSV: ${(err as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty' }] };
  const at: Partial<Record<keyof typeof COLUMNS, number>> = {};
  header.forEach((h, i) => {
    const f = foldHeader(h);
    for (const [key, re] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, RegExp]>)
      if (at[key] === undefined && re.test(f)) at[key] = i;
  });
  if (at.name === undefined)
    return { rows: [], errors: [{ line: 1, message: `no name column in the header (${header.join(', ')}); expected e.g. "name"` }] };
  const rows: VendorCsvRow[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  const cell = (r: string[], i: number | undefined) => (i === undefined ? '' : (r[i] ?? '').trim());
  body.forEach((r, k) => {
    const line = k + 2;
    const name = cell(r, at.name);
    if (!name) {
      errors.push({ line, message: 'no name' });
      return;
    }
    const currency = cell(r, at.currency).toUpperCase();
    if (currency && !/^[A-Z]{3}$/.test(currency)) {
      errors.push({ line, message: `currency "${currency}" is not a three-letter ISO code` });
      return;
    }
    rows.push({
      line,
      name,
      taxId: cell(r, at.taxId) || null,
      iban: cell(r, at.iban) || null,
      currency: currency || null,
      aliases: cell(r, at.aliases)
        .split(/[|;]/)
        .map((a) => a.trim())
        .filter(Boolean),
    });
  });
  return { rows, errors };
}

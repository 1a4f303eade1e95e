import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Db } from '../store/db.js';
import { FAILURE_STATUSES } from './failures.js';
import { currencyOf, documentPages, fieldValue, issueCodes, toDate, toNumber, type ExportFilter } from './rows.js';
import { FileSink, tick } from './sink.js';

/**
 * XLSX through exceljs's streaming WorkbookWriter: rows are committed as they are written and no shared
 * strings table is built, so memory stays flat at any size. The zip can only take one sheet at a time (a
 * later sheet's stream would buffer whole until the earlier is done), so the sheets are written one after
 * another, each from its own pass over the documents.
 */

const SYMBOL_BEFORE: Record<string, string> = {
  USD: '$',
  GBP: '£',
  AUD: 'A$',
  CAD: 'C$',
  NZD: 'NZ$',
  HKD: 'HK$',
  SGD: 'S$',
  INR: '₹',
  CNY: 'CN¥',
  JPY: '¥',
};
const SYMBOL_AFTER: Record<string, string> = { EUR: '€', PLN: 'zł', CZK: 'Kč', SEK: 'kr', NOK: 'kr', DKK: 'kr', HUF: 'Ft' };
const NO_DECIMALS = new Set(['JPY', 'KRW', 'HUF', 'ISK', 'CLP', 'VND']);

/** An Excel number format showing the row's currency; amounts stay numbers so they sum. */
export function currencyFormat(currency: string | null): string {
  if (!currency) return '#,##0.00';
  const num = NO_DECIMALS.has(currency) ? '#,##0' : '#,##0.00';
  const before = SYMBOL_BEFORE[currency];
  if (before) return `"${before}"${num};-"${before}"${num}`;
  const after = SYMBOL_AFTER[currency] ?? currency;
  return `${num} "${after}"`;
}

const DATE_FORMAT = 'yyyy-mm-dd';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/**
 * exceljs's StreamBuf pushes a sheet's XML into the zip entry without looking at backpressure, so a fast
 * producer piles the uncompressed sheet up in memory (~200 MB at 100k documents) while deflate catches up.
 * Waiting for the entry stream to drain after each page keeps it to a few buffers.
 */
async function zipCaughtUp(ws: ExcelJS.Worksheet, sink: FileSink): Promise<void> {
  // The entry stream is archiver's readable-stream v2 PassThrough: no writableNeedDrain getter, only _writableState.
  type Entry = NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };
  const pipes = ((ws as unknown as { stream?: { pipes?: Entry[] } }).stream?.pipes ?? []) as Entry[];
  for (const p of pipes) if (p._writableState?.needDrain ?? p.writableNeedDrain) await once(p, 'drain');
  await sink.drain();
  await tick();
}

const header = (ws: ExcelJS.Worksheet): void => {
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.commit();
};

export async function exportXlsx(db: Db, filter: ExportFilter, out: string): Promise<{ documents: number; file: string }> {
  const sink = await FileSink.open(out);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink.stream,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 5 } },
  });
  wb.creator = 'Docket';
  wb.created = new Date();
  let n = 0;
  try {
    // the header row gets Excel's filter buttons, so a clerk filters by vendor, status or currency at once
    const docs = wb.addWorksheet('Documents', { views: [{ state: 'frozen', ySplit: 1 }] });
    docs.autoFilter = 'A1:T1';
    docs.columns = [
      { header: 'ID', key: 'id', width: 8 },
      { header: 'Batch', key: 'batch', width: 7 },
      { header: 'File', key: 'file', width: 28 },
      { header: 'Path', key: 'path', width: 50 },
      { header: 'Status', key: 'status', width: 13 },
      { header: 'Reason', key: 'reason', width: 30 },
      { header: 'Type', key: 'type', width: 12 },
      { header: 'Vendor', key: 'vendor', width: 28 },
      { header: 'Vendor tax ID', key: 'vendor_tax_id', width: 16 },
      { header: 'Number', key: 'number', width: 16 },
      { header: 'PO number', key: 'po', width: 14 },
      { header: 'Issue date', key: 'issue_date', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: 'Due date', key: 'due_date', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: 'Currency', key: 'currency', width: 9 },
      { header: 'Subtotal', key: 'subtotal', width: 14 },
      { header: 'Tax', key: 'tax', width: 12 },
      { header: 'Total', key: 'total', width: 14 },
      { header: 'Confidence', key: 'confidence', width: 11, style: { numFmt: '0%' } },
      { header: 'Reviewed', key: 'reviewed', width: 17, style: { numFmt: TIME_FORMAT } },
      { header: 'Issues', key: 'issues', width: 30 },
    ];
    header(docs);
    for (const page of documentPages(db, filter, { fields: true, issues: true })) {
      for (const r of page) {
        const d = r.doc;
        const cur = currencyOf(r);
        const text = (name: string) => fieldValue(r, name);
        const row = docs.addRow({
          id: d.id,
          batch: d.batch_id,
          file: d.name,
          path: d.path,
          status: d.status,
          reason: d.status_reason,
          type: d.doc_type,
          vendor: text('vendor_name'),
          vendor_tax_id: text('vendor_tax_id'),
          number: text('document_number'),
          po: text('po_number'),
          // A date the extraction could not normalise stays visible as text rather than vanishing.
          issue_date: toDate(text('issue_date')) ?? text('issue_date'),
          due_date: toDate(text('due_date')) ?? text('due_date'),
          currency: cur ?? text('currency'),
          subtotal: toNumber(text('subtotal')) ?? text('subtotal'),
          tax: toNumber(text('tax')) ?? text('tax'),
          total: toNumber(text('total')) ?? text('total'),
          confidence: d.confidence,
          reviewed: d.reviewed_at === null ? null : new Date(d.reviewed_at),
          issues: issueCodes(r) || null,
        });
        const fmt = currencyFormat(cur);
        for (const key of ['subtotal', 'tax', 'total']) row.getCell(key).numFmt = fmt;
        row.commit();
        n++;
      }
      await zipCaughtUp(docs, sink);
    }
    docs.commit();

    const items = wb.addWorksheet('Line items', { views: [{ state: 'frozen', ySplit: 1 }] });
    items.autoFilter = 'A1:J1';
    items.columns = [
      { header: 'Document ID', key: 'doc', width: 11 },
      { header: 'File', key: 'file', width: 28 },
      { header: 'Vendor', key: 'vendor', width: 28 },
      { header: 'Number', key: 'number', width: 16 },
      { header: 'Line', key: 'line', width: 6 },
      { header: 'Description', key: 'description', width: 50 },
      { header: 'Quantity', key: 'quantity', width: 10 },
      { header: 'Unit price', key: 'unit_price', width: 13 },
      { header: 'Amount', key: 'amount', width: 14 },
      { header: 'Currency', key: 'currency', width: 9 },
    ];
    header(items);
    for (const page of documentPages(db, filter, { fields: true, items: true })) {
      for (const r of page) {
        if (r.items.length === 0) continue;
        const cur = currencyOf(r);
        const fmt = currencyFormat(cur);
        for (const it of r.items) {
          const row = items.addRow({
            doc: r.doc.id,
            file: r.doc.name,
            vendor: fieldValue(r, 'vendor_name'),
            number: fieldValue(r, 'document_number'),
            line: it.idx + 1,
            description: it.description,
            quantity: it.quantity,
            unit_price: it.unit_price,
            amount: it.amount,
            currency: cur,
          });
          row.getCell('unit_price').numFmt = fmt;
          row.getCell('amount').numFmt = fmt;
          row.commit();
        }
      }
      await zipCaughtUp(items, sink);
    }
    items.commit();

    const failures = wb.addWorksheet('Failures', { views: [{ state: 'frozen', ySplit: 1 }] });
    failures.columns = [
      { header: 'Document ID', key: 'id', width: 11 },
      { header: 'File', key: 'file', width: 28 },
      { header: 'Path', key: 'path', width: 50 },
      { header: 'Status', key: 'status', width: 10 },
      { header: 'Reason', key: 'reason', width: 50 },
      { header: 'Attempts', key: 'attempts', width: 9 },
    ];
    header(failures);
    for (const page of documentPages(db, filter, {}, FAILURE_STATUSES)) {
      for (const { doc: d } of page) {
        failures.addRow({ id: d.id, file: d.name, path: d.path, status: d.status, reason: d.status_reason, attempts: d.attempts }).commit();
      }
      await zipCaughtUp(failures, sink);
    }
    failures.commit();

    await wb.commit();
    return { documents: n, file: await sink.finish() };
  } catch (err) {
    sink.abort();
    throw err;
  }
}

/**
 * Exporting the documents to one file (CSV, XLSX, JSON). The XLSX writer (exceljs, about a third of a second
 * to load) is imported only when an XLSX is asked for, so a CSV or JSON export starts at once.
 */
import type { Db } from '../store/db.js';
import { exportCsv, type Delimiter } from './csv.js';
import { exportJson } from './json.js';
import { normaliseStatuses } from './rows.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** A batch, or null/absent for every batch. */
  batchId?: number | null;
  /** Only documents in these statuses (e.g. ['done', 'needs_review']). */
  status?: string[];
  out: string;
  /** CSV only: ';' for comma-decimal locales (decimals are then written with ','). */
  delimiter?: Delimiter;
}

/** Stream the matching documents to one file; the file appears under its name only when complete. */
export async function exportDocuments(db: Db, opts: ExportOptions): Promise<{ documents: number; file: string }> {
  const filter = { batchId: opts.batchId ?? null, status: normaliseStatuses(opts.status) };
  switch (opts.format) {
    case 'csv':
      return exportCsv(db, filter, opts.out, opts.delimiter ?? ',');
    case 'xlsx':
      return (await import('./xlsx.js')).exportXlsx(db, filter, opts.out);
    case 'json':
      return exportJson(db, filter, opts.out);
    default:
      throw new RangeError(`unknown export format "${String(opts.format)}" (use ${EXPORT_FORMATS.join(', ')})`);
  }
}

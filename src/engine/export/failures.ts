import { stringify } from 'csv-stringify/sync';
import type { DocumentStatus } from '../../contract/domain.js';
import type { Db } from '../store/db.js';
import { csvOptions, safeText, type Delimiter } from './csv.js';
import { documentPages, isoTime } from './rows.js';
import { FileSink, tick } from './sink.js';

/** What a failure report lists: documents that produced nothing. */
export const FAILURE_STATUSES: readonly DocumentStatus[] = ['failed', 'skipped'];

export const FAILURE_HEADER = ['id', 'batch', 'file', 'path', 'status', 'reason', 'attempts', 'duplicate_of', 'finished_at'];

/** The failure report: every failed and skipped document with its path, reason and attempts (CSV, BOM). */
export async function exportFailureReport(
  db: Db,
  opts: { batchId?: number | null; out: string; delimiter?: Delimiter },
): Promise<{ documents: number; file: string }> {
  const delimiter = opts.delimiter ?? ',';
  const csv = csvOptions(delimiter);
  const sink = await FileSink.open(opts.out);
  let n = 0;
  try {
    await sink.write('\ufeff' + stringify([FAILURE_HEADER], csv));
    for (const page of documentPages(db, { batchId: opts.batchId ?? null }, {}, FAILURE_STATUSES)) {
      const rows = page.map(({ doc: d }) => [
        d.id,
        d.batch_id,
        safeText(d.name),
        safeText(d.path),
        d.status,
        safeText(d.status_reason),
        d.attempts,
        d.duplicate_of,
        isoTime(d.finished_at),
      ]);
      await sink.write(stringify(rows, csv));
      n += page.length;
      await tick();
    }
    return { documents: n, file: await sink.finish() };
  } catch (err) {
    sink.abort();
    throw err;
  }
}

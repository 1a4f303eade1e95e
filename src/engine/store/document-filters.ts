/**
 * The filters of the documents table and the review grid as SQL (one place, so the list, its count and the totals
 * footer always agree on which documents match), and the totals per currency over everything a filter matches,
 * not only the rows a client has loaded.
 */
import type { DocumentQuery } from '../../contract/engine-api.js';
import type { DocumentTotals } from '../../contract/schemas/documents.js';
import type { Db } from './db.js';
import type { SortValue } from './keyset.js';
import { allRows, getValue } from './statements.js';

/**
 * A file that is not a document at all (notes.txt, data.json, README.md beside the scans): skipped at ingest with
 * the wording of ingest/formats.ts unreadVerdict ("Text file (.txt) is not supported", "unknown kind of file ...").
 * Duplicates, files over the size limit and cancelled documents are skipped too, but they are documents.
 */
export const IGNORED_SQL = `(status = 'skipped' AND duplicate_of IS NULL AND (status_reason LIKE '% is not supported' OR status_reason LIKE 'unknown kind of file%' OR status_reason LIKE 'XML file%'))`;

const like = (s: string) => `%${s.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** WHERE terms and their parameters for a query's filters (AND-ed); the sort and cursor are the caller's. */
export function documentFilterSql(q: DocumentQuery): { where: string[]; params: SortValue[] } {
  const where: string[] = [];
  const params: SortValue[] = [];
  if (q.batchId != null) {
    where.push('batch_id = ?');
    params.push(q.batchId);
  }
  if (q.status?.length) {
    where.push(`status IN (${q.status.map(() => '?').join(',')})`);
    params.push(...q.status);
  }
  if (q.docType?.length) {
    where.push(`doc_type IN (${q.docType.map(() => '?').join(',')})`);
    params.push(...q.docType);
  }
  if (q.text && q.text.trim()) {
    where.push(`(name LIKE ? ESCAPE '\\' OR vendor LIKE ? ESCAPE '\\' OR doc_number LIKE ? ESCAPE '\\')`);
    params.push(like(q.text), like(q.text), like(q.text));
  }
  if (q.vendor && q.vendor.trim()) {
    where.push(`vendor LIKE ? ESCAPE '\\'`);
    params.push(like(q.vendor));
  }
  if (q.dateFrom) {
    where.push('issue_date >= ?');
    params.push(q.dateFrom);
  }
  if (q.dateTo) {
    where.push('issue_date <= ?');
    params.push(q.dateTo);
  }
  if (q.totalMin != null) {
    where.push('total >= ?');
    params.push(q.totalMin);
  }
  if (q.totalMax != null) {
    where.push('total <= ?');
    params.push(q.totalMax);
  }
  if (q.confidenceBelow != null) {
    // a document without a confidence (not read yet, failed) is not "below" anything
    where.push('confidence < ?');
    params.push(q.confidenceBelow);
  }
  // ignored files are listed unless a client hides them (the UI does by default)
  if (q.ignored === false) where.push(`NOT ${IGNORED_SQL}`);
  return { where, params };
}

/**
 * How many documents a query's filters match. Hiding ignored files is a NOT over a LIKE on every row, which made this
 * count a 16 ms scan of 100k rows on every page the documents table asked for; counted instead as the rest of the
 * filter minus the rows the NOT leaves out, which all have status 'skipped' (an index range), the count with no
 * other filter is SQLite's fast count of the table. `IS NOT TRUE` keeps rows whose test is NULL on the left-out side,
 * as the WHERE of the page query does.
 */
export function countDocuments(db: Db, q: DocumentQuery): number {
  return documentCounts(db, q).matching;
}

/** The count above, and how many of the filter's other matches it leaves out as ignored files (0 when none are hidden). */
export function documentCounts(db: Db, q: DocumentQuery): { matching: number; ignoredHidden: number } {
  const { where, params } = documentFilterSql({ ...q, ignored: undefined });
  const count = (terms: string[]) =>
    getValue<number>(db, `SELECT count(*) AS n FROM documents ${terms.length ? `WHERE ${terms.join(' AND ')}` : ''}`, ...params) ?? 0;
  const all = count(where);
  if (q.ignored !== false) return { matching: all, ignoredHidden: 0 };
  const hidden = count([...where, `status = 'skipped'`, `(NOT ${IGNORED_SQL}) IS NOT TRUE`]);
  return { matching: all - hidden, ignoredHidden: hidden };
}

/**
 * Totals per currency over every document the query matches (sorted by count): summed in cents, so a footer of
 * 10,000 receipts adds up to the cent. Documents without a total are counted apart.
 */
export function documentTotals(db: Db, q: DocumentQuery): DocumentTotals {
  const { where, params } = documentFilterSql(q);
  const rows = allRows<{ currency: string | null; n: number; with_total: number; cents: number | null }>(
    db,
    `SELECT currency, count(*) AS n, count(total) AS with_total, sum(CAST(round(total * 100) AS INTEGER)) AS cents
     FROM documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY currency ORDER BY n DESC, currency`,
    ...params,
  );
  let documents = 0;
  let withoutTotal = 0;
  const byCurrency: DocumentTotals['byCurrency'] = [];
  for (const r of rows) {
    documents += r.n;
    withoutTotal += r.n - r.with_total;
    if (r.with_total) byCurrency.push({ currency: r.currency, documents: r.with_total, total: (r.cents ?? 0) / 100 });
  }
  return { documents, withoutTotal, byCurrency };
}

/**
 * Every document a query's filters match (sort and paging ignored), with its batch, in one statement: what a bulk
 * action on "all matching" acts on. `except` are rows unchecked after "select all".
 */
export function matchingDocuments(db: Db, q: DocumentQuery, except: readonly number[] = []): { ids: number[]; batchIds: number[] } {
  const { where, params } = documentFilterSql(q);
  const rows = allRows<{ id: number; batch_id: number }>(
    db,
    `SELECT id, batch_id FROM documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    ...params,
  );
  const skip = new Set(except);
  const ids: number[] = [];
  const batchIds = new Set<number>();
  for (const r of rows) {
    if (skip.has(r.id)) continue;
    ids.push(r.id);
    batchIds.add(r.batch_id);
  }
  return { ids, batchIds: [...batchIds] };
}

/** Documents of a batch that are not documents at all (see IGNORED_SQL). */
export function ignoredCount(db: Db, batchId: number): number {
  return allRows<{ n: number }>(db, `SELECT count(*) AS n FROM documents WHERE batch_id = ? AND ${IGNORED_SQL}`, batchId)[0]?.n ?? 0;
}

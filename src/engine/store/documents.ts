import type { DocumentRow, DocumentStatus, ExtractedField, FieldName, TextMethod } from '../../contract/domain.js';
import { DOCUMENT_SORT_KEYS, type DocumentPage, type DocumentQuery, type DocumentSortKey } from '../../contract/engine-api.js';
import type { Db } from './db.js';
import { documentCounts, documentFilterSql } from './document-filters.js';
import { afterClause, decodeCursor, encodeCursor, type SortValue } from './keyset.js';
import { allRows, getRow, getValue, runWrite } from './statements.js';

/** A row of the documents table, as stored. */
export interface DocumentDbRow {
  id: number;
  batch_id: number;
  path: string;
  name: string;
  size: number | null;
  mtime: number | null;
  sha256: string | null;
  kind: string | null;
  mime: string | null;
  page_count: number | null;
  status: DocumentStatus;
  status_reason: string | null;
  method: TextMethod | null;
  duplicate_of: number | null;
  attempts: number;
  not_before: number | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  elapsed_ms: number | null;
  doc_type: DocumentRow['docType'];
  doc_type_conf: number | null;
  confidence: number | null;
  vendor: string | null;
  doc_number: string | null;
  issue_date: string | null;
  total: number | null;
  currency: string | null;
  cost_usd: number;
  reviewed_at: number | null;
  /** Migration 7: the document this one was derived from, how, and an earlier one it looks like. */
  parent_id?: number | null;
  origin?: 'attachment' | 'zip-entry' | 'split-part' | null;
  possible_duplicate_of?: number | null;
}

export const toDocumentRow = (r: DocumentDbRow): DocumentRow => ({
  id: r.id,
  batchId: r.batch_id,
  path: r.path,
  name: r.name,
  size: r.size,
  kind: r.kind,
  status: r.status,
  reason: r.status_reason,
  method: r.method,
  pageCount: r.page_count,
  attempts: r.attempts,
  duplicateOf: r.duplicate_of,
  docType: r.doc_type,
  docTypeConfidence: r.doc_type_conf,
  confidence: r.confidence,
  vendor: r.vendor,
  docNumber: r.doc_number,
  issueDate: r.issue_date,
  total: r.total,
  currency: r.currency,
  costUsd: r.cost_usd,
  reviewedAt: r.reviewed_at,
  elapsedMs: r.elapsed_ms,
  parentId: r.parent_id ?? null,
  origin: r.origin ?? null,
  possibleDuplicateOf: r.possible_duplicate_of ?? null,
});

const LIST_COLUMNS = `id, batch_id, path, name, size, mtime, sha256, kind, mime, page_count, status, status_reason, method,
  duplicate_of, attempts, not_before, queued_at, started_at, finished_at, elapsed_ms, doc_type, doc_type_conf, confidence,
  vendor, doc_number, issue_date, total, currency, cost_usd, reviewed_at, parent_id, origin, possible_duplicate_of`;

export function getDocumentRow(db: Db, id: number): DocumentDbRow | undefined {
  return getRow<DocumentDbRow>(db, `SELECT ${LIST_COLUMNS} FROM documents WHERE id = ?`, id);
}

/** One page of the documents table by keyset. Filters combine with AND; the sort column has an index. */
export function listDocuments(db: Db, q: DocumentQuery): DocumentPage {
  const sort: DocumentSortKey = DOCUMENT_SORT_KEYS.includes(q.sort as DocumentSortKey) ? (q.sort as DocumentSortKey) : 'id';
  const desc = q.desc === true;
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const { matching: total, ignoredHidden } = documentCounts(db, q);
  // No ignored file among the matches: the page query leaves out the NOT that is tested on every row it passes
  // (an offset 90,000 rows into the list: 23 ms with it, 5 ms without).
  const { where, params } = documentFilterSql(ignoredHidden === 0 ? { ...q, ignored: undefined } : q);

  const cursor = decodeCursor(q.after);
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor) {
    const a = afterClause(sort, cursor, desc);
    pageWhere.push(a.sql);
    pageParams.push(...a.params);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const order = sort === 'id' ? `id ${dir}` : `${sort} ${dir}, id ${dir}`;
  const rows = allRows<DocumentDbRow>(
    db,
    `SELECT ${LIST_COLUMNS} FROM documents ${pageWhere.length ? 'WHERE ' + pageWhere.join(' AND ') : ''} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ...pageParams,
    limit + 1,
    cursor ? 0 : (q.offset ?? 0),
  );
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  const next = more && last ? encodeCursor({ v: (last as unknown as Record<string, SortValue>)[sort] ?? null, id: last.id }) : null;
  return { rows: rows.map(toDocumentRow), next, total };
}

/** Documents per type in a batch (the CLI summary); unclassified documents are left out. */
export function documentTypeCounts(db: Db, batchId: number): Record<string, number> {
  const rows = allRows<{ t: string; n: number }>(
    db,
    "SELECT coalesce(doc_type, 'unknown') AS t, count(*) AS n FROM documents WHERE batch_id = ? AND doc_type IS NOT NULL GROUP BY doc_type",
    batchId,
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

// ---- list columns (denormalised from fields so the big table sorts by index) ----

export interface ListColumns {
  vendor: string | null;
  doc_number: string | null;
  issue_date: string | null;
  total: number | null;
  currency: string | null;
}

/** The denormalised list columns, taken from an extraction result. */
export function listColumnsFrom(fields: ReadonlyArray<Pick<ExtractedField, 'name' | 'value'>>): ListColumns {
  const get = (n: FieldName) => fields.find((f) => f.name === n)?.value ?? null;
  const total = get('total');
  const t = total === null ? null : Number(total);
  return {
    vendor: get('vendor_name'),
    doc_number: get('document_number'),
    issue_date: get('issue_date'),
    total: t !== null && Number.isFinite(t) ? t : null,
    currency: get('currency'),
  };
}

export function setListColumns(db: Db, documentId: number, c: ListColumns): void {
  runWrite(
    db,
    'UPDATE documents SET vendor = ?, doc_number = ?, issue_date = ?, total = ?, currency = ? WHERE id = ?',
    c.vendor,
    c.doc_number,
    c.issue_date,
    c.total,
    c.currency,
    documentId,
  );
}

/** The classification and list columns an extraction sets. */
export function setExtractionColumns(
  db: Db,
  documentId: number,
  x: { docType: DocumentRow['docType']; docTypeConfidence: number | null; confidence: number | null },
  c: ListColumns,
): void {
  runWrite(
    db,
    'UPDATE documents SET doc_type = ?, doc_type_conf = ?, confidence = ?, vendor = ?, doc_number = ?, issue_date = ?, total = ?, currency = ? WHERE id = ?',
    x.docType,
    x.docTypeConfidence,
    x.confidence,
    c.vendor,
    c.doc_number,
    c.issue_date,
    c.total,
    c.currency,
    documentId,
  );
}

// ---- review ----

/** undefined when there is no such document, null when it has no type. */
export function getDocType(db: Db, id: number): string | null | undefined {
  const r = getRow<{ doc_type: string | null }>(db, 'SELECT doc_type FROM documents WHERE id = ?', id);
  return r ? r.doc_type : undefined;
}

export function setDocType(db: Db, id: number, docType: string | null): void {
  runWrite(db, 'UPDATE documents SET doc_type = ? WHERE id = ?', docType, id);
}

/** Marks a document reviewed (a needs_review one becomes done); true when it changed. */
export function markDocumentReviewed(db: Db, id: number, at: number): boolean {
  return (
    runWrite(
      db,
      "UPDATE documents SET reviewed_at = ?, status = CASE WHEN status = 'needs_review' THEN 'done' ELSE status END WHERE id = ?",
      at,
      id,
    ).changes > 0
  );
}

/** Clears the reviewed mark; true when the document exists. */
export function clearDocumentReviewed(db: Db, id: number): boolean {
  return runWrite(db, 'UPDATE documents SET reviewed_at = NULL WHERE id = ?', id).changes > 0;
}

export interface DuplicateCandidate {
  id: number;
  name: string;
  batch_id: number;
}

/** Other originals (not byte duplicates) with the same vendor and document number, case-folded. */
export function sameVendorAndNumber(db: Db, id: number, vendor: string, docNumber: string): DuplicateCandidate[] {
  return allRows<DuplicateCandidate>(
    db,
    `SELECT id, name, batch_id FROM documents WHERE vendor = ? COLLATE NOCASE AND doc_number = ? COLLATE NOCASE AND doc_number IS NOT NULL
     AND id != ? AND duplicate_of IS NULL LIMIT 5`,
    vendor,
    docNumber,
    id,
  );
}

/** Other originals with the same vendor, total and issue date. */
export function sameVendorTotalAndDate(db: Db, id: number, vendor: string, total: number, issueDate: string): DuplicateCandidate[] {
  return allRows<DuplicateCandidate>(
    db,
    `SELECT id, name, batch_id FROM documents WHERE vendor = ? COLLATE NOCASE AND total = ? AND issue_date = ? AND total IS NOT NULL
     AND id != ? AND duplicate_of IS NULL LIMIT 5`,
    vendor,
    total,
    issueDate,
    id,
  );
}

// ---- the queue: ingest, claim, finish, retry ----

/** Whether a path is already recorded for a batch (an ingest run again after a crash skips it). */
export function isPathRecorded(db: Db, batchId: number, path: string): boolean {
  return getValue<number>(db, 'SELECT 1 FROM documents WHERE batch_id = ? AND path = ?', batchId, path) !== undefined;
}

/** The first original with these bytes, in any batch. */
export function firstCopyOf(db: Db, sha256: string): { id: number; path: string } | undefined {
  return getRow(db, 'SELECT id, path FROM documents WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1', sha256);
}

export interface IngestedDocument {
  batch_id: number;
  path: string;
  name: string;
  size: number | null;
  mtime: number | null;
  sha256: string | null;
  kind: string | null;
  mime: string | null;
  status: string;
  reason: string | null;
  duplicate_of: number | null;
  now: number;
  finished: number | null;
}

/** Records a found file; false when the batch already has it. */
export function insertIngestedDocument(db: Db, d: IngestedDocument): boolean {
  return (
    runWrite(
      db,
      `INSERT OR IGNORE INTO documents (batch_id, path, name, size, mtime, sha256, kind, mime, status, status_reason, duplicate_of, queued_at, finished_at)
       VALUES (@batch_id, @path, @name, @size, @mtime, @sha256, @kind, @mime, @status, @reason, @duplicate_of, @now, @finished)`,
      d,
    ).changes > 0
  );
}

export interface ClaimedDocument {
  id: number;
  batch_id: number;
  path: string;
  kind: string | null;
  attempts: number;
}

/**
 * Up to n queued documents of running batches whose backoff has passed: urgent batches' first, then oldest first.
 * Taken batch by batch through the (batch_id, status, id) index and merged here: one query ordering every queued
 * document by its batch's priority sorted them all in a temporary tree on each claim (1.4 ms at 900 queued, a claim
 * per finished document), while the running batches are few.
 */
export function claimableDocuments(db: Db, now: number, n: number): ClaimedDocument[] {
  const batches = allRows<{ id: number; urgent: number }>(
    db,
    `SELECT id, json_extract(options, '$.priority') IS 'urgent' AS urgent FROM batches WHERE status = 'running'`,
  );
  const rows: Array<ClaimedDocument & { urgent: number }> = [];
  for (const b of batches)
    for (const r of allRows<ClaimedDocument>(
      db,
      `SELECT id, batch_id, path, kind, attempts FROM documents
       WHERE batch_id = ? AND status = 'queued' AND (not_before IS NULL OR not_before <= ?) ORDER BY id LIMIT ?`,
      b.id,
      now,
      n,
    ))
      rows.push({ ...r, urgent: b.urgent });
  rows.sort((a, b) => b.urgent - a.urgent || a.id - b.id);
  return rows.slice(0, n).map(({ urgent: _urgent, ...r }) => r);
}

export function markDocumentProcessing(db: Db, id: number, now: number): void {
  runWrite(
    db,
    "UPDATE documents SET status = 'processing', attempts = attempts + 1, started_at = ?, not_before = NULL WHERE id = ?",
    now,
    id,
  );
}

/** The earliest time a backed-off document of a running batch may be claimed, or null. */
export function earliestRetryAt(db: Db): number | null {
  return (
    getValue<number | null>(
      db,
      "SELECT min(d.not_before) AS t FROM documents d JOIN batches b ON b.id = d.batch_id WHERE d.status = 'queued' AND b.status = 'running' AND d.not_before IS NOT NULL",
    ) ?? null
  );
}

/** Documents a crash left in flight too often fail for good; returns which. */
export function failCrashLoopingDocuments(
  db: Db,
  reason: string,
  at: number,
  maxAttempts: number,
): Array<{ id: number; batch_id: number }> {
  return allRows(
    db,
    "UPDATE documents SET status = 'failed', status_reason = ?, finished_at = ? WHERE status = 'processing' AND attempts >= ? RETURNING id, batch_id",
    reason,
    at,
    maxAttempts,
  );
}

/** Every document still marked in flight goes back to the queue; returns how many. */
export function requeueInFlightDocuments(db: Db): number {
  return runWrite(db, "UPDATE documents SET status = 'queued', started_at = NULL WHERE status = 'processing'").changes;
}

/** A document's final state; false when it is no longer in flight (cancelled or reset meanwhile). */
export function finishDocument(
  db: Db,
  id: number,
  f: { status: string; reason: string | null; method: string | null; pageCount: number | null; at: number; elapsedMs: number },
): boolean {
  return (
    runWrite(
      db,
      "UPDATE documents SET status = ?, status_reason = ?, method = ?, page_count = ?, finished_at = ?, elapsed_ms = ? WHERE id = ? AND status = 'processing'",
      f.status,
      f.reason,
      f.method,
      f.pageCount,
      f.at,
      f.elapsedMs,
      id,
    ).changes > 0
  );
}

/** An in-flight document back to the queue, not before `notBefore` (null: at once). */
export function requeueDocument(db: Db, id: number, notBefore: number | null, reason: string | null): void {
  runWrite(
    db,
    "UPDATE documents SET status = 'queued', not_before = ?, status_reason = ? WHERE id = ? AND status = 'processing'",
    notBefore,
    reason,
    id,
  );
}

/** An in-flight document of a cancelled batch. */
export function skipCancelledDocument(db: Db, id: number, at: number): void {
  runWrite(
    db,
    "UPDATE documents SET status = 'skipped', status_reason = 'batch cancelled', finished_at = ? WHERE id = ? AND status = 'processing'",
    at,
    id,
  );
}

/** Every queued document of a cancelled batch. */
export function skipQueuedDocuments(db: Db, batchId: number, at: number): number {
  return runWrite(
    db,
    "UPDATE documents SET status = 'skipped', status_reason = 'batch cancelled', finished_at = ? WHERE batch_id = ? AND status = 'queued'",
    at,
    batchId,
  ).changes;
}

/** Queued or in-flight documents left in a batch. */
export function unfinishedDocumentCount(db: Db, batchId: number): number {
  return (
    getValue<number>(db, "SELECT count(*) AS n FROM documents WHERE batch_id = ? AND status IN ('queued', 'processing')", batchId) ?? 0
  );
}

/** Failed documents (of one batch, or all) that a retry puts back in the queue. */
export function failedDocuments(db: Db, batchId?: number | null): Array<{ id: number; batch_id: number }> {
  return batchId != null
    ? allRows(db, "SELECT id, batch_id FROM documents WHERE status = 'failed' AND batch_id = ?", batchId)
    : allRows(db, "SELECT id, batch_id FROM documents WHERE status = 'failed'");
}

/** A finished document the user may send through again; undefined when it is missing or still queued. */
export function retryableDocument(db: Db, id: number): { id: number; batch_id: number } | undefined {
  return getRow(db, "SELECT id, batch_id FROM documents WHERE id = ? AND status IN ('failed', 'needs_review', 'done')", id);
}

/** Back to the queue with a fresh attempt count; true when it changed. */
export function resetDocumentForRetry(db: Db, id: number): boolean {
  return (
    runWrite(
      db,
      "UPDATE documents SET status = 'queued', status_reason = NULL, attempts = 0, not_before = NULL, finished_at = NULL WHERE id = ?",
      id,
    ).changes > 0
  );
}

/** The LLM ledger adds each paid call to its document. */
export function addDocumentCost(db: Db, id: number, usd: number): void {
  runWrite(db, 'UPDATE documents SET cost_usd = cost_usd + ? WHERE id = ?', usd, id);
}

// ---- search and export readers ----

export function documentNameAndFinish(db: Db, id: number): { name: string; finished_at: number | null } | undefined {
  return getRow(db, 'SELECT name, finished_at FROM documents WHERE id = ?', id);
}

export function latestFinishedAt(db: Db): number | null {
  return getValue<number | null>(db, 'SELECT max(finished_at) FROM documents WHERE finished_at IS NOT NULL') ?? null;
}

import type { BatchCounts, BatchOptions, BatchStatus, BatchSummary } from '../../contract/domain.js';
import type { Db } from './db.js';
import { batchSpentUsd } from './llm-ledger.js';
import { workProgress } from '../pipeline/progress.js';
import { ignoredCount } from './document-filters.js';
import { pageMethodCounts } from './pages.js';
import { duplicateCounts } from './intake.js';
import { allRows, getRow, runWrite } from './statements.js';

/** A row of the batches table. */
export interface BatchRow {
  id: number;
  name: string;
  status: BatchStatus;
  roots: string;
  options: string;
  created_at: number;
  finished_at: number | null;
  elapsed_ms: number;
  /** Migration 7: the watched folder whose rolling daily batch this is. */
  watch_folder_id?: number | null;
}

export function insertBatch(db: Db, b: { name: string; roots: string[]; options: BatchOptions }): number {
  return runWrite(
    db,
    "INSERT INTO batches (name, status, roots, options, created_at) VALUES (?, 'ingesting', ?, ?, ?)",
    b.name,
    JSON.stringify(b.roots),
    JSON.stringify(b.options),
    Date.now(),
  ).lastInsertRowid;
}

export function getBatchRow(db: Db, id: number): BatchRow | undefined {
  return getRow<BatchRow>(db, 'SELECT * FROM batches WHERE id = ?', id);
}

export function batchOptions(row: BatchRow): BatchOptions {
  try {
    return JSON.parse(row.options) as BatchOptions;
  } catch {
    return {};
  }
}

export function setBatchStatus(db: Db, id: number, status: BatchStatus): void {
  const finished = status === 'done' || status === 'cancelled' ? Date.now() : null;
  runWrite(db, 'UPDATE batches SET status = ?, finished_at = ? WHERE id = ?', status, finished, id);
}

export function addBatchElapsed(db: Db, id: number, ms: number): void {
  runWrite(db, 'UPDATE batches SET elapsed_ms = elapsed_ms + ? WHERE id = ?', Math.round(ms), id);
}

export function batchCounts(db: Db, id: number): BatchCounts {
  // Covered by documents_batch_status: no table scan even at 100k rows.
  const rows = allRows<{ status: keyof BatchCounts; n: number }>(
    db,
    'SELECT status, count(*) AS n FROM documents WHERE batch_id = ? GROUP BY status',
    id,
  );
  const c: BatchCounts = { total: 0, queued: 0, processing: 0, done: 0, needs_review: 0, failed: 0, skipped: 0 };
  for (const r of rows) {
    if (r.status in c) c[r.status] += r.n;
    c.total += r.n;
  }
  return c;
}

/** The page figures progress is computed from: pages read, and pages (or unopened files) still to read. */
function pageWork(db: Db, batchId: number): { pagesRead: number; docsRead: number; pagesKnownLeft: number; docsUnknownLeft: number } {
  const r = getRow<{ pages_read: number | null; docs_read: number; pages_left: number | null; unknown_left: number }>(
    db,
    `SELECT
       sum(CASE WHEN status IN ('done', 'needs_review', 'failed') THEN page_count END) AS pages_read,
       count(CASE WHEN status IN ('done', 'needs_review', 'failed') AND page_count IS NOT NULL THEN 1 END) AS docs_read,
       sum(CASE WHEN status IN ('queued', 'processing') THEN page_count END) AS pages_left,
       count(CASE WHEN status IN ('queued', 'processing') AND page_count IS NULL THEN 1 END) AS unknown_left
     FROM documents WHERE batch_id = ?`,
    batchId,
  );
  return {
    pagesRead: r?.pages_read ?? 0,
    docsRead: r?.docs_read ?? 0,
    pagesKnownLeft: r?.pages_left ?? 0,
    docsUnknownLeft: r?.unknown_left ?? 0,
  };
}

export function summarizeBatch(db: Db, row: BatchRow, liveElapsedMs = 0): BatchSummary {
  const counts = batchCounts(db, row.id);
  const pages = pageMethodCounts(db, row.id);
  const pagesByMethod = { text: 0, ocr: 0 };
  for (const p of pages) if (p.method === 'text' || p.method === 'ocr') pagesByMethod[p.method] = p.n;
  const totalPages = pagesByMethod.text + pagesByMethod.ocr;
  const options = batchOptions(row);
  const elapsedMs = row.elapsed_ms + liveElapsedMs;
  const work = workProgress({ ...pageWork(db, row.id), elapsedMs, active: row.status === 'running' || row.status === 'ingesting' });
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    counts,
    pages: totalPages,
    pagesByMethod,
    elapsedMs,
    pagesPerSec: elapsedMs > 0 ? (totalPages * 1000) / elapsedMs : 0,
    etaMs: work.etaMs,
    progress: work.fraction,
    pagesLeft: work.pagesLeft,
    ignored: counts.skipped ? ignoredCount(db, row.id) : 0,
    costUsd: batchSpentUsd(db, row.id),
    budgetUsd: options.budgetUsd ?? null,
    options,
    duplicates: duplicateCounts(db, row.id),
    watchedFolderId: row.watch_folder_id ?? null,
  };
}

export function listBatchRows(db: Db): BatchRow[] {
  return allRows<BatchRow>(db, 'SELECT * FROM batches ORDER BY id DESC');
}

export function unfinishedBatchRows(db: Db): BatchRow[] {
  return allRows<BatchRow>(db, "SELECT * FROM batches WHERE status IN ('ingesting', 'running', 'paused') ORDER BY id");
}

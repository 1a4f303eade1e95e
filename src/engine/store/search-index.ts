import type { Db } from './db.js';
import { searchFtsSql } from './migrations/009_search_prefixes.js';
import { allRows, allValues, forgetStatements, getValue, iterateRows, runWrite } from './statements.js';

/**
 * The search tables of migration 002: search_fts (FTS5 over page text, field values and file names; its prefix
 * index rebuilt for 2- and 3-letter prefixes by migration 009),
 * search_state (what is indexed per document), search_dirty (documents to re-index) and search_meta (the
 * watermarks). The indexing policy lives in search/index.ts; this module only reads and writes the rows.
 */

export function searchMeta(db: Db, key: string): number {
  return getValue<number>(db, 'SELECT value FROM search_meta WHERE key = ?', key) ?? 0;
}

export function setSearchMeta(db: Db, key: string, value: number): void {
  runWrite(db, 'INSERT INTO search_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
}

/** Documents in a final state finished since `since` whose indexed copy is older (or missing). */
export function finishedSinceUnindexed(db: Db, since: number): number[] {
  // The unary + keeps the planner on documents_finished_at: by the status index it read 95k rows (67 ms
  // per call at 100k documents) instead of the last minute's few.
  const out: number[] = [];
  for (const r of iterateRows<{ id: number }>(
    db,
    `SELECT d.id FROM documents d LEFT JOIN search_state s ON s.document_id = d.id
     WHERE d.finished_at >= ? AND +d.status IN ('done', 'needs_review', 'failed', 'skipped')
       AND (s.finished_at IS NULL OR s.finished_at <> d.finished_at)`,
    since,
  ))
    out.push(r.id);
  return out;
}

export function dirtyDocumentIds(db: Db): number[] {
  return allValues<number>(db, 'SELECT document_id FROM search_dirty');
}

export function clearDirtyDocuments(db: Db): void {
  runWrite(db, 'DELETE FROM search_dirty');
}

/** Queue a document for re-indexing. */
export function markSearchDirty(db: Db, documentId: number): void {
  runWrite(db, 'INSERT OR IGNORE INTO search_dirty (document_id) VALUES (?)', documentId);
}

/** Index rows in a rowid range. FTS5 scans the whole table for a rowid range (~55 ms at 5k documents), but
 * its content shadow table is an ordinary rowid table, so it lists a document's rows cheaply. */
export function indexedRowids(db: Db, lo: number, hi: number): number[] {
  return allValues<number>(db, 'SELECT id FROM search_fts_content WHERE id BETWEEN ? AND ?', lo, hi);
}

/** FTS5 seeks a single rowid, so rows are deleted one at a time. */
export function deleteIndexRow(db: Db, rowid: number): void {
  runWrite(db, 'DELETE FROM search_fts WHERE rowid = ?', rowid);
}

export function insertIndexRow(db: Db, rowid: number, text: string, field: string | null): void {
  runWrite(db, 'INSERT INTO search_fts (rowid, text, field) VALUES (?, ?, ?)', rowid, text, field);
}

export function setIndexedState(db: Db, documentId: number, finishedAt: number | null, at: number): void {
  runWrite(
    db,
    'INSERT INTO search_state (document_id, finished_at, indexed_at) VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET finished_at = excluded.finished_at, indexed_at = excluded.indexed_at',
    documentId,
    finishedAt,
    at,
  );
}

export function deleteIndexedState(db: Db, documentId: number): void {
  runWrite(db, 'DELETE FROM search_state WHERE document_id = ?', documentId);
}

/** Drop the index and its bookkeeping; the caller re-indexes. Dropping is far quicker than DELETE, which
 * tokenises every row again to unindex it. */
export function dropSearchIndex(db: Db): void {
  db.transaction(() => {
    db.exec(`DROP TABLE search_fts; ${searchFtsSql}; DELETE FROM search_state; DELETE FROM search_dirty; UPDATE search_meta SET value = 0`);
  })();
  forgetStatements(db);
}

/** Merge the index's segments (after a rebuild). */
export function optimizeSearchIndex(db: Db): void {
  runWrite(db, "INSERT INTO search_fts (search_fts) VALUES ('optimize')");
}

export interface SearchHitDbRow {
  rowid: number;
  field: string | null;
  snippet: string;
  score: number;
  batch_id: number;
  name: string;
  path: string;
}

/**
 * Matches ranked per query at most: the newest this many index rows that match (a row is a page, a field value
 * or a file name; rowids grow with document ids). A query matching fewer rows is ranked over all of them, as
 * before; a common word or short prefix matching most of 100k documents is ranked over the newest matches, so
 * it answers in tens of milliseconds instead of scoring and snippeting a million rows (150-550 ms measured).
 */
export const RANKED_CANDIDATES = 5000;

/**
 * Best `limit` matches of an FTS5 query (bm25, lower is better) among its newest RANKED_CANDIDATES, with their document.
 *
 * How FTS5 spends time here, measured at 100k documents (1.07 million rows): walking a doclist newest first with
 * ORDER BY rowid DESC LIMIT stops after the rows it needs (5,000 rowids of "invoice" in 1-3 ms), but a lower rowid
 * bound (rowid >= ?, BETWEEN, even rowid = ?) costs as much as scanning the whole doclist (12-40 ms), so no
 * statement below has one. bm25 scans each phrase's whole doclist once per query for its document frequency
 * (10-25 ms for a word or phrase in every document; the part of the cost the bound cannot remove). Reading the
 * field column loads a row's stored content (2 KB of page text), 15-30 ms for 5,000 rows, so it is read for the
 * winners only, as are snippets.
 */
export function matchIndex(db: Db, ftsQuery: string, limit: number, slots: number): SearchHitDbRow[] {
  // Equal scores newest first: a word every file name holds scores alike, and the newest documents are the ones a
  // clerk is looking for.
  const top = allRows<{ rowid: number; score: number }>(
    db,
    `SELECT rowid, score FROM (
       SELECT rowid, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?
     ) ORDER BY score, rowid DESC LIMIT ?`,
    ftsQuery,
    RANKED_CANDIDATES,
    limit,
  );
  if (!top.length) return [];
  const ids = top.map((r) => r.rowid);
  const idList = JSON.stringify(ids);
  // Snippets for the winners only, walking down from the newest of them and stopping at the last: the unary +
  // keeps the id list a filter, applied before a snippet is made.
  const snippets = new Map(
    allRows<{ rowid: number; snippet: string }>(
      db,
      `SELECT rowid, snippet(search_fts, 0, '«', '»', '…', 24) AS snippet FROM search_fts
       WHERE search_fts MATCH ? AND rowid <= ? AND +rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid DESC LIMIT ?`,
      ftsQuery,
      Math.max(...ids),
      idList,
      ids.length,
    ).map((r) => [r.rowid, r.snippet]),
  );
  // The field label from FTS5's content table (c1 is the field column), by rowid.
  const fields = new Map(
    allRows<{ id: number; field: string | null }>(
      db,
      'SELECT id, c1 AS field FROM search_fts_content WHERE id IN (SELECT value FROM json_each(?))',
      idList,
    ).map((r) => [r.id, r.field]),
  );
  const docs = new Map(
    allRows<{ id: number; batch_id: number; name: string; path: string }>(
      db,
      'SELECT id, batch_id, name, path FROM documents WHERE id IN (SELECT value FROM json_each(?))',
      JSON.stringify([...new Set(ids.map((id) => Math.floor(id / Math.trunc(slots))))]),
    ).map((d) => [d.id, d]),
  );
  const out: SearchHitDbRow[] = [];
  for (const r of top) {
    const d = docs.get(Math.floor(r.rowid / Math.trunc(slots)));
    if (d)
      out.push({
        rowid: r.rowid,
        field: fields.get(r.rowid) ?? null,
        snippet: snippets.get(r.rowid) ?? '',
        score: r.score,
        batch_id: d.batch_id,
        name: d.name,
        path: d.path,
      });
  }
  return out;
}

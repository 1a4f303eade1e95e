import type { SearchHit } from '../../contract/engine-api.js';
import type { Db } from '../store/db.js';
import { searchFtsSql } from '../store/migrations/002_search.js';
import { toFtsQuery } from './query.js';

export { toFtsQuery } from './query.js';

/**
 * Full-text search over page text, field values and file names (migration 002).
 *
 * The index is not kept in sync by triggers (FIELD-NOTES: 12x slower bulk inserts). Instead indexPending()
 * catches up in one transaction, driven by two watermarks:
 *  - documents.finished_at: every document that reached a final state since the last call (minus a slack,
 *    because a worker's finished_at can be committed a little after a later one);
 *  - corrections.id: every user edit goes through updateField, which records a correction.
 * search_dirty (markDocumentDirty) covers anything else that changes a document's text or fields.
 */

/** rowid = document_id * SLOTS + slot: a document's rows are one rowid range (page i → slot i, fields from
 * FIELD_SLOT0, the file name last), found in the content table and deleted one rowid at a time. */
const SLOTS = 4096;
const MAX_PAGES = 4000;
const FIELD_SLOT0 = 4000;
const NAME_SLOT = SLOTS - 1;
const MAX_FIELDS = NAME_SLOT - FIELD_SLOT0;
/** Field label used for hits in the file name. */
export const FILE_NAME_FIELD = 'file_name';

/**
 * A finished_at committed up to this long after a later one is still picked up. Each call re-checks the
 * documents finished within this window, so it is kept short: the writer commits within seconds.
 */
const FINISH_SLACK_MS = 60_000;

interface Stmts {
  meta: (key: string) => number;
  setMeta: (key: string, value: number) => void;
  finished: (since: number) => Iterable<{ id: number }>;
  maxFinished: () => number | null;
  corrected: (after: number) => Iterable<{ document_id: number }>;
  maxCorrection: () => number | null;
  dirty: () => Iterable<{ document_id: number }>;
  clearDirty: () => void;
  reindex: (id: number) => void;
}

const cache = new WeakMap<Db, Stmts>();

function stmts(db: Db): Stmts {
  const hit = cache.get(db);
  if (hit) return hit;
  const getMeta = db.prepare('SELECT value FROM search_meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT INTO search_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  // The unary + keeps the planner on documents_finished_at: by the status index it read 95k rows (67 ms
  // per call at 100k documents) instead of the last minute's few.
  const finished = db.prepare(
    `SELECT d.id FROM documents d LEFT JOIN search_state s ON s.document_id = d.id
     WHERE d.finished_at >= ? AND +d.status IN ('done', 'needs_review', 'failed', 'skipped')
       AND (s.finished_at IS NULL OR s.finished_at <> d.finished_at)`,
  );
  const maxFinished = db.prepare('SELECT max(finished_at) FROM documents WHERE finished_at IS NOT NULL').pluck();
  const corrected = db.prepare('SELECT DISTINCT document_id FROM corrections WHERE id > ?');
  const maxCorrection = db.prepare('SELECT max(id) FROM corrections').pluck();
  const dirty = db.prepare('SELECT document_id FROM search_dirty');
  const clearDirty = db.prepare('DELETE FROM search_dirty');
  // FTS5 scans the whole table for a rowid range (~55 ms at 5k documents), but seeks a single rowid; its
  // content shadow table is an ordinary rowid table, so it lists a document's rows cheaply.
  const existing = db.prepare('SELECT id FROM search_fts_content WHERE id BETWEEN ? AND ?').pluck();
  const del = db.prepare('DELETE FROM search_fts WHERE rowid = ?');
  const doc = db.prepare('SELECT name, finished_at FROM documents WHERE id = ?');
  const pages = db.prepare('SELECT page_index, text FROM page_text WHERE document_id = ? AND page_index < ? ORDER BY page_index');
  const fields = db.prepare("SELECT name, value FROM fields WHERE document_id = ? AND value IS NOT NULL AND value <> '' ORDER BY name");
  const ins = db.prepare('INSERT INTO search_fts (rowid, text, field) VALUES (?, ?, ?)');
  const setState = db.prepare(
    'INSERT INTO search_state (document_id, finished_at, indexed_at) VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET finished_at = excluded.finished_at, indexed_at = excluded.indexed_at',
  );
  const delState = db.prepare('DELETE FROM search_state WHERE document_id = ?');

  const reindex = (id: number): void => {
    const base = id * SLOTS;
    for (const rowid of existing.all(base, base + SLOTS - 1) as number[]) del.run(rowid);
    const d = doc.get(id) as { name: string; finished_at: number | null } | undefined;
    if (!d) {
      delState.run(id);
      return;
    }
    for (const p of pages.all(id, MAX_PAGES) as Array<{ page_index: number; text: string }>) {
      if (p.text.trim()) ins.run(base + p.page_index, p.text, null);
    }
    const fs = fields.all(id) as Array<{ name: string; value: string }>;
    fs.slice(0, MAX_FIELDS).forEach((f, i) => ins.run(base + FIELD_SLOT0 + i, f.value, f.name));
    ins.run(base + NAME_SLOT, d.name, FILE_NAME_FIELD);
    setState.run(id, d.finished_at, Date.now());
  };

  const s: Stmts = {
    meta: (key) => (getMeta.get(key) as number | undefined) ?? 0,
    setMeta: (key, value) => void setMeta.run(key, value),
    finished: (since) => finished.iterate(since) as Iterable<{ id: number }>,
    maxFinished: () => (maxFinished.get() as number | null) ?? null,
    corrected: (after) => corrected.iterate(after) as Iterable<{ document_id: number }>,
    maxCorrection: () => (maxCorrection.get() as number | null) ?? null,
    dirty: () => dirty.iterate() as Iterable<{ document_id: number }>,
    clearDirty: () => void clearDirty.run(),
    reindex,
  };
  cache.set(db, s);
  return s;
}

/** Finished documents indexed per call at most, so a backlog (an existing store after the migration, a
 * bulk import) never holds the write lock for long: ~0.5 ms per document, so a second or two. */
export const INDEX_CHUNK = 3000;

/**
 * Bring the search index up to date with every document finished, edited or marked dirty since the last
 * call, in one transaction. Cheap when nothing changed (a few indexed lookups), so the scheduler's writer
 * can call it after every flush. Edits are always indexed in full; finished documents at most `max` per
 * call (the rest on the next call). Returns the number of documents (re)indexed: loop while it is > 0 to
 * drain a backlog.
 */
export function indexPending(db: Db, opts: { max?: number } = {}): number {
  const max = Math.max(1, opts.max ?? INDEX_CHUNK);
  const s = stmts(db);
  return db.transaction(() => {
    const wmFinished = s.meta('finished_at');
    const wmCorrection = s.meta('correction_id');
    // Read the new high-water marks first: anything committed after this point is newer and seen next time.
    const maxFinished = s.maxFinished();
    const maxCorrection = s.maxCorrection();
    const finished: number[] = [];
    for (const r of s.finished(wmFinished > 0 ? wmFinished - FINISH_SLACK_MS : 0)) finished.push(r.id);
    finished.sort((a, b) => a - b);
    const complete = finished.length <= max;
    const ids = new Set<number>(complete ? finished : finished.slice(0, max));
    for (const r of s.corrected(wmCorrection)) ids.add(r.document_id);
    for (const r of s.dirty()) ids.add(r.document_id);
    s.clearDirty();
    // Ascending rowids: FTS5 flushes its in-memory segment whenever a rowid is not above the previous one.
    for (const id of [...ids].sort((a, b) => a - b)) s.reindex(id);
    // Documents left over keep the finished watermark where it is; those done now no longer match the
    // query (search_state has their finished_at), so each call makes progress.
    if (complete && maxFinished !== null && maxFinished > wmFinished) s.setMeta('finished_at', maxFinished);
    if (maxCorrection !== null && maxCorrection > wmCorrection) s.setMeta('correction_id', maxCorrection);
    return ids.size;
  })();
}

/**
 * Queue a document for re-indexing on the next indexPending(). Needed only for changes that neither set a
 * new finished_at nor go through updateField (which records a correction and is picked up by itself).
 */
export function markDocumentDirty(db: Db, documentId: number): void {
  db.prepare('INSERT OR IGNORE INTO search_dirty (document_id) VALUES (?)').run(documentId);
}

/** Drop and rebuild the whole index (after a restore, or to recover from a damaged index). */
export function rebuildSearchIndex(db: Db): number {
  // Dropping the table is far quicker than DELETE, which tokenises every row again to unindex it.
  db.transaction(() => {
    db.exec(`DROP TABLE search_fts; ${searchFtsSql}; DELETE FROM search_state; DELETE FROM search_dirty; UPDATE search_meta SET value = 0`);
  })();
  cache.delete(db);
  let n = 0;
  for (let k; (k = indexPending(db)) > 0;) n += k;
  db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
  return n;
}

interface HitRow {
  rowid: number;
  field: string | null;
  snippet: string;
  score: number;
  batch_id: number;
  name: string;
  path: string;
}

/**
 * Search page text, field values and file names. `query` is user text: words are ANDed, "quoted words" are
 * phrases, a trailing * makes a prefix, OR between two terms is honoured; anything else is taken literally
 * (see toFtsQuery), so no input throws. Best hits first; `rank` is the bm25 score, higher is better.
 * `page` is the 0-based page index (PageDetail.index) for page-text hits, null for field and name hits.
 */
export function search(db: Db, query: string, limit = 50): SearchHit[] {
  try {
    indexPending(db);
  } catch (err) {
    // A read-only store can still be searched as far as it is indexed.
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_READONLY')) throw err;
  }
  const fts = toFtsQuery(query);
  if (!fts) return [];
  const n = Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 50), 1), 1000);
  const rows = db
    .prepare(
      `SELECT h.rowid, h.field, h.snippet, h.score, d.batch_id, d.name, d.path
       FROM (SELECT rowid, field, snippet(search_fts, 0, '«', '»', '…', 24) AS snippet, bm25(search_fts) AS score
             FROM search_fts WHERE search_fts MATCH ? ORDER BY score LIMIT ?) h
       JOIN documents d ON d.id = h.rowid / ${SLOTS}
       ORDER BY h.score`,
    )
    .all(fts, n) as HitRow[];
  return rows.map((r) => {
    const slot = r.rowid % SLOTS;
    return {
      documentId: Math.floor(r.rowid / SLOTS),
      batchId: r.batch_id,
      name: r.name,
      path: r.path,
      page: slot < FIELD_SLOT0 ? slot : null,
      field: slot < FIELD_SLOT0 ? null : r.field,
      snippet: r.snippet.replace(/\s+/g, ' ').trim(),
      rank: -r.score,
    };
  });
}

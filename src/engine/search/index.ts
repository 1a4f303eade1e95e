import type { SearchHit } from '../../contract/engine-api.js';
import { documentsCorrectedAfter, latestCorrectionIdOverall } from '../store/corrections.js';
import type { Db } from '../store/db.js';
import { documentNameAndFinish, latestFinishedAt } from '../store/documents.js';
import { filledFieldValues } from '../store/fields.js';
import { pageTexts } from '../store/pages.js';
import {
  clearDirtyDocuments,
  deleteIndexedState,
  deleteIndexRow,
  dirtyDocumentIds,
  dropSearchIndex,
  finishedSinceUnindexed,
  indexedRowids,
  insertIndexRow,
  markSearchDirty,
  matchIndex,
  optimizeSearchIndex,
  searchMeta,
  setIndexedState,
  setSearchMeta,
} from '../store/search-index.js';
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

/** Re-index one document: drop its rows, then add its page texts, field values and file name. */
function reindex(db: Db, id: number): void {
  const base = id * SLOTS;
  for (const rowid of indexedRowids(db, base, base + SLOTS - 1)) deleteIndexRow(db, rowid);
  const d = documentNameAndFinish(db, id);
  if (!d) {
    deleteIndexedState(db, id);
    return;
  }
  for (const p of pageTexts(db, id, MAX_PAGES)) {
    if (p.text.trim()) insertIndexRow(db, base + p.page_index, p.text, null);
  }
  filledFieldValues(db, id)
    .slice(0, MAX_FIELDS)
    .forEach((f, i) => insertIndexRow(db, base + FIELD_SLOT0 + i, f.value, f.name));
  insertIndexRow(db, base + NAME_SLOT, d.name, FILE_NAME_FIELD);
  setIndexedState(db, id, d.finished_at, Date.now());
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
  return db.transaction(() => {
    const wmFinished = searchMeta(db, 'finished_at');
    const wmCorrection = searchMeta(db, 'correction_id');
    // Read the new high-water marks first: anything committed after this point is newer and seen next time.
    const maxFinished = latestFinishedAt(db);
    const maxCorrection = latestCorrectionIdOverall(db);
    const finished = finishedSinceUnindexed(db, wmFinished > 0 ? wmFinished - FINISH_SLACK_MS : 0);
    finished.sort((a, b) => a - b);
    const complete = finished.length <= max;
    const ids = new Set<number>(complete ? finished : finished.slice(0, max));
    for (const id of documentsCorrectedAfter(db, wmCorrection)) ids.add(id);
    for (const id of dirtyDocumentIds(db)) ids.add(id);
    clearDirtyDocuments(db);
    // Ascending rowids: FTS5 flushes its in-memory segment whenever a rowid is not above the previous one.
    for (const id of [...ids].sort((a, b) => a - b)) reindex(db, id);
    // Documents left over keep the finished watermark where it is; those done now no longer match the
    // query (search_state has their finished_at), so each call makes progress.
    if (complete && maxFinished !== null && maxFinished > wmFinished) setSearchMeta(db, 'finished_at', maxFinished);
    if (maxCorrection !== null && maxCorrection > wmCorrection) setSearchMeta(db, 'correction_id', maxCorrection);
    return ids.size;
  })();
}

/**
 * Queue a document for re-indexing on the next indexPending(). Needed only for changes that neither set a
 * new finished_at nor go through updateField (which records a correction and is picked up by itself).
 */
export function markDocumentDirty(db: Db, documentId: number): void {
  markSearchDirty(db, documentId);
}

/** Drop and rebuild the whole index (after a restore, or to recover from a damaged index). */
export function rebuildSearchIndex(db: Db): number {
  dropSearchIndex(db);
  let n = 0;
  for (let k; (k = indexPending(db)) > 0;) n += k;
  optimizeSearchIndex(db);
  return n;
}

/**
 * Search page text, field values and file names. `query` is user text: words are ANDed, "quoted words" are
 * phrases, a trailing * makes a prefix, OR between two terms is honoured; anything else is taken literally
 * (see toFtsQuery), so no input throws. Best hits first; `rank` is the bm25 score, higher is better.
 * `page` is the 0-based page index (PageDetail.index) for page-text hits, null for field and name hits.
 */
export function search(db: Db, query: string, limit = 50, opts: { catchUp?: boolean } = {}): SearchHit[] {
  // A read-only store (the engine opened read-only, a read-only folder) is searched as far as it is indexed.
  if (opts.catchUp !== false && !db.readonly) {
    try {
      indexPending(db);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_READONLY')) throw err;
    }
  }
  const fts = toFtsQuery(query);
  if (!fts) return [];
  const n = Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 50), 1), 1000);
  const rows = matchIndex(db, fts, n, SLOTS);
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

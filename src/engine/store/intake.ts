/**
 * SQL for intake beyond dropped folders (migration 7): documents derived from others (attachments, archive
 * entries, split parts), e-mails, page-1 perceptual hashes and possible duplicates, watched folders and the files
 * taken from them.
 */
import type { BatchOptions } from '../../contract/domain.js';
import type { DuplicateCounts } from '../../contract/schemas/batches.js';
import type {
  DocumentOrigin,
  DocumentPart,
  DocumentSource,
  DuplicateLink,
  EmailInfo,
  WatchedFolder,
} from '../../contract/schemas/intake.js';
import { Checkpointer } from './checkpoint-in-thread.js';
import type { Db } from './db.js';
import type { IngestedDocument } from './documents.js';
import { allRows, allValues, getRow, getValue, runWrite } from './statements.js';

// ---- derived documents ----

/** A document taken out of another (an attachment, an archive entry, a split part): an ingested one plus its origin. */
export interface NewDocument extends IngestedDocument {
  parent_id: number | null;
  origin: DocumentOrigin | null;
  origin_name: string | null;
  first_page: number | null;
  last_page: number | null;
}

/**
 * Records a document (found or derived); its id, or null when the batch already has that path. Positional
 * parameters and run() instead of named ones and RETURNING: ingest calls this once per file, and binding 18
 * names and building a result row took a third of its cost (100,000 rows: 2.0 s CPU against 1.3 s, issue 14).
 */
export function insertDocument(db: Db, d: NewDocument): number | null {
  const r = runWrite(
    db,
    `INSERT OR IGNORE INTO documents (batch_id, path, name, size, mtime, sha256, kind, mime, status, status_reason, duplicate_of,
       queued_at, finished_at, parent_id, origin, origin_name, first_page, last_page)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    d.batch_id,
    d.path,
    d.name,
    d.size,
    d.mtime,
    d.sha256,
    d.kind,
    d.mime,
    d.status,
    d.reason,
    d.duplicate_of,
    d.now,
    d.finished,
    d.parent_id,
    d.origin,
    d.origin_name,
    d.first_page,
    d.last_page,
  );
  return r.changes ? r.lastInsertRowid : null;
}

/** WAL pages between automatic checkpoints while files are recorded in bulk (SQLite's default is 1,000). */
const BULK_CHECKPOINT_PAGES = 10_000;
/** Rows written between the checkpoints a bulk intake starts on the checkpoint thread (none below this in all). */
const THREAD_CHECKPOINT_ROWS = 16_384;
/** WAL frames (4 KB pages: 128 MB) past which the next write waits for a checkpoint to copy them all, so the WAL starts over. */
const WAL_CATCH_UP_FRAMES = 32_768;

/** How a bulk intake paces its writes around the checkpoints (withBulkCheckpoints). */
export interface BulkWrites {
  /** Before a write transaction: null, or a checkpoint to wait for first (the event loop free meanwhile). */
  beforeWrite(): Promise<void> | null;
  /** After a write transaction that recorded `rows` rows. */
  written(rows: number): void;
}

/** Per connection: the bulk intakes running and their checkpoint thread. */
interface BulkState {
  intakes: number;
  checkpointer: Checkpointer | null;
  /** The checkpoint under way on the thread. */
  running: Promise<void> | null;
  /** Rows written since the last checkpoint began; WAL frames the last one found. */
  rows: number;
  walFrames: number;
  /** The thread could not be used: SQLite's automatic checkpoints do the work. */
  failed: boolean;
}
const bulkIntakes = new WeakMap<Db, BulkState>();

/**
 * Run a bulk intake with its WAL checkpoints off the engine's thread. Each checkpoint copies the WAL into the database
 * and syncs both to disk; a commit of thousands of new rows (their random SHA-256 keys touch most of that index's
 * pages) passes SQLite's default of 1,000 pages every time, and the commit that passes the mark runs it on the
 * writer's thread: 50-200 ms each with the event loop held, most of it waiting for the disk (issue 14). So once an
 * intake has written THREAD_CHECKPOINT_ROWS rows, automatic checkpoints stop and a checkpoint thread with its own
 * connection (checkpoint-in-thread.ts) runs a PASSIVE checkpoint every THREAD_CHECKPOINT_ROWS rows beside the writes.
 * The WAL can only start over when a checkpoint has copied all of it before the next write, which never happens
 * while writes go on, so when a checkpoint finds more than WAL_CATCH_UP_FRAMES frames the next write waits
 * for one more (16,384 rows and 32,768 frames rather than half of each: 0.19-0.20 CPU-s of checkpoints per 100,000
 * files instead of 0.24-0.26, and fewer waits). A smaller intake (a watched folder's few files) starts no thread and
 * keeps automatic checkpoints, every BULK_CHECKPOINT_PAGES pages. Intakes may overlap; the last to end runs a final
 * checkpoint on the thread (so the next write starts the WAL over), stops it and restores the default.
 */
export async function withBulkCheckpoints<T>(db: Db, run: (writes: BulkWrites) => Promise<T>): Promise<T> {
  let state = bulkIntakes.get(db);
  if (!state) {
    state = { intakes: 0, checkpointer: null, running: null, rows: 0, walFrames: 0, failed: db.memory };
    bulkIntakes.set(db, state);
  }
  const s = state;
  s.intakes++;
  if (s.intakes === 1 && !s.checkpointer) db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
  /** Starts a checkpoint on the thread (starting the thread first), unless one is under way. */
  const start = (): Promise<void> | null => {
    if (s.running || s.failed) return s.running;
    if (!s.checkpointer) {
      try {
        s.checkpointer = new Checkpointer(db.name);
      } catch {
        s.failed = true;
        return null;
      }
      db.pragma('wal_autocheckpoint = 0');
    }
    s.rows = 0;
    s.running = s.checkpointer.checkpoint().then((r) => {
      s.running = null;
      if (r.ok) s.walFrames = r.log;
      else {
        // Back to SQLite's own checkpoints on this connection; the intake goes on.
        s.failed = true;
        if (db.open) db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
      }
    });
    return s.running;
  };
  const writes: BulkWrites = {
    beforeWrite: () => {
      if (s.failed || s.walFrames < WAL_CATCH_UP_FRAMES) return null;
      s.walFrames = 0;
      // A checkpoint begun before the writes stopped may leave the last frames: one more after it.
      return (async () => {
        await s.running;
        await start();
      })();
    },
    written: (rows) => {
      s.rows += rows;
      if (s.rows >= THREAD_CHECKPOINT_ROWS) void start();
    },
  };
  try {
    return await run(writes);
  } finally {
    s.intakes--;
    if (s.intakes === 0) {
      await s.running;
      // A connection closed meanwhile (a test's, or at shutdown) keeps nothing to restore.
      if (s.checkpointer && db.open && !s.failed) await start();
      // Unless another intake began meanwhile: it keeps the thread.
      if (s.intakes === 0) {
        bulkIntakes.delete(db);
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
        await s.checkpointer?.close();
      }
    }
  }
}

/** Every path a batch has recorded (a resumed ingest skips them), read in one query. */
export function recordedPaths(db: Db, batchId: number): Set<string> {
  return new Set(allValues<string>(db, 'SELECT path FROM documents WHERE batch_id = ?', batchId));
}

/** The id of the document a batch recorded for a path. */
export function documentIdByPath(db: Db, batchId: number, path: string): number | undefined {
  return getValue<number>(db, 'SELECT id FROM documents WHERE batch_id = ? AND path = ?', batchId, path);
}

/** A container (e-mail, archive, multi-invoice file) is final once its contents are recorded. */
export function finishContainer(db: Db, id: number, status: string, reason: string, at: number, pageCount: number | null = null): void {
  runWrite(
    db,
    'UPDATE documents SET status = ?, status_reason = ?, finished_at = ?, page_count = coalesce(?, page_count) WHERE id = ?',
    status,
    reason,
    at,
    pageCount,
    id,
  );
}

interface PartDbRow {
  id: number;
  name: string;
  origin: DocumentOrigin;
  status: string;
  first_page: number | null;
  last_page: number | null;
  vendor: string | null;
  doc_number: string | null;
  total: number | null;
}

/** What was derived from a document, split parts in page order. */
export function documentParts(db: Db, parentId: number): DocumentPart[] {
  return allRows<PartDbRow>(
    db,
    `SELECT id, name, origin, status, first_page, last_page, vendor, doc_number, total FROM documents
     WHERE parent_id = ? ORDER BY coalesce(first_page, 0), id`,
    parentId,
  ).map((r) => ({
    id: r.id,
    name: r.name,
    origin: r.origin,
    status: r.status,
    firstPage: r.first_page,
    lastPage: r.last_page,
    vendor: r.vendor,
    docNumber: r.doc_number,
    total: r.total,
  }));
}

export interface SplitPartRow {
  id: number;
  batch_id: number;
  path: string;
  first_page: number;
  last_page: number;
}

/** A file's split parts, in page order. */
export function splitParts(db: Db, parentId: number): SplitPartRow[] {
  return allRows<SplitPartRow>(
    db,
    "SELECT id, batch_id, path, first_page, last_page FROM documents WHERE parent_id = ? AND origin = 'split-part' ORDER BY first_page",
    parentId,
  );
}

/** The link a derived document keeps, or undefined for a file found on disk. */
export function parentLink(
  db: Db,
  id: number,
):
  | { parent_id: number; origin: DocumentOrigin; origin_name: string | null; first_page: number | null; last_page: number | null }
  | undefined {
  return getRow(
    db,
    'SELECT parent_id, origin, origin_name, first_page, last_page FROM documents WHERE id = ? AND parent_id IS NOT NULL',
    id,
  );
}

/** What reading a document stored about it: dropped when it is read again from scratch. */
const READ_RESULTS = ['pages', 'page_text', 'fields', 'line_items', 'issues', 'einvoices', 'field_evidence', 'checks'] as const;

/** Delete a document's rows from these tables (names from the constants here, never from input). */
function dropRows(db: Db, id: number, tables: readonly string[]): void {
  for (const t of tables) runWrite(db, `DELETE FROM ${t} WHERE document_id = ?`, id);
}

/**
 * Remove documents and everything stored about them (a re-split replaces parts whose pages changed). The
 * search index forgets them on its next pass (their rows are gone).
 */
export function deleteDocuments(db: Db, ids: number[]): void {
  for (const id of ids) {
    dropRows(db, id, [...READ_RESULTS, 'corrections', 'emails', 'vendor_lessons']);
    runWrite(db, 'UPDATE documents SET possible_duplicate_of = NULL, possible_duplicate_why = NULL WHERE possible_duplicate_of = ?', id);
    runWrite(db, 'UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?', id);
    runWrite(db, 'UPDATE events SET document_id = NULL WHERE document_id = ?', id);
    runWrite(db, 'INSERT OR IGNORE INTO search_dirty (document_id) VALUES (?)', id);
    runWrite(db, 'DELETE FROM documents WHERE id = ?', id);
  }
}

/** One part of a file split into several documents (pages first..last, 1-based, saved as its own PDF), queued to be read. */
export interface SplitPartFile {
  path: string;
  name: string;
  size: number;
  sha256: string;
  first: number;
  last: number;
}

/** A new split part of document `parentId`, queued in its batch (by the automatic split and by a split made by hand). */
export function insertSplitPart(db: Db, batchId: number, parentId: number, p: SplitPartFile, now: number): number | null {
  return insertDocument(db, {
    batch_id: batchId,
    path: p.path,
    name: p.name,
    size: p.size,
    mtime: now,
    sha256: p.sha256,
    kind: 'pdf',
    mime: 'application/pdf',
    status: 'queued',
    reason: null,
    duplicate_of: null,
    now,
    finished: null,
    parent_id: parentId,
    origin: 'split-part',
    origin_name: null,
    first_page: p.first,
    last_page: p.last,
  });
}

/** A split part's new page range and file: read again from scratch. */
export function resetSplitPart(db: Db, id: number, p: SplitPartFile): void {
  dropRows(db, id, READ_RESULTS);
  runWrite(
    db,
    `UPDATE documents SET path = ?, name = ?, size = ?, sha256 = ?, first_page = ?, last_page = ?, status = 'queued', status_reason = NULL,
       attempts = 0, not_before = NULL, finished_at = NULL, page_count = NULL, method = NULL, doc_type = NULL, vendor = NULL,
       doc_number = NULL, issue_date = NULL, total = NULL, currency = NULL, phash = NULL, possible_duplicate_of = NULL,
       possible_duplicate_why = NULL, reviewed_at = NULL WHERE id = ?`,
    p.path,
    p.name,
    p.size,
    p.sha256,
    p.first,
    p.last,
    id,
  );
}

/**
 * A watched file that changed after it was taken, on the same day (a scan saved again under the same name): its
 * document is read again from scratch with the new bytes. Its links, duplicates and corrections start over.
 */
export function requeueChangedFile(db: Db, id: number, f: { size: number; mtime: number; sha256: string }): void {
  dropRows(db, id, READ_RESULTS);
  runWrite(
    db,
    `UPDATE documents SET size = ?, mtime = ?, sha256 = ?, status = 'queued', status_reason = NULL, attempts = 0, not_before = NULL,
       finished_at = NULL, page_count = NULL, method = NULL, doc_type = NULL, vendor = NULL, doc_number = NULL, issue_date = NULL,
       total = NULL, currency = NULL, phash = NULL, duplicate_of = NULL, possible_duplicate_of = NULL, possible_duplicate_why = NULL,
       reviewed_at = NULL WHERE id = ?`,
    f.size,
    f.mtime,
    f.sha256,
    id,
  );
}

/**
 * A document split by hand after it was read as one: its fields belonged to the whole file and now belong to its
 * parts, so they are dropped (its pages and text stay, for the viewer and search).
 */
export function clearExtraction(db: Db, id: number): void {
  dropRows(db, id, ['fields', 'line_items', 'issues', 'field_evidence', 'checks']);
  runWrite(
    db,
    `UPDATE documents SET doc_type = NULL, doc_type_conf = NULL, confidence = NULL, vendor = NULL, doc_number = NULL, issue_date = NULL,
       total = NULL, currency = NULL, possible_duplicate_of = NULL, possible_duplicate_why = NULL WHERE id = ?`,
    id,
  );
  runWrite(db, 'INSERT OR IGNORE INTO search_dirty (document_id) VALUES (?)', id);
}

// ---- e-mails ----

export interface EmailRecord {
  sender: string | null;
  recipients: string | null;
  subject: string | null;
  sentAt: string | null;
  messageId: string | null;
  body: string;
}

export function insertEmail(db: Db, documentId: number, e: EmailRecord): void {
  runWrite(
    db,
    `INSERT OR REPLACE INTO emails (document_id, sender, recipients, subject, sent_at, message_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    documentId,
    e.sender,
    e.recipients,
    e.subject,
    e.sentAt,
    e.messageId,
    e.body,
  );
}

/** The e-mail a document came in, looking through an attached archive (up to a few levels). */
export function emailOf(db: Db, documentId: number): EmailInfo | null {
  let id: number | null = documentId;
  for (let depth = 0; id !== null && depth < 8; depth++) {
    const e = getRow<{ sender: string | null; recipients: string | null; subject: string | null; sent_at: string | null }>(
      db,
      'SELECT sender, recipients, subject, sent_at FROM emails WHERE document_id = ?',
      id,
    );
    if (e) return { documentId: id, sender: e.sender, recipients: e.recipients, subject: e.subject, sentAt: e.sent_at };
    id = getValue<number | null>(db, 'SELECT parent_id FROM documents WHERE id = ?', id) ?? null;
  }
  return null;
}

/** Where a derived document came from, for the document screen and `docket show`. */
export function documentSource(db: Db, id: number): DocumentSource | null {
  const link = parentLink(db, id);
  if (!link) return null;
  const parentName = getValue<string>(db, 'SELECT name FROM documents WHERE id = ?', link.parent_id) ?? '';
  return {
    origin: link.origin,
    parentId: link.parent_id,
    parentName,
    originName: link.origin_name,
    firstPage: link.first_page,
    lastPage: link.last_page,
    email: emailOf(db, link.parent_id),
  };
}

/** The e-mail columns of an export row: the message each document came in, for many documents at once. */
export function emailsOfDocuments(db: Db, ids: number[]): Map<number, EmailInfo> {
  const out = new Map<number, EmailInfo>();
  for (const id of ids) {
    if (getValue<number | null>(db, 'SELECT parent_id FROM documents WHERE id = ?', id) == null) continue;
    const e = emailOf(db, id);
    if (e) out.set(id, e);
  }
  return out;
}

// ---- duplicates ----

export function setPageHash(db: Db, id: number, phash: string | null): void {
  runWrite(db, 'UPDATE documents SET phash = ? WHERE id = ?', phash, id);
}

export function pageHashOf(db: Db, id: number): string | null {
  return getValue<string | null>(db, 'SELECT phash FROM documents WHERE id = ?', id) ?? null;
}

export function setPossibleDuplicate(db: Db, id: number, of: number | null, why: string | null): void {
  runWrite(db, 'UPDATE documents SET possible_duplicate_of = ?, possible_duplicate_why = ? WHERE id = ?', of, why, id);
}

export interface NearCandidate {
  id: number;
  name: string;
  batch_id: number;
  vendor: string | null;
  doc_number: string | null;
  total: number | null;
  issue_date: string | null;
  phash: string | null;
}

const NEAR_COLUMNS = 'id, name, batch_id, vendor, doc_number, total, issue_date, phash';
/** Only documents that were read count: an exact duplicate or a container is never "the earlier copy". */
const READ_ORIGINALS = "duplicate_of IS NULL AND status IN ('done', 'needs_review') AND id != ?";

/**
 * Earlier documents that may be the same invoice: same number, same total and date, or the same page-1 hash.
 * Each lookup seeks an index; a handful of rows each, so it costs the same at 100 or 100,000 documents.
 */
export function nearDuplicateCandidates(
  db: Db,
  id: number,
  q: { docNumber: string | null; total: number | null; issueDate: string | null; phash: string | null },
): NearCandidate[] {
  const out = new Map<number, NearCandidate>();
  const add = (rows: NearCandidate[]) => rows.forEach((r) => out.set(r.id, r));
  if (q.docNumber)
    add(
      allRows(
        db,
        `SELECT ${NEAR_COLUMNS} FROM documents WHERE doc_number = ? COLLATE NOCASE AND ${READ_ORIGINALS} ORDER BY id LIMIT 20`,
        q.docNumber,
        id,
      ),
    );
  if (q.total !== null && q.issueDate)
    add(
      allRows(
        db,
        `SELECT ${NEAR_COLUMNS} FROM documents WHERE total = ? AND issue_date = ? AND ${READ_ORIGINALS} ORDER BY id LIMIT 20`,
        q.total,
        q.issueDate,
        id,
      ),
    );
  if (q.phash)
    add(allRows(db, `SELECT ${NEAR_COLUMNS} FROM documents WHERE phash = ? AND ${READ_ORIGINALS} ORDER BY id LIMIT 20`, q.phash, id));
  return [...out.values()];
}

/** The duplicate link a document carries, exact first, with the batch it points into. */
export function duplicateLink(db: Db, id: number): DuplicateLink | null {
  const r = getRow<{ duplicate_of: number | null; possible_duplicate_of: number | null; possible_duplicate_why: string | null }>(
    db,
    'SELECT duplicate_of, possible_duplicate_of, possible_duplicate_why FROM documents WHERE id = ?',
    id,
  );
  if (!r) return null;
  const target = r.duplicate_of ?? r.possible_duplicate_of;
  if (target === null) return null;
  const t = getRow<{ id: number; name: string; batch_id: number; batch_name: string }>(
    db,
    'SELECT d.id, d.name, d.batch_id, b.name AS batch_name FROM documents d JOIN batches b ON b.id = d.batch_id WHERE d.id = ?',
    target,
  );
  if (!t) return null;
  const exact = r.duplicate_of !== null;
  return {
    kind: exact ? 'exact' : 'possible',
    documentId: t.id,
    name: t.name,
    batchId: t.batch_id,
    batchName: t.batch_name,
    why: exact ? 'the same bytes' : (r.possible_duplicate_why ?? 'looks the same'),
  };
}

/** The batch a document is in, by name: exact duplicates say where the file was first seen. */
export function documentBatchName(db: Db, documentId: number): { batch_id: number; batch_name: string; name: string } | undefined {
  return getRow(
    db,
    'SELECT d.batch_id, b.name AS batch_name, d.name FROM documents d JOIN batches b ON b.id = d.batch_id WHERE d.id = ?',
    documentId,
  );
}

export function duplicateCounts(db: Db, batchId: number): DuplicateCounts {
  const exact = getValue<number>(db, 'SELECT count(*) FROM documents WHERE batch_id = ? AND duplicate_of IS NOT NULL', batchId) ?? 0;
  const possible =
    getValue<number>(db, 'SELECT count(*) FROM documents WHERE batch_id = ? AND possible_duplicate_of IS NOT NULL', batchId) ?? 0;
  return { exact, possible };
}

/** The intake columns of a documents-list row. */
export function intakeColumns(
  db: Db,
  id: number,
): { parent_id: number | null; origin: DocumentOrigin | null; possible_duplicate_of: number | null } | undefined {
  return getRow(db, 'SELECT parent_id, origin, possible_duplicate_of FROM documents WHERE id = ?', id);
}

// ---- watched folders ----

interface WatchedFolderDbRow {
  id: number;
  path: string;
  options: string;
  archive_dir: string | null;
  polling: number;
  enabled: number;
  created_at: number;
}

const toWatchedFolder = (r: WatchedFolderDbRow): WatchedFolder => {
  let options: BatchOptions = {};
  try {
    options = JSON.parse(r.options) as BatchOptions;
  } catch {
    /* a damaged value falls back to the defaults */
  }
  return {
    id: r.id,
    path: r.path,
    options,
    archiveDir: r.archive_dir,
    polling: r.polling === 1,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
  };
};

export function listWatchedFolders(db: Db): WatchedFolder[] {
  return allRows<WatchedFolderDbRow>(db, 'SELECT * FROM watched_folders ORDER BY id').map(toWatchedFolder);
}

export function getWatchedFolder(db: Db, id: number): WatchedFolder | null {
  const r = getRow<WatchedFolderDbRow>(db, 'SELECT * FROM watched_folders WHERE id = ?', id);
  return r ? toWatchedFolder(r) : null;
}

export function watchedFolderByPath(db: Db, path: string): WatchedFolder | null {
  const r = getRow<WatchedFolderDbRow>(db, 'SELECT * FROM watched_folders WHERE path = ?', path);
  return r ? toWatchedFolder(r) : null;
}

export function insertWatchedFolder(
  db: Db,
  f: { path: string; options: BatchOptions; archiveDir: string | null; polling: boolean; enabled: boolean },
): number {
  return runWrite(
    db,
    'INSERT INTO watched_folders (path, options, archive_dir, polling, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    f.path,
    JSON.stringify(f.options),
    f.archiveDir,
    f.polling ? 1 : 0,
    f.enabled ? 1 : 0,
    Date.now(),
  ).lastInsertRowid;
}

export function updateWatchedFolder(
  db: Db,
  id: number,
  f: { options: BatchOptions; archiveDir: string | null; polling: boolean; enabled: boolean },
): void {
  runWrite(
    db,
    'UPDATE watched_folders SET options = ?, archive_dir = ?, polling = ?, enabled = ? WHERE id = ?',
    JSON.stringify(f.options),
    f.archiveDir,
    f.polling ? 1 : 0,
    f.enabled ? 1 : 0,
    id,
  );
}

/** Forget a folder; its batches and documents stay (they are history), unlinked from it. */
export function deleteWatchedFolder(db: Db, id: number): boolean {
  runWrite(db, 'UPDATE batches SET watch_folder_id = NULL WHERE watch_folder_id = ?', id);
  runWrite(db, 'DELETE FROM watched_files WHERE folder_id = ?', id);
  return runWrite(db, 'DELETE FROM watched_folders WHERE id = ?', id).changes > 0;
}

export function watchedFile(db: Db, folderId: number, path: string): { size: number; mtime: number; batch_id: number | null } | undefined {
  return getRow(db, 'SELECT size, mtime, batch_id FROM watched_files WHERE folder_id = ? AND path = ?', folderId, path);
}

export function recordWatchedFile(db: Db, f: { folderId: number; path: string; size: number; mtime: number; batchId: number }): void {
  runWrite(
    db,
    `INSERT INTO watched_files (folder_id, path, size, mtime, batch_id, taken_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder_id, path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, batch_id = excluded.batch_id,
       taken_at = excluded.taken_at, archived_at = NULL`,
    f.folderId,
    f.path,
    f.size,
    f.mtime,
    f.batchId,
    Date.now(),
  );
}

/** Files of a watched folder processed (done or to review) whose copy has not reached the archive folder. */
export function filesToArchive(db: Db, folderId: number): Array<{ path: string; mtime: number }> {
  return allRows(
    db,
    `SELECT w.path, w.mtime FROM watched_files w JOIN documents d ON d.batch_id = w.batch_id AND d.path = w.path
     WHERE w.folder_id = ? AND w.archived_at IS NULL AND d.status IN ('done', 'needs_review', 'skipped') AND d.finished_at IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM documents c WHERE c.parent_id = d.id AND c.status IN ('queued', 'processing'))`,
    folderId,
  );
}

export function markArchived(db: Db, folderId: number, path: string, at: number): void {
  runWrite(db, 'UPDATE watched_files SET archived_at = ? WHERE folder_id = ? AND path = ?', at, folderId, path);
}

/** The rolling batch of a watched folder for a day, or undefined. */
export function watchBatchId(db: Db, folderId: number, day: string): number | undefined {
  return getValue<number>(db, 'SELECT id FROM batches WHERE watch_folder_id = ? AND watch_day = ?', folderId, day);
}

export function insertWatchBatch(
  db: Db,
  b: { name: string; folder: string; folderId: number; day: string; options: BatchOptions },
): number {
  return runWrite(
    db,
    "INSERT INTO batches (name, status, roots, options, created_at, watch_folder_id, watch_day) VALUES (?, 'running', ?, ?, ?, ?, ?)",
    b.name,
    JSON.stringify([b.folder]),
    JSON.stringify(b.options),
    Date.now(),
    b.folderId,
    b.day,
  ).lastInsertRowid;
}

export function batchWatchFolder(db: Db, batchId: number): number | null {
  return getValue<number | null>(db, 'SELECT watch_folder_id FROM batches WHERE id = ?', batchId) ?? null;
}

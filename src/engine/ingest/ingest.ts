import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../store/db.js';
import { firstCopyOf } from '../store/documents.js';
import { replacePages } from '../store/pages.js';
import {
  documentBatchName,
  finishContainer,
  insertDocument,
  insertEmail,
  recordedPaths,
  withBulkCheckpoints,
  type BulkWrites,
} from '../store/intake.js';
import { containerKind, containerVerdict, expandFile, type DerivedFile, type Expansion } from './containers.js';
import { unreadVerdict } from './formats.js';
import { sniffBytes, SNIFF_BYTES, type Sniffed } from './sniff.js';
import { readFiles, type FileRead } from './read-files.js';
import { walkFiles, type FoundFile, type WalkEntry } from './walk.js';

export const DEFAULT_MAX_FILE_BYTES = 500 * 1024 * 1024;
/** Files sent to the reader threads at once: one message each way per thread. */
const READ_CHUNK = 1024;
/**
 * Examined files wait until WRITE_ROWS of them are ready or WRITE_MS have passed since the last write (so progress
 * never waits long when files come slowly), then are written in transactions of at most WRITE_SLICE_MS each, the
 * event loop getting a turn before every one. Ingest runs on the engine's thread, which in the desktop app is
 * Electron's main process serving the window's IPC: one 8,192-row transaction held it 100-320 ms at load 10 (an
 * event-loop delay of 264-633 ms over 100,000 files). Fewer rows per commit cost more CPU (the SHA-256 index takes
 * keys in random order, so each commit writes most of its leaf pages to the WAL again: 100,000 rows 2.5 s in commits
 * of 1,024, 1.8 s in commits of 16,384, issue 14), so a transaction is sized by the time it has taken, not by a
 * count: as many rows as fit, fewer when the machine is loaded. The commit itself comes after the budget.
 */
const WRITE_ROWS = 8192;
const WRITE_MS = 500;
const WRITE_SLICE_MS = 30;
/** Files read or being read ahead of the writes (more than WRITE_ROWS, so a full write is always reached). */
const READ_AHEAD = 2 * WRITE_ROWS;

interface Examined {
  entry: WalkEntry;
  sha256: string | null;
  sniffed: Sniffed | null;
  /** Set when the file cannot be processed at all: [status, reason]. */
  verdict: ['failed' | 'skipped', string] | null;
  /** An e-mail or archive: what it held (each becomes a document linked to it). */
  expanded?: Expansion | null;
  /** A file taken out of a container: its own name (the saved copy's name carries a prefix). */
  name?: string;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** Why a file could not be read, in a clerk's words. */
function readFailure(code: string | undefined, message: string): string {
  return code === 'EACCES' || code === 'EPERM'
    ? 'cannot read file: permission denied'
    : code === 'ENOENT'
      ? 'file not found (moved or deleted?)'
      : `cannot read file: ${message}`;
}

/** A file that could not be read: its row says why. */
const failedFile = (file: string, error: string): Examined => ({
  entry: { path: file, error },
  sha256: null,
  sniffed: null,
  verdict: ['failed', error],
});

/** Sniff what a read file is and, for an e-mail or archive, take out what it holds. */
async function examine(file: string, read: FileRead, maxBytes: number, derivedDir: string | null): Promise<Examined> {
  if (!read.ok) return failedFile(file, readFailure(read.code, read.message));
  const entry: WalkEntry = { path: file, size: read.size, mtime: read.mtime };
  if (read.size === 0) return { entry, sha256: null, sniffed: null, verdict: ['failed', 'empty file (0 bytes)'] };
  // Not read at all (over the limit when measured), or grown past it while being read.
  if (read.sha256 === null || read.size > maxBytes)
    return { entry, sha256: null, sniffed: null, verdict: ['skipped', `file too large: ${mb(read.size)} (limit ${mb(maxBytes)})`] };
  const { sha256, head } = read;
  const name = path.basename(file);
  try {
    const sniffed = await sniffBytes(head, name);
    const container = derivedDir ? containerKind(sniffed, name, head) : null;
    if (container) {
      const expanded = await expandFile(container, file, sha256, { derivedDir: derivedDir!, maxFileBytes: maxBytes });
      return { entry, sha256, sniffed, verdict: null, expanded };
    }
    if (sniffed.kind === null) return { entry, sha256, sniffed, verdict: unreadVerdict(sniffed, name) };
    return { entry, sha256, sniffed, verdict: null };
  } catch (err) {
    const reason = readFailure((err as NodeJS.ErrnoException).code, (err as Error).message);
    return { entry, sha256: null, sniffed: null, verdict: ['failed', reason] };
  }
}

/** Read a batch of found files in the reader threads, then sniff (and open containers) here, in the walk's order. */
async function examineAll(files: FoundFile[], maxBytes: number, derivedDir: string | null): Promise<Examined[]> {
  const toRead = files.filter((f) => f.error === undefined).map((f) => f.path);
  const reads = await readFiles(toRead, maxBytes, SNIFF_BYTES);
  const out: Examined[] = [];
  let next = 0;
  for (const f of files)
    out.push(f.error !== undefined ? failedFile(f.path, f.error) : await examine(f.path, reads[next++]!, maxBytes, derivedDir));
  return out;
}

export interface IngestStats {
  found: number;
  added: number;
  duplicates: number;
  skipped: number;
  failed: number;
}

/**
 * Walk the batch's roots and record every file as a document. Idempotent: a file already recorded for the
 * batch is not examined again, so an ingest cut short by a crash is simply run again on resume.
 * A file whose SHA-256 matches an earlier document (this batch or any other) is recorded as skipped with a
 * link to the first copy and is never processed.
 */
export async function ingestBatch(
  db: Db,
  batchId: number,
  roots: string[],
  opts: {
    maxFileBytes?: number;
    onProgress?: (s: IngestStats) => void;
    /** Where files taken out of e-mails and archives are saved (the data folder's derived/); without it they are skipped. */
    derivedDir?: string;
    /** How long one write transaction may record rows before it commits and yields (WRITE_SLICE_MS); 0 writes a row each. */
    writeSliceMs?: number;
  } = {},
): Promise<IngestStats> {
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const derivedDir = opts.derivedDir ?? null;
  const stats: IngestStats = { found: 0, added: 0, duplicates: 0, skipped: 0, failed: 0 };
  /** Records one file, and what it holds when it is an e-mail or archive, linked to it. */
  const record = (x: Examined, now: number, parent: { id: number; origin: DerivedFile['origin']; originName: string } | null) => {
    const e = x.entry;
    let status: string = 'queued';
    let reason: string | null = null;
    let duplicateOf: number | null = null;
    if (x.verdict) [status, reason] = x.verdict;
    else if (x.sha256) {
      const first = firstCopyOf(db, x.sha256);
      if (first) {
        status = 'skipped';
        const where = documentBatchName(db, first.id);
        // The batch a clerk would look in: "first seen in batch 'March scans'".
        reason = where ? `duplicate of ${first.path}, first seen in batch "${where.batch_name}"` : `duplicate of ${first.path}`;
        duplicateOf = first.id;
      }
    }
    const container = duplicateOf === null ? (x.expanded ?? null) : null;
    if (container) [status, reason] = containerVerdict(container);
    const id = insertDocument(db, {
      batch_id: batchId,
      path: e.path,
      name: x.name ?? path.basename(e.path),
      size: e.error === undefined ? e.size : null,
      mtime: e.error === undefined ? e.mtime : null,
      sha256: x.sha256,
      kind: x.sniffed?.kind ?? null,
      mime: x.sniffed?.mime ?? null,
      status,
      reason,
      duplicate_of: duplicateOf,
      now,
      finished: status === 'queued' ? null : now,
      parent_id: parent?.id ?? null,
      origin: parent?.origin ?? null,
      origin_name: parent?.originName ?? null,
      first_page: null,
      last_page: null,
    });
    if (id === null) return;
    stats.added++;
    if (duplicateOf !== null) stats.duplicates++;
    else if (status === 'skipped' && !container) stats.skipped++;
    else if (status === 'failed') stats.failed++;
    if (!container?.ok) return;
    if (container.kind !== 'zip') {
      insertEmail(db, id, { ...container.email });
      // The message itself is one page of text, so the search index finds the e-mail by its words.
      replacePages(db, id, [
        {
          index: 0,
          method: 'text',
          text: container.text,
          confidence: null,
          width: null,
          height: null,
          dpi: null,
          rotation: null,
          skew: null,
          ms: null,
          words: null,
        },
      ]);
      finishContainer(db, id, status, reason!, now, 1);
    } else {
      // A refused entry is listed as a failed document of its own, so the failure report names it; nothing was written for it.
      for (const r of container.refused) {
        const refusedId = insertDocument(db, {
          batch_id: batchId,
          path: `${e.path}!/${r.name}`,
          name: path.basename(r.name.replace(/\\/g, '/')) || r.name,
          size: null,
          mtime: null,
          sha256: null,
          kind: null,
          mime: null,
          status: 'failed',
          reason: r.reason,
          duplicate_of: null,
          now,
          finished: now,
          parent_id: id,
          origin: 'zip-entry',
          origin_name: r.name,
          first_page: null,
          last_page: null,
        });
        if (refusedId !== null) stats.failed++;
      }
    }
    for (const f of container.files) {
      const child: Examined = {
        entry: { path: f.path, size: f.size, mtime: now },
        sha256: f.sha256,
        sniffed: f.sniffed,
        verdict: f.expanded || f.sniffed.kind !== null ? null : unreadVerdict(f.sniffed, f.name),
        expanded: f.expanded,
        name: f.name,
      };
      record(child, now, { id, origin: f.origin, originName: f.originName });
    }
  };
  const sliceMs = opts.writeSliceMs ?? WRITE_SLICE_MS;
  /** One transaction: records rows from `from` on until the slice's time is spent (at least one); says where it stopped. */
  const writeSlice = db.transaction((rows: Examined[], from: number): number => {
    const now = Date.now();
    const start = performance.now();
    let i = from;
    do record(rows[i++]!, now, null);
    while (i < rows.length && performance.now() - start < sliceMs);
    return i;
  });

  // A resumed ingest skips what the batch already holds: its paths are read once, not looked up file by file.
  const recorded = recordedPaths(db, batchId);
  /**
   * Reading runs ahead of writing: the walk goes on and the reader threads read while this thread records earlier
   * files (it yields between write slices), up to READ_AHEAD files handed to the readers and not yet written. With one
   * batch read at a time the reader threads stood idle through every write and each write waited for the next read
   * (the engine's thread idled ~0.9 s of a 2.4 s ingest of 100,000 files, issue 14).
   */
  const reads: Array<Promise<Examined[]>> = [];
  let ahead = 0;
  let walked = false;
  let stopped = false;
  let writerWaits: (() => void) | null = null;
  let readerWaits: (() => void) | null = null;
  const wakeWriter = () => {
    const w = writerWaits;
    writerWaits = null;
    w?.();
  };
  const wakeReader = () => {
    const w = readerWaits;
    readerWaits = null;
    w?.();
  };
  // Examined files wait here until a write is worth its commit (WRITE_ROWS, or WRITE_MS since the last one).
  let unwritten: Examined[] = [];
  let lastWrite = performance.now();
  let pace: BulkWrites | null = null;
  const writeOut = async (force: boolean) => {
    if (!unwritten.length || (!force && unwritten.length < WRITE_ROWS && performance.now() - lastWrite < WRITE_MS)) return;
    const rows = unwritten;
    unwritten = [];
    for (let i = 0; i < rows.length;) {
      // A turn of the event loop (timers, I/O, IPC, the walk and the readers' answers) before each transaction;
      // awaiting a settled promise would not give one.
      await (pace?.beforeWrite() ?? nextTurn());
      const from = i;
      i = writeSlice(rows, i);
      pace?.written(i - from);
      ahead -= i - from;
      if (ahead < READ_AHEAD) wakeReader();
      opts.onProgress?.(stats);
    }
    lastWrite = performance.now();
  };
  /** Hands found files to the reader threads once there is room ahead of the writes. */
  const send = async (files: FoundFile[]) => {
    const fresh = recorded.size ? files.filter((f) => !recorded.has(f.path)) : files;
    if (!fresh.length) return;
    while (ahead >= READ_AHEAD && !stopped) await new Promise<void>((r) => (readerWaits = r));
    if (stopped) return;
    ahead += fresh.length;
    const next = examineAll(fresh, maxBytes, derivedDir);
    // Keep a rejection from going unhandled until the writer reaches it.
    next.catch(() => undefined);
    reads.push(next);
    wakeWriter();
  };
  const walkAndRead = async () => {
    try {
      let pending: FoundFile[] = [];
      for await (const found of walkFiles(roots)) {
        if (stopped) return;
        stats.found += found.length;
        for (const f of found) pending.push(f);
        if (pending.length >= READ_CHUNK) {
          const chunk = pending;
          pending = [];
          await send(chunk);
        }
      }
      if (pending.length) await send(pending);
    } finally {
      walked = true;
      wakeWriter();
    }
  };
  /** Records what was read, in the walk's order. */
  const writeAll = async () => {
    try {
      for (;;) {
        const next = reads.shift();
        if (!next) {
          if (walked) break;
          await new Promise<void>((r) => (writerWaits = r));
          continue;
        }
        for (const x of await next) unwritten.push(x);
        await writeOut(false);
      }
      await writeOut(true);
    } finally {
      stopped = true;
      wakeReader();
    }
  };
  // Many commits of many new rows: WAL checkpoints off this thread while they are written.
  await withBulkCheckpoints(db, (writes) => {
    pace = writes;
    return Promise.all([walkAndRead(), writeAll()]);
  });
  return stats;
}

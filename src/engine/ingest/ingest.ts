import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db.js';
import { firstCopyOf, isPathRecorded } from '../store/documents.js';
import { replacePages } from '../store/pages.js';
import { documentBatchName, finishContainer, insertDocument, insertEmail } from '../store/intake.js';
import { containerKind, containerVerdict, expandFile, type DerivedFile, type Expansion } from './containers.js';
import { unreadVerdict } from './formats.js';
import { sniffBytes, SNIFF_BYTES, type Sniffed } from './sniff.js';
import { walkInputs, type WalkEntry } from './walk.js';

export const DEFAULT_MAX_FILE_BYTES = 500 * 1024 * 1024;
/** Files examined at once: enough to keep the disk busy, few enough to bound open handles. */
const CONCURRENCY = 16;
const CHUNK = 256;

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

/**
 * Files up to this size are read whole in one call into a buffer the examining lane reuses: a 256 KB read
 * stream per tiny file (its buffer, events and a promise) cost more than reading and hashing the file.
 */
const SMALL_FILE_BYTES = 256 * 1024;
const smallBuffers: Buffer[] = [];

const openRead = (file: string) => new Promise<number>((ok, fail) => fs.open(file, 'r', (err, fd) => (err ? fail(err) : ok(fd))));
const readAt = (fd: number, buf: Buffer, at: number) =>
  new Promise<number>((ok, fail) => fs.read(fd, buf, at, buf.length - at, at, (err, n) => (err ? fail(err) : ok(n))));
const closeFd = (fd: number) => new Promise<void>((ok) => fs.close(fd, () => ok()));

/**
 * A small file's hash and head from one read into a reused buffer; null when it turned out larger than the
 * buffer (it grew since the walk), for the streaming path to take over.
 */
async function hashAndHeadSmall(file: string): Promise<{ sha256: string; head: Uint8Array } | null> {
  const buf = smallBuffers.pop() ?? Buffer.allocUnsafe(SMALL_FILE_BYTES + 1);
  try {
    const fd = await openRead(file);
    let n = 0;
    try {
      for (let got = -1; got !== 0 && n < buf.length; n += got) got = await readAt(fd, buf, n);
    } finally {
      await closeFd(fd);
    }
    if (n > SMALL_FILE_BYTES) return null;
    const data = buf.subarray(0, n);
    return { sha256: createHash('sha256').update(data).digest('hex'), head: Buffer.from(data.subarray(0, SNIFF_BYTES)) };
  } finally {
    smallBuffers.push(buf);
  }
}

/** Hash and sniff in one read of the file. The original is opened read-only and never written. */
async function hashAndHead(file: string, size: number): Promise<{ sha256: string; head: Uint8Array }> {
  const small = size <= SMALL_FILE_BYTES ? await hashAndHeadSmall(file) : null;
  if (small) return small;
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    stream.on('data', (chunk) => {
      const b = chunk as Buffer;
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, b.subarray(0, SNIFF_BYTES - head.length)]);
      hash.update(b);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ sha256: hash.digest('hex'), head }));
  });
}

async function examine(entry: WalkEntry, maxBytes: number, derivedDir: string | null): Promise<Examined> {
  if (entry.error !== undefined) return { entry, sha256: null, sniffed: null, verdict: ['failed', entry.error] };
  if (entry.size === 0) return { entry, sha256: null, sniffed: null, verdict: ['failed', 'empty file (0 bytes)'] };
  if (entry.size > maxBytes)
    return { entry, sha256: null, sniffed: null, verdict: ['skipped', `file too large: ${mb(entry.size)} (limit ${mb(maxBytes)})`] };
  try {
    const { sha256, head } = await hashAndHead(entry.path, entry.size);
    const sniffed = await sniffBytes(head, path.basename(entry.path));
    const container = derivedDir ? containerKind(sniffed, path.basename(entry.path), head) : null;
    if (container) {
      const expanded = await expandFile(container, entry.path, sha256, { derivedDir: derivedDir!, maxFileBytes: maxBytes });
      return { entry, sha256, sniffed, verdict: null, expanded };
    }
    if (sniffed.kind === null) return { entry, sha256, sniffed, verdict: unreadVerdict(sniffed, path.basename(entry.path)) };
    return { entry, sha256, sniffed, verdict: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'cannot read file: permission denied'
        : code === 'ENOENT'
          ? 'file not found (moved or deleted?)'
          : `cannot read file: ${(err as Error).message}`;
    return { entry, sha256: null, sniffed: null, verdict: ['failed', reason] };
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
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
  const write = db.transaction((rows: Examined[]) => {
    const now = Date.now();
    for (const x of rows) record(x, now, null);
  });

  let pending: WalkEntry[] = [];
  const flush = async () => {
    const fresh = pending.filter((e) => !isPathRecorded(db, batchId, e.path));
    pending = [];
    const examined = await mapLimited(fresh, CONCURRENCY, (e) => examine(e, maxBytes, derivedDir));
    write(examined);
    opts.onProgress?.(stats);
  };
  for await (const entry of walkInputs(roots)) {
    stats.found++;
    pending.push(entry);
    if (pending.length >= CHUNK) await flush();
  }
  await flush();
  return stats;
}

import { describe, expect, it } from 'vitest';
import { insertBatch } from '../../../src/engine/store/batches.js';
import { Checkpointer } from '../../../src/engine/store/checkpoint-in-thread.js';
import { openDb, type Db } from '../../../src/engine/store/db.js';
import { insertDocument, withBulkCheckpoints, type BulkWrites } from '../../../src/engine/store/intake.js';
import { tmpDir } from '../../helpers/tmp.js';

/** Writes `slices` transactions of `rows` new documents each, paced as ingest paces them; the autocheckpoint setting seen before each. */
async function writeRows(db: Db, batchId: number, writes: BulkWrites, slices: number, rows: number): Promise<number[]> {
  const seen: number[] = [];
  const slice = db.transaction((from: number) => {
    for (let i = from; i < from + rows; i++)
      insertDocument(db, {
        batch_id: batchId,
        path: `/in/${i}.pdf`,
        name: `${i}.pdf`,
        size: 10,
        mtime: 1,
        // Random-looking keys, as SHA-256 values are, so each commit touches the index's pages anew.
        sha256: ((i * 2654435761) % 4294967296).toString(16).padStart(64, '0'),
        kind: 'pdf',
        mime: 'application/pdf',
        status: 'queued',
        reason: null,
        duplicate_of: null,
        now: 1,
        finished: null,
        parent_id: null,
        origin: null,
        origin_name: null,
        first_page: null,
        last_page: null,
      });
  });
  for (let s = 0; s < slices; s++) {
    await writes.beforeWrite();
    seen.push(db.pragma('wal_autocheckpoint', { simple: true }) as number);
    slice(s * rows);
    writes.written(rows);
  }
  return seen;
}

const walFrames = (db: Db) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;

describe('bulk intake checkpoints', () => {
  it('a large intake checkpoints on a thread of its own, automatic checkpoints off meanwhile; the default comes back after', async () => {
    const db = openDb(tmpDir('docket-bulk-ckpt-'));
    const id = insertBatch(db, { name: 'bulk', roots: ['/in'], options: {} });
    const seen = await withBulkCheckpoints(db, (writes) => writeRows(db, id, writes, 40, 1000));
    // SQLite's own checkpoints until the thread took over (after 16,384 rows), none on this connection after.
    expect(seen[0]).toBe(10_000);
    expect(seen.at(-1)).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(40_000);
    // The final checkpoint on the thread copied the whole WAL, so the next write starts it over.
    db.prepare("UPDATE batches SET name = 'bulk 2' WHERE id = ?").run(id);
    expect(walFrames(db)).toBeLessThan(10);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('a small intake starts no thread: SQLite checkpoints every 10,000 pages meanwhile', async () => {
    const db = openDb(tmpDir('docket-bulk-ckpt-'));
    const id = insertBatch(db, { name: 'small', roots: ['/in'], options: {} });
    const seen = await withBulkCheckpoints(db, (writes) => writeRows(db, id, writes, 3, 100));
    expect(seen).toEqual([10_000, 10_000, 10_000]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('the checkpoint thread answers each request with the WAL frames it copied, and a failure once closed', async () => {
    const db = openDb(tmpDir('docket-bulk-ckpt-'));
    db.pragma('wal_autocheckpoint = 0');
    const id = insertBatch(db, { name: 'thread', roots: ['/in'], options: {} });
    const writes: BulkWrites = { beforeWrite: () => null, written: () => undefined };
    await writeRows(db, id, writes, 2, 500);
    const thread = new Checkpointer(db.name);
    try {
      // Automatic checkpoints are off, so the WAL holds every page the two commits wrote, and the thread copies them all.
      const r = await thread.checkpoint();
      expect(r).toEqual({ ok: true, log: expect.any(Number), checkpointed: expect.any(Number) });
      expect(r.ok && r.log > 10 && r.checkpointed === r.log).toBe(true);
      // Nothing left to copy: the next write starts the WAL over.
      db.prepare("UPDATE batches SET name = 'thread 2' WHERE id = ?").run(id);
      expect(walFrames(db)).toBeLessThan(10);
    } finally {
      await thread.close();
    }
    expect(await thread.checkpoint()).toMatchObject({ ok: false });
    db.close();
  });
});

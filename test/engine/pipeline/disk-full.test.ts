/**
 * A full disk (issue 15, item 2). SQLite's own max_page_count makes the database refuse to grow with the real
 * SQLITE_FULL a full disk gives, on any machine (no mount needed): the scheduler must stop cleanly, the store stay
 * consistent, and processing resume once the limit (the free space) is raised.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTaskPool } from '../../../src/engine/pipeline/pool.js';
import { Scheduler } from '../../../src/engine/pipeline/scheduler.js';
import { DISK_FULL_MESSAGE, openDb, StoreError, type Db } from '../../../src/engine/store/db.js';
import { Engine } from '../../../src/engine/engine.js';
import { main } from '../../../src/hosts/cli/main.js';
import type { ExtractionResult } from '../../../src/contract/domain.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { fakeWorkerBatch, NO_EXTRACTION } from '../../helpers/scheduler.js';
import { tmpDir } from '../../helpers/tmp.js';

// Reads every file at once as one page of 8 KB of text, so each stored document grows the database by pages.
const FAKE_WORKER = `
export async function inspect(input) {
  return { ok: true, pageCount: 1, pages: [{ index: 0, text: ('Invoice ' + input.path + ' ').repeat(200).slice(0, 8000), needsOcr: false }], ms: 1 };
}
export async function einvoice() { return { ok: true, found: false, problem: null, ms: 0 }; }
export async function ocr() { throw new Error('not used'); }
export async function reread() { return { ok: true, readings: [], ms: 0 }; }
export async function render() { throw new Error('not used'); }
`;

/** Lets the database grow by `pages` more pages than it has now (what a nearly full disk allows). */
function leaveRoomFor(db: Db, pages: number): void {
  const now = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${now + pages}`);
}

/** A scheduler on one thread whose halt (the full disk) and batch end the test can await. */
function watchedScheduler(db: Db, workerFile: string, extract: () => ExtractionResult) {
  const pool = createTaskPool({ threads: 1, filename: workerFile });
  let halted!: (e: StoreError) => void;
  const stopped = new Promise<StoreError>((r) => (halted = r));
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const s = new Scheduler(
    db,
    pool,
    { extract },
    { documentFinished: () => {}, batchChanged: () => {}, batchFinished: () => finished(), halted: (e) => halted(e) },
  );
  return { s, pool, stopped, done };
}

function counts(db: Db): Record<string, number> {
  const rows = db.prepare('SELECT status, count(*) AS n FROM documents GROUP BY status').all() as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The store is consistent: SQLite's check passes and a document has pages exactly when it is final. */
function expectConsistent(db: Db): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const orphan = db
    .prepare(
      "SELECT count(*) AS n FROM documents d WHERE d.status NOT IN ('done', 'needs_review') AND EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id)",
    )
    .get() as { n: number };
  const hollow = db
    .prepare(
      "SELECT count(*) AS n FROM documents d WHERE d.status IN ('done', 'needs_review') AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id)",
    )
    .get() as { n: number };
  expect({ orphan: orphan.n, hollow: hollow.n }).toEqual({ orphan: 0, hollow: 0 });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a full disk', () => {
  it('stops the scheduler with the clerk sentence, keeps the store consistent, and resumes when space is freed', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `inv-${String(i).padStart(2, '0')}.pdf`);
    const { workerFile, db } = await fakeWorkerBatch('docket-disk-full-', FAKE_WORKER, names);
    // Room for a few documents' pages, not forty.
    leaveRoomFor(db, 12);
    const { s, pool, stopped, done } = watchedScheduler(db, workerFile, () => NO_EXTRACTION);
    s.start();
    const err = await stopped;
    expect(err).toBeInstanceOf(StoreError);
    expect(err.kind).toBe('disk-full');
    expect(err.message).toBe(DISK_FULL_MESSAGE);
    expect((err.cause as { code?: string }).code).toBe('SQLITE_FULL');
    expect(s.halted).toBe(err);
    // Let the aborted documents settle; nothing more is claimed while the disk is full.
    await s.stop();
    const atStop = counts(db);
    expect(atStop.done ?? 0).toBeLessThan(40);
    expect((atStop.queued ?? 0) + (atStop.processing ?? 0)).toBeGreaterThan(0);
    expect(atStop.failed ?? 0).toBe(0);
    expectConsistent(db);

    // Space freed: resume as the engine does on start.
    db.pragma('max_page_count = 1073741823');
    Scheduler.recoverInterrupted(db);
    s.start();
    await done;
    await s.stop();
    await pool.close();
    expect(counts(db)).toEqual({ done: 40 });
    expectConsistent(db);
    db.close();
  }, 60_000);

  it('stops on ENOSPC from a file a step writes, and start() after it puts the interrupted documents back', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `inv-${i}.pdf`);
    const { workerFile, db } = await fakeWorkerBatch('docket-enospc-', FAKE_WORKER, names);
    let full = true;
    let seen = 0;
    // A step that writes into the data folder (split parts, derived copies) meets a full disk on the fourth document.
    const extract = (): ExtractionResult => {
      if (full && ++seen >= 4) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return NO_EXTRACTION;
    };
    const { s, pool, stopped, done } = watchedScheduler(db, workerFile, extract);
    s.start();
    const err = await stopped;
    expect(err).toMatchObject({ kind: 'disk-full', message: DISK_FULL_MESSAGE });
    await new Promise((r) => setTimeout(r, 300));
    // Not retried as a reader error, not failed: the documents wait for space.
    expect(counts(db).failed ?? 0).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'document.retry'").get()).toEqual({ n: 0 });
    full = false;
    s.start();
    await done;
    await s.stop();
    await pool.close();
    expect(counts(db)).toEqual({ done: 10 });
    expectConsistent(db);
    db.close();
  }, 60_000);

  it('ends `docket process` with one sentence and exit code 3, and `docket resume` finishes the batch after space is freed', async () => {
    const dir = tmpDir('docket-disk-full-cli-');
    const input = path.join(dir, 'in');
    const data = path.join(dir, 'data');
    fs.mkdirSync(input);
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(input, `inv-${i}.pdf`), await makeInvoicePdf(i));
    // The disk fills up once the batch is recorded: the documents' results no longer fit.
    const createBatch = Engine.prototype.createBatch;
    vi.spyOn(Engine.prototype, 'createBatch').mockImplementation(async function (this: Engine, req) {
      const b = await createBatch.call(this, req);
      leaveRoomFor(this.db, 2);
      return b;
    });
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderr.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'docket', 'process', input, '--data', data, '--workers', '2']);
    const said = stderr.join('');
    expect(code).toBe(3);
    expect(said).toContain(`docket: ${DISK_FULL_MESSAGE}\n`);
    expect(said).not.toMatch(/SqliteError|\n\s+at /);

    vi.restoreAllMocks();
    const db = openDb(data);
    expectConsistent(db);
    expect(counts(db).done ?? 0).toBeLessThan(12);
    db.close();

    // The default limit again (space freed): resume finishes everything.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['node', 'docket', 'resume', '--data', data, '--workers', '2'])).toBe(0);
    vi.restoreAllMocks();
    const after = openDb(data);
    const c = counts(after);
    expect((c.done ?? 0) + (c.needs_review ?? 0)).toBe(12);
    expectConsistent(after);
    after.close();
  }, 120_000);
});

/**
 * Scale-out end to end: a real redis-server (AOF on), the coordinator (an Engine in this process, the only
 * SQLite writer) and `docket worker` processes from the built bundle. The tests run in order and share the
 * Redis and the workers: first what happens with no worker online (pause, cancel, priority, a coordinator
 * restart, a job bound to fail), then the same with workers, a 200-document batch with a worker SIGKILLed
 * mid-job, and a Redis restart mid-batch.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { Engine } from '../../../../src/engine/engine.js';
import { createInProcessClient } from '../../../../src/hosts/dispatch/in-process.js';
import { headlessAppHandlers } from '../../../../src/hosts/dispatch/dispatch.js';
import type { EngineEvent } from '../../../../src/contract/domain.js';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../../../src/engine/pipeline/queue/protocol.js';
import { makeByteToken, TOKEN_HEADER } from '../../../../src/engine/pipeline/queue/byte-token.js';
import { makeInvoicePdf } from '../../../helpers/fixtures.js';
import { startTestRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { BIN, tmpDir } from '../../../helpers/tmp.js';
import { closeWithin } from '../../../helpers/engine.js';

const SECRET = 'scale-out-test-secret-0123456789';
let redis: TestRedis;
let queue: Queue;
let events: QueueEvents;
let conn: Redis;
const procs = new Map<string, { p: ChildProcess; log: string[] }>();

function startWorker(name: string, opts: { secret?: string; fetchOnly?: boolean } = {}): ChildProcess {
  const args = [BIN, 'worker', '--redis', redis.url, '--threads', '1', '--name', name, ...(opts.fetchOnly ? ['--fetch-only'] : [])];
  const p = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DOCKET_QUEUE_SECRET: opts.secret ?? SECRET,
      // A dead worker's jobs come back within ~7 s instead of BullMQ's default 30 s. Not shorter: on a loaded
      // machine a live worker's lock renewal can come late, and a lock lost that way re-runs the job elsewhere.
      DOCKET_QUEUE_LOCK_MS: '5000',
      DOCKET_QUEUE_STALLED_MS: '2000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  p.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  procs.set(name, { p, log });
  return p;
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}; queue ${JSON.stringify(await queue.getJobCounts())}; worker logs:\n${[...procs.values()].map((w) => w.log.join('')).join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

const waitingJobs = async () => {
  const c = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
  return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
};

/** A page as a scanner would give it: no text layer, just pixels (drawn here, no fixture files). */
async function scanPng(n: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="420"><rect width="100%" height="100%" fill="white"/>
    <g font-family="sans-serif" font-size="30"><text x="40" y="70">HARBOUR SUPPLIES LTD</text>
    <text x="40" y="150">Invoice number: SC-${1000 + n}</text><text x="40" y="230">Invoice date: 02/05/2024</text>
    <text x="40" y="310">Total due: ${(100 + n).toFixed(2)}</text></g></svg>`;
  return sharp(Buffer.from(svg)).grayscale().png().toBuffer();
}

async function makeFolder(name: string, first: number, count: number, scans = 0): Promise<string> {
  const dir = path.join(tmpDir('docket-scale-'), name);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count - scans; i++) fs.writeFileSync(path.join(dir, `inv-${first + i}.pdf`), await makeInvoicePdf(first + i));
  for (let i = 0; i < scans; i++) fs.writeFileSync(path.join(dir, `scan-${first + i}.png`), await scanPng(first + i));
  return dir;
}

const opened: Engine[] = [];
const openCoordinator = async (dataDir: string) => {
  const engine = await Engine.open({
    dataDir,
    queue: { url: redis.url, secret: SECRET, bytesHost: '127.0.0.1', bytesPort: 0, attempts: 2, backoffMs: 200, sweepMs: 1000 },
  });
  opened.push(engine);
  return engine;
};

/** Every document of the batch final exactly once: one final status, each page stored once, one 'finished' event. */
function expectEachFinalOnce(engine: Engine, batchId: number, finished: Map<number, number>, total: number): void {
  const rows = engine.db.prepare('SELECT id, status, page_count FROM documents WHERE batch_id = ?').all(batchId) as Array<{
    id: number;
    status: string;
    page_count: number | null;
  }>;
  expect(rows).toHaveLength(total);
  for (const r of rows) {
    expect(['done', 'needs_review'], `document ${r.id}`).toContain(r.status);
    expect(finished.get(r.id), `finished events of document ${r.id}`).toBe(1);
    const pages = engine.db
      .prepare('SELECT page_index, count(*) AS n FROM pages WHERE document_id = ? GROUP BY page_index')
      .all(r.id) as Array<{
      n: number;
    }>;
    expect(pages.length).toBe(r.page_count);
    expect(pages.every((p) => p.n === 1)).toBe(true);
  }
}

/** What closeWithin (test/helpers/engine.ts) returned in the test that ran last; thrown after its own checks. */
let closeFailure: Error | null = null;

/** Documents of the batch in a final state. */
function finals(engine: Engine, batchId: number): number {
  const c = engine.getBatchSync(batchId)!.counts;
  return c.done + c.needs_review + c.failed;
}

function countFinished(engine: Engine): Map<number, number> {
  const finished = new Map<number, number>();
  engine.subscribe((e: EngineEvent) => {
    if (e.type === 'document.finished') finished.set(e.documentId, (finished.get(e.documentId) ?? 0) + 1);
  });
  return finished;
}

beforeAll(async () => {
  redis = await startTestRedis();
  conn = new Redis(redis.url, { maxRetriesPerRequest: null });
  conn.on('error', () => {});
  queue = new Queue(QUEUE_NAME, { connection: conn, prefix: QUEUE_PREFIX });
  queue.on('error', () => {});
  const eventsConn = new Redis(redis.url, { maxRetriesPerRequest: null });
  eventsConn.on('error', () => {}); // the Redis-restart test stops it on purpose
  events = new QueueEvents(QUEUE_NAME, { connection: eventsConn, prefix: QUEUE_PREFIX });
  events.on('error', () => {});
  await events.waitUntilReady();
});

afterEach(async () => {
  // A failed test leaves no engine holding its data folder or Redis connections.
  for (const e of opened.splice(0)) await e.close().catch(() => {});
});

afterAll(async () => {
  for (const { p } of procs.values()) if (p.exitCode === null) p.kill('SIGKILL');
  await events?.close().catch(() => {});
  await queue?.close().catch(() => {});
  conn?.disconnect();
  await redis?.stop();
});

describe('scale-out on BullMQ with a real redis-server', () => {
  const dataDir = tmpDir('docket-coord-');

  it('a worker with the wrong secret gets no bytes and does not start', async () => {
    const engine = await openCoordinator(tmpDir('docket-coord-'));
    try {
      const status = await engine.scaleOutStatus(); // starts the queue pool: byte server up, address published
      expect(status.connected).toBe(true);
      const published = JSON.parse((await conn.get('docket-coordinator'))!) as { url: string };
      const dir = await makeFolder('secret', 9000, 1);
      const file = path.join(dir, fs.readdirSync(dir)[0]!);
      const b = await engine.createBatch({ paths: [dir] });
      await waitFor('the batch to be ingested', () => engine.getBatchSync(b.id)!.counts.total === 1);
      const sha = (engine.db.prepare('SELECT sha256 FROM documents WHERE batch_id = ?').get(b.id) as { sha256: string }).sha256;
      // The byte server answers a wrong token with a bare 403, a right one with the file's bytes.
      const bad = await fetch(`${published.url}/v1/bytes/${sha}`, {
        headers: { [TOKEN_HEADER]: makeByteToken('wrong-secret-0123456789', sha) },
      });
      expect(bad.status).toBe(403);
      expect((await bad.arrayBuffer()).byteLength).toBe(0);
      const good = await fetch(`${published.url}/v1/bytes/${sha}`, { headers: { [TOKEN_HEADER]: makeByteToken(SECRET, sha) } });
      expect(good.status).toBe(200);
      expect(Buffer.from(await good.arrayBuffer()).equals(fs.readFileSync(file))).toBe(true);
      // The worker checks its secret with the coordinator before it takes a job, and stops.
      const w = startWorker('wrong', { secret: 'not-the-secret-0123456789', fetchOnly: true });
      const code = await new Promise<number | null>((resolve) => w.once('exit', resolve));
      expect(code).toBe(2);
      expect(procs.get('wrong')!.log.join('')).toMatch(/refused this worker's shared secret/);
      await engine.cancelBatch(b.id);
      await waitFor('the cancelled batch out of Redis', async () => (await waitingJobs()) === 0);
    } finally {
      await engine.close();
    }
  }, 30_000);

  it('with no worker online: pause and cancel take queued jobs out of Redis; a restarted coordinator re-attaches to the rest', async () => {
    const normal = await makeFolder('normal', 100, 24);
    const urgent = await makeFolder('urgent', 200, 4);
    const paused = await makeFolder('paused', 300, 6);
    const cancelled = await makeFolder('cancelled', 400, 5);
    const doomed = await makeFolder('doomed', 500, 1);
    let engine = await openCoordinator(dataDir);
    await engine.start();
    const docsOf = (batchId: number) =>
      (engine.db.prepare('SELECT id FROM documents WHERE batch_id = ?').all(batchId) as Array<{ id: number }>).map((r) => r.id);
    /** Waiting jobs in Redis per document of these batches (a job id starts with d<document id>-). */
    const jobsOfDocs = async (ids: Set<number>) => {
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
      return jobs.filter((j) => ids.has(Number(/^d(\d+)-/.exec(j.id ?? '')?.[1]))).length;
    };
    const jobsOf = (batchIds: number[]) => jobsOfDocs(new Set(batchIds.flatMap(docsOf)));
    const n = await engine.createBatch({ paths: [normal] });
    // Each document's first reading waits in Redis (its inspection; what follows depends on its result).
    await waitFor('the normal batch in Redis', async () => docsOf(n.id).length === 24 && (await jobsOf([n.id])) >= 24);
    const u = await engine.createBatch({ paths: [urgent], options: { priority: 'urgent' } });
    const p = await engine.createBatch({ paths: [paused] });
    const c = await engine.createBatch({ paths: [cancelled] });
    const d = await engine.createBatch({ paths: [doomed] });
    await waitFor('every batch in Redis', async () => {
      for (const [b, count] of [
        [u.id, 4],
        [p.id, 6],
        [c.id, 5],
        [d.id, 1],
      ] as const)
        if (docsOf(b).length !== count || (await jobsOf([b])) < count) return false;
      return true;
    });
    const urgentDocs = docsOf(u.id);

    await engine.pauseBatch(p.id);
    await engine.cancelBatch(c.id);
    await waitFor('paused and cancelled jobs gone from Redis', async () => (await jobsOf([p.id, c.id])) === 0);
    const byStatus = (batchId: number) =>
      engine.db.prepare('SELECT status, count(*) AS n FROM documents WHERE batch_id = ? GROUP BY status').all(batchId);
    await waitFor(
      'paused documents back in the queue',
      () => JSON.stringify(byStatus(p.id)) === JSON.stringify([{ status: 'queued', n: 6 }]),
    );
    expect(byStatus(c.id)).toEqual([{ status: 'skipped', n: 5 }]);

    // The file changes after it was added: no worker can ever get these bytes, so its document must fail.
    fs.writeFileSync(path.join(doomed, fs.readdirSync(doomed)[0]!), await makeInvoicePdf(999));

    // The coordinator stops; its jobs stay in Redis and a worker does them while it is away.
    const kept = new Set([n.id, u.id, d.id].flatMap(docsOf));
    const queuedBefore = await jobsOfDocs(kept);
    await engine.close();
    expect(await jobsOfDocs(kept)).toBe(queuedBefore);
    const doneAway: string[] = [];
    const onCompletedAway = ({ jobId }: { jobId: string }) => doneAway.push(jobId);
    events.on('completed', onCompletedAway);
    // w1 reads the paths directly (this machine sees them); the changed file's job waits for the coordinator.
    startWorker('w1');
    await waitFor('the worker to finish the jobs', async () => doneAway.length === queuedBefore - 1);
    events.off('completed', onCompletedAway);
    // Urgent jobs were taken first although they were queued after the normal batch.
    const positions = doneAway.map((id, i) => (urgentDocs.some((doc) => id.startsWith(`d${doc}-`)) ? i : -1)).filter((i) => i >= 0);
    expect(positions, JSON.stringify({ urgentDocs, doneAway })).toHaveLength(4);
    expect(Math.max(...positions)).toBeLessThan(doneAway.length / 2);

    // A new coordinator claims the documents again and re-attaches to the jobs finished while it was away:
    // BullMQ reports each add as a duplicate and none of them runs again.
    const rerun: string[] = [];
    const duplicated: string[] = [];
    const onActive = ({ jobId }: { jobId: string }) => doneAway.includes(jobId) && rerun.push(jobId);
    const onDuplicated = ({ jobId }: { jobId: string }) => duplicated.push(jobId);
    events.on('active', onActive);
    events.on('duplicated', onDuplicated);
    engine = await openCoordinator(dataDir);
    const finished = countFinished(engine);
    // w2 always downloads from the coordinator's byte server.
    startWorker('w2', { fetchOnly: true });
    await engine.start();
    await engine.waitForBatch(n.id);
    await engine.waitForBatch(u.id);
    await engine.waitForBatch(d.id);
    events.off('active', onActive);
    events.off('duplicated', onDuplicated);
    expect(rerun).toEqual([]);
    expect(doneAway.every((id) => duplicated.includes(id))).toBe(true);
    expectEachFinalOnce(engine, n.id, finished, 24);
    expectEachFinalOnce(engine, u.id, finished, 4);
    const doomedRow = engine.db.prepare('SELECT status, status_reason FROM documents WHERE batch_id = ?').get(d.id) as {
      status: string;
      status_reason: string;
    };
    expect(doomedRow.status).toBe('failed');
    // rewritten after it was queued: longer than it was (the size check) or as long with other bytes (the hash)
    expect(doomedRow.status_reason).toMatch(/workers could not read it: .*\(the file changed since it was added\?\)/);

    // The paused batch resumes on the workers.
    const pFinished = countFinished(engine);
    await engine.resumeBatch(p.id);
    await engine.waitForBatch(p.id);
    expectEachFinalOnce(engine, p.id, pFinished, 6);
  }, 180_000);

  it('200 documents (text PDFs and scans) finish once each although a worker is SIGKILLed mid-job', async () => {
    const dir = await makeFolder('big', 1000, 200, 3);
    const engine = await openCoordinator(tmpDir('docket-coord-'));
    const finished = countFinished(engine);
    let stalled = 0;
    const onStalled = () => (stalled += 1);
    events.on('stalled', onStalled);
    try {
      // w1 alone takes the batch's first jobs, so the kill below finds it mid-job whatever the machine's load (with
      // two workers racing, a loaded machine once let the other take every job while the test looked); w2, which
      // downloads from the coordinator, joins after the kill together with a new w1.
      const earlierW2 = procs.get('w2')?.p;
      if (earlierW2 && earlierW2.exitCode === null) {
        const gone = new Promise((resolve) => earlierW2.once('exit', resolve));
        earlierW2.kill('SIGTERM');
        const hard = setTimeout(() => earlierW2.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(hard);
      }
      if (procs.get('w1')?.p.exitCode !== null) startWorker('w1');
      await engine.start();
      const b = await engine.createBatch({ paths: [dir] });
      // The job may finish between the look and the kill; only a job still active in Redis once w1 is dead proves
      // a mid-job kill, so try until one does.
      for (let tries = 0; ; tries++) {
        let held: string | undefined;
        await waitFor('w1 to hold a job', async () => {
          held = (await queue.getActive()).find((j) => j.processedBy === 'w1')?.id;
          return finals(engine, b.id) >= 5 && held !== undefined;
        });
        const w1 = procs.get('w1')!.p;
        const exited = new Promise((resolve) => w1.once('exit', resolve));
        w1.kill('SIGKILL');
        await exited;
        if ((await queue.getJobState(held!)) === 'active') break;
        expect(tries, 'w1 killed mid-job').toBeLessThan(5);
        startWorker('w1');
      }
      startWorker('w2', { fetchOnly: true });
      startWorker('w1');
      await engine.waitForBatch(b.id);
      expectEachFinalOnce(engine, b.id, finished, 200);
      expect(stalled).toBeGreaterThan(0);
      const scans = engine.db.prepare("SELECT count(*) AS n FROM documents WHERE batch_id = ? AND method = 'ocr'").get(b.id) as {
        n: number;
      };
      expect(scans.n).toBe(3);
      // What the UI shows (through the contract, replies validated) and what `docket status --queue` prints.
      const client = createInProcessClient(engine, headlessAppHandlers({ host: 'test', dataDir: '/data' }));
      const status = await client.scaleOutStatus();
      expect(status.connected).toBe(true);
      expect(status.counts).toMatchObject({ waiting: 0, active: 0 });
      const w2 = status.workers.find((w) => w.name === 'w2');
      expect(w2).toMatchObject({ threads: 1 });
      expect(w2!.jobsDone).toBeGreaterThan(0);
      const cli = spawnSync(process.execPath, [BIN, 'status', '--queue', redis.url, '--json'], { encoding: 'utf8' });
      expect(cli.status).toBe(0);
      expect((JSON.parse(cli.stdout) as { workers: Array<{ name: string }> }).workers.map((w) => w.name)).toContain('w2');
      const text = spawnSync(process.execPath, [BIN, 'status', '--queue', redis.url], { encoding: 'utf8' });
      expect(text.stdout).toMatch(/^queue redis:\/\/127\.0\.0\.1:\d+\/?: 0 waiting, 0 active/m);
      expect(text.stdout).toMatch(/^ {2}w2 .* 1 thread\(s\) .* pages\/min/m);
    } finally {
      events.off('stalled', onStalled);
      closeFailure = await closeWithin(engine, 15_000);
    }
    if (closeFailure) throw closeFailure;
  }, 240_000);

  // On a loaded 2-core CI machine (other test files OCR beside this one) a worker finishes a job in ~0.3 s
  // instead of ~0.04 s: the batch is kept small and the limits are for "stuck", not "slow".
  it('a Redis stopped and restarted mid-batch (appendonly yes) loses nothing', async () => {
    startWorker('w3');
    const dir = await makeFolder('restart', 3000, 40);
    const engine = await openCoordinator(tmpDir('docket-coord-'));
    const finished = countFinished(engine);
    try {
      await engine.start();
      const b = await engine.createBatch({ paths: [dir] });
      await waitFor('a quarter of the batch', () => finals(engine, b.id) >= 10, 90_000);
      await redis.stop();
      await new Promise((r) => setTimeout(r, 1500));
      await redis.start();
      try {
        await waitFor('the batch after the restart', () => finals(engine, b.id) === 40, 90_000);
      } catch (err) {
        const open = engine.db
          .prepare("SELECT id, status FROM documents WHERE batch_id = ? AND status IN ('queued', 'processing')")
          .all(b.id) as Array<{
          id: number;
        }>;
        const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
        const states = await Promise.all(
          jobs
            .filter((j) => open.some((o) => j.id!.startsWith(`d${o.id}-`)))
            .map(async (j) => `${j.id}:${await j.getState()}:${j.attemptsMade}`),
        );
        throw new Error(`${(err as Error).message}\nopen documents ${JSON.stringify(open)}\njobs ${states.join(' ')}`, { cause: err });
      }
      await engine.waitForBatch(b.id);
      expectEachFinalOnce(engine, b.id, finished, 40);
    } finally {
      // A close that hangs must not hide the error above behind the test's own timeout.
      closeFailure = await closeWithin(engine, 15_000);
    }
    if (closeFailure) throw closeFailure;
  }, 240_000);
});

/**
 * The TaskPool on BullMQ: the coordinator's side of scale-out. Each read task of a claimed document (inspect,
 * OCR of a page, e-invoice, re-read) becomes one job in Redis; `docket worker` processes anywhere run it and the
 * result comes back through BullMQ. The scheduler, extraction, the LLM step and every SQLite write stay in
 * this process, exactly as with the local pool: only the reading moves.
 *
 * What keeps nothing lost:
 * - a job's id is fixed by (document, content hash, task, input) (protocol.ts), so a coordinator that restarts
 *   and claims the document again re-attaches to the job already queued, running or finished in Redis;
 * - results are awaited through QueueEvents (a Redis stream read from where it left off, so a Redis restart or a
 *   reconnect misses nothing) and, as a safety net, a sweep that asks Redis for each job still awaited: a job
 *   finished while no one listened is collected, a job Redis lost (restarted without its AOF) is added again;
 * - a worker killed mid-job is BullMQ's stalled job (the worker side sets the lock); a job that keeps failing
 *   fails after `attempts` tries with exponential backoff, and its document fails with the reason.
 */
import os from 'node:os';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { ScaleOutStatus } from '../../../contract/schemas/workers.js';
import type { TaskFailure } from '../../read/tasks.js';
import type { TaskPool } from '../pool.js';
import { checkSecret, sharedSecret } from './byte-token.js';
import { startByteServer, type ByteServer } from './byte-server.js';
import {
  COORDINATOR_KEY,
  jobIdFor,
  JobResultSchema,
  QUEUE_NAME,
  QUEUE_PREFIX,
  redactRedisUrl,
  type JobData,
  type QueueTask,
} from './protocol.js';
import { readScaleOutStatus } from './queue-status.js';
import { decodeResult } from './result-codec.js';
import { taskClockFor, type TaskClock } from '../deadline.js';

/** What the pool needs to know about a claimed document; the engine answers from the store. */
export interface QueuedDocument {
  sha256: string | null;
  size: number | null;
  path: string;
  batchId: number;
  urgent: boolean;
  /** The batch's status now: a paused or cancelled batch's jobs are taken out of Redis, a stopping engine's stay. */
  batchStatus: string;
}

export interface QueuePoolOptions {
  redisUrl: string;
  /** Shared with the workers; when absent, the queue's own secret kept in Redis (byte-token.ts sharedSecret). */
  secret?: string;
  /** Documents the scheduler keeps in flight are 4x this (its capacity is threads x 4). */
  slots?: number;
  /** Where the byte server listens and the URL workers are told to use (default http://<hostname>:<port>). */
  bytes?: { host?: string; port?: number; advertiseUrl?: string; maxBytes?: number };
  describe(documentId: number): QueuedDocument | null;
  /** The file the store holds under a content hash (the byte server serves only these). */
  fileForHash(sha256: string): { path: string } | null;
  /** The coordinator's own small pool, for work that is not a claimed document's (page images for the UI, estimates). */
  local(): TaskPool;
  /** Tries per job before its document fails (default 3), the first backoff (default 2 s, then x2). */
  attempts?: number;
  backoffMs?: number;
  /** How often awaited jobs are looked up in Redis directly (default 10 s). */
  sweepMs?: number;
  log?: (line: string) => void;
}

export interface QueueTaskPool extends TaskPool {
  readonly remote: true;
  status(): Promise<ScaleOutStatus>;
  /** The byte server's port once started (tests). */
  bytesPort(): Promise<number>;
}

interface Awaited {
  jobId: string;
  settle(value: unknown): void;
  since: number;
  add(): Promise<unknown>;
  /** A worker holds the job now (BullMQ 'active'); false again when it stalls back to the waiting list. */
  running: boolean;
  clock: TaskClock | undefined;
}

/** The byte server's port unless configured (DOCKET_BYTES_PORT). */
export const DEFAULT_BYTES_PORT = 7391;

export function createQueuePool(opts: QueuePoolOptions): QueueTaskPool {
  // a given secret too short to trust is refused at once; none given means the queue's own (read once connected)
  if (opts.secret) checkSecret(opts.secret);
  const log = opts.log ?? (() => {});
  const slots = Math.max(1, opts.slots ?? 32);
  const label = redactRedisUrl(opts.redisUrl);
  const awaited = new Map<string, Awaited>();
  let closed = false;
  let sweepTimer: ReturnType<typeof setInterval> | null = null;

  const quiet = (r: Redis) => {
    r.on('error', () => {
      /* ioredis reconnects on its own; a lost Redis shows in status() */
    });
    return r;
  };
  const connection = quiet(new Redis(opts.redisUrl, { maxRetriesPerRequest: null }));
  const queue = new Queue<JobData>(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  queue.on('error', () => {});
  let events: QueueEvents | null = null;
  let eventsConnection: Redis | null = null;
  let server: ByteServer | null = null;

  /**
   * The document's deadline (deadline.ts) counts the time a worker holds its job, not the time the job waits in
   * Redis behind other documents: with a batch queued at once, waiting is most of a document's wall time.
   */
  const running = (jobId: string, on: boolean) => {
    const a = awaited.get(jobId);
    if (!a || a.running === on) return;
    a.running = on;
    if (on) a.clock?.started();
    else a.clock?.ended();
  };
  const settleJob = (jobId: string, value: unknown) => {
    const a = awaited.get(jobId);
    if (!a) return; // a late completion for a document no longer awaited (cancelled, final): ignored
    running(jobId, false);
    awaited.delete(jobId);
    a.settle(value);
    // The result is in the coordinator's hands now; the job's copy in Redis is no longer needed.
    void queue.remove(jobId).catch(() => {});
  };
  const fromReturnValue = (rv: unknown): unknown => {
    const parsed = JobResultSchema.safeParse(typeof rv === 'string' ? safeJson(rv) : rv);
    if (!parsed.success) return workerFailure('a worker returned a result this Docket cannot read (a different Docket version?)');
    try {
      return decodeResult(parsed.data);
    } catch {
      return workerFailure('a worker returned a damaged result');
    }
  };

  const ready = (async () => {
    const secret = await sharedSecret(connection, opts.secret);
    server = await startByteServer({
      secret,
      resolve: opts.fileForHash,
      ...(opts.bytes?.host ? { host: opts.bytes.host } : {}),
      // A fixed port by default, so a firewall rule can name it; 0 picks a free one.
      port: opts.bytes?.port ?? DEFAULT_BYTES_PORT,
      ...(opts.bytes?.maxBytes ? { maxBytes: opts.bytes.maxBytes } : {}),
    });
    // Workers reach the address the server listens on, or this machine's name when it listens on all of them.
    const listenHost = server.host === '0.0.0.0' || server.host === '::' ? os.hostname() : server.host;
    const advertise = opts.bytes?.advertiseUrl ?? `http://${listenHost}:${server.port}`;
    eventsConnection = quiet(new Redis(opts.redisUrl, { maxRetriesPerRequest: null }));
    events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix: QUEUE_PREFIX });
    events.on('error', () => {});
    events.on('completed', ({ jobId, returnvalue }) => settleJob(jobId, fromReturnValue(returnvalue)));
    events.on('failed', ({ jobId, failedReason }) => settleJob(jobId, workerFailure(failedReason)));
    events.on('active', ({ jobId }) => running(jobId, true));
    events.on('stalled', ({ jobId }) => running(jobId, false));
    events.on('delayed', ({ jobId }) => running(jobId, false));
    // An add whose id is already in Redis (a restart re-attaching): it may have finished while no one listened.
    events.on('duplicated', ({ jobId }) => void collect(jobId));
    await events.waitUntilReady();
    await connection.set(COORDINATOR_KEY, JSON.stringify({ url: advertise, startedAt: Date.now() }));
    sweepTimer = setInterval(() => void sweep(), opts.sweepMs ?? 10_000);
    sweepTimer.unref();
    log(`reading on the queue ${label}; workers fetch files from ${advertise}`);
    return advertise;
  })();
  ready.catch(() => {});

  /** Ask Redis where one awaited job stands; collect its result, or add it again when Redis no longer has it. */
  const collect = async (jobId: string): Promise<void> => {
    const a = awaited.get(jobId);
    if (!a) return;
    const state = await queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') {
      const job = await queue.getJob(jobId);
      if (!job) return;
      settleJob(jobId, state === 'completed' ? fromReturnValue(job.returnvalue) : workerFailure(job.failedReason));
    } else if (state === 'unknown' && awaited.has(jobId)) {
      log(`job ${jobId} is not in Redis any more (restarted without its data?); queued again`);
      await a.add();
    }
  };
  let sweeping = false;
  const sweep = async () => {
    if (sweeping || closed) return;
    sweeping = true;
    try {
      const old = Date.now() - (opts.sweepMs ?? 10_000);
      for (const a of [...awaited.values()]) if (a.since < old) await collect(a.jobId).catch(() => {});
    } finally {
      sweeping = false;
    }
  };

  const dispatch = async <R>(
    task: QueueTask,
    documentId: number,
    input: { path: string; kind: string },
    signal?: AbortSignal,
  ): Promise<R> => {
    const doc = opts.describe(documentId);
    // A document the store has no hash for cannot be fetched by a worker: it is read here.
    if (!doc?.sha256 || doc.size === null) return runLocal(opts.local(), task, input) as Promise<R>;
    const url = await ready;
    if (signal?.aborted) return cancelled() as R;
    const jobId = jobIdFor(task, documentId, doc.sha256, input);
    const existing = awaited.get(jobId);
    if (existing) return new Promise<R>((resolve) => chain(existing, resolve as (v: unknown) => void));
    const data: JobData = {
      v: 1,
      task,
      documentId,
      batchId: doc.batchId,
      input: input as JobData['input'],
      source: { sha256: doc.sha256, size: doc.size, path: doc.path, url: `${url.replace(/\/$/, '')}/v1/bytes/${doc.sha256}` },
    };
    return new Promise<R>((resolve) => {
      const entry: Awaited = {
        jobId,
        running: false,
        clock: taskClockFor(signal),
        since: Date.now(),
        settle: (v) => resolve(v as R),
        add: () =>
          queue.add(task, data, {
            jobId,
            // An urgent batch's jobs go to the head of the waiting list. Not BullMQ priorities: those keep jobs in
            // a sorted set, and the plain list is what KEDA's Redis scaler counts (deploy/kubernetes).
            ...(doc.urgent ? { lifo: true } : {}),
            attempts: opts.attempts ?? 3,
            backoff: { type: 'exponential', delay: opts.backoffMs ?? 2000 },
            // Kept until the coordinator collects them (then removed); the age bounds what a vanished coordinator leaves.
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          }),
      };
      // Awaited before it is added, so even an instant completion finds it.
      awaited.set(jobId, entry);
      entry.clock?.queued();
      signal?.addEventListener(
        'abort',
        () => {
          if (awaited.get(jobId) !== entry) return;
          running(jobId, false);
          awaited.delete(jobId);
          // Pause and cancel reach jobs no worker has taken (one already running finishes and is ignored). An
          // engine that is only stopping leaves its jobs in Redis: the next start re-attaches to them.
          const status = opts.describe(documentId)?.batchStatus;
          if (status === 'paused' || status === 'cancelled') void queue.remove(jobId).catch(() => {});
          resolve(cancelled() as R);
        },
        { once: true },
      );
      entry.add().catch((err: unknown) => {
        if (awaited.get(jobId) !== entry) return;
        running(jobId, false);
        awaited.delete(jobId);
        resolve(workerFailure(`could not queue the job: ${(err as Error).message}`, true) as R);
      });
    });
  };

  const forDocument = (doc: { id: number }): TaskPool => ({
    threads: slots,
    inspect: (i, s) => dispatch('inspect', doc.id, i, s),
    ocr: (i, s) => dispatch('ocr', doc.id, i, s),
    reread: (i, s) => dispatch('reread', doc.id, i, s),
    einvoice: (i, s) => dispatch('einvoice', doc.id, i, s),
    // A page image for the screen is wanted now, not after the queue: drawn here.
    render: (i, s) => opts.local().render(i, s),
    close: async () => {},
  });

  return {
    remote: true,
    threads: slots,
    // Work that is not a claimed document's is done on the coordinator's own threads.
    inspect: (i, s) => opts.local().inspect(i, s),
    ocr: (i, s) => opts.local().ocr(i, s),
    render: (i, s) => opts.local().render(i, s),
    reread: (i, s) => opts.local().reread(i, s),
    einvoice: (i, s) => opts.local().einvoice(i, s),
    forDocument,
    status: async () => {
      try {
        await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('Redis did not answer')), 3000))]);
      } catch (err) {
        return { queue: label, connected: false, error: (err as Error).message, counts: null, workers: [] };
      }
      return readScaleOutStatus(queue, connection, label);
    },
    bytesPort: async () => {
      await ready;
      return server!.port;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (sweepTimer) clearInterval(sweepTimer);
      // Jobs still awaited stay in Redis: the next start claims their documents again and re-attaches to them.
      for (const a of awaited.values()) a.settle(cancelled());
      awaited.clear();
      await within(
        ready.catch(() => {}),
        CLOSE_STEP_MS,
      );
      // BullMQ's close waits for its connection to end; a connection caught reconnecting (Redis restarted) may never
      // say so: each step is bounded, and the connections this pool made are then dropped whatever they say.
      await within(
        events?.close().catch(() => {}),
        CLOSE_STEP_MS,
      );
      await within(
        queue.close().catch(() => {}),
        CLOSE_STEP_MS,
      );
      await server?.close();
      eventsConnection?.disconnect();
      connection.disconnect();
    },
  };
}

/** How long each step of closing may wait on Redis before the pool moves on. */
const CLOSE_STEP_MS = 3000;

/** The promise, or nothing once `ms` have passed (a close that must not hang on it). */
function within(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!p) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.then(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

function chain(a: Awaited, resolve: (v: unknown) => void): void {
  const prev = a.settle;
  a.settle = (v) => {
    prev(v);
    resolve(v);
  };
}

function runLocal(pool: TaskPool, task: QueueTask, input: unknown): Promise<unknown> {
  const i = input as never;
  switch (task) {
    case 'inspect':
      return pool.inspect(i);
    case 'ocr':
      return pool.ocr(i);
    case 'reread':
      return pool.reread(i);
    case 'einvoice':
      return pool.einvoice(i);
    case 'render':
      return pool.render(i);
  }
}

function cancelled(): TaskFailure {
  return { ok: false, code: 'internal', message: 'cancelled', transient: false };
}

/**
 * A job BullMQ gave up on (every attempt failed, or its worker died every time): its document fails with the
 * workers' reason. Not transient: the retries already happened on the queue, with backoff.
 */
function workerFailure(reason: string | undefined, transient = false): TaskFailure {
  return { ok: false, code: 'internal', message: `the workers could not read it: ${reason ?? 'unknown error'}`, transient };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

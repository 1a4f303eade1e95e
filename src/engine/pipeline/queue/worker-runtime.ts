/**
 * `docket worker`: a BullMQ Worker whose processor runs the same pure read tasks as the desktop app, on a
 * Piscina pool of its own. It never opens a database. It takes a job, finds the job's bytes (worker-files.ts),
 * runs the task and returns the task's result, TaskFailures included; only a crashed read or missing bytes
 * throw, which is what BullMQ retries with backoff. A worker killed mid-job is BullMQ's stalled job: its lock
 * runs out and another worker takes the job again.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { DelayedError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createTaskPool, type TaskPool } from '../pool.js';
import { checkSecret, makeByteToken, sharedSecret, TOKEN_HEADER } from './byte-token.js';
import { DEFAULT_MAX_SERVE_BYTES } from './byte-server.js';
import {
  COORDINATOR_KEY,
  HEARTBEAT_MS,
  HEARTBEAT_TTL_S,
  JobDataSchema,
  QUEUE_NAME,
  QUEUE_PREFIX,
  WORKER_KEY_PREFIX,
  redactRedisUrl,
  type JobData,
  type JobResult,
  type WorkerBeat,
} from './protocol.js';
import { encodeResult } from './result-codec.js';
import { FileAccessError, WorkerFiles } from './worker-files.js';

export interface QueueWorkerOptions {
  redisUrl: string;
  /** Shared with the coordinator; when absent, the queue's own secret kept in Redis (byte-token.ts sharedSecret). */
  secret?: string;
  threads: number;
  name?: string;
  /** Where downloaded files are cached; a folder under the system temp folder by default. */
  cacheDir?: string;
  fetchOnly?: boolean;
  maxBytes?: number;
  /** BullMQ's job lock: a worker that stops renewing it for this long has its jobs taken back (default 30 s). */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** The Piscina task file; the built out/main/worker.js by default. */
  taskFile?: string;
  log?: (line: string) => void;
}

export interface RunningWorker {
  readonly name: string;
  /** Resolves with the reason when the worker stops by itself (its secret was refused). */
  readonly stopped: Promise<string>;
  close(): Promise<void>;
}

/** A secret the coordinator refuses is found before any job is taken: the worker does not start. */
export class SecretRefusedError extends Error {
  override name = 'SecretRefusedError';
}

const PAGE_WINDOW_MS = 5 * 60_000;
const UNREACHABLE_RETRY_MS = 5_000;

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningWorker> {
  if (opts.secret) checkSecret(opts.secret);
  const name = opts.name ?? `${os.hostname()}-${process.pid}`;
  const log = opts.log ?? (() => {});
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  connection.on('error', () => {
    /* ioredis reconnects by itself; BullMQ reports what matters */
  });
  let secret: string;
  try {
    secret = await sharedSecret(connection, opts.secret);
    await checkSecretWithCoordinator(connection, secret);
  } catch (err) {
    connection.disconnect();
    throw err;
  }

  let published: { at: number; url: string | null } = { at: 0, url: null };
  const pool: TaskPool = createTaskPool({ threads: opts.threads, ...(opts.taskFile ? { filename: opts.taskFile } : {}) });
  const files = new WorkerFiles({
    secret,
    cacheDir: opts.cacheDir ?? path.join(os.tmpdir(), `docket-worker-${name.replace(/[^\w.-]/g, '_')}`),
    fetchOnly: opts.fetchOnly === true,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_SERVE_BYTES,
    coordinatorUrl: async () => {
      const now = Date.now();
      if (now - published.at > 2000) published = { at: now, url: await readCoordinatorUrl(connection) };
      return published.url;
    },
  });
  const startedAt = Date.now();
  const pagesDone: Array<[number, number]> = [];
  let jobsDone = 0;
  let jobsFailed = 0;
  let stop: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stop = resolve));

  const processor = async (job: Job, token?: string): Promise<JobResult> => {
    const data: JobData = JobDataSchema.parse(job.data);
    let local: string;
    try {
      local = await files.localPath(data.source);
    } catch (err) {
      if (err instanceof FileAccessError && /shared secret/.test(err.message)) {
        // This worker can never get bytes: stop taking jobs and leave this one to the others.
        stop(err.message);
      }
      if (err instanceof FileAccessError && err.unreachable) {
        // The coordinator is away (restarting): the job waits for it instead of spending its tries.
        log(`job ${job.id}: ${err.message}; trying again in ${UNREACHABLE_RETRY_MS / 1000} s`);
        await job.moveToDelayed(Date.now() + UNREACHABLE_RETRY_MS, token);
        throw new DelayedError();
      }
      throw err;
    }
    const input = { ...data.input, path: local } as never;
    const result = await runTask(pool, data.task, input);
    const pages = pagesRead(data.task, result);
    if (pages) pagesDone.push([Date.now(), pages]);
    return encodeResult(result);
  };

  const worker = new Worker<JobData, JobResult>(QUEUE_NAME, processor, {
    connection,
    prefix: QUEUE_PREFIX,
    name,
    // Two jobs per thread: the next file downloads while a page is being read.
    concurrency: Math.max(1, opts.threads * 2),
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    // A job whose worker dies twice is tried once more; a third death fails it (and its document, with the reason).
    maxStalledCount: 2,
  });
  worker.on('completed', () => (jobsDone += 1));
  worker.on('failed', (job, err) => {
    jobsFailed += 1;
    log(`job ${job?.id ?? '?'} failed: ${err.message}`);
  });
  worker.on('error', (err) => log(`queue error: ${err.message}`));
  worker.on('stalled', (jobId) => log(`job ${jobId} stalled (its worker stopped); it runs again`));

  const beat = async () => {
    const now = Date.now();
    while (pagesDone.length && pagesDone[0]![0] < now - PAGE_WINDOW_MS) pagesDone.shift();
    const window = Math.min(PAGE_WINDOW_MS, Math.max(60_000, now - startedAt));
    const pages = pagesDone.reduce((s, [, n]) => s + n, 0);
    const info: WorkerBeat = {
      name,
      host: os.hostname(),
      pid: process.pid,
      threads: opts.threads,
      startedAt,
      lastSeen: now,
      pagesPerMin: Math.round((pages / window) * 60_000 * 10) / 10,
      jobsDone,
      jobsFailed,
    };
    await connection.set(`${WORKER_KEY_PREFIX}${name}`, JSON.stringify(info), 'EX', HEARTBEAT_TTL_S).catch(() => {});
  };
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  timer.unref();
  log(`worker ${name}: ${opts.threads} thread(s) on ${redactRedisUrl(opts.redisUrl)}`);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      await worker.close().catch(() => {});
      await connection.del(`${WORKER_KEY_PREFIX}${name}`).catch(() => {});
      await pool.close();
      connection.disconnect();
    })());
  void stopped.then(() => close());
  return { name, stopped, close };
}

function runTask(pool: TaskPool, task: JobData['task'], input: never): Promise<unknown> {
  switch (task) {
    case 'inspect':
      return pool.inspect(input);
    case 'ocr':
      return pool.ocr(input);
    case 'reread':
      return pool.reread(input);
    case 'einvoice':
      return pool.einvoice(input);
    case 'render':
      return pool.render(input);
  }
}

/** Pages a result stands for on the dashboard: an OCR'd page, or the text-layer pages an inspection read. */
function pagesRead(task: JobData['task'], result: unknown): number {
  const r = result as { ok?: boolean; pages?: Array<{ needsOcr: boolean }> };
  if (!r?.ok) return 0;
  if (task === 'ocr') return 1;
  if (task === 'inspect') return (r.pages ?? []).filter((p) => !p.needsOcr).length;
  return 0;
}

/**
 * Ask the coordinator's byte server whether this worker's secret is the right one, when a coordinator has
 * published its address; a worker started before the coordinator checks at its first download instead.
 */
async function checkSecretWithCoordinator(connection: Redis, secret: string): Promise<void> {
  const url = await readCoordinatorUrl(connection);
  if (!url) return;
  const probe = crypto.randomBytes(32).toString('hex');
  const res = await fetch(`${url.replace(/\/$/, '')}/v1/hello/${probe}`, {
    headers: { [TOKEN_HEADER]: makeByteToken(secret, probe) },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (res?.status === 403)
    throw new SecretRefusedError(`the coordinator at ${url} refused this worker's shared secret: check DOCKET_QUEUE_SECRET`);
}

/** The byte server's address the coordinator published in Redis, or null. */
async function readCoordinatorUrl(connection: Redis): Promise<string | null> {
  try {
    const url = (JSON.parse((await connection.get(COORDINATOR_KEY)) ?? 'null') as { url?: unknown } | null)?.url;
    return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
  } catch {
    return null;
  }
}

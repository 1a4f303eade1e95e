/**
 * What the coordinator and `docket worker` agree on through Redis: the queue's name, a job's payload, its id,
 * the result's envelope and the worker heartbeat. Both sides import this file, so the two can never disagree
 * about a shape; the worker validates every payload with zod, since anyone who can write to Redis can add jobs.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { FileKind } from '../../read/tasks.js';
import { QueueWorkerSchema } from '../../../contract/schemas/workers.js';

/** BullMQ key prefix and queue name: every key lives under `docket:read:*`. */
export const QUEUE_PREFIX = 'docket';
export const QUEUE_NAME = 'read';
/** Worker heartbeats: one key per worker (`docket-workers:<name>`) that expires when the worker stops beating. */
export const WORKER_KEY_PREFIX = 'docket-workers:';
/** The coordinator's byte server, published so a starting worker can check its secret before taking jobs. */
export const COORDINATOR_KEY = 'docket-coordinator';
export const HEARTBEAT_MS = 5_000;
export const HEARTBEAT_TTL_S = 30;

/** The pure read tasks a worker runs (the Piscina task file's named exports, see read/tasks.ts). */
export const QUEUE_TASKS = ['inspect', 'ocr', 'reread', 'einvoice', 'render'] as const;
export type QueueTask = (typeof QUEUE_TASKS)[number];

const FILE_KINDS = ['pdf', 'png', 'jpeg', 'tiff', 'bmp', 'webp', 'gif', 'xml'] as const satisfies readonly FileKind[];

/** Where a worker finds the bytes: the path when it can see it and the hash matches, else the coordinator's URL. */
export const JobSourceSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  path: z.string().max(4096),
  url: z.string().url().max(2048),
});
export type JobSource = z.infer<typeof JobSourceSchema>;

export const JobDataSchema = z.object({
  v: z.literal(1),
  task: z.enum(QUEUE_TASKS),
  documentId: z.number().int().positive(),
  batchId: z.number().int().positive(),
  /** The task's input as read/tasks.ts declares it; `path` is replaced by the worker's own copy before running. */
  input: z.object({ path: z.string(), kind: z.enum(FILE_KINDS) }).passthrough(),
  source: JobSourceSchema,
});
export type JobData = z.infer<typeof JobDataSchema>;

/** A job's result: the task's own result (TaskFailure included), gzipped JSON in base64 (word boxes shrink ~6x). */
export const JobResultSchema = z.object({ z: z.string() });
export type JobResult = z.infer<typeof JobResultSchema>;

/** What a worker publishes every few seconds: the contract's view of a worker plus what only the queue needs. */
export const WorkerBeatSchema = QueueWorkerSchema.extend({ pid: z.number().int(), startedAt: z.number() });
export type WorkerBeat = z.infer<typeof WorkerBeatSchema>;

/**
 * The same reading of the same bytes always gets the same id, so a coordinator that restarts and claims the
 * document again re-attaches to the job already in Redis (BullMQ ignores an add whose id exists) instead of
 * queueing the work twice. The path is left out: it says where the bytes are, not what is read.
 */
export function jobIdFor(task: QueueTask, documentId: number, sha256: string, input: { path: string }): string {
  const { path: _path, ...rest } = input as Record<string, unknown>;
  const digest = crypto.createHash('sha1').update(stableJson(rest)).digest('hex').slice(0, 16);
  // BullMQ reserves ':' in keys and refuses integer-looking custom ids.
  return `d${documentId}-${sha256.slice(0, 16)}-${task}-${digest}`;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** A Redis URL without its password, for logs, status lines and the UI. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(invalid URL)';
  }
}

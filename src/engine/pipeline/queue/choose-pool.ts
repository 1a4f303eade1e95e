/**
 * The engine's one choice of pool: Piscina threads on this machine (the default), or the BullMQ queue when a
 * Redis URL is configured. BullMQ and ioredis load only in the second case, so a desktop that never scales out
 * never pays for them; until they have loaded, calls wait for them.
 */
import type { ScaleOutStatus } from '../../../contract/schemas/workers.js';
import { batchOptions, getBatchRow } from '../../store/batches.js';
import type { Db } from '../../store/db.js';
import { firstCopyOf, getDocumentRow } from '../../store/documents.js';
import { createTaskPool, type TaskPool } from '../pool.js';
import { redactRedisUrl } from './protocol.js';
import type { QueueTaskPool } from './queue-pool.js';

export interface QueueConfig {
  /** redis://[:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  /** Shared with every worker; guards the byte server. Absent: the queue's own, kept in Redis. */
  secret?: string;
  /** Scheduler slots (documents in flight are 4x this); default 32. */
  slots?: number;
  /** Byte server: listen address and port, and the URL workers use to reach it. */
  bytesHost?: string;
  bytesPort?: number;
  advertiseUrl?: string;
  /** Tries per job, first backoff and the sweep's period (queue-pool.ts has the defaults); tests shorten them. */
  attempts?: number;
  backoffMs?: number;
  sweepMs?: number;
}

export interface ScaleOutPool extends TaskPool {
  readonly remote: true;
  status(): Promise<ScaleOutStatus>;
}

export function isScaleOutPool(p: TaskPool | null): p is ScaleOutPool {
  return !!p && (p as Partial<ScaleOutPool>).remote === true;
}

export function choosePool(opts: { threads: number; db: Db; queue?: QueueConfig | null; log?: (line: string) => void }): TaskPool {
  if (!opts.queue) return createTaskPool({ threads: opts.threads });
  const q = opts.queue;
  let local: TaskPool | null = null;
  // The coordinator keeps one thread of its own for page images on screen and estimates.
  const localPool = () => (local ??= createTaskPool({ threads: 1 }));
  const db = opts.db;
  const loading: Promise<QueueTaskPool> = import('./queue-pool.js').then((m) =>
    m.createQueuePool({
      redisUrl: q.url,
      ...(q.secret ? { secret: q.secret } : {}),
      ...(q.slots ? { slots: q.slots } : {}),
      bytes: {
        ...(q.bytesHost ? { host: q.bytesHost } : {}),
        ...(q.bytesPort !== undefined ? { port: q.bytesPort } : {}),
        ...(q.advertiseUrl ? { advertiseUrl: q.advertiseUrl } : {}),
      },
      describe: (id) => {
        const d = getDocumentRow(db, id);
        if (!d) return null;
        const b = getBatchRow(db, d.batch_id);
        return {
          sha256: d.sha256,
          size: d.size,
          path: d.path,
          batchId: d.batch_id,
          urgent: b ? batchOptions(b).priority === 'urgent' : false,
          batchStatus: b?.status ?? 'unknown',
        };
      },
      ...(q.attempts ? { attempts: q.attempts } : {}),
      ...(q.backoffMs ? { backoffMs: q.backoffMs } : {}),
      ...(q.sweepMs ? { sweepMs: q.sweepMs } : {}),
      fileForHash: (sha) => firstCopyOf(db, sha) ?? null,
      local: localPool,
      ...(opts.log ? { log: opts.log } : {}),
    }),
  );
  const slots = Math.max(1, q.slots ?? 32);
  const via = <K extends 'inspect' | 'ocr' | 'render' | 'reread' | 'einvoice'>(k: K, doc?: { id: number; batchId: number }) =>
    ((input: never, signal?: AbortSignal) =>
      loading.then((p) =>
        ((doc ? p.forDocument!(doc) : p)[k] as (i: never, s?: AbortSignal) => Promise<unknown>)(input, signal),
      )) as unknown as TaskPool[K];
  const pool: ScaleOutPool = {
    remote: true,
    threads: slots,
    inspect: via('inspect'),
    ocr: via('ocr'),
    render: via('render'),
    reread: via('reread'),
    einvoice: via('einvoice'),
    forDocument: (doc) => ({
      threads: slots,
      inspect: via('inspect', doc),
      ocr: via('ocr', doc),
      render: via('render', doc),
      reread: via('reread', doc),
      einvoice: via('einvoice', doc),
      close: async () => {},
    }),
    status: () =>
      loading.then(
        (p) => p.status(),
        (err: unknown) => ({ queue: redactRedisUrl(q.url), connected: false, error: (err as Error).message, counts: null, workers: [] }),
      ),
    close: async () => {
      await loading.then((p) => p.close()).catch(() => {});
      await local?.close();
    },
  };
  return pool;
}

/**
 * The queue as a person sees it: how many jobs wait, run, back off or failed, and which workers reported in
 * the last 30 s with their threads and pages per minute. Read by the coordinator (UI) and by
 * `docket status --queue URL` from any machine that can reach Redis, without a data folder.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ScaleOutStatus } from '../../../contract/schemas/workers.js';
import { HEARTBEAT_TTL_S, QUEUE_NAME, QUEUE_PREFIX, redactRedisUrl, WORKER_KEY_PREFIX, WorkerBeatSchema } from './protocol.js';

export async function readScaleOutStatus(queue: Queue, redis: Redis, queueLabel: string): Promise<ScaleOutStatus> {
  try {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${WORKER_KEY_PREFIX}*`, 'COUNT', 200);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0' && keys.length < 10_000);
    const raw = keys.length ? await redis.mget(...keys) : [];
    const now = Date.now();
    const workers = raw
      .map((r) => {
        try {
          return WorkerBeatSchema.parse(JSON.parse(r ?? ''));
        } catch {
          return null;
        }
      })
      .filter((w): w is NonNullable<typeof w> => w !== null && now - w.lastSeen < HEARTBEAT_TTL_S * 1000)
      .map(({ name, host, threads, pagesPerMin, lastSeen, jobsDone, jobsFailed }) => ({
        name,
        host,
        threads,
        pagesPerMin,
        lastSeen,
        jobsDone,
        jobsFailed,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      queue: queueLabel,
      connected: true,
      error: null,
      counts: {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
      },
      workers,
    };
  } catch (err) {
    return { queue: queueLabel, connected: false, error: (err as Error).message, counts: null, workers: [] };
  }
}

/** One status line per worker and one for the queue, for the terminal. */
export function formatScaleOutStatus(s: ScaleOutStatus, now = Date.now()): string {
  if (!s.connected) return `queue ${s.queue}: not reachable (${s.error ?? 'unknown error'})\n`;
  const c = s.counts!;
  const lines = [
    `queue ${s.queue}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} backing off, ${c.failed} failed`,
    s.workers.length ? `${s.workers.length} worker(s) online:` : 'no workers online',
    ...s.workers.map(
      (w) =>
        `  ${w.name.padEnd(24)} ${w.host.padEnd(16)} ${String(w.threads).padStart(3)} thread(s)  ${w.pagesPerMin.toFixed(1).padStart(7)} pages/min  ` +
        `${w.jobsDone} done  ${w.jobsFailed} failed  seen ${Math.max(0, Math.round((now - w.lastSeen) / 1000))} s ago`,
    ),
  ];
  return lines.join('\n') + '\n';
}

/** The status of the queue at a Redis URL, from any machine (`docket status --queue URL`); never throws. */
export async function scaleOutStatusAt(url: string): Promise<ScaleOutStatus> {
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const label = redactRedisUrl(url);
  // A status check fails fast instead of waiting for a Redis that is not there.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null, lazyConnect: true });
  // The socket's own error (ECONNREFUSED, WRONGPASS) says more than the "Connection is closed" connect() ends with.
  let lastError: string | null = null;
  redis.on('error', (err: Error) => (lastError = err.message));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    return { queue: label, connected: false, error: lastError ?? (err as Error).message, counts: null, workers: [] };
  }
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: QUEUE_PREFIX });
  queue.on('error', () => {});
  try {
    return await readScaleOutStatus(queue, redis, label);
  } finally {
    await queue.close().catch(() => {});
    redis.disconnect();
  }
}

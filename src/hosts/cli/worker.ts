/**
 * Scale-out on the command line: `docket worker --redis URL [--threads N] [--name NAME]` runs the read tasks
 * for a coordinator (a headless process: no Electron, no data folder, no SQLite), and the queue flags the
 * coordinator's commands share (`--queue URL` on process, resume and serve; `docket status --queue URL`).
 * The shared secret never goes on a command line (where `ps` shows it): DOCKET_QUEUE_SECRET or a file.
 */
import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { QueueConfig } from '../../engine/pipeline/queue/index.js';
import { UsageError } from './common.js';

const loadQueue = () => import('../../engine/pipeline/queue/index.js');
/** How long a stopping worker waits for its jobs in hand (below Kubernetes' 120 s grace in deploy/). */
const STOP_GRACE_MS = 90_000;

export function redisUrl(v: string): string {
  if (!/^rediss?:\/\/[^\s]+$/i.test(v))
    throw new InvalidArgumentError('must be a Redis URL, e.g. redis://10.0.0.5:6379 or rediss://:password@host:6380');
  return v;
}

/**
 * The shared secret from --secret-file, else DOCKET_QUEUE_SECRET; undefined when neither gives one (the queue then
 * uses its own, kept in Redis); a usage error for one too short to trust.
 */
export function readQueueSecret(secretFile: string | undefined): string | undefined {
  let secret = process.env.DOCKET_QUEUE_SECRET?.trim() ?? '';
  if (secretFile) {
    try {
      secret = fs.readFileSync(secretFile, 'utf8').trim();
    } catch (err) {
      throw new UsageError(`cannot read the secret file ${secretFile}: ${(err as Error).message}`);
    }
  }
  if (!secret) return undefined;
  if (secret.length < 16) throw new UsageError('the shared secret must be at least 16 characters (DOCKET_QUEUE_SECRET or --secret-file)');
  return secret;
}

/** The coordinator's queue settings from --queue and the environment (DOCKET_BYTES_HOST/PORT/URL for the byte server). */
export function queueConfigFromFlags(o: { queue?: string; secretFile?: string }): QueueConfig | undefined {
  if (!o.queue) return undefined;
  const env = process.env;
  const port = env.DOCKET_BYTES_PORT ? Number(env.DOCKET_BYTES_PORT) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new UsageError('DOCKET_BYTES_PORT must be 0..65535');
  return {
    url: o.queue,
    ...secretOption(readQueueSecret(o.secretFile)),
    ...(env.DOCKET_BYTES_HOST ? { bytesHost: env.DOCKET_BYTES_HOST } : {}),
    ...(port !== undefined ? { bytesPort: port } : {}),
    ...(env.DOCKET_BYTES_URL ? { advertiseUrl: env.DOCKET_BYTES_URL } : {}),
  };
}

const secretOption = (secret: string | undefined): { secret?: string } => (secret ? { secret } : {});

const threadCount = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('--threads must be a whole number from 1 to 256');
  return n;
};

const msOption = (name: string): number | undefined => {
  const v = process.env[name];
  const n = Number(v);
  return v && Number.isInteger(n) && n >= 500 ? n : undefined;
};

export function registerWorkerCommand(program: Command, defaultThreads: () => number): Command {
  return program
    .command('worker')
    .description('read and OCR documents for a Docket coordinator through a Redis queue (docs/SCALE-OUT.md)')
    .requiredOption('--redis <url>', 'the Redis the coordinator uses, e.g. redis://10.0.0.5:6379', redisUrl)
    .option('--threads <n>', 'reading threads (default: CPU count)', threadCount)
    .option('--name <name>', 'name shown in the coordinator (default: host name and process id)')
    .option('--secret-file <file>', 'file holding the shared secret (default: $DOCKET_QUEUE_SECRET)')
    .option('--fetch-only', "always download files from the coordinator, never read the job's path directly")
    .action(async (o: { redis: string; threads?: number; name?: string; secretFile?: string; fetchOnly?: boolean }) => {
      const secret = readQueueSecret(o.secretFile);
      const { startQueueWorker, SecretRefusedError } = await loadQueue();
      const lockDurationMs = msOption('DOCKET_QUEUE_LOCK_MS');
      const stalledIntervalMs = msOption('DOCKET_QUEUE_STALLED_MS');
      let worker;
      try {
        worker = await startQueueWorker({
          redisUrl: o.redis,
          ...(secret ? { secret } : {}),
          threads: o.threads ?? defaultThreads(),
          ...(o.name ? { name: o.name } : {}),
          fetchOnly: o.fetchOnly === true,
          ...(lockDurationMs ? { lockDurationMs } : {}),
          ...(stalledIntervalMs ? { stalledIntervalMs } : {}),
          log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
        });
      } catch (err) {
        if (err instanceof SecretRefusedError) throw new UsageError(err.message);
        throw err;
      }
      const w = worker;
      let stopping = false;
      const stop = async (code: number) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`worker ${w.name}: stopping (jobs in hand finish or go back to the queue)\n`);
        // Jobs in hand get a while to finish; a Redis that is gone must not keep the process alive (its jobs'
        // locks lapse and other workers take them).
        await Promise.race([w.close(), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
        process.exit(code);
      };
      process.once('SIGINT', () => void stop(0));
      process.once('SIGTERM', () => void stop(0));
      const reason = await w.stopped;
      process.stderr.write(`docket: worker ${w.name} stopped: ${reason}\n`);
      await stop(2);
    });
}

/** `docket status --queue URL`: the queue's depth and the workers online, without a data folder. */
export async function printQueueStatus(url: string, json: boolean): Promise<void> {
  const { scaleOutStatusAt, formatScaleOutStatus } = await loadQueue();
  const s = await scaleOutStatusAt(url);
  process.stdout.write(json ? JSON.stringify(s) + '\n' : formatScaleOutStatus(s));
  if (!s.connected) throw new UsageError(`the queue at ${s.queue} could not be read: ${s.error}`);
}

/**
 * Opening the engine for a command. This module is the CLI's only static door to the engine: main.ts imports
 * it dynamically, so `docket --help`, `--version` and usage errors never load the engine, SQLite, OCR or the
 * extraction rules (a second or more of module loading).
 */
import fs from 'node:fs';
import { diskFullError, Engine, EngineError, isDiskFull, StoreError, UnknownModelPriceError } from '../../engine/engine.js';
import { resolveDataDir } from './common.js';
import type { QueueConfig } from '../../engine/pipeline/queue/index.js';

export { Engine, EngineError, StoreError, UnknownModelPriceError };
export { normaliseStatuses } from '../../engine/engine.js';

/** Another Docket owns the data folder: named for the user, with what to do about it. Exit code 3. */
export class FolderBusyError extends Error {
  override name = 'FolderBusyError';
}

/** What the process holding the lock is, e.g. "docket serve --port 8080", from /proc on Linux; null elsewhere. */
export function describeProcess(pid: number): string | null {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // node /path/bin/docket.js serve ... -> docket serve ...; electron's own argv stays as it is.
    const i = argv.findIndex((a) => /(^|[/\\])docket(\.js)?$/.test(a));
    const shown = i >= 0 ? ['docket', ...argv.slice(i + 1)] : argv;
    return shown.length ? shown.join(' ') : null;
  } catch {
    return null;
  }
}

/** The clerk-facing message for a busy folder: which process holds it and the two ways forward. */
export function busyMessage(storeMessage: string): string {
  const pid = Number(/pid (\d+)/.exec(storeMessage)?.[1]);
  const what = Number.isInteger(pid) ? describeProcess(pid) : null;
  const owner = what ? `${storeMessage.replace(/\s*\(pid \d+\)$/, '')} (pid ${pid}: ${what})` : storeMessage;
  return (
    `${owner}.\n` +
    'One Docket at a time processes a data folder. Add the files in the running app, stop it first, ' +
    'or run this command again with --wait to start when it exits.'
  );
}

/** Said on stderr before a store an older Docket wrote is migrated (a big one takes a while, once). */
function tellMigrating({ from, to }: { from: number; to: number }): void {
  process.stderr.write(`docket: updating the data folder from schema ${from} to ${to} (once; a big folder takes a minute or more)\n`);
}

/**
 * Every engine a command opened, so main() can close what an error left open before the process exits: exiting
 * while a worker thread is still loading its module aborts Node (FATAL ERROR v8::Module::IsGraphAsync, exit 134)
 * instead of reporting the error. Engine.close() is idempotent, so an engine the command closed itself costs nothing.
 */
const opened = new Set<Engine>();

function track(engine: Engine): Engine {
  opened.add(engine);
  return engine;
}

/** Closes every engine a command opened and left open (main()'s error path); a close that fails is not the story. */
export async function closeOpenEngines(): Promise<void> {
  const open = [...opened];
  opened.clear();
  await Promise.allSettled(open.map((e) => e.close()));
}

/**
 * The writable engine for commands that process or change data. Without `wait` it fails fast with
 * FolderBusyError when another Docket owns the folder (a few seconds' grace covers a process that is just
 * exiting); with `wait` it queues behind it like git or apt, saying so once.
 */
export async function openEngine(
  dataFlag: string | undefined,
  opts: { workers?: number; wait?: boolean; queue?: QueueConfig } = {},
): Promise<Engine> {
  const dataDir = resolveDataDir(dataFlag);
  try {
    return track(
      await Engine.open({
        dataDir,
        ...(opts.workers ? { workers: opts.workers } : {}),
        ...(opts.queue ? { queue: opts.queue } : {}),
        lockWaitMs: opts.wait ? Number.POSITIVE_INFINITY : 3000,
        onMigrate: tellMigrating,
        onLockWait: (m) =>
          process.stderr.write(
            opts.wait
              ? `docket: ${m}; waiting for it to finish (Ctrl+C to stop waiting)\n`
              : `docket: ${m}; waiting a moment for it to exit\n`,
          ),
      }),
    );
  } catch (err) {
    if (err instanceof StoreError && err.kind === 'busy') throw new FolderBusyError(busyMessage(err.message), { cause: err });
    throw err;
  }
}

/** For commands that only read (status, list, show, search, export, estimate): works beside a running Docket. */
export async function openReadOnly(dataFlag: string | undefined): Promise<Engine> {
  return track(await Engine.open({ dataDir: resolveDataDir(dataFlag), readOnly: true, onMigrate: tellMigrating }));
}

/** How main() reports an error that came from the engine: [exit code, message], or null when it is not one. */
export function classifyEngineError(err: unknown): [number, string] | null {
  if (err instanceof FolderBusyError) return [3, err.message];
  // SQLITE_FULL or ENOSPC from anywhere in the engine (processing stops on it; see Scheduler.halt): one sentence, no stack.
  if (isDiskFull(err)) return [3, diskFullError(err).message];
  if (err instanceof UnknownModelPriceError || (err instanceof EngineError && err.kind !== 'unavailable')) return [2, err.message];
  if (err instanceof StoreError) return [3, err.message];
  return null;
}

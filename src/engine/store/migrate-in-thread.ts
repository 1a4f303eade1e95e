import { Worker } from 'node:worker_threads';
import { resolveBuiltFile } from '../built-files.js';
import { StoreError, type StoreErrorKind } from './db.js';

/** What the migration thread is given (workerData) and what it answers: both sides import these types. */
export interface MigrateRequest {
  dataDir: string;
}
export type MigrateReply = { ok: true } | { ok: false; kind: StoreErrorKind | null; message: string };

/**
 * Brings the store in `dataDir` to the current schema on a thread of its own (migrate-thread.ts), so the caller's
 * event loop keeps running while a long migration works. The caller holds the data folder's lock, so nothing else
 * writes meanwhile; a failure comes back as the StoreError openDb would have thrown (its kind kept).
 */
export function migrateInThread(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let reply: MigrateReply | null = null;
    const worker = new Worker(resolveBuiltFile('migrate.js'), { workerData: { dataDir } satisfies MigrateRequest });
    worker.once('message', (m: MigrateReply) => (reply = m));
    worker.once('error', (err) =>
      reject(new StoreError('unusable-folder', `migrating the data folder failed: ${err.message}`, { cause: err })),
    );
    worker.once('exit', (code) => {
      if (reply?.ok) return resolve();
      if (reply) return reject(new StoreError(reply.kind ?? 'unusable-folder', reply.message));
      reject(new StoreError('unusable-folder', `migrating the data folder failed: its thread exited with code ${code}`));
    });
  });
}

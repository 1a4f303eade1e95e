/**
 * The migration thread: its own bundle entry (out/main/migrate.js, electron.vite.config.ts), started by
 * migrateInThread() when a store an older Docket wrote needs migrations. Opening the store runs them (openDb); the
 * thread then closes it and says how it went. A migration that rebuilds a table (009 re-tokenises the whole search
 * index: about a minute at 100,000 documents) runs here instead of on the engine's thread, which in the desktop
 * app is Electron's main process: its window shows and answers meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb, StoreError } from './db.js';
import type { MigrateReply, MigrateRequest } from './migrate-in-thread.js';

const { dataDir } = workerData as MigrateRequest;
let reply: MigrateReply;
try {
  openDb(dataDir).close();
  reply = { ok: true };
} catch (err) {
  const e = err as Error;
  reply = { ok: false, kind: err instanceof StoreError ? err.kind : null, message: e.message ?? String(err) };
}
parentPort?.postMessage(reply);

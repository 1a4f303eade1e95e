/**
 * The checkpoint thread: its own bundle entry (out/main/checkpoint.js, electron.vite.config.ts), started by
 * checkpoint-in-thread.ts while ingest records files in bulk. On each request it runs a PASSIVE checkpoint on a
 * connection of its own: it copies what the WAL holds into the database file and syncs both, without taking any
 * lock the engine's writes wait for. Run by the engine's connection, each checkpoint held that thread (Electron's main
 * process in the desktop app) 50-200 ms inside a commit, most of it waiting for the disk (issue 14).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointReply, CheckpointerData } from './checkpoint-in-thread.js';

const port = parentPort;
if (!port) throw new Error('checkpoint-thread runs as a worker thread started by checkpoint-in-thread.ts');
const { file } = workerData as CheckpointerData;
const db = new Database(file, { fileMustExist: true });
// As the engine's connection: a checkpoint syncs the WAL and the database file, a commit does not.
db.pragma('synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
port.on('message', () => {
  let reply: CheckpointReply;
  try {
    const r = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    reply = { ok: true, log: r.log, checkpointed: r.checkpointed };
  } catch (err) {
    reply = { ok: false, message: String((err as Error)?.message ?? err) };
  }
  port.postMessage(reply);
});

import fs from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { readBatch } from './read-batch.js';
import { replyTransfers, WALK_AHEAD, type ReaderRequest, type WalkEnd, type WalkFound } from './reader-protocol.js';
import { walkTree, type FoundFile } from './walk-tree.js';

/**
 * Ingest's reader thread: its own bundle entry (out/main/file-reader.js, electron.vite.config.ts), started by
 * read-files.ts. It answers each read request with the files' sizes, times, hashes and first bytes, and a walk
 * request with the files found, and touches nothing else: no SQLite, no engine state, Node built-ins only.
 */
const port = parentPort;
if (!port) throw new Error('reader-thread runs as a worker thread started by read-files.ts');
/**
 * This thread runs at a lower priority than the engine's, as the pipeline's threads do (pool.ts, nice +5): the
 * engine's thread serves the window and writes what is read, and with the walk and both readers busy beside it on a
 * 2-core machine it otherwise got a smaller share and held its event loop longer. Linux only (a thread's own nice
 * value, set through its thread id); elsewhere the thread keeps the process's priority.
 */
function lowerPriority(by: number): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(' ', 1)[0]);
    if (tid > 0 && tid !== process.pid) os.setPriority(tid, Math.min(19, os.getPriority(tid) + by));
  } catch {
    /* no /proc, or not allowed: the thread keeps its priority */
  }
}
lowerPriority(5);

/** One buffer for every read: a tiny file allocates nothing of its own. */
const buf = Buffer.allocUnsafe(1024 * 1024);
/** The walk under way, and how many of its batches the engine has not taken yet. */
let walk: Generator<FoundFile[]> | null = null;
let unclaimed = 0;

/** Sends found files until WALK_AHEAD batches wait unclaimed or the walk ends. */
function walkOn(): void {
  while (walk && unclaimed < WALK_AHEAD) {
    let next: IteratorResult<FoundFile[]>;
    try {
      next = walk.next();
    } catch (err) {
      walk = null;
      port!.postMessage({ kind: 'walked', error: String((err as Error)?.message ?? err) } satisfies WalkEnd);
      return;
    }
    if (next.done) {
      walk = null;
      port!.postMessage({ kind: 'walked' } satisfies WalkEnd);
      return;
    }
    const found: WalkFound = { kind: 'found', paths: [], failed: [] };
    for (const f of next.value) {
      if (f.error !== undefined) found.failed.push({ at: found.paths.length, error: f.error, ...(f.code ? { code: f.code } : {}) });
      found.paths.push(f.path);
    }
    unclaimed++;
    port!.postMessage(found);
  }
}

port.on('message', (request: ReaderRequest) => {
  if (request.kind === 'read') {
    const reply = readBatch(request, buf);
    port.postMessage(reply, replyTransfers(reply));
  } else if (request.kind === 'walk') {
    walk = walkTree(request.inputs);
    unclaimed = 0;
    walkOn();
  } else {
    unclaimed--;
    walkOn();
  }
});

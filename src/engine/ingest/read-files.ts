import { Worker } from 'node:worker_threads';
import { resolveBuiltFile } from '../built-files.js';
import type { ReaderReply, ReaderRequest, ReadReply, WalkEnd, WalkFound } from './reader-protocol.js';
import type { FoundFile } from './walk-tree.js';

/**
 * Ingest's file reading, off the engine's thread: reader threads (reader-thread.ts, built as out/main/file-reader.js)
 * open, measure, hash and close each file with blocking calls (read-batch.ts says why), and this side shares the
 * paths among them and puts the answers back in order. The protocol is reader-protocol.ts.
 */

/** What reading one file gave: its size and time and, when it was read, its SHA-256 and first bytes; or the error. */
export type FileRead =
  | { ok: true; size: number; mtime: number; sha256: string | null; head: Uint8Array }
  | { ok: false; code: string | undefined; message: string };

/** Reader threads: two keep a slow disk or share busy while the engine's thread records what the last batch gave. */
const THREADS = 2;
/** Idle reader threads end after this long; the next ingest starts them again (a few ms). */
const IDLE_MS = 5_000;

/** The reader thread's script, looked up once: beside the bundle, or the project's out/main from the sources. */
let readerFile: string | null = null;
export function resolveReaderFile(): string {
  return (readerFile ??= resolveBuiltFile('file-reader.js'));
}

class ReaderThread {
  private readonly worker = new Worker(resolveReaderFile());
  private readonly pending = new Map<number, { ok: (r: ReadReply) => void; fail: (e: Error) => void }>();
  private nextId = 0;
  private idle: NodeJS.Timeout | null = null;
  dead = false;

  constructor() {
    this.worker.on('message', (r: ReaderReply) => {
      if (r.kind !== 'read') return;
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      this.settle();
      p?.ok(r);
    });
    const die = (err: Error) => {
      this.dead = true;
      for (const p of this.pending.values()) p.fail(err);
      this.pending.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`file reader thread stopped (exit code ${code})`)));
    this.worker.unref();
  }

  read(paths: string[], maxBytes: number, headBytes: number): Promise<ReadReply> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    // Referenced while it has work, so the process waits for the answer.
    this.worker.ref();
    const request: ReaderRequest = { kind: 'read', id: this.nextId++, paths, maxBytes, headBytes };
    return new Promise((ok, fail) => {
      this.pending.set(request.id, { ok, fail });
      this.worker.postMessage(request);
    });
  }

  private settle() {
    if (this.pending.size) return;
    this.worker.unref();
    this.idle = setTimeout(() => {
      this.dead = true;
      void this.worker.terminate();
    }, IDLE_MS);
    this.idle.unref();
  }
}

let threads: ReaderThread[] = [];

/** One reply's columns as one FileRead per path (its first bytes a view into the reply's heads, not a copy). */
export function fileReads(r: ReadReply): FileRead[] {
  const out = new Array<FileRead>(r.sizes.length);
  let headFrom = 0;
  for (let i = 0; i < out.length; i++) {
    const err = r.errors[i];
    out[i] = err
      ? { ok: false, code: err.code, message: err.message }
      : { ok: true, size: r.sizes[i]!, mtime: r.mtimes[i]!, sha256: r.hashes[i]!, head: r.heads.subarray(headFrom, r.headEnds[i]!) };
    headFrom = r.headEnds[i]!;
  }
  return out;
}

/**
 * Read the files: sizes, modification times, SHA-256 and the first `headBytes` bytes of each (a file that is
 * empty or over `maxBytes` is not read, only measured). The list is shared among the reader threads and the
 * answers come back in the order given. Errors are per file, never thrown; a reader thread that dies rejects.
 */
export async function readFiles(paths: string[], maxBytes: number, headBytes: number): Promise<FileRead[]> {
  if (!paths.length) return [];
  threads = threads.filter((t) => !t.dead);
  while (threads.length < THREADS) threads.push(new ReaderThread());
  const per = Math.ceil(paths.length / THREADS);
  const parts: string[][] = [];
  for (let from = 0; from < paths.length; from += per) parts.push(paths.slice(from, from + per));
  const replies = await Promise.all(parts.map((p, i) => threads[i]!.read(p, maxBytes, headBytes)));
  return replies.flatMap(fileReads);
}

/**
 * The walk (walk-tree.ts) in a thread of its own, so the engine's thread neither blocks on a slow folder nor waits a
 * turn of its event loop per folder listed: with ingest's writes taking that thread 30 ms at a time, an
 * asynchronous walk listed about one folder per write and the reads behind it starved (issue 14). Batches come in
 * walk order; `next` gives null at the end; `stop` ends the thread early (a consumer that stops reading).
 */
export function walkInThread(inputs: string[]): { next: () => Promise<FoundFile[] | null>; stop: () => void } {
  const worker = new Worker(resolveReaderFile());
  const ready: Array<FoundFile[] | null> = [];
  let failure: Error | null = null;
  let ended = false;
  let waiting: { ok: (b: FoundFile[] | null) => void; fail: (e: Error) => void } | null = null;
  const settle = () => {
    if (!waiting) return;
    const w = waiting;
    if (ready.length) {
      waiting = null;
      const batch = ready.shift()!;
      // A batch taken: the walker may list one more.
      if (batch && !ended) worker.postMessage({ kind: 'more' } satisfies ReaderRequest);
      w.ok(batch);
    } else if (failure) {
      waiting = null;
      w.fail(failure);
    }
  };
  worker.on('message', (m: WalkFound | WalkEnd) => {
    if (m.kind === 'found') {
      const files: FoundFile[] = m.paths.map((path) => ({ path }));
      for (const f of m.failed) files[f.at] = { path: m.paths[f.at]!, error: f.error, ...(f.code ? { code: f.code } : {}) };
      ready.push(files);
    } else {
      ended = true;
      if (m.error) failure = new Error(`walking the folders failed: ${m.error}`);
      else ready.push(null);
      void worker.terminate();
    }
    settle();
  });
  const die = (err: Error) => {
    if (ended) return;
    ended = true;
    failure = err;
    settle();
  };
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`walker thread stopped (exit code ${code})`)));
  worker.postMessage({ kind: 'walk', inputs } satisfies ReaderRequest);
  return {
    next: () =>
      new Promise<FoundFile[] | null>((ok, fail) => {
        waiting = { ok, fail };
        settle();
      }),
    stop: () => {
      ended = true;
      void worker.terminate();
    },
  };
}

import { Worker } from 'node:worker_threads';
import { resolveBuiltFile } from '../built-files.js';
import type { ReadReply, ReadRequest } from './reader-protocol.js';

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
    this.worker.on('message', (r: ReadReply) => {
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
    const request: ReadRequest = { id: this.nextId++, paths, maxBytes, headBytes };
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

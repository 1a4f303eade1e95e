import { Worker } from 'node:worker_threads';
import { resolveBuiltFile } from '../built-files.js';

/** What the checkpoint thread (checkpoint-thread.ts) is given, and what it answers each request with. */
export interface CheckpointerData {
  file: string;
}
/** `log`: frames in the WAL when the checkpoint ran; `checkpointed`: how many of them are now in the database file. */
export type CheckpointReply = { ok: true; log: number; checkpointed: number } | { ok: false; message: string };

/**
 * A thread with its own connection to the store's file that runs WAL checkpoints when asked (one at a time). It holds
 * no transaction between them, so the WAL can start over once a checkpoint has copied all of it and the engine's
 * connection next writes.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private waiting: Array<{ ok: (r: CheckpointReply) => void }> = [];
  private failure: string | null = null;

  constructor(file: string) {
    this.worker = new Worker(resolveBuiltFile('checkpoint.js'), { workerData: { file } satisfies CheckpointerData });
    this.worker.on('message', (r: CheckpointReply) => this.waiting.shift()?.ok(r));
    const die = (message: string) => {
      this.failure ??= message;
      for (const w of this.waiting.splice(0)) w.ok({ ok: false, message });
    };
    this.worker.on('error', (err) => die(err.message));
    this.worker.on('exit', (code) => die(`checkpoint thread stopped (exit code ${code})`));
  }

  /** Run one checkpoint; never rejects (a failure is a reply). */
  checkpoint(): Promise<CheckpointReply> {
    if (this.failure) return Promise.resolve({ ok: false, message: this.failure });
    return new Promise((ok) => {
      this.waiting.push({ ok });
      this.worker.postMessage(null);
    });
  }

  async close(): Promise<void> {
    this.failure ??= 'closed';
    await this.worker.terminate();
  }
}

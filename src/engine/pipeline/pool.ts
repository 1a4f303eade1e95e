import os from 'node:os';
import { Piscina } from 'piscina';
import { resolveBuiltFile } from '../built-files.js';
import { taskClockFor } from './deadline.js';
import type {
  EInvoiceInput,
  EInvoiceResult,
  InspectInput,
  InspectResult,
  OcrInput,
  OcrResult,
  RenderInput,
  RenderResult,
  RereadInput,
  RereadResult,
  TaskFailure,
} from '../read/tasks.js';

/** The built task file (out/main/worker.js); see resolveBuiltFile for where it is looked for. */
export function resolveWorkerFile(): string {
  return resolveBuiltFile('worker.js');
}

export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export interface TaskPool {
  inspect(input: InspectInput, signal?: AbortSignal): Promise<InspectResult>;
  ocr(input: OcrInput, signal?: AbortSignal): Promise<OcrResult>;
  render(input: RenderInput, signal?: AbortSignal): Promise<RenderResult>;
  /** One region of an OCR'd page read again at other scales and segmentations (a weak total or date). */
  reread(input: RereadInput, signal?: AbortSignal): Promise<RereadResult>;
  /** The invoice XML of a bare XML file or embedded in a PDF (Factur-X / ZUGFeRD). */
  einvoice(input: EInvoiceInput, signal?: AbortSignal): Promise<EInvoiceResult>;
  readonly threads: number;
  /**
   * The pool's view for one claimed document. A pool that reads elsewhere (the BullMQ queue) needs to know
   * whose file a task is for, to fetch its bytes by content hash and to rank it by its batch; the local pool
   * has no such need and leaves this out.
   */
  forDocument?(doc: { id: number; batchId: number }): TaskPool;
  close(): Promise<void>;
}

/** First come, first served places on the pool's threads; a task whose signal aborts while waiting leaves the line. */
class ThreadSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(n: number) {
    this.free = n;
  }
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }
}

class AbortError extends Error {
  override name = 'AbortError';
  constructor() {
    super('cancelled while waiting for a reader thread');
  }
}

/**
 * Each reader thread's JS heap limit. pdfjs keeps a document's parsed objects there (a 2,000-page text PDF stays
 * well under 300 MB); with two threads plus the main process this keeps a hostile file from taking the machine.
 */
export const THREAD_HEAP_MB = 768;

/** A thread that died (crash, out of memory, abort) turns into a TaskFailure for that document only. */
function crashFailure(err: unknown): TaskFailure {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError') return { ok: false, code: 'internal', message: 'cancelled', transient: false };
  // Not retried: the same file exhausts the same heap again, and three attempts would triple its time.
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return {
      ok: false,
      code: 'too_large',
      message: `the reader ran out of memory on this file (limit ${THREAD_HEAP_MB} MB per reader thread)`,
      transient: false,
    };
  return { ok: false, code: 'internal', message: `the reader crashed on this file (${e.message ?? String(err)})`, transient: true };
}

export function createTaskPool(opts: { threads?: number; filename?: string } = {}): TaskPool {
  const threads = Math.max(1, opts.threads ?? defaultWorkerCount());
  const pool = new Piscina({
    filename: opts.filename ?? resolveWorkerFile(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    // OCR threads run at a lower priority so the UI and the writer stay responsive with every core busy.
    niceIncrement: 5,
    // A runaway JS heap (pdfjs on a hostile file) kills that thread only; tesseract's wasm heap is
    // recycled by the worker itself. Buffers outside the heap (file bytes, inflated streams) are bounded by
    // the reader's own limits (read/limits.ts) and the per-document deadline.
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
  // A task aborted just as its thread answered (a deadline, a cancel, a full disk) leaves Piscina holding a
  // result for a task it already dropped; it reports that as an 'error' event, which would throw without a
  // listener. The task has been settled as aborted already, so nothing is lost by ignoring it.
  pool.on('error', (err: unknown) => {
    if (err instanceof Error && err.message.startsWith('Unexpected message from Worker')) return;
    // Anything else Piscina reports here has already failed the task it belongs to (crashFailure).
  });
  // Tasks wait for a thread here rather than in Piscina's queue, so a document's deadline (deadline.ts) can count
  // only the time its tasks hold a thread: time spent behind other documents' pages is not its own.
  const slots = new ThreadSlots(threads);
  const run = async <I, R>(name: string, input: I, signal?: AbortSignal): Promise<R | TaskFailure> => {
    const clock = taskClockFor(signal);
    clock?.queued();
    let release: () => void;
    try {
      release = await slots.acquire(signal);
    } catch (err) {
      return crashFailure(err);
    }
    clock?.started();
    try {
      return (await pool.run(input, { name, ...(signal ? { signal } : {}) })) as R;
    } catch (err) {
      return crashFailure(err);
    } finally {
      clock?.ended();
      release();
    }
  };
  return {
    threads,
    inspect: (i, s) => run<InspectInput, InspectResult>('inspect', i, s),
    ocr: (i, s) => run<OcrInput, OcrResult>('ocr', i, s),
    render: (i, s) => run<RenderInput, RenderResult>('render', i, s),
    reread: (i, s) => run<RereadInput, RereadResult>('reread', i, s),
    einvoice: (i, s) => run<EInvoiceInput, EInvoiceResult>('einvoice', i, s),
    close: async () => {
      await pool.close({ force: true });
    },
  };
}

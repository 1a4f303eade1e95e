/**
 * The per-document deadline (issue 15): parsing, page counting, rendering and OCR of one document together, not
 * page by page. When it passes, the document's signal aborts; every pool task running for it is then terminated
 * with its thread (Piscina ends a worker whose task is aborted mid-run and starts a fresh one), queued tasks are
 * dropped, and the document fails with "took longer than N s". Other documents keep their threads and time.
 */

/** Time for opening, counting and reading a document's text layer, and for its first OCR page. */
export const DEFAULT_DOCUMENT_TIMEOUT_MS = 120_000;
/**
 * Added once the page count is known, for each further page that needs OCR: a long scan is legitimately slow
 * (3-8 s a page, 3x that upside down), so a fixed 120 s would fail every scan over ~30 pages on two cores.
 * The structural limits (limits.ts) keep hostile files from buying time with pages.
 */
export const DEFAULT_OCR_PAGE_ALLOWANCE_MS = 30_000;

export interface DeadlineLimits {
  documentTimeoutMs: number;
  ocrPageAllowanceMs: number;
}

/** Limits from the environment (DOCKET_DOCUMENT_TIMEOUT_S, DOCKET_OCR_PAGE_ALLOWANCE_S), else the defaults. */
export function deadlineLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DeadlineLimits {
  const seconds = (v: string | undefined, fallbackMs: number): number => {
    const n = Number(v);
    return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : fallbackMs;
  };
  return {
    documentTimeoutMs: seconds(env.DOCKET_DOCUMENT_TIMEOUT_S, DEFAULT_DOCUMENT_TIMEOUT_MS),
    ocrPageAllowanceMs: seconds(env.DOCKET_OCR_PAGE_ALLOWANCE_S, DEFAULT_OCR_PAGE_ALLOWANCE_MS),
  };
}

/** Extends the deadline of the document being read once its OCR page count is known. */
export interface DeadlineExtender {
  allowOcrPages(n: number): void;
}

/**
 * What a pool tells a document's deadline about the document's tasks: submitted (waiting for a thread), started
 * on a thread, and ended. The local pool reports through taskClockFor(signal); a pool that does not report leaves
 * the deadline on wall time from the document's start.
 */
export interface TaskClock {
  queued(): void;
  started(): void;
  ended(): void;
}

const clocks = new WeakMap<AbortSignal, TaskClock>();

/** The clock of the document a task's signal belongs to, if it has a deadline. */
export function taskClockFor(signal: AbortSignal | undefined): TaskClock | undefined {
  return signal ? clocks.get(signal) : undefined;
}

/**
 * A document's deadline counts the time its tasks hold a reader thread, not the time they wait for one: with
 * several documents in flight per thread (and a long scan queueing dozens of OCR pages), time in the queue is
 * other documents' work, and counting it would fail innocent documents behind a slow one. Until a task reports
 * through the pool (or when the pool never does), the deadline runs on wall time from the document's start.
 */
export class DocumentDeadline implements DeadlineExtender {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private budgetMs: number;
  private expiredFlag = false;
  /** Time already counted while no task ran (wall mode) or while tasks ran (task mode). */
  private spentMs = 0;
  /** When counting resumed; null while paused. */
  private since: number | null = Date.now();
  private taskMode = false;
  private running = 0;
  private readonly onParentAbort = (): void => this.controller.abort(this.parent.reason);

  constructor(
    private readonly parent: AbortSignal,
    private readonly limits: DeadlineLimits,
  ) {
    this.budgetMs = limits.documentTimeoutMs;
    if (parent.aborted) this.controller.abort(parent.reason);
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
    clocks.set(this.controller.signal, {
      queued: () => {
        if (this.taskMode) return;
        // From now on only time on a thread counts; the wall time before the first submission was the scheduler's.
        this.taskMode = true;
        if (this.running === 0) this.pause();
      },
      started: () => {
        if (++this.running === 1 && this.taskMode) this.resume();
      },
      ended: () => {
        this.running = Math.max(0, this.running - 1);
        if (this.running === 0 && this.taskMode) this.pause();
      },
    });
    this.arm();
  }

  /** Aborts on the deadline or when the document is cancelled (the parent signal). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when the deadline (not a cancel) aborted the document. */
  get expired(): boolean {
    return this.expiredFlag;
  }

  /** The budget the document had, for the reason ("took longer than 150 s"). */
  get seconds(): number {
    return Math.round(this.budgetMs / 1000);
  }

  allowOcrPages(n: number): void {
    if (this.controller.signal.aborted || n <= 1) return;
    this.budgetMs = this.limits.documentTimeoutMs + (n - 1) * this.limits.ocrPageAllowanceMs;
    this.arm();
  }

  /** The clerk's reason for a document stopped by its deadline. */
  reason(): string {
    return `took longer than ${this.seconds} s to read (opening, counting pages, rendering and OCR); stopped`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.parent.removeEventListener('abort', this.onParentAbort);
  }

  private pause(): void {
    if (this.since !== null) this.spentMs += Date.now() - this.since;
    this.since = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private resume(): void {
    if (this.since === null) this.since = Date.now();
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.since === null || this.controller.signal.aborted) return;
    const left = Math.max(0, this.budgetMs - this.spentMs - (Date.now() - this.since));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.controller.signal.aborted) return;
      this.expiredFlag = true;
      this.controller.abort(new Error(this.reason()));
    }, left);
  }
}

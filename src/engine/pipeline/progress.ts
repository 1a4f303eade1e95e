/**
 * Coalesces bursts of per-batch changes into at most one notification per interval per batch, always
 * delivering the last state (trailing edge), so a UI never drowns and never misses the final numbers.
 */
export class Coalescer<K> {
  private readonly due = new Map<K, ReturnType<typeof setTimeout>>();
  private readonly last = new Map<K, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly fire: (key: K) => void,
  ) {}

  touch(key: K): void {
    if (this.due.has(key)) return;
    const since = Date.now() - (this.last.get(key) ?? 0);
    const wait = Math.max(0, this.intervalMs - since);
    const t = setTimeout(() => {
      this.due.delete(key);
      this.last.set(key, Date.now());
      this.fire(key);
    }, wait);
    t.unref?.();
    this.due.set(key, t);
  }

  /** Deliver everything pending now (used before a batch's final event). */
  flush(key?: K): void {
    for (const [k, t] of [...this.due]) {
      if (key !== undefined && k !== key) continue;
      clearTimeout(t);
      this.due.delete(k);
      this.last.set(k, Date.now());
      this.fire(k);
    }
  }

  cancelAll(): void {
    for (const t of this.due.values()) clearTimeout(t);
    this.due.clear();
  }
}

/** What the progress of a batch is computed from: pages, not files (a skipped duplicate costs nothing to finish). */
export interface WorkFigures {
  /** Pages of the documents read so far (done, needs review, failed after reading). */
  pagesRead: number;
  /** Documents read so far that reported a page count. */
  docsRead: number;
  /** Pages of queued or in-flight documents whose page count is known. */
  pagesKnownLeft: number;
  /** Queued or in-flight documents whose page count is not known yet (not opened). */
  docsUnknownLeft: number;
  /** Processing time so far. */
  elapsedMs: number;
  /** The batch is running (an ETA is only promised then). */
  active: boolean;
}

export interface WorkProgress {
  /** 0..1 of the pages to read that are read. */
  fraction: number;
  /** Pages still to read (an estimate while page counts are unknown). */
  pagesLeft: number;
  /** Time left at the pace so far, or null before a page was read or while the batch is not running. */
  etaMs: number | null;
}

/**
 * Progress over pages still to read: a batch of 300 files of which 200 are duplicates skipped in a second is at 0%
 * until a page is read, not at 67%, and its ETA is the unread pages at the pages-per-second measured so far. A file
 * not opened yet counts as the average page count of those read (one page before any was read).
 */
export function workProgress(w: WorkFigures): WorkProgress {
  const perDoc = w.docsRead > 0 ? Math.max(1, w.pagesRead / w.docsRead) : 1;
  const pagesLeft = Math.round(w.pagesKnownLeft + w.docsUnknownLeft * perDoc);
  const all = w.pagesRead + pagesLeft;
  const fraction = all > 0 ? w.pagesRead / all : 1;
  const pagesPerMs = w.elapsedMs > 0 ? w.pagesRead / w.elapsedMs : 0;
  const etaMs = pagesLeft === 0 ? 0 : w.active && pagesPerMs > 0 ? Math.round(pagesLeft / pagesPerMs) : null;
  return { fraction, pagesLeft, etaMs };
}

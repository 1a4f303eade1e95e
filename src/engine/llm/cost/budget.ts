import type { Db } from '../../store/db.js';
import { batchSpentUsd } from './ledger.js';
import { costNanos, nanosToUsd, usdToNanos, type ModelPrice } from './prices.js';

export interface Reservation {
  readonly nanos: number;
  settled: boolean;
}

/** Margin on counted prompt tokens: chat templates and tokenizer versions differ by a few percent. */
const INPUT_MARGIN = 1.1;

/**
 * A hard cap on a batch's LLM spend, in integer nano-dollars. Every call first reserves its worst case
 * (counted prompt + output cap); a call is refused when spent + reserved + its worst case would cross the
 * cap, so no interleaving of concurrent calls can overshoot. Settling replaces the reservation with the real
 * cost. Single-threaded by design (the engine's main thread): check-and-reserve is one synchronous step.
 */
export class BatchBudget {
  private spent: number;
  private reserved = 0;
  private readonly limit: number | null;
  private waiters: Array<() => void> = [];
  /** Largest observed billed/counted input ratio: a server that bills more than we count (extra template,
   * another tokenizer) raises every later reservation so the cap still holds. */
  private inputScale = 1;
  private maxObservedOut = 0;

  constructor(limitUsd: number | null | undefined, spentUsd = 0) {
    this.limit = limitUsd === null || limitUsd === undefined || !Number.isFinite(limitUsd) ? null : usdToNanos(Math.max(0, limitUsd));
    this.spent = usdToNanos(spentUsd);
  }

  /** Resumes a batch's budget from its ledger, so a restart neither forgets spend nor pays it twice. */
  static forBatch(db: Db, batchId: number, limitUsd: number | null | undefined): BatchBudget {
    return new BatchBudget(limitUsd, batchSpentUsd(db, batchId));
  }

  get spentUsd(): number {
    return nanosToUsd(this.spent);
  }
  get reservedUsd(): number {
    return nanosToUsd(this.reserved);
  }
  get limitUsd(): number | null {
    return this.limit === null ? null : nanosToUsd(this.limit);
  }

  worstCaseNanos(price: ModelPrice, promptTokens: number, maxOutputTokens: number): number {
    const tin = Math.ceil(promptTokens * Math.max(INPUT_MARGIN, this.inputScale * INPUT_MARGIN));
    const tout = Math.max(maxOutputTokens, this.maxObservedOut);
    return costNanos(price, tin, tout);
  }

  /** Teach the reservation what the server really bills. */
  observe(countedPromptTokens: number, usage: { tokensIn: number; tokensOut: number }): void {
    if (countedPromptTokens > 0 && usage.tokensIn > countedPromptTokens) {
      this.inputScale = Math.max(this.inputScale, usage.tokensIn / countedPromptTokens);
    }
    this.maxObservedOut = Math.max(this.maxObservedOut, usage.tokensOut);
  }

  /** Synchronous check-and-reserve. 'wait': only in-flight reservations stand in the way (they may settle
   * cheaper); 'exhausted': even with nothing in flight it would not fit. */
  tryReserve(nanos: number): Reservation | 'wait' | 'exhausted' {
    if (this.limit !== null) {
      if (this.spent + nanos > this.limit) return 'exhausted';
      if (this.spent + this.reserved + nanos > this.limit) return 'wait';
    }
    this.reserved += nanos;
    return { nanos, settled: false };
  }

  /** Reserves, waiting for in-flight calls to settle when that could make room. null = budget reached. */
  async reserve(nanos: number, signal?: AbortSignal): Promise<Reservation | null> {
    for (;;) {
      if (signal?.aborted) return null;
      const r = this.tryReserve(nanos);
      if (r === 'exhausted') return null;
      if (r !== 'wait') return r;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** The call was answered (or may have been billed): its real cost replaces the reservation. */
  settle(r: Reservation, actualNanos: number): void {
    if (r.settled) return;
    r.settled = true;
    this.reserved -= r.nanos;
    this.spent += actualNanos;
    this.wake();
  }

  /** The call was certainly not billed (refused connection, 429, 5xx). */
  release(r: Reservation): void {
    this.settle(r, 0);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

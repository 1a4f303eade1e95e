import type { Failure } from './retry.js';

export interface BreakerOptions {
  /** Consecutive failed attempts (any document) that open the circuit. */
  threshold?: number;
  /** How long an open circuit refuses calls before one probe is let through. */
  cooldownMs?: number;
  now?: () => number;
  /** Called once per opening, with the reason the documents will carry. */
  onOpen?: (reason: string, detail: { failures: number; last: Failure | null; permanent: boolean }) => void;
  onClose?: () => void;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Counts consecutive failed attempts across the batch. An outage then costs `threshold` failed calls, not
 * (documents × retries) of them: while open every document is refused at once, so a batch never waits on a
 * dead server. After the cooldown a single probe decides whether to close again. Fatal errors (bad key,
 * unknown model) open it for good: no cooldown can fix those.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private state: BreakerState = 'closed';
  private openedAt = 0;
  private probeInFlight = false;
  private permanent = false;
  private reason = '';
  private last: Failure | null = null;
  readonly threshold: number;
  readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions = {}) {
    this.threshold = opts.threshold ?? 5;
    this.cooldownMs = opts.cooldownMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  get current(): BreakerState {
    return this.state;
  }

  /** Ask before each attempt. A granted probe must be followed by success() or failure(). */
  acquire(): { ok: true; probe: boolean } | { ok: false; reason: string } {
    if (this.state === 'closed') return { ok: true, probe: false };
    if (!this.permanent && this.state === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.state = 'half-open';
    if (this.state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return { ok: true, probe: true };
    }
    return { ok: false, reason: this.reason };
  }

  success(): void {
    this.consecutive = 0;
    this.probeInFlight = false;
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.opts.onClose?.();
    }
  }

  /** An attempt that ended without an answer for reasons outside the document (not a schema break). */
  failure(f: Failure): void {
    this.last = f;
    this.consecutive++;
    const wasProbe = this.probeInFlight;
    this.probeInFlight = false;
    if (f.kind === 'fatal') return this.open(`LLM unavailable: ${f.message}`, true);
    if (this.state === 'half-open' || wasProbe) return this.open(this.describe(), false);
    if (this.state === 'closed' && this.consecutive >= this.threshold) this.open(this.describe(), false);
  }

  /** A probe that ended without telling us anything (e.g. cancelled) must not leave the breaker stuck half-open. */
  release(): void {
    this.probeInFlight = false;
  }

  private describe(): string {
    return `LLM unavailable: circuit open after ${this.consecutive} failures (last: ${this.last?.message ?? 'unknown'})`;
  }

  private open(reason: string, permanent: boolean): void {
    const was = this.state;
    this.state = 'open';
    this.openedAt = this.now();
    this.reason = reason;
    this.permanent = this.permanent || permanent;
    if (was !== 'open') this.opts.onOpen?.(reason, { failures: this.consecutive, last: this.last, permanent: this.permanent });
  }
}

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

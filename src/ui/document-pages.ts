/**
 * The documents table's rows as fixed pages (page k holds rows k*size .. k*size+size-1), loaded in any order, so a
 * scrollbar dragged to row 90,000 loads the rows it shows instead of every row above them, and a refresh while a
 * batch runs re-reads the pages in view instead of everything loaded so far. Pure (no React, no DOM): the table
 * decides what it shows and when to ask; this decides which page to ask for and how.
 */
import type { DocumentRow } from '../contract/domain.js';
import type { DocumentPage } from '../contract/engine-api.js';

/** How a page is asked for: after the previous page's keyset cursor when that page is known and current, else by offset. */
export type PageRequest = { after: string; limit: number } | { offset: number; limit: number };

interface Page {
  rows: DocumentRow[];
  /** the keyset cursor after this page's last row */
  next: string | null;
  /** shown until read again: documents changed since it was loaded */
  stale: boolean;
}

/** Field-by-field equality of two rows (all scalars), so a page read again keeps the objects of rows that did not change. */
function sameRow(a: DocumentRow, b: DocumentRow): boolean {
  const ka = Object.keys(a) as Array<keyof DocumentRow>;
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

export class DocumentPages {
  private readonly pages = new Map<number, Page>();
  private readonly inflight = new Set<number>();
  /** rows matching the query, from the latest page read (0 until the first arrives) */
  total = 0;
  started = false;

  constructor(readonly size: number) {}

  row(index: number): DocumentRow | undefined {
    return this.pages.get(Math.floor(index / this.size))?.rows[index % this.size];
  }

  pageOf(index: number): number {
    return Math.floor(index / this.size);
  }

  /** Page k by the cursor of page k-1 when that one is loaded and current (no walk over skipped rows), else by offset. */
  requestFor(k: number): PageRequest {
    const prev = k > 0 ? this.pages.get(k - 1) : undefined;
    if (prev && !prev.stale && prev.next !== null && prev.rows.length === this.size) return { after: prev.next, limit: this.size };
    return { offset: k * this.size, limit: this.size };
  }

  /**
   * The pages to ask for, most wanted first: those rows first..last show, then those a scroll moving `velocity` rows
   * per frame will show a few frames from now (a page asked for now arrives in a frame or two), then the next page
   * in the scroll's direction. Only pages missing or stale and not already asked for.
   */
  wanted(first: number, last: number, velocity: number): number[] {
    const maxIndex = (this.started ? this.total : this.size) - 1;
    if (maxIndex < 0) return [];
    const clamp = (i: number) => Math.min(maxIndex, Math.max(0, Math.round(i)));
    const ranges: Array<[number, number]> = [[first, last]];
    for (const frames of [2, 4, 8])
      if (Math.abs(velocity) * frames > last - first) ranges.push([first + velocity * frames, last + velocity * frames]);
    const half = this.size / 2;
    ranges.push(velocity < 0 ? [first - half, first - half] : [last + half, last + half]);
    const out: number[] = [];
    for (const [a, b] of ranges)
      for (let k = this.pageOf(clamp(a)); k <= this.pageOf(clamp(b)); k++) {
        const p = this.pages.get(k);
        if ((p && !p.stale) || this.inflight.has(k) || out.includes(k)) continue;
        out.push(k);
      }
    return out;
  }

  get pending(): number {
    return this.inflight.size;
  }

  /** Ask for page k; resolves once it is stored (a failure leaves it missing, to be asked for again). */
  async load(k: number, fetch: (req: PageRequest) => Promise<DocumentPage>): Promise<void> {
    this.inflight.add(k);
    try {
      const page = await fetch(this.requestFor(k));
      const old = this.pages.get(k);
      const rows = old ? page.rows.map((r, i) => (old.rows[i] && sameRow(old.rows[i]!, r) ? old.rows[i]! : r)) : page.rows;
      this.pages.set(k, { rows, next: page.next, stale: false });
      this.total = page.total;
      this.started = true;
      // rows past the end (documents deleted) are gone
      for (const key of this.pages.keys()) if (key * this.size >= this.total) this.pages.delete(key);
    } finally {
      this.inflight.delete(k);
    }
  }

  /** Documents changed: every page is shown as it is until it is read again. */
  markStale(): void {
    for (const p of this.pages.values()) p.stale = true;
  }

  /** Does page k hold any of the rows first..last? */
  shows(k: number, first: number, last: number): boolean {
    return k >= this.pageOf(first) && k <= this.pageOf(last);
  }

  /** Ids of the loaded rows in table order (next/previous in the document view). */
  loadedIds(): number[] {
    return [...this.pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, p]) => p.rows.map((r) => r.id));
  }
}

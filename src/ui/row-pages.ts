/**
 * A long list's rows (the documents table, the review grid) as fixed pages (page k holds rows k*size ..
 * k*size+size-1), loaded in any order, so a scrollbar dragged to row 90,000 (or End in a 50,000-row review queue)
 * loads the rows it shows instead of every row above them, and a refresh while a batch runs re-reads the pages in
 * view instead of everything loaded so far. Pure (no React, no DOM): the list decides what it shows and when to ask;
 * this decides which page to ask for and how.
 */
import type { DocumentPage } from '../contract/engine-api.js';

/** How a page is asked for: after the previous page's keyset cursor when that page is known and current, else by offset. */
export type PageRequest = { after: string; limit: number } | { offset: number; limit: number };

/** A page as the engine answers it (listDocuments, listReviewRows): the same keyset page shape over any row. */
export type RowPage<Row> = Omit<DocumentPage, 'rows'> & { rows: Row[] };

export type FetchPage<Row> = (req: PageRequest) => Promise<RowPage<Row>>;

/** The rows a list shows (with its overscan) and how many rows a frame they moved: where to load. */
export interface RowView {
  first: number;
  last: number;
  velocity: number;
}

/** What a fill tells the list: whether an answer changed what is on screen, and a failure. */
export interface FillEvents {
  loaded(shown: boolean): void;
  failed(err: Error): void;
}

/** A failed page is asked for again this long after (not at once, in a loop against an engine that is gone). */
const RETRY_MS = 1000;

interface Page<Row> {
  rows: Row[];
  /** the keyset cursor after this page's last row */
  next: string | null;
  /** shown until read again: rows changed since it was loaded */
  stale: boolean;
}

/**
 * Structural equality of two rows as the engine sends them (JSON: scalars, arrays, plain objects), so a page read
 * again keeps the objects of rows that did not change and views keyed on row identity do not redraw.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export class RowPages<Row extends { id: number }> {
  private readonly pages = new Map<number, Page<Row>>();
  private readonly inflight = new Map<number, Promise<void>>();
  /** bumped by markStale: a page asked for before the change arrives stale (it may hold the rows as they were) */
  private generation = 0;
  private disposed = false;
  /** what the list's last fill asked for: every page arriving asks again from it */
  private filler: { view: () => RowView; fetch: FetchPage<Row>; inFlight: number; on: FillEvents } | null = null;
  /** the last request failed: further failures are not told again until a page arrives */
  private failing = false;
  /** rows matching the query, from the latest page read (0 until the first arrives) */
  total = 0;
  started = false;

  constructor(readonly size: number) {}

  row(index: number): Row | undefined {
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

  private current(k: number): boolean {
    const p = this.pages.get(k);
    return !!p && !p.stale;
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
        if (this.current(k) || this.inflight.has(k) || out.includes(k)) continue;
        out.push(k);
      }
    return out;
  }

  get pending(): number {
    return this.inflight.size;
  }

  /**
   * Ask for page k; resolves once it is stored (a failure leaves it missing, to be asked for again). A page already
   * in flight is not asked for twice: the caller waits for the request under way.
   */
  load(k: number, fetch: FetchPage<Row>): Promise<void> {
    const under = this.inflight.get(k);
    if (under) return under;
    const asked = this.generation;
    const p = (async () => {
      try {
        const page = await fetch(this.requestFor(k));
        const old = this.pages.get(k);
        const rows = old ? page.rows.map((r, i) => (old.rows[i] && sameValue(old.rows[i], r) ? old.rows[i]! : r)) : page.rows;
        this.pages.set(k, { rows, next: page.next, stale: asked !== this.generation });
        this.total = page.total;
        this.started = true;
        // rows past the end (removed from the list) are gone
        for (const key of this.pages.keys()) if (key * this.size >= this.total) this.pages.delete(key);
        this.failing = false;
      } finally {
        this.inflight.delete(k);
      }
      // a slot is free: whatever the view wants next (this page may have been asked for by ensure, not by the view)
      queueMicrotask(() => this.refill());
    })();
    this.inflight.set(k, p);
    return p;
  }

  /**
   * Ask for the pages `view()` wants, at most `inFlight` at once; every page that arrives (whoever asked for it: the
   * view, or `ensure` for a copy or a key) asks again from the view as it is then, so a fast drag loads where the scroll
   * is (and is going), not every page it passed, and a view is never left waiting behind requests it did not make.
   * `loaded` is told whether an answer changed what is on screen (the first page, a new count, or rows in view), so the
   * list redraws only then. A failure is told once until a page arrives again, and asked again a second later, not at
   * once: an engine that is gone is not asked in a loop. Stops for good once the list drops this store (dispose).
   */
  fill(view: () => RowView, fetch: FetchPage<Row>, inFlight: number, on: FillEvents): void {
    this.filler = { view, fetch, inFlight, on };
    this.refill();
  }

  private refill(): void {
    const f = this.filler;
    if (this.disposed || !f) return;
    const { first, last, velocity } = f.view();
    for (const k of this.wanted(first, last, velocity)) {
      if (this.pending >= f.inFlight) break;
      const { total, started } = this;
      this.load(k, f.fetch).then(
        () => {
          if (this.disposed) return;
          const v = f.view();
          f.on.loaded(!started || this.total !== total || this.shows(k, v.first, v.last));
        },
        (err: Error) => {
          if (this.disposed) return;
          if (!this.failing) f.on.failed(err);
          this.failing = true;
          setTimeout(() => this.refill(), RETRY_MS);
        },
      );
    }
  }

  /**
   * Load every row first..last that is missing or stale (a copy, a paste or a key acting on rows the user has not
   * scrolled to), page after page in order, so each page after the first is asked for by the keyset cursor of the one
   * before. Resolves once they are in (rows past the end of the list are left out), or rejects with the first failure.
   */
  async ensure(first: number, last: number, fetch: FetchPage<Row>): Promise<void> {
    if (!this.started) await this.load(0, fetch);
    for (let k = this.pageOf(Math.max(0, first)); k <= this.pageOf(Math.min(last, this.total - 1)) && !this.disposed; k++) {
      // a request under way was asked for before the latest change maybe: wait for it, then read again if it came back stale
      if (this.inflight.has(k)) await this.inflight.get(k);
      if (!this.current(k)) await this.load(k, fetch);
    }
  }

  /** Are all rows first..last (within the list) loaded? */
  has(first: number, last: number): boolean {
    for (let k = this.pageOf(Math.max(0, first)); k <= this.pageOf(Math.min(last, this.total - 1)); k++)
      if (!this.pages.has(k)) return false;
    return this.started;
  }

  /** Put a changed row in place of the loaded row with its id (after an edit); false when that row is not loaded. */
  replace(id: number, change: (row: Row) => Row): boolean {
    for (const p of this.pages.values()) {
      const i = p.rows.findIndex((r) => r.id === id);
      if (i >= 0) {
        p.rows[i] = change(p.rows[i]!);
        return true;
      }
    }
    return false;
  }

  /** Rows changed: every page is shown as it is until it is read again. */
  markStale(): void {
    this.generation++;
    for (const p of this.pages.values()) p.stale = true;
  }

  /** The list moved on to another store (a new query): answers still under way are dropped. */
  dispose(): void {
    this.disposed = true;
  }

  /** Does page k hold any of the rows first..last? */
  shows(k: number, first: number, last: number): boolean {
    return k >= this.pageOf(first) && k <= this.pageOf(last);
  }

  /** Ids of the loaded rows in list order (next/previous in the document view, "select all loaded"). */
  loadedIds(): number[] {
    return [...this.pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, p]) => p.rows.map((r) => r.id));
  }

  /** How many rows are loaded. */
  get loaded(): number {
    let n = 0;
    for (const p of this.pages.values()) n += p.rows.length;
    return n;
  }
}

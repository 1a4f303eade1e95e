import { describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../src/contract/domain.js';
import type { DocumentPage, ReviewPage, ReviewRow } from '../../src/contract/engine-api.js';
import { RowPages, sameValue, type PageRequest, type RowView } from '../../src/ui/row-pages.js';

const row = (id: number, vendor = 'Acme'): DocumentRow => ({ id, name: `f${id}.pdf`, vendor }) as DocumentRow;

/** A stand-in engine over ids 1..n: pages by offset or by a cursor that is the last id shown. */
function engine(n: number, vendorOf: (id: number) => string = () => 'Acme') {
  const asked: PageRequest[] = [];
  const fetch = async (req: PageRequest): Promise<DocumentPage> => {
    asked.push(req);
    const start = 'after' in req ? Number(req.after) : req.offset;
    const ids = Array.from({ length: Math.max(0, Math.min(req.limit, n - start)) }, (_, i) => start + i + 1);
    const more = start + ids.length < n;
    return { rows: ids.map((id) => row(id, vendorOf(id))), next: more ? String(ids.at(-1)) : null, total: n };
  };
  return { asked, fetch };
}

describe('the pages of a long list (the documents table)', () => {
  it('asks only for the first page before it knows the count', () => {
    expect(new RowPages<DocumentRow>(100).wanted(0, 0, 0)).toEqual([0]);
  });

  it('loads the rows a jump lands on by offset, without the pages above them', async () => {
    const pages = new RowPages<DocumentRow>(100);
    const e = engine(100_000);
    await pages.load(0, e.fetch);
    const want = pages.wanted(90_000, 90_030, 0);
    expect(want[0]).toBe(900);
    await pages.load(900, e.fetch);
    expect(e.asked.at(-1)).toEqual({ offset: 90_000, limit: 100 });
    expect(pages.row(90_010)?.id).toBe(90_011);
    expect(pages.row(50_000)).toBeUndefined();
    expect(pages.loadedIds()).toHaveLength(200);
  });

  it('reads the next page by the keyset cursor when the page before it is loaded and current', async () => {
    const pages = new RowPages<DocumentRow>(100);
    const e = engine(1_000);
    await pages.load(0, e.fetch);
    await pages.load(1, e.fetch);
    expect(e.asked.at(-1)).toEqual({ after: '100', limit: 100 });
    pages.markStale();
    expect(pages.requestFor(2)).toEqual({ offset: 200, limit: 100 });
  });

  it('looks ahead where a fast scroll is going, and behind when it goes up', async () => {
    const pages = new RowPages<DocumentRow>(100);
    await pages.load(0, engine(100_000).fetch);
    // 88 rows a frame (a scrollbar drag): the pages in view, then 2, 4 and 8 frames on
    expect(pages.wanted(1_000, 1_030, 88)).toEqual([10, 11, 12, 13, 17]);
    // a wheel (3 rows a frame) wants the next page in its direction once within half a page of it
    expect(pages.wanted(1_000, 1_030, 3)).toEqual([10]);
    expect(pages.wanted(1_060, 1_090, 3)).toEqual([10, 11]);
    expect(pages.wanted(1_000, 1_030, -3)).toEqual([10, 9]);
    expect(pages.wanted(99_990, 99_999, 88)).toEqual([999]);
  });

  it('after documents change, shows the old rows until read again and keeps the objects of rows that did not change', async () => {
    const pages = new RowPages<DocumentRow>(100);
    let changed = false;
    const e = engine(250, (id) => (changed && id === 7 ? 'Globex' : 'Acme'));
    await pages.load(0, e.fetch);
    const before = pages.row(3);
    pages.markStale();
    expect(pages.wanted(0, 30, 0)).toEqual([0]);
    expect(pages.row(3)).toBe(before);
    changed = true;
    await pages.load(0, e.fetch);
    expect(pages.row(3)).toBe(before);
    expect(pages.row(6)?.vendor).toBe('Globex');
    expect(pages.wanted(0, 30, 0)).toEqual([]);
    // a page not read again since is asked for when it comes into view
    await pages.load(1, e.fetch);
    pages.markStale();
    await pages.load(0, e.fetch);
    expect(pages.wanted(90, 130, 3)).toEqual([1]);
  });

  it('drops pages past the end when the count shrinks, and does not ask for a page already in flight', async () => {
    const pages = new RowPages<DocumentRow>(100);
    await pages.load(2, engine(300).fetch);
    expect(pages.row(250)?.id).toBe(251);
    await pages.load(0, engine(150).fetch);
    expect(pages.total).toBe(150);
    expect(pages.row(250)).toBeUndefined();
    let release!: () => void;
    const slow = pages.load(1, (req) => new Promise((r) => (release = () => r(engine(150).fetch(req)))));
    expect(pages.pending).toBe(1);
    expect(pages.wanted(100, 140, 0)).toEqual([]);
    release();
    await slow;
    expect(pages.pending).toBe(0);
  });
});

/** A review-grid row: the document row plus nested cells, issues and duplicates (what the grid's pages hold). */
const reviewRow = (id: number, vendor: string): ReviewRow =>
  ({
    id,
    name: `f${id}.pdf`,
    vendor,
    cells: { vendor_name: { value: vendor, confidence: 0.9, origin: 'rules', flags: [] } },
    issues: [{ field: null, code: 'x', message: 'check me', severity: 'warning' }],
    duplicates: [],
  }) as unknown as ReviewRow;

/** A stand-in for listReviewRows over ids 1..n, answering when `release` is called if `held` (a request under way). */
function reviewEngine(n: number, vendorOf: (id: number) => string = () => 'Acme') {
  const asked: PageRequest[] = [];
  let held: Array<() => void> | null = null;
  const fetch = async (req: PageRequest): Promise<ReviewPage> => {
    asked.push(req);
    if (held) await new Promise<void>((r) => held!.push(r));
    const start = 'after' in req ? Number(req.after) : req.offset;
    const ids = Array.from({ length: Math.max(0, Math.min(req.limit, n - start)) }, (_, i) => start + i + 1);
    const more = start + ids.length < n;
    return { rows: ids.map((id) => reviewRow(id, vendorOf(id))), next: more ? String(ids.at(-1)) : null, total: n };
  };
  return {
    asked,
    fetch,
    hold: () => (held = []),
    release: () => {
      const h = held ?? [];
      held = null;
      h.forEach((r) => r());
    },
  };
}

describe('the same pages over review-grid rows', () => {
  it('compares rows structurally, nested cells and issues included, key order aside', () => {
    expect(sameValue(reviewRow(1, 'Acme'), reviewRow(1, 'Acme'))).toBe(true);
    expect(sameValue(reviewRow(1, 'Acme'), reviewRow(1, 'Globex'))).toBe(false);
    expect(sameValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameValue({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });

  it('a jump to the end of a 50,000-row queue asks for the last pages only, by offset', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(50_000);
    await pages.load(0, e.fetch);
    for (const k of pages.wanted(49_970, 49_999, 0)) await pages.load(k, e.fetch);
    expect(e.asked).toEqual([
      { offset: 0, limit: 100 },
      { offset: 49_900, limit: 100 },
    ]);
    expect(pages.row(49_999)?.id).toBe(50_000);
    expect(pages.has(49_970, 49_999)).toBe(true);
    expect(pages.has(0, 49_999)).toBe(false);
    expect(pages.loaded).toBe(200);
  });

  it('re-reads rows with nested values keeping the objects that did not change', async () => {
    const pages = new RowPages<ReviewRow>(100);
    let changed = false;
    const e = reviewEngine(150, (id) => (changed && id === 42 ? 'Globex' : 'Acme'));
    await pages.load(0, e.fetch);
    const kept = pages.row(3);
    changed = true;
    pages.markStale();
    await pages.load(0, e.fetch);
    expect(pages.row(3)).toBe(kept);
    expect(pages.row(41)?.cells.vendor_name?.value).toBe('Globex');
  });

  it('loads a range in order, each page after the first by the keyset cursor, joining a request already under way', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(1_000);
    await pages.load(0, e.fetch);
    e.hold();
    const first = pages.load(3, e.fetch);
    const range = pages.ensure(250, 520, e.fetch);
    await Promise.resolve();
    e.release();
    await first;
    // the range waits for page 3 under way; pages 2, 4 and 5 are asked for one after another
    await new Promise((r) => setTimeout(r, 0));
    e.release();
    await range;
    expect(e.asked.slice(1)).toEqual([
      { offset: 300, limit: 100 },
      { offset: 200, limit: 100 },
      { after: '400', limit: 100 },
      { after: '500', limit: 100 },
    ]);
    expect(pages.has(200, 599)).toBe(true);
    // past the end: left out, not asked for (page 9 by offset: page 8 is not loaded)
    await pages.ensure(990, 1_500, e.fetch);
    expect(e.asked.at(-1)).toEqual({ offset: 900, limit: 100 });
    expect(e.asked).toHaveLength(6);
    expect(pages.has(990, 1_500)).toBe(true);
  });

  it('a page asked for before a change arrives stale, and is read again', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(300);
    e.hold();
    const slow = pages.load(0, e.fetch);
    await Promise.resolve();
    pages.markStale();
    e.release();
    await slow;
    expect(pages.row(0)?.id).toBe(1);
    expect(pages.wanted(0, 30, 0)).toEqual([0]);
    await pages.ensure(0, 10, e.fetch);
    expect(e.asked).toHaveLength(2);
    expect(pages.wanted(0, 30, 0)).toEqual([]);
  });

  it('puts an edited row in place by id, and says when that row is not loaded', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(50_000);
    await pages.load(499, e.fetch);
    expect(pages.replace(49_950, (r) => ({ ...r, vendor: 'Edited' }))).toBe(true);
    expect(pages.row(49_949)?.vendor).toBe('Edited');
    expect(pages.replace(7, (r) => r)).toBe(false);
    expect(pages.loadedIds()).toHaveLength(100);
  });

  it('fills the view at most two requests at a time, redraws only for rows in view or a new count, and stops once dropped', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(50_000);
    const view: RowView = { first: 0, last: 0, velocity: 0 };
    const shown: boolean[] = [];
    const settle = async () => {
      for (let i = 0; i < 20 && (pages.pending || i < 2); i++) await new Promise((r) => setTimeout(r, 0));
    };
    const fill = () => pages.fill(() => view, e.fetch, 2, { loaded: (s) => shown.push(s), failed: (err) => expect.fail(err.message) });
    fill();
    await settle();
    // the first page (the count), then the next one in the scroll's direction (not in view: no redraw)
    expect(e.asked).toEqual([{ offset: 0, limit: 100 }]);
    expect(shown).toEqual([true]);
    Object.assign(view, { first: 49_960, last: 49_999 });
    e.hold();
    fill();
    expect(pages.pending).toBe(1);
    e.release();
    await settle();
    expect(e.asked.at(-1)).toEqual({ offset: 49_900, limit: 100 });
    expect(shown.at(-1)).toBe(true);
    const before = e.asked.length;
    pages.dispose();
    pages.markStale();
    fill();
    await settle();
    expect(e.asked).toHaveLength(before);
  });

  it('a view waiting behind requests it did not make (a copy loading a range) is filled as soon as they arrive', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(50_000);
    const view: RowView = { first: 0, last: 30, velocity: 0 };
    await pages.load(0, e.fetch);
    e.hold();
    const copies = [pages.ensure(5_000, 5_000, e.fetch), pages.ensure(9_000, 9_000, e.fetch)];
    await Promise.resolve();
    Object.assign(view, { first: 20_000, last: 20_030 });
    pages.fill(() => view, e.fetch, 2, { loaded: () => {}, failed: (err) => expect.fail(err.message) });
    // both slots are taken by the copy's requests: nothing asked for the view yet
    expect(e.asked).toHaveLength(3);
    e.release();
    await Promise.all(copies);
    await expect.poll(() => pages.row(20_010)?.id).toBe(20_011);
    pages.dispose();
  });

  it('a failed page is told once and asked for again a second later, not at once in a loop', async () => {
    const pages = new RowPages<ReviewRow>(100);
    const e = reviewEngine(50_000);
    let down = true;
    let tries = 0;
    const flaky = async (req: PageRequest): Promise<ReviewPage> => {
      tries++;
      if (down) throw new Error('engine gone');
      return e.fetch(req);
    };
    const failures: string[] = [];
    pages.fill(() => ({ first: 0, last: 30, velocity: 0 }), flaky, 2, { loaded: () => {}, failed: (err) => failures.push(err.message) });
    await new Promise((r) => setTimeout(r, 50));
    expect([tries, failures]).toEqual([1, ['engine gone']]);
    await new Promise((r) => setTimeout(r, 1_100));
    expect([tries, failures]).toEqual([2, ['engine gone']]);
    down = false;
    await expect.poll(() => pages.row(5)?.id, { timeout: 3_000 }).toBe(6);
    pages.dispose();
  });
});

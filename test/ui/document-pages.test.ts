import { describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../src/contract/domain.js';
import type { DocumentPage } from '../../src/contract/engine-api.js';
import { DocumentPages, type PageRequest } from '../../src/ui/document-pages.js';

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

describe('the documents table pages', () => {
  it('asks only for the first page before it knows the count', () => {
    expect(new DocumentPages(100).wanted(0, 0, 0)).toEqual([0]);
  });

  it('loads the rows a jump lands on by offset, without the pages above them', async () => {
    const pages = new DocumentPages(100);
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
    const pages = new DocumentPages(100);
    const e = engine(1_000);
    await pages.load(0, e.fetch);
    await pages.load(1, e.fetch);
    expect(e.asked.at(-1)).toEqual({ after: '100', limit: 100 });
    pages.markStale();
    expect(pages.requestFor(2)).toEqual({ offset: 200, limit: 100 });
  });

  it('looks ahead where a fast scroll is going, and behind when it goes up', async () => {
    const pages = new DocumentPages(100);
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
    const pages = new DocumentPages(100);
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
    const pages = new DocumentPages(100);
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

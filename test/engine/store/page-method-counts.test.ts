/**
 * A batch's pages by method (the summary's pagesByMethod) come out the same whichever way the store reads them:
 * seeking each document's pages (a small batch in a large store) or walking the pages table (a batch that is a
 * good share of the store).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/store/db.js';
import { pageMethodCounts } from '../../../src/engine/store/pages.js';
import { addBatch, addDoc, tempStore } from '../export/seed.js';

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempStore()));
afterEach(() => cleanup());

const page = (method: 'text' | 'ocr') => ({ method, text: 'x' });
const counts = (batchId: number) =>
  Object.fromEntries(pageMethodCounts(db, batchId).map((r) => [r.method, r.n])) as Record<string, number | undefined>;

describe('pageMethodCounts', () => {
  it('counts the pages of one batch by method, when the batch is most of the store and when it is a small part of it', () => {
    const big = addBatch(db, 'big');
    const small = addBatch(db, 'small');
    for (let i = 0; i < 60; i++)
      addDoc(db, { batchId: big, path: `/big/${i}.pdf`, pages: i % 3 === 0 ? [page('ocr'), page('text')] : [page('text')] });
    addDoc(db, { batchId: small, path: '/small/a.pdf', pages: [page('ocr'), page('ocr')] });
    addDoc(db, { batchId: small, path: '/small/b.pdf', pages: [page('text')] });
    addDoc(db, { batchId: small, path: '/small/c.pdf' });
    // 60 of 63 documents: the table is walked; 3 of 63 (3 x 20 < 63): each document of the batch is sought
    expect(counts(big)).toEqual({ text: 60, ocr: 20 });
    expect(counts(small)).toEqual({ ocr: 2, text: 1 });
    expect(counts(999)).toEqual({});
  });
});

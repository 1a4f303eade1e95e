import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexPending, markDocumentDirty, rebuildSearchIndex, search, toFtsQuery } from '../../../src/engine/search/index.js';
import { updateField } from '../../../src/engine/store/fields.js';
import type { Db } from '../../../src/engine/store/db.js';
import { addBatch, addDoc, seedStandard, tempStore } from '../export/seed.js';

let db: Db;
let cleanup: () => void;
let ids: ReturnType<typeof seedStandard>;
beforeEach(() => {
  ({ db, cleanup } = tempStore());
  ids = seedStandard(db);
});
afterEach(() => cleanup());

describe('search', () => {
  it('finds a word that only a page text contains, with page and a marked snippet', () => {
    const hits = search(db, 'polyphonic');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      documentId: ids.cafe,
      batchId: ids.b1,
      name: 'café-müller.pdf',
      path: '/in/März/café-müller.pdf',
      page: 0,
      field: null,
    });
    expect(hits[0]!.snippet).toContain('«polyphonic»');
    expect(hits[0]!.rank).toBeGreaterThan(0);
  });

  it('finds field values and file names, and folds diacritics', () => {
    const hits = search(db, 'muller');
    expect(hits.map((h) => h.field).sort()).toEqual(expect.arrayContaining(['file_name', 'vendor_name']));
    expect(hits.some((h) => h.page === 0 && h.snippet.includes('«Müller»'))).toBe(true);
    expect(search(db, '42183017').map((h) => h.documentId)).toEqual(expect.arrayContaining([ids.acme]));
  });

  it('does phrase and prefix queries', () => {
    expect(search(db, '"polyphonic espresso"').map((h) => h.documentId)).toEqual([ids.cafe]);
    expect(search(db, '"espresso polyphonic"')).toEqual([]);
    expect(search(db, 'polyph*').map((h) => h.documentId)).toEqual([ids.cafe]);
    expect(search(db, 'rock*').map((h) => h.documentId)).toEqual([ids.acme]);
    expect(search(db, '"rocket ska"*').map((h) => h.documentId)).toEqual([ids.acme]);
    expect(search(db, 'polyphonic rocket')).toEqual([]);
    expect(new Set(search(db, 'polyphonic OR rocket').map((h) => h.documentId))).toEqual(new Set([ids.cafe, ids.acme]));
    expect(search(db, 'INV-2024-001').map((h) => h.documentId)).toContain(ids.cafe);
  });

  it('never throws on hostile input', () => {
    const hostile = [
      '"',
      '""',
      'foo"bar',
      '"unclosed phrase',
      'AND',
      'OR',
      'NOT',
      'a AND',
      'OR a',
      '*',
      '**',
      'a*b',
      '(',
      '(a OR',
      ')',
      'NEAR(a b, 2)',
      'NEAR',
      'vendor:foo',
      'text:polyphonic',
      '^x',
      '-x',
      '+x',
      "'); DROP TABLE documents; --",
      '\u0000',
      '{a b}',
      ':',
      '[',
      'a"b"c"',
      '\\',
      '   ',
      '',
      'x'.repeat(5000),
      'é*',
      '«»',
    ];
    for (const q of hostile) expect(() => search(db, q), q).not.toThrow();
    // A colon is text, not a column filter: the two words are a phrase.
    expect(search(db, 'polyphonic:espresso').map((h) => h.documentId)).toEqual([ids.cafe]);
    expect(search(db, '   ')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(5);
  });

  it('reaches an edited field after indexPending', () => {
    expect(search(db, 'zebulon')).toEqual([]);
    updateField(db, ids.acme, 'vendor_name', 'Zebulon Traders');
    expect(indexPending(db)).toBe(1);
    const hits = search(db, 'zebulon');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ documentId: ids.acme, field: 'vendor_name', page: null, snippet: '«Zebulon» Traders' });
    // The old value is gone from the field rows (it stays in the page text).
    expect(search(db, '"Acme, Inc."').every((h) => h.field !== 'vendor_name')).toBe(true);
    expect(indexPending(db)).toBe(0);
  });

  it('indexes documents that finish later, re-finish after a retry, or are marked dirty', () => {
    expect(indexPending(db)).toBe(5);
    expect(indexPending(db)).toBe(0);
    const b = addBatch(db);
    const late = addDoc(db, {
      batchId: b,
      path: '/in/late.pdf',
      status: 'processing',
      finishedAt: null,
      pages: [{ method: 'ocr', text: 'quixotic harpsichord' }],
    });
    expect(search(db, 'quixotic')).toEqual([]);
    db.prepare("UPDATE documents SET status = 'done', finished_at = ? WHERE id = ?").run(Date.now(), late);
    expect(search(db, 'quixotic').map((h) => h.documentId)).toEqual([late]);

    // A retry rewrites the text and finishes again, possibly with a finished_at older than the watermark
    // (committed late by another worker).
    db.prepare("UPDATE page_text SET text = 'zygomorphic lute' WHERE document_id = ?").run(late);
    db.prepare('UPDATE documents SET finished_at = finished_at - 1000 WHERE id = ?').run(late);
    expect(indexPending(db)).toBe(1);
    expect(search(db, 'quixotic')).toEqual([]);
    expect(search(db, 'zygomorphic').map((h) => h.documentId)).toEqual([late]);

    db.prepare("UPDATE page_text SET text = 'xylophone' WHERE document_id = ?").run(late);
    expect(indexPending(db)).toBe(0);
    markDocumentDirty(db, late);
    expect(indexPending(db)).toBe(1);
    expect(search(db, 'xylophone')).toHaveLength(1);
  });

  it('leaves other documents alone when re-indexing one, and rebuilds from scratch', () => {
    indexPending(db);
    const before = db.prepare('SELECT count(*) FROM search_fts').pluck().get() as number;
    markDocumentDirty(db, ids.cafe);
    indexPending(db);
    expect(db.prepare('SELECT count(*) FROM search_fts').pluck().get()).toBe(before);
    expect(rebuildSearchIndex(db)).toBe(5);
    expect(db.prepare('SELECT count(*) FROM search_fts').pluck().get()).toBe(before);
    expect(search(db, 'tokyo').map((h) => h.documentId)).toContain(ids.yen);
  });

  it('respects the limit and ranks better matches first', () => {
    const b = addBatch(db);
    for (let i = 0; i < 30; i++)
      addDoc(db, {
        batchId: b,
        path: `/r/${i}.pdf`,
        pages: [{ method: 'text', text: i === 7 ? 'banana banana banana' : `banana and ${'filler '.repeat(40)}` }],
      });
    const hits = search(db, 'banana', 5);
    expect(hits).toHaveLength(5);
    expect(hits[0]!.path).toBe('/r/7.pdf');
    expect(hits.map((h) => h.rank)).toEqual([...hits.map((h) => h.rank)].sort((x, y) => y - x));
  });
});

describe('toFtsQuery', () => {
  it('quotes every term and keeps phrases, prefixes and OR', () => {
    expect(toFtsQuery('invoice total')).toBe('"invoice" "total"');
    expect(toFtsQuery('invo*')).toBe('"invo"*');
    expect(toFtsQuery('"exact words" more')).toBe('"exact words" "more"');
    expect(toFtsQuery('"exact wor"*')).toBe('"exact wor"*');
    expect(toFtsQuery('a OR b')).toBe('"a" OR "b"');
    expect(toFtsQuery('OR a OR')).toBe('"a"');
    expect(toFtsQuery('a AND NOT b')).toBe('"a" "b"');
    expect(toFtsQuery('say "hi')).toBe('"say" "hi"');
    expect(toFtsQuery('he said "x""y"')).toBe('"he" "said" "x" "y"');
    expect(toFtsQuery('NEAR(a b)')).toBe('"NEAR(a" "b)"');
    expect(toFtsQuery('( ) * "" -')).toBe('');
  });
});

describe('backlog', () => {
  it('indexes a large backlog in chunks without losing documents or edits', () => {
    const b = addBatch(db);
    for (let i = 0; i < 25; i++) addDoc(db, { batchId: b, path: `/c/${i}.pdf`, pages: [{ method: 'text', text: `chunky ${i}` }] });
    updateField(db, ids.acme, 'vendor_name', 'Quagga Ltd');
    const counts: number[] = [];
    for (let k; (k = indexPending(db, { max: 10 })) > 0;) counts.push(k);
    expect(counts[0]).toBe(10);
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts.reduce((a, x) => a + x, 0)).toBeGreaterThanOrEqual(30);
    expect(search(db, 'chunky', 100)).toHaveLength(25);
    expect(search(db, 'quagga')).toHaveLength(1);
    expect(indexPending(db)).toBe(0);
  });
});

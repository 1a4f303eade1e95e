import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexPending, search } from '../../../src/engine/search/index.js';
import { RANKED_CANDIDATES } from '../../../src/engine/store/search-index.js';
import type { Db } from '../../../src/engine/store/db.js';
import { toFtsQuery } from '../../../src/engine/search/query.js';
import { addBatch, addDoc, tempStore } from '../export/seed.js';

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempStore()));
afterEach(() => cleanup());

describe('search ranks a common word over its newest matches', () => {
  it('a word in more file names than RANKED_CANDIDATES: hits come from the newest ones, with snippets; a rare word still finds the oldest', () => {
    const b = addBatch(db);
    const n = RANKED_CANDIDATES + 300;
    const ids: number[] = [];
    db.transaction(() => {
      for (let i = 0; i < n; i++)
        ids.push(addDoc(db, { batchId: b, path: `/in/common-${i}${i === 0 ? '-unique' : ''}.pdf`, status: 'done', finishedAt: 1000 + i }));
    })();
    indexPending(db, { max: n });
    const hits = search(db, 'common', 20);
    expect(hits).toHaveLength(20);
    const oldestRanked = ids[ids.length - RANKED_CANDIDATES]!;
    for (const h of hits) {
      expect(h.documentId).toBeGreaterThanOrEqual(oldestRanked);
      expect(h.snippet).toContain('«common»');
      expect(h.field).toBe('file_name');
    }
    // best first, as before
    expect(hits.map((h) => h.rank)).toEqual([...hits.map((h) => h.rank)].sort((x, y) => y - x));
    expect(search(db, 'unique').map((h) => h.documentId)).toEqual([ids[0]]);
  });

  it('phrases and 2-letter prefixes are bounded the same way, and every query returns what ranking all of its newest matches by bm25 returns', () => {
    const b = addBatch(db);
    const n = RANKED_CANDIDATES + 300;
    const ids: number[] = [];
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        // Scores differ from page to page (how often the phrase occurs, how long the page is); the oldest page is the
        // strongest match of all but falls outside the newest RANKED_CANDIDATES.
        const text =
          i === 0
            ? 'Kassenbon total amount total amount total amount'
            : `Kassenbon ${i}: ${'total amount '.repeat(1 + (i % 3))}${'filler '.repeat(i % 11)}due`;
        ids.push(
          addDoc(db, { batchId: b, path: `/in/receipt-${i}.pdf`, status: 'done', finishedAt: 1000 + i, pages: [{ method: 'text', text }] }),
        );
      }
    })();
    indexPending(db, { max: n });
    const oldestRanked = ids[ids.length - RANKED_CANDIDATES]!;
    // The reference: every match scored, the newest RANKED_CANDIDATES kept, best first, equal scores oldest first.
    const reference = (q: string, limit: number) =>
      (
        db.prepare('SELECT rowid, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ?').all(toFtsQuery(q)) as Array<{
          rowid: number;
          score: number;
        }>
      )
        .sort((x, y) => y.rowid - x.rowid)
        .slice(0, RANKED_CANDIDATES)
        .sort((x, y) => x.score - y.score || y.rowid - x.rowid)
        .slice(0, limit)
        .map((r) => [Math.floor(r.rowid / 4096), r.rowid % 4096, -r.score]);
    for (const [q, mark] of [
      ['"total amount"', '«total amount»'],
      ['ka*', '«Kassenbon»'],
      ['total', '«total»'],
    ] as const) {
      for (const limit of [20, 200]) {
        const hits = search(db, q, limit);
        expect(hits.map((h) => [h.documentId, h.page, h.rank])).toEqual(reference(q, limit));
        expect(hits).toHaveLength(limit);
        for (const h of hits) {
          expect(h.documentId).toBeGreaterThanOrEqual(oldestRanked);
          expect(h.field).toBeNull();
          expect(h.snippet).toContain(mark);
        }
      }
    }
    expect(search(db, '"total amount"', 20).map((h) => h.documentId)).not.toContain(ids[0]);
    expect(search(db, 'receipt-0').map((h) => [h.documentId, h.field])).toEqual([[ids[0], 'file_name']]);
  });
});

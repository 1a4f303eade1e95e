import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexPending, search } from '../../../src/engine/search/index.js';
import { RANKED_CANDIDATES } from '../../../src/engine/store/search-index.js';
import type { Db } from '../../../src/engine/store/db.js';
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
});

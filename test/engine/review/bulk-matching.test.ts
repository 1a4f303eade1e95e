/**
 * "Select all" in the review grid acts on every document the filter matches, not on the rows a client loaded: the
 * engine resolves the filter itself (bulkUpdateMatching), bar the rows unchecked after it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { matchingDocuments } from '../../../src/engine/store/document-filters.js';
import { openDb } from '../../../src/engine/store/db.js';
import { createDispatcher, headlessAppHandlers } from '../../../src/hosts/dispatch/dispatch.js';
import { addBatch, addDoc } from '../export/seed.js';

const N = 1_200;
let engine: Engine;
let dataDir: string;
let march: number;
let april: number;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bulk-matching-'));
  const db = openDb(dataDir);
  march = addBatch(db, 'March');
  april = addBatch(db, 'April');
  db.transaction(() => {
    for (let i = 1; i <= N; i++)
      addDoc(db, {
        batchId: i % 2 ? march : april,
        path: `/in/doc-${i}.pdf`,
        status: i % 10 === 0 ? 'done' : 'needs_review',
        fields: {
          vendor_name: i % 3 ? 'Acme GmbH' : 'Globex Ltd',
          document_number: `N-${i}`,
          issue_date: '2025-03-01',
          total: `${i}.00`,
          currency: 'EUR',
        },
      });
  })();
  db.close();
  engine = await Engine.open({ dataDir, workers: 1 });
});
afterAll(async () => {
  await engine?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const reviewed = async (query: Parameters<Engine['listDocuments']>[0]) => {
  const ids: number[] = [];
  let after: string | null = null;
  do {
    const page = await engine.listDocuments({ ...query, after, limit: 1000 });
    for (const r of page.rows) if (r.reviewedAt !== null) ids.push(r.id);
    after = page.next;
  } while (after);
  return ids;
};

describe('bulk action on every document a filter matches', () => {
  it('resolves the filter in one statement, the same documents the list counts', () => {
    const db = openDb(dataDir, { readonly: true });
    try {
      // every 10th document is done, all of them even numbers: in April
      const { ids, batchIds } = matchingDocuments(db, { status: ['done' as const], batchId: march }, []);
      expect(ids).toHaveLength(0);
      const all = matchingDocuments(db, { status: ['done' as const] }, []);
      expect(all.ids).toHaveLength(N / 10);
      expect(all.batchIds).toEqual([april]);
      expect(matchingDocuments(db, { status: ['done' as const] }, all.ids.slice(0, 5)).ids).toEqual(all.ids.slice(5));
      expect(batchIds).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('marks all matching reviewed, across batches and past any page a client loaded, bar the rows unchecked', async () => {
    const query = { status: ['needs_review' as const], vendor: 'acme', ignored: false, sort: 'name' as const, limit: 100 };
    const matching = (await engine.listDocuments(query)).total;
    expect(matching).toBe(720); // 1,200 minus every 10th (done) minus the Globex third
    const first = (await engine.listDocuments(query)).rows.slice(0, 2).map((r) => r.id);
    // through the dispatcher, as every host calls it: zod-validated arguments
    const dispatch = createDispatcher(engine, headlessAppHandlers({ host: 'test', dataDir }));
    const n = await dispatch('bulkUpdateMatching', [{ query, except: first }, { reviewed: true }]);
    expect(n).toBe(matching - 2);
    // reviewed documents are done now: all of Acme's but the two unchecked and those done before
    const done = await reviewed({ vendor: 'acme' });
    expect(done).toHaveLength(matching - 2);
    expect(done).not.toContain(first[0]);
    expect(done).not.toContain(first[1]);
    expect((await engine.listDocuments({ ...query, limit: 10 })).rows.map((r) => r.id).sort()).toEqual([...first].sort());
    // in both batches, and nothing outside the filter changed
    const rows = (await engine.listDocuments({ vendor: 'acme', limit: 1000 })).rows.filter((r) => r.reviewedAt !== null);
    expect(new Set(rows.map((r) => r.batchId))).toEqual(new Set([march, april]));
    expect(await reviewed({ vendor: 'globex' })).toEqual([]);
  });

  it('sets a type on a filtered batch as corrections, and matches nothing without touching anything', async () => {
    const query = { batchId: april, vendor: 'globex' };
    const n = await engine.bulkUpdateMatching({ query, except: [] }, { docType: 'receipt' });
    const expected = (await engine.listDocuments({ ...query, limit: 1 })).total;
    expect(n).toBe(expected);
    const one = (await engine.listDocuments({ ...query, limit: 1 })).rows[0]!;
    const detail = (await engine.getDocument(one.id))!;
    expect(detail.docType).toBe('receipt');
    expect(detail.corrections.at(-1)).toMatchObject({ field: 'doc_type', newValue: 'receipt', kind: 'bulk' });
    expect(await engine.bulkUpdateMatching({ query: { vendor: 'nobody at all' }, except: [] }, { docType: 'receipt' })).toBe(0);
  });
});

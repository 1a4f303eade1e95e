import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/engine/store/db.js';
import { listDocuments } from '../../../src/engine/store/documents.js';
import { decodeCursor, encodeCursor } from '../../../src/engine/store/keyset.js';
import { tmpDir } from '../../helpers/tmp.js';

function seed(n: number) {
  const db = openDb(tmpDir());
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'b', 'done', 0), (2, 'c', 'done', 0)").run();
  const ins = db.prepare('INSERT INTO documents (batch_id, path, name, status, queued_at, vendor, total) VALUES (?, ?, ?, ?, 0, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      // Some NULLs and many ties, the cases where naive keyset paging skips or repeats rows.
      ins.run(
        i % 3 === 0 ? 2 : 1,
        `/in/f${i}.pdf`,
        `f${i}.pdf`,
        i % 5 === 0 ? 'failed' : 'done',
        i % 7 === 0 ? null : `Vendor ${i % 4}`,
        i % 11 === 0 ? null : (i * 37) % 100,
      );
    }
  })();
  return db;
}

describe('keyset pagination', () => {
  it('cursors round-trip and reject garbage', () => {
    expect(decodeCursor(encodeCursor({ v: 'a', id: 3 }))).toEqual({ v: 'a', id: 3 });
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(null)).toBeNull();
  });

  for (const sort of ['id', 'vendor', 'total', 'name', 'status'] as const) {
    for (const desc of [false, true]) {
      it(`walks every row exactly once sorted by ${sort} ${desc ? 'desc' : 'asc'}`, () => {
        const db = seed(523);
        const seen: number[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const page = listDocuments(db, { sort, desc, after, limit: 50 });
          expect(page.total).toBe(523);
          seen.push(...page.rows.map((r) => r.id));
          after = page.next;
          pages++;
        } while (after && pages < 100);
        expect(seen.length).toBe(523);
        expect(new Set(seen).size).toBe(523);
        const all = listDocuments(db, { sort, desc, limit: 1000 }).rows.map((r) => r.id);
        expect(seen).toEqual(all);
      });
    }
  }

  it('starts a page at an offset (a jump into the list) with the rows the walk would show there, and a cursor on', () => {
    const db = seed(523);
    for (const sort of ['id', 'vendor', 'total'] as const) {
      const all = listDocuments(db, { sort, limit: 1000 }).rows.map((r) => r.id);
      const page = listDocuments(db, { sort, offset: 300, limit: 50 });
      expect(page.rows.map((r) => r.id)).toEqual(all.slice(300, 350));
      expect(listDocuments(db, { sort, after: page.next, limit: 50 }).rows.map((r) => r.id)).toEqual(all.slice(350, 400));
      // a cursor wins over an offset
      expect(listDocuments(db, { sort, after: page.next, offset: 5, limit: 50 }).rows.map((r) => r.id)).toEqual(all.slice(350, 400));
    }
    expect(listDocuments(db, { offset: 600, limit: 50 })).toMatchObject({ rows: [], next: null, total: 523 });
  });

  it('filters by batch, status and text, and counts the filtered total', () => {
    const db = seed(100);
    const failed = listDocuments(db, { status: ['failed'], limit: 1000 });
    expect(failed.total).toBe(20);
    expect(failed.rows.every((r) => r.status === 'failed')).toBe(true);
    const b2 = listDocuments(db, { batchId: 2, limit: 1000 });
    expect(b2.rows.every((r) => r.batchId === 2)).toBe(true);
    expect(listDocuments(db, { text: 'f10.pdf', limit: 10 }).rows.map((r) => r.name)).toEqual(['f10.pdf']);
    // LIKE wildcards in user text are literal.
    expect(listDocuments(db, { text: '%', limit: 10 }).total).toBe(0);
  });

  it('uses an index for the sorted page, not a scan with a temp b-tree', () => {
    const db = seed(10);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM documents WHERE batch_id = ? AND status = ? AND id > ? ORDER BY id LIMIT 100')
      .all(1, 'done', 0) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });
});

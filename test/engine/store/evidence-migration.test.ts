import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/engine/store/db.js';
import { MIGRATIONS } from '../../../src/engine/store/migrations/index.js';

/** A version-4 database with an extracted document in it, as a user upgrading to stored evidence would have. */
function seededAtVersion4(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((x) => x.version <= 4)) db.exec(m.sql);
  db.pragma('user_version = 4');
  db.prepare("INSERT INTO batches (id, name, created_at) VALUES (1, 'old batch', 1)").run();
  const ins = db.prepare("INSERT INTO documents (id, batch_id, path, name, status, queued_at, total) VALUES (?, 1, ?, ?, 'done', 1, ?)");
  ins.run(1, '/in/a.pdf', 'a.pdf', 29.15);
  ins.run(2, '/in/b.png', 'b.png', 4.11);
  db.prepare(
    `INSERT INTO fields (document_id, name, value, raw, confidence, source, origin) VALUES (1, 'total', '29.15', '29.15', 0.9, '{"page":0,"start":5,"end":10}', 'rules')`,
  ).run();
  db.prepare("INSERT INTO pages (document_id, page_index, method, width, height) VALUES (1, 0, 'text', 595.28, 841.89)").run();
  return db;
}

describe('migration 5 (evidence) on a seeded version-4 database', () => {
  it('keeps documents, fields and pages, and adds empty evidence and check tables', () => {
    const db = seededAtVersion4();
    expect(applyMigrations(db)).toBeGreaterThanOrEqual(5);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
    expect(db.prepare('SELECT id, total FROM documents ORDER BY id').all()).toEqual([
      { id: 1, total: 29.15 },
      { id: 2, total: 4.11 },
    ]);
    expect(db.prepare('SELECT value, source FROM fields WHERE document_id = 1').get()).toEqual({
      value: '29.15',
      source: '{"page":0,"start":5,"end":10}',
    });
    // text-layer page sizes are points with decimals; the INTEGER column keeps them as they are
    expect(db.prepare('SELECT width, height FROM pages').get()).toEqual({ width: 595.28, height: 841.89 });
    expect(db.prepare('SELECT count(*) FROM field_evidence').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM checks').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('stores evidence and checks per document, finds failed checks through the partial index, and refuses orphans', () => {
    const db = seededAtVersion4();
    applyMigrations(db);
    db.prepare(
      `INSERT INTO field_evidence (document_id, name, rules, checks_passed, checks_failed) VALUES (1, 'total', '["total.label-same-line"]', '[]', '["sum.lines-subtotal"]')`,
    ).run();
    const check = db.prepare('INSERT INTO checks (document_id, idx, check_id, passed, fields, message) VALUES (?, ?, ?, ?, ?, ?)');
    check.run(1, 0, 'sum.lines-subtotal', 0, '["line_items","subtotal"]', 'lines sum to 25.15, subtotal is 29.15');
    check.run(1, 1, 'date.plausible', 1, '["issue_date"]', 'date within range');
    check.run(2, 0, 'sum.lines-subtotal', 1, '["line_items","subtotal"]', 'lines sum to the subtotal');
    const plan = (q: string) => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(plan("SELECT document_id FROM checks WHERE check_id = 'x' AND passed = 0")).toMatch(/USING (COVERING )?INDEX checks_failed/);
    expect(db.prepare("SELECT document_id FROM checks WHERE check_id = 'sum.lines-subtotal' AND passed = 0").pluck().all()).toEqual([1]);
    expect(() => db.prepare("INSERT INTO checks (document_id, idx, check_id, passed, message) VALUES (99, 0, 'x', 1, 'm')").run()).toThrow(
      /FOREIGN KEY/,
    );
    // evidence of a field is one row per document and name
    expect(() => db.prepare("INSERT INTO field_evidence (document_id, name) VALUES (1, 'total')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});

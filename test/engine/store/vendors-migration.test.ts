import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/engine/store/db.js';
import { MIGRATIONS } from '../../../src/engine/store/migrations/index.js';

/** A version-3 database with documents in it, as a user upgrading to vendor memory would have. */
function seededAtVersion3(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) db.exec(m.sql);
  db.pragma('user_version = 3');
  db.prepare("INSERT INTO batches (id, name, created_at) VALUES (1, 'old batch', 1)").run();
  const ins = db.prepare(
    "INSERT INTO documents (id, batch_id, path, name, status, queued_at, vendor, total) VALUES (?, 1, ?, ?, 'done', 1, ?, ?)",
  );
  ins.run(1, '/in/a.pdf', 'a.pdf', 'Acme GmbH', 12.5);
  ins.run(2, '/in/b.pdf', 'b.pdf', 'Sanyo Trading', 99);
  db.prepare("INSERT INTO fields (document_id, name, value, origin) VALUES (1, 'total', '12.50', 'rules')").run();
  return db;
}

describe('migration 4 (vendors) on a seeded version-3 database', () => {
  it('keeps every document and field and adds empty vendor tables', () => {
    const db = seededAtVersion3();
    applyMigrations(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(4);
    expect(db.prepare('SELECT id, vendor, total FROM documents ORDER BY id').all()).toEqual([
      { id: 1, vendor: 'Acme GmbH', total: 12.5 },
      { id: 2, vendor: 'Sanyo Trading', total: 99 },
    ]);
    expect(db.prepare('SELECT value FROM fields WHERE document_id = 1').pluck().get()).toBe('12.50');
    expect(db.prepare('SELECT count(*) FROM vendors').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM vendor_lessons').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('looks vendors up by tax id and IBAN through indexes, and drops lessons with their document or vendor', () => {
    const db = seededAtVersion3();
    applyMigrations(db);
    db.prepare(
      "INSERT INTO vendors (id, name, name_key, tax_id, iban, origin, created_at, updated_at) VALUES (1, 'Acme GmbH', 'ACME', 'DE123456789', 'DE89370400440532013000', 'import', 1, 1)",
    ).run();
    const plan = (q: string) => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(plan("SELECT id FROM vendors WHERE tax_id = 'X'")).toMatch(/USING (COVERING )?INDEX vendors_tax_id/);
    expect(plan("SELECT id FROM vendors WHERE iban = 'X'")).toMatch(/USING (COVERING )?INDEX vendors_iban/);
    const lesson = db.prepare(
      "INSERT INTO vendor_lessons (vendor_id, document_id, field, label, placement, page, at) VALUES (1, ?, 'total', 'summe', 'after', 0, 1)",
    );
    lesson.run(1);
    lesson.run(2);
    db.prepare('DELETE FROM documents WHERE id = 2').run();
    expect(db.prepare('SELECT document_id FROM vendor_lessons').pluck().all()).toEqual([1]);
    db.prepare('DELETE FROM vendors WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM vendor_lessons').pluck().get()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { indexPending, search } from '../../../../src/engine/search/index.js';
import { applyMigrations } from '../../../../src/engine/store/db.js';
import { storeAtVersion } from './at-version.js';

/** A version-8 store whose search index holds finished documents, as a user upgrading would have it. */
function seededAtVersion8() {
  const db = storeAtVersion(8);
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'old', 'done', 1)").run();
  const doc = db.prepare('INSERT INTO documents (id, batch_id, path, name, status, queued_at, finished_at) VALUES (?, 1, ?, ?, ?, 1, ?)');
  doc.run(1, '/in/kaffee.pdf', 'kaffee.pdf', 'done', 5000);
  doc.run(2, '/in/acme.pdf', 'acme.pdf', 'needs_review', 6000);
  doc.run(3, '/in/queued.pdf', 'queued.pdf', 'queued', null);
  db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (1, 0, 'Kaffeemaschine, polyphonic espresso')").run();
  db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (2, 0, 'Karton rocket skates')").run();
  db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (2, 1, 'page two: total amount 12.00')").run();
  db.prepare("INSERT INTO fields (document_id, name, value, origin) VALUES (2, 'vendor_name', 'Acme Müller', 'rules')").run();
  expect(indexPending(db)).toBe(2);
  return db;
}

const indexRows = (db: ReturnType<typeof storeAtVersion>) => db.prepare('SELECT rowid, text, field FROM search_fts ORDER BY rowid').all();

describe('migration 9 (2- and 3-letter prefix index) on a seeded version-8 database', () => {
  it('rebuilds the index with the same rows, needs no re-indexing, and answers 2-letter prefixes', () => {
    const db = seededAtVersion8();
    const before = indexRows(db);
    const state = db.prepare('SELECT * FROM search_state ORDER BY document_id').all();
    expect(before).toHaveLength(6); // 3 pages, 1 field value, 2 file names
    applyMigrations(db);

    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").pluck().get()).toMatch(/prefix = '2 3'/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'search_fts_before%'").all()).toEqual([]);
    expect(indexRows(db)).toEqual(before);
    expect(db.prepare('SELECT * FROM search_state ORDER BY document_id').all()).toEqual(state);
    // FTS5's own check, prefix index included: every row's tokens are where the index says.
    db.prepare("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')").run();

    // The watermarks still describe the index, so nothing is indexed again.
    expect(indexPending(db)).toBe(0);
    expect(search(db, 'ka*').map((h) => [h.documentId, h.page, h.field])).toEqual(
      expect.arrayContaining([
        [1, 0, null],
        [1, null, 'file_name'],
        [2, 0, null],
      ]),
    );
    expect(search(db, 'ka*')).toHaveLength(3);
    expect(search(db, 'polyphonic').map((h) => [h.documentId, h.snippet])).toEqual([[1, 'Kaffeemaschine, «polyphonic» espresso']]);
    expect(search(db, '"total amount"').map((h) => [h.documentId, h.page])).toEqual([[2, 1]]);
    expect(search(db, 'muller').map((h) => [h.documentId, h.field])).toEqual([[2, 'vendor_name']]);

    // A document finished after the upgrade is indexed into the new table.
    db.prepare("UPDATE documents SET status = 'done', finished_at = 7000 WHERE id = 3").run();
    db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (3, 0, 'Kanister')").run();
    expect(indexPending(db)).toBe(1);
    expect(search(db, 'ka*').map((h) => h.documentId)).toContain(3);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

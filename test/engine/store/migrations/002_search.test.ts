import { describe, expect, it } from 'vitest';
import { indexPending, search } from '../../../../src/engine/search/index.js';
import { applyMigrations } from '../../../../src/engine/store/db.js';
import { planOf, storeAtVersion } from './at-version.js';

/** A version-1 store with finished documents, as a user upgrading to full-text search would have. */
function seededAtVersion1() {
  const db = storeAtVersion(1);
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'old', 'done', 1)").run();
  const doc = db.prepare('INSERT INTO documents (id, batch_id, path, name, status, queued_at, finished_at) VALUES (?, 1, ?, ?, ?, 1, ?)');
  doc.run(1, '/in/café.pdf', 'café.pdf', 'done', 5000);
  doc.run(2, '/in/acme.pdf', 'acme.pdf', 'needs_review', 6000);
  doc.run(3, '/in/queued.pdf', 'queued.pdf', 'queued', null);
  db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (1, 0, 'The polyphonic espresso machine')").run();
  db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (2, 0, 'rocket skates')").run();
  db.prepare("INSERT INTO fields (document_id, name, value, origin) VALUES (2, 'vendor_name', 'Acme Müller', 'rules')").run();
  return db;
}

describe('migration 2 (search) on a seeded version-1 database', () => {
  it('keeps the documents, starts the watermarks at zero, and the existing documents become searchable', () => {
    const db = seededAtVersion1();
    applyMigrations(db);
    expect(db.prepare('SELECT id, status FROM documents ORDER BY id').all()).toEqual([
      { id: 1, status: 'done' },
      { id: 2, status: 'needs_review' },
      { id: 3, status: 'queued' },
    ]);
    expect(db.prepare('SELECT key, value FROM search_meta ORDER BY key').all()).toEqual([
      { key: 'correction_id', value: 0 },
      { key: 'finished_at', value: 0 },
    ]);
    expect(db.prepare('SELECT count(*) FROM search_fts').pluck().get()).toBe(0);

    // The backlog the migration leaves is the finished documents; the queued one waits for its finish.
    expect(indexPending(db)).toBe(2);
    expect(search(db, 'polyphonic').map((h) => h.documentId)).toEqual([1]);
    expect(search(db, 'muller').map((h) => [h.documentId, h.field])).toEqual([[2, 'vendor_name']]);
    expect(db.prepare('SELECT value FROM search_meta WHERE key = ?').pluck().get('finished_at')).toBe(6000);
    expect(planOf(db, 'SELECT id FROM documents WHERE finished_at >= ?', 1)).toMatch(/documents_finished_at/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../../src/engine/store/db.js';
import { documentParts, duplicateCounts, duplicateLink, nearDuplicateCandidates } from '../../../../src/engine/store/intake.js';
import { planOf, storeAtVersion } from './at-version.js';

/** A version-6 store with two batches of read documents, as a user upgrading to intake would have. */
function seededAtVersion6() {
  const db = storeAtVersion(6);
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'January', 'done', 1), (2, 'February', 'done', 2)").run();
  db.prepare(
    `INSERT INTO documents (id, batch_id, path, name, status, queued_at, vendor, doc_number, total, issue_date, sha256, duplicate_of) VALUES
     (1, 1, '/in/a.pdf', 'a.pdf', 'done', 1, 'ACME', 'INV-1', 10.5, '2024-01-02', 'aa', NULL),
     (2, 2, '/in/b.pdf', 'b.pdf', 'needs_review', 1, 'ACME', 'inv-1', 10.5, '2024-01-02', 'bb', NULL),
     (3, 2, '/in/a copy.pdf', 'a copy.pdf', 'skipped', 1, NULL, NULL, NULL, NULL, 'aa', 1)`,
  ).run();
  return db;
}

describe('migration 7 (intake) on a seeded version-6 database', () => {
  it('keeps every document, unlinked and unhashed, and counts the old exact duplicate', () => {
    const db = seededAtVersion6();
    applyMigrations(db);
    expect(db.prepare('SELECT id, parent_id, origin, phash, possible_duplicate_of FROM documents ORDER BY id').all()).toEqual([
      { id: 1, parent_id: null, origin: null, phash: null, possible_duplicate_of: null },
      { id: 2, parent_id: null, origin: null, phash: null, possible_duplicate_of: null },
      { id: 3, parent_id: null, origin: null, phash: null, possible_duplicate_of: null },
    ]);
    expect(duplicateCounts(db, 2)).toEqual({ exact: 1, possible: 0 });
    expect(duplicateLink(db, 3)).toEqual({
      kind: 'exact',
      documentId: 1,
      name: 'a.pdf',
      batchId: 1,
      batchName: 'January',
      why: 'the same bytes',
    });
    expect(documentParts(db, 1)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM watched_folders').get()).toEqual({ n: 0 });
  });

  it('finds an old document with the same number across batches by index', () => {
    const db = seededAtVersion6();
    applyMigrations(db);
    const c = nearDuplicateCandidates(db, 2, { docNumber: 'INV-1', total: 10.5, issueDate: '2024-01-02', phash: null });
    expect(c.map((r) => r.id)).toEqual([1]);
    expect(planOf(db, 'SELECT id FROM documents WHERE doc_number = ? COLLATE NOCASE', 'x')).toMatch(/documents_(number|vendor_number)/);
    expect(planOf(db, 'SELECT id FROM documents WHERE phash = ?', 'x')).toMatch(/documents_phash/);
  });
});

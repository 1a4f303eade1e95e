import { describe, expect, it } from 'vitest';
import { undoCorrection } from '../../../../src/engine/review/review.js';
import { applyMigrations } from '../../../../src/engine/store/db.js';
import { getDocumentDetail } from '../../../../src/engine/store/document-detail.js';
import { planOf, storeAtVersion } from './at-version.js';

/** A version-2 store where a clerk had already corrected a vendor, as a user upgrading to review at scale would have. */
function seededAtVersion2() {
  const db = storeAtVersion(2);
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'old', 'done', 1)").run();
  db.prepare(
    "INSERT INTO documents (id, batch_id, path, name, status, queued_at, vendor, doc_number) VALUES (1, 1, '/in/a.pdf', 'a.pdf', 'done', 1, 'ACME LTD', 'INV-1')",
  ).run();
  db.prepare(
    "INSERT INTO fields (document_id, name, value, raw, confidence, origin, original_value) VALUES (1, 'vendor_name', 'ACME LTD', 'ACME LID', 1, 'user', 'ACME LID')",
  ).run();
  db.prepare(
    "INSERT INTO fields (document_id, name, value, raw, confidence, origin) VALUES (1, 'document_number', 'INV-1', 'INV-1', 0.9, 'rules')",
  ).run();
  db.prepare(
    "INSERT INTO corrections (id, document_id, field, old_value, new_value, at) VALUES (7, 1, 'vendor_name', 'ACME LID', 'ACME LTD', 100)",
  ).run();
  return db;
}

describe('migration 3 (review) on a seeded version-2 database', () => {
  it('keeps edits and corrections, marks old corrections as edits, and an old edit can be undone', () => {
    const db = seededAtVersion2();
    applyMigrations(db);
    expect(db.prepare('SELECT id, field, old_value, new_value, kind, reverted_by FROM corrections').all()).toEqual([
      { id: 7, field: 'vendor_name', old_value: 'ACME LID', new_value: 'ACME LTD', kind: 'edit', reverted_by: null },
    ]);
    expect(
      db.prepare("SELECT value, origin, original_value, original_origin, original_confidence FROM fields WHERE name = 'vendor_name'").get(),
    ).toEqual({ value: 'ACME LTD', origin: 'user', original_value: 'ACME LID', original_origin: null, original_confidence: null });

    // Undo of a pre-migration edit goes back to the machine's value and links the two corrections.
    undoCorrection(db, 7);
    const d = getDocumentDetail(db, 1)!;
    expect(d.fields.find((f) => f.name === 'vendor_name')?.value).toBe('ACME LID');
    expect(d.vendor).toBe('ACME LID');
    expect(d.corrections.map((c) => [c.id, c.kind, c.revertedBy])).toEqual([
      [7, 'edit', 8],
      [8, 'undo', null],
    ]);
  });

  it('adds the case-folded indexes the possible-duplicate lookups seek on', () => {
    const db = seededAtVersion2();
    applyMigrations(db);
    expect(
      planOf(
        db,
        'SELECT id FROM documents WHERE vendor = ? COLLATE NOCASE AND doc_number = ? COLLATE NOCASE AND doc_number IS NOT NULL',
        'acme ltd',
        'inv-1',
      ),
    ).toMatch(/documents_vendor_number/);
    expect(
      planOf(
        db,
        'SELECT id FROM documents WHERE vendor = ? COLLATE NOCASE AND total = ? AND issue_date = ? AND total IS NOT NULL',
        'a',
        1,
        'x',
      ),
    ).toMatch(/documents_vendor_total_date/);
    expect(
      db.prepare("SELECT id FROM documents WHERE vendor = 'acme ltd' COLLATE NOCASE AND doc_number = 'inv-1' COLLATE NOCASE").pluck().all(),
    ).toEqual([1]);
  });
});

import type { ExtractedField, FieldName } from '../../contract/domain.js';
import type { ReviewCell } from '../../contract/engine-api.js';
import type { Db } from './db.js';
import { recordCorrection } from './corrections.js';
import { listColumnsFrom, setListColumns } from './documents.js';
import { allRows, getRow, runWrite } from './statements.js';

/** A row of the fields table: one extracted (or edited) value per document and field name. */
export interface FieldDbRow {
  name: string;
  value: string | null;
  raw: string | null;
  confidence: number | null;
  source: string | null;
  origin: string;
  original_value: string | null;
}

/** A field as stored, with the machine's reading kept beside a clerk's edit. */
interface FieldWithOriginal {
  value: string | null;
  origin: string;
  confidence: number | null;
  original_value: string | null;
  original_origin: string | null;
  original_confidence: number | null;
}

export function documentFields(db: Db, documentId: number): FieldDbRow[] {
  return allRows<FieldDbRow>(
    db,
    'SELECT name, value, raw, confidence, source, origin, original_value FROM fields WHERE document_id = ?',
    documentId,
  );
}

/** Fields of a set of documents (a review page), keyed by document. */
export function fieldsOfDocuments(
  db: Db,
  ids: readonly number[],
): Array<{ document_id: number; name: FieldName; value: string | null; confidence: number | null; origin: ReviewCell['origin'] }> {
  return allRows(
    db,
    'SELECT document_id, name, value, confidence, origin FROM fields WHERE document_id IN (SELECT value FROM json_each(?))',
    JSON.stringify(ids),
  );
}

/** Non-empty field values of a document, by name (the search index). */
export function filledFieldValues(db: Db, documentId: number): Array<{ name: string; value: string }> {
  return allRows(
    db,
    "SELECT name, value FROM fields WHERE document_id = ? AND value IS NOT NULL AND value <> '' ORDER BY name",
    documentId,
  );
}

/** Fields of documents in an id range (an export page), ordered by document. */
export function fieldsInIdRange(db: Db, lo: number, hi: number): Iterable<FieldDbRow & { document_id: number }> {
  return allRows(
    db,
    'SELECT document_id, name, value, raw, confidence, source, origin, original_value FROM fields WHERE document_id BETWEEN ? AND ? ORDER BY document_id, name',
    lo,
    hi,
  );
}

/** Fields a clerk edited: a re-extraction keeps them. */
export function userEditedFields(db: Db, documentId: number): Array<{ name: string; value: string | null; original_value: string | null }> {
  return allRows(db, "SELECT name, value, original_value FROM fields WHERE document_id = ? AND origin = 'user'", documentId);
}

export function deleteFields(db: Db, documentId: number): void {
  runWrite(db, 'DELETE FROM fields WHERE document_id = ?', documentId);
}

export function insertField(
  db: Db,
  documentId: number,
  f: Pick<ExtractedField, 'name' | 'value' | 'raw' | 'confidence' | 'source' | 'origin'> & {
    original: string | null;
    originalOrigin: string | null;
    originalConfidence: number | null;
  },
): void {
  runWrite(
    db,
    'INSERT INTO fields (document_id, name, value, raw, confidence, source, origin, original_value, original_origin, original_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    documentId,
    f.name,
    f.value,
    f.raw,
    f.confidence,
    f.source ? JSON.stringify(f.source) : null,
    f.origin,
    f.original,
    f.originalOrigin,
    f.originalConfidence,
  );
}

/** A user's edit: keeps the machine's original value and records the correction. */
export function updateField(db: Db, documentId: number, name: string, value: string | null): void {
  db.transaction(() => {
    const cur = getRow<FieldWithOriginal>(
      db,
      'SELECT value, origin, confidence, original_value, original_origin, original_confidence FROM fields WHERE document_id = ? AND name = ?',
      documentId,
      name,
    );
    const oldValue = cur?.value ?? null;
    if (oldValue === value) return;
    // The machine's reading, kept from the first edit on; it is what an undo back to that value restores.
    const machine =
      cur && cur.origin !== 'user'
        ? { value: cur.value, origin: cur.origin, confidence: cur.confidence }
        : cur
          ? { value: cur.original_value, origin: cur.original_origin, confidence: cur.original_confidence }
          : null;
    if (machine && machine.origin && value === machine.value) {
      runWrite(
        db,
        'UPDATE fields SET value = ?, origin = ?, confidence = ?, original_value = NULL, original_origin = NULL, original_confidence = NULL WHERE document_id = ? AND name = ?',
        value,
        machine.origin,
        machine.confidence,
        documentId,
        name,
      );
    } else {
      runWrite(
        db,
        `INSERT INTO fields (document_id, name, value, raw, confidence, source, origin, original_value, original_origin, original_confidence) VALUES (?, ?, ?, NULL, 1, NULL, 'user', ?, ?, ?)
         ON CONFLICT (document_id, name) DO UPDATE SET value = excluded.value, confidence = 1, origin = 'user',
           original_value = excluded.original_value, original_origin = excluded.original_origin, original_confidence = excluded.original_confidence`,
        documentId,
        name,
        value,
        machine?.value ?? null,
        machine?.origin ?? null,
        machine?.confidence ?? null,
      );
    }
    recordCorrection(db, { documentId, field: name, oldValue, newValue: value, at: Date.now() });
    const fields = allRows<{ name: FieldName; value: string | null }>(
      db,
      'SELECT name, value FROM fields WHERE document_id = ?',
      documentId,
    );
    setListColumns(db, documentId, listColumnsFrom(fields));
  })();
}

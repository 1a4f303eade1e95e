import type { Correction } from '../../contract/domain.js';
import type { Db } from './db.js';
import { allRows, getRow, getValue, runWrite } from './statements.js';

/** A row of the corrections table: one user change (edit, bulk action or undo) of a field or the type. */
export interface CorrectionDbRow {
  id: number;
  document_id: number;
  field: string;
  old_value: string | null;
  new_value: string | null;
  at: number;
  kind: Correction['kind'];
  reverted_by: number | null;
}

export function recordCorrection(
  db: Db,
  c: { documentId: number; field: string; oldValue: string | null; newValue: string | null; at: number; kind?: Correction['kind'] },
): number {
  return runWrite(
    db,
    'INSERT INTO corrections (document_id, field, old_value, new_value, at, kind) VALUES (?, ?, ?, ?, ?, ?)',
    c.documentId,
    c.field,
    c.oldValue,
    c.newValue,
    c.at,
    c.kind ?? 'edit',
  ).lastInsertRowid;
}

export function getCorrection(db: Db, id: number): CorrectionDbRow | undefined {
  return getRow(db, 'SELECT id, document_id, field, old_value, new_value, at, kind, reverted_by FROM corrections WHERE id = ?', id);
}

export function documentCorrections(db: Db, documentId: number): Correction[] {
  const rows = allRows<CorrectionDbRow>(
    db,
    'SELECT id, document_id, field, old_value, new_value, at, kind, reverted_by FROM corrections WHERE document_id = ? ORDER BY id',
    documentId,
  );
  return rows.map((c) => ({
    id: c.id,
    field: c.field,
    oldValue: c.old_value,
    newValue: c.new_value,
    at: c.at,
    kind: c.kind ?? 'edit',
    revertedBy: c.reverted_by,
  }));
}

/** Corrections of documents in an id range (an export page), ordered by document. */
export function correctionsInIdRange(db: Db, lo: number, hi: number): Array<Omit<CorrectionDbRow, 'kind' | 'reverted_by'>> {
  return allRows(
    db,
    'SELECT document_id, id, field, old_value, new_value, at FROM corrections WHERE document_id BETWEEN ? AND ? ORDER BY document_id, id',
    lo,
    hi,
  );
}

/** The newest correction of a document (the one an edit just recorded), or null. */
export function latestCorrectionId(db: Db, documentId: number): number | null {
  return getValue<number | null>(db, 'SELECT max(id) AS id FROM corrections WHERE document_id = ?', documentId) ?? null;
}

export function setCorrectionKind(db: Db, id: number, kind: Correction['kind']): void {
  runWrite(db, 'UPDATE corrections SET kind = ? WHERE id = ?', kind, id);
}

export function markCorrectionReverted(db: Db, id: number, revertedBy: number): void {
  runWrite(db, 'UPDATE corrections SET reverted_by = ? WHERE id = ?', revertedBy, id);
}

/** Whether the field changed again after this correction (an undo would discard that change). */
export function changedSince(db: Db, documentId: number, field: string, afterId: number): boolean {
  return (
    (getValue<number>(db, 'SELECT count(*) FROM corrections WHERE document_id = ? AND field = ? AND id > ?', documentId, field, afterId) ??
      0) > 0
  );
}

/** Documents corrected after a correction id (the search index's watermark). */
export function documentsCorrectedAfter(db: Db, afterId: number): number[] {
  return allRows<{ document_id: number }>(db, 'SELECT DISTINCT document_id FROM corrections WHERE id > ?', afterId).map(
    (r) => r.document_id,
  );
}

export function latestCorrectionIdOverall(db: Db): number | null {
  return getValue<number | null>(db, 'SELECT max(id) FROM corrections') ?? null;
}

import type { DocumentRow, FieldName, ValidationIssue } from '../../contract/domain.js';
import { DOC_TYPES, FIELD_NAMES } from '../../contract/domain.js';
import type { BulkPatch, DocumentQuery, PossibleDuplicate, ReviewCell, ReviewPage, ReviewRow } from '../../contract/engine-api.js';

export type { BulkPatch, ReviewPage } from '../../contract/engine-api.js';
import type { Db } from '../store/db.js';
import { listDocuments, updateField } from '../store/documents.js';

/**
 * A page of the review grid: the documents page (keyset, same filters and sort as the documents table) plus,
 * for just those rows, their fields, issues and possible duplicates. Three queries per page, whatever the
 * table size.
 */
export function listReviewRows(db: Db, query: DocumentQuery): ReviewPage {
  const page = listDocuments(db, query);
  const ids = page.rows.map((r) => r.id);
  if (!ids.length) return { rows: [], next: page.next, total: page.total };
  const marks = ids.map(() => '?').join(',');
  const fields = db
    .prepare(`SELECT document_id, name, value, confidence, origin FROM fields WHERE document_id IN (${marks})`)
    .all(...ids) as Array<{
    document_id: number;
    name: FieldName;
    value: string | null;
    confidence: number | null;
    origin: ReviewCell['origin'];
  }>;
  const issues = db
    .prepare(`SELECT document_id, field, code, message, severity FROM issues WHERE document_id IN (${marks}) ORDER BY document_id, idx`)
    .all(...ids) as Array<ValidationIssue & { document_id: number }>;
  const rows: ReviewRow[] = page.rows.map((r) => ({ ...r, cells: {}, issues: [], duplicates: [] }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const f of fields) {
    const row = byId.get(f.document_id);
    if (row) row.cells[f.name] = { value: f.value, confidence: f.confidence, origin: f.origin, flags: [] };
  }
  for (const i of issues) {
    const row = byId.get(i.document_id);
    if (!row) continue;
    const { document_id: _, ...issue } = i;
    if (i.field && i.field !== 'line_items' && (FIELD_NAMES as readonly string[]).includes(i.field)) {
      const name = i.field as FieldName;
      const cell = (row.cells[name] ??= { value: null, confidence: null, origin: null, flags: [] });
      cell.flags.push(i.message);
    } else row.issues.push(issue);
  }
  for (const row of rows) row.duplicates = findPossibleDuplicates(db, row);
  return { rows, next: page.next, total: page.total };
}

/**
 * Other documents that look like the same invoice saved as a different file (a scan and an e-mailed PDF, a
 * re-sent copy): same vendor and number, or same vendor, total and date. Byte-identical files never get here:
 * ingest already skips them as duplicates.
 */
export function findPossibleDuplicates(
  db: Db,
  row: Pick<DocumentRow, 'id' | 'vendor' | 'docNumber' | 'total' | 'issueDate'>,
): PossibleDuplicate[] {
  if (!row.vendor) return [];
  const out = new Map<number, PossibleDuplicate>();
  if (row.docNumber) {
    const hits = db
      .prepare(
        `SELECT id, name, batch_id FROM documents WHERE vendor = ? COLLATE NOCASE AND doc_number = ? COLLATE NOCASE AND doc_number IS NOT NULL
         AND id != ? AND duplicate_of IS NULL LIMIT 5`,
      )
      .all(row.vendor, row.docNumber, row.id) as Array<{ id: number; name: string; batch_id: number }>;
    for (const h of hits) out.set(h.id, { documentId: h.id, name: h.name, batchId: h.batch_id, why: 'same vendor and number' });
  }
  if (row.total !== null && row.issueDate) {
    const hits = db
      .prepare(
        `SELECT id, name, batch_id FROM documents WHERE vendor = ? COLLATE NOCASE AND total = ? AND issue_date = ? AND total IS NOT NULL
         AND id != ? AND duplicate_of IS NULL LIMIT 5`,
      )
      .all(row.vendor, row.total, row.issueDate, row.id) as Array<{ id: number; name: string; batch_id: number }>;
    for (const h of hits)
      if (!out.has(h.id)) out.set(h.id, { documentId: h.id, name: h.name, batchId: h.batch_id, why: 'same vendor, total and date' });
  }
  return [...out.values()];
}

/**
 * One action on many selected rows, in one transaction. Vendor and type changes are recorded as corrections
 * (old value, new value, time) like single edits, so history and undo cover them.
 */
export function bulkUpdate(db: Db, ids: number[], patch: BulkPatch): number {
  if (patch.docType !== undefined && !DOC_TYPES.includes(patch.docType)) throw new Error(`unknown document type ${patch.docType}`);
  let changed = 0;
  const now = Date.now();
  db.transaction(() => {
    const typeOf = db.prepare('SELECT doc_type FROM documents WHERE id = ?').pluck();
    const setType = db.prepare('UPDATE documents SET doc_type = ? WHERE id = ?');
    const logType = db.prepare(
      "INSERT INTO corrections (document_id, field, old_value, new_value, at, kind) VALUES (?, 'doc_type', ?, ?, ?, 'bulk')",
    );
    const review = db.prepare(
      patch.reviewed
        ? "UPDATE documents SET reviewed_at = ?, status = CASE WHEN status = 'needs_review' THEN 'done' ELSE status END WHERE id = ?"
        : 'UPDATE documents SET reviewed_at = NULL WHERE id = ? AND ? IS NOT NULL',
    );
    for (const id of ids) {
      let touched = false;
      if (patch.docType !== undefined) {
        const old = typeOf.get(id) as string | null | undefined;
        if (old !== undefined && old !== patch.docType) {
          setType.run(patch.docType, id);
          logType.run(id, old, patch.docType, now);
          touched = true;
        }
      }
      if (patch.vendor !== undefined) {
        const before = db.prepare('SELECT count(*) AS n FROM corrections WHERE document_id = ?').get(id) as { n: number };
        updateField(db, id, 'vendor_name', patch.vendor);
        const after = db.prepare('SELECT count(*) AS n FROM corrections WHERE document_id = ?').get(id) as { n: number };
        if (after.n > before.n) {
          db.prepare("UPDATE corrections SET kind = 'bulk' WHERE id = (SELECT max(id) FROM corrections WHERE document_id = ?)").run(id);
          touched = true;
        }
      }
      if (patch.reviewed !== undefined) {
        const r = patch.reviewed ? review.run(now, id) : review.run(id, now);
        if (r.changes) touched = true;
      }
      if (touched) changed++;
    }
  })();
  return changed;
}

/**
 * Undo a correction: the field (or type) goes back to the value before it, recorded as a new correction of
 * kind 'undo' so the history keeps both. Undoing an edit whose field has changed again since is refused:
 * it would silently discard the later edit.
 */
export function undoCorrection(db: Db, correctionId: number): { documentId: number; field: string; value: string | null } {
  return db.transaction(() => {
    const c = db
      .prepare('SELECT id, document_id, field, old_value, new_value, reverted_by FROM corrections WHERE id = ?')
      .get(correctionId) as
      | { id: number; document_id: number; field: string; old_value: string | null; new_value: string | null; reverted_by: number | null }
      | undefined;
    if (!c) throw new Error(`no correction ${correctionId}`);
    if (c.reverted_by !== null) throw new Error('this change was already undone');
    const later = db
      .prepare('SELECT count(*) AS n FROM corrections WHERE document_id = ? AND field = ? AND id > ?')
      .get(c.document_id, c.field, c.id) as { n: number };
    if (later.n > 0) throw new Error(`"${c.field}" was changed again after this edit; undo the later change first`);
    if (c.field === 'doc_type') {
      db.prepare('UPDATE documents SET doc_type = ? WHERE id = ?').run(c.old_value, c.document_id);
      db.prepare(
        "INSERT INTO corrections (document_id, field, old_value, new_value, at, kind) VALUES (?, 'doc_type', ?, ?, ?, 'undo')",
      ).run(c.document_id, c.new_value, c.old_value, Date.now());
    } else {
      updateField(db, c.document_id, c.field, c.old_value);
      db.prepare("UPDATE corrections SET kind = 'undo' WHERE id = (SELECT max(id) FROM corrections WHERE document_id = ?)").run(
        c.document_id,
      );
    }
    const undoId = (db.prepare('SELECT max(id) AS id FROM corrections WHERE document_id = ?').get(c.document_id) as { id: number }).id;
    db.prepare('UPDATE corrections SET reverted_by = ? WHERE id = ?').run(undoId, c.id);
    return { documentId: c.document_id, field: c.field, value: c.old_value };
  })();
}

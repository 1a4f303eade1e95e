import type { DocType, DocumentRow, FieldName } from '../../contract/domain.js';
import { DOC_TYPES, FIELD_NAMES } from '../../contract/domain.js';
import type { BulkPatch, DocumentQuery, PossibleDuplicate, ReviewPage, ReviewRow } from '../../contract/engine-api.js';

export type { BulkPatch, ReviewPage } from '../../contract/engine-api.js';
import {
  changedSince,
  getCorrection,
  latestCorrectionId,
  markCorrectionReverted,
  recordCorrection,
  setCorrectionKind,
} from '../store/corrections.js';
import type { Db } from '../store/db.js';
import {
  clearDocumentReviewed,
  documentNameAndFinish,
  getDocType,
  listDocuments,
  markDocumentReviewed,
  sameVendorAndNumber,
  sameVendorTotalAndDate,
  setDocType,
} from '../store/documents.js';
import { fieldsOfDocuments, updateField } from '../store/fields.js';
import { issuesOfDocuments } from '../store/issues.js';
import { keyFields } from '../extract/status.js';
import { FIELD_LABELS } from '../extract/validate.js';
import { AMOUNT_FIELDS, DATE_FIELDS, storedValueProblem } from './stored-values.js';

/** "Mark reviewed" refused: the documents whose key fields hold a value that is not valid, each with its reason. */
export class ReviewRefusedError extends Error {
  constructor(readonly blockers: Array<{ documentId: number; name: string; reason: string }>) {
    const first = blockers
      .slice(0, 3)
      .map((b) => `${b.name}: ${b.reason}`)
      .join('; ');
    super(
      `not marked reviewed: ${blockers.length === 1 ? 'a key field is' : `${blockers.length} documents have key fields that are`} not valid (${first}${blockers.length > 3 ? '; ...' : ''}); correct ${blockers.length === 1 ? 'it' : 'them'} first`,
    );
    this.name = 'ReviewRefusedError';
  }
}

/**
 * Documents that may not be marked reviewed: a key field (or any amount or date) holds a value that is not valid
 * ("abc" as a total, 2024-02-31). A missing value does not block: the clerk may know the document has none.
 */
export function reviewBlockers(db: Db, ids: readonly number[]): Array<{ documentId: number; name: string; reason: string }> {
  const out: Array<{ documentId: number; name: string; reason: string }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const fields = fieldsOfDocuments(db, slice);
    for (const id of slice) {
      const docType = getDocType(db, id);
      if (docType === undefined) continue;
      const watched = new Set<FieldName>([...keyFields((docType ?? 'other') as DocType), ...AMOUNT_FIELDS, ...DATE_FIELDS]);
      for (const f of fields) {
        if (f.document_id !== id || !watched.has(f.name)) continue;
        const problem = storedValueProblem(f.name, f.value);
        if (problem)
          out.push({
            documentId: id,
            name: documentNameAndFinish(db, id)?.name ?? `document ${id}`,
            reason: `${FIELD_LABELS[f.name]} ${problem}`,
          });
      }
    }
  }
  return out;
}

/**
 * A page of the review grid: the documents page (by keyset cursor, or by offset for a jump; same filters and sort as
 * the documents table) plus, for just those rows, their fields, issues and possible duplicates. Three queries per
 * page, whatever the table size.
 */
export function listReviewRows(db: Db, query: DocumentQuery): ReviewPage {
  const page = listDocuments(db, query);
  const ids = page.rows.map((r) => r.id);
  if (!ids.length) return { rows: [], next: page.next, total: page.total };
  const fields = fieldsOfDocuments(db, ids);
  const issues = issuesOfDocuments(db, ids);
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
    const hits = sameVendorAndNumber(db, row.id, row.vendor, row.docNumber);
    for (const h of hits) out.set(h.id, { documentId: h.id, name: h.name, batchId: h.batch_id, why: 'same vendor and number' });
  }
  if (row.total !== null && row.issueDate) {
    const hits = sameVendorTotalAndDate(db, row.id, row.vendor, row.total, row.issueDate);
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
  if (patch.reviewed === true) {
    const blockers = reviewBlockers(db, ids);
    if (blockers.length) throw new ReviewRefusedError(blockers);
  }
  let changed = 0;
  const now = Date.now();
  db.transaction(() => {
    for (const id of ids) {
      let touched = false;
      if (patch.docType !== undefined) {
        const old = getDocType(db, id);
        if (old !== undefined && old !== patch.docType) {
          setDocType(db, id, patch.docType);
          recordCorrection(db, { documentId: id, field: 'doc_type', oldValue: old, newValue: patch.docType, at: now, kind: 'bulk' });
          touched = true;
        }
      }
      if (patch.vendor !== undefined) {
        const before = latestCorrectionId(db, id);
        updateField(db, id, 'vendor_name', patch.vendor);
        const after = latestCorrectionId(db, id);
        if (after !== null && after !== before) {
          setCorrectionKind(db, after, 'bulk');
          touched = true;
        }
      }
      if (patch.reviewed !== undefined) {
        if (patch.reviewed ? markDocumentReviewed(db, id, now) : clearDocumentReviewed(db, id)) touched = true;
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
    const c = getCorrection(db, correctionId);
    if (!c) throw new Error(`no correction ${correctionId}`);
    if (c.reverted_by !== null) throw new Error('this change was already undone');
    if (changedSince(db, c.document_id, c.field, c.id))
      throw new Error(`"${c.field}" was changed again after this edit; undo the later change first`);
    if (c.field === 'doc_type') {
      setDocType(db, c.document_id, c.old_value);
      recordCorrection(db, {
        documentId: c.document_id,
        field: 'doc_type',
        oldValue: c.new_value,
        newValue: c.old_value,
        at: Date.now(),
        kind: 'undo',
      });
    } else {
      updateField(db, c.document_id, c.field, c.old_value);
      const latest = latestCorrectionId(db, c.document_id);
      if (latest !== null) setCorrectionKind(db, latest, 'undo');
    }
    const undoId = latestCorrectionId(db, c.document_id)!;
    markCorrectionReverted(db, c.id, undoId);
    return { documentId: c.document_id, field: c.field, value: c.old_value };
  })();
}

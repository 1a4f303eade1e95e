import type { DocumentStatus } from '../../contract/domain.js';
import { correctionsInIdRange, type CorrectionDbRow } from './corrections.js';
import type { Db } from './db.js';
import type { DocumentDbRow } from './documents.js';
import { fieldsInIdRange, type FieldDbRow } from './fields.js';
import { issuesInIdRange, type IssueDbRow } from './issues.js';
import { lineItemsInIdRange, type LineItemDbRow } from './line-items.js';
import { allRows, getRow, getValue } from './statements.js';
import { emailsOfDocuments } from './intake.js';
import type { EmailInfo } from '../../contract/schemas/intake.js';
import type { EInvoiceTax } from '../../contract/schemas/einvoice.js';
import { taxBreakdownsInIdRange } from './einvoices.js';

/**
 * Keyset iteration over the documents an export covers, one page at a time, with each page's fields,
 * line items, issues and corrections fetched by document-id range. Memory is bounded by the page size,
 * whatever the batch size, and no read cursor stays open across the awaits of a slow output stream.
 */

/** The documents columns an export reads. */
export type ExportDocumentRow = Pick<
  DocumentDbRow,
  | 'id'
  | 'batch_id'
  | 'path'
  | 'name'
  | 'status'
  | 'status_reason'
  | 'method'
  | 'page_count'
  | 'attempts'
  | 'duplicate_of'
  | 'finished_at'
  | 'doc_type'
  | 'doc_type_conf'
  | 'confidence'
  | 'vendor'
  | 'doc_number'
  | 'issue_date'
  | 'total'
  | 'currency'
  | 'reviewed_at'
  | 'parent_id'
  | 'possible_duplicate_of'
>;
export type ExportCorrectionRow = Omit<CorrectionDbRow, 'document_id' | 'kind' | 'reverted_by'>;

/** One document with the rows of the other tables an export asked for. */
export interface DocumentRecord {
  doc: ExportDocumentRow;
  fields: Map<string, FieldDbRow>;
  items: LineItemDbRow[];
  issues: IssueDbRow[];
  corrections: ExportCorrectionRow[];
  /** The e-mail the document came in (an attachment, or a file in an attached archive), when asked for. */
  email?: EmailInfo | null;
  /** An e-invoice's VAT breakdown, one row per rate, when asked for (other documents: none). */
  taxes?: EInvoiceTax[];
}

export interface RecordParts {
  fields?: boolean;
  items?: boolean;
  issues?: boolean;
  corrections?: boolean;
  email?: boolean;
  taxBreakdown?: boolean;
}

/** Which documents: a batch (or all) and a status list (null: any; empty: none), already validated. */
export interface DocumentSelection {
  batchId: number | null;
  statuses: readonly DocumentStatus[] | null;
}

const DOC_COLUMNS = `id, batch_id, path, name, status, status_reason, method, page_count, attempts, duplicate_of, finished_at,
  doc_type, doc_type_conf, confidence, vendor, doc_number, issue_date, total, currency, reviewed_at, parent_id, possible_duplicate_of`;

export const PAGE_SIZE = 500;

function whereOf(sel: DocumentSelection, alias = ''): { sql: string; params: Array<string | number> } {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  // The unary + keeps SQLite on the rowid order: with an index on batch_id/status it would sort every
  // remaining row of the batch for each page.
  if (sel.batchId != null) {
    parts.push(`+${alias}batch_id = ?`);
    params.push(sel.batchId);
  }
  if (sel.statuses) {
    if (sel.statuses.length === 0) parts.push('0');
    else {
      parts.push(`+${alias}status IN (${sel.statuses.map(() => '?').join(',')})`);
      params.push(...sel.statuses);
    }
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export function countSelectedDocuments(db: Db, sel: DocumentSelection): number {
  const w = whereOf(sel);
  return getValue<number>(db, `SELECT count(*) FROM documents WHERE 1${w.sql.replace(/\+/g, '')}`, ...w.params) ?? 0;
}

/** Pages of the selected documents in id order, each record with the parts asked for. */
export function* selectedDocumentPages(
  db: Db,
  sel: DocumentSelection,
  parts: RecordParts = {},
  pageSize = PAGE_SIZE,
): Generator<DocumentRecord[]> {
  const w = whereOf(sel);
  let after = 0;
  for (;;) {
    const docs = allRows<ExportDocumentRow>(
      db,
      `SELECT ${DOC_COLUMNS} FROM documents WHERE id > ?${w.sql} ORDER BY id LIMIT ?`,
      after,
      ...w.params,
      pageSize,
    );
    if (docs.length === 0) return;
    const byId = new Map<number, DocumentRecord>();
    for (const doc of docs) byId.set(doc.id, { doc, fields: new Map(), items: [], issues: [], corrections: [] });
    const lo = docs[0]!.id;
    const hi = docs[docs.length - 1]!.id;
    if (parts.fields) for (const r of fieldsInIdRange(db, lo, hi)) byId.get(r.document_id)?.fields.set(r.name, r);
    if (parts.items) for (const r of lineItemsInIdRange(db, lo, hi)) byId.get(r.document_id)?.items.push(r);
    if (parts.issues) for (const r of issuesInIdRange(db, lo, hi)) byId.get(r.document_id)?.issues.push(r);
    if (parts.corrections) for (const r of correctionsInIdRange(db, lo, hi)) byId.get(r.document_id)?.corrections.push(r);
    if (parts.email) {
      // only derived documents can have come in an e-mail: one lookup each, none for files found on disk
      const derived = docs.filter((d) => d.parent_id != null).map((d) => d.id);
      for (const [id, e] of emailsOfDocuments(db, derived)) byId.get(id)!.email = e;
    }
    if (parts.taxBreakdown)
      for (const t of taxBreakdownsInIdRange(db, lo, hi)) {
        const rec = byId.get(t.documentId);
        if (rec) rec.taxes = t.taxes;
      }
    yield [...byId.values()];
    after = hi;
    if (docs.length < pageSize) return;
  }
}

/** The next selected document after `afterId` that has an OCR'd page (a searchable PDF is made of it). */
export function nextDocumentWithOcrPage(
  db: Db,
  sel: DocumentSelection,
  afterId: number,
): { id: number; name: string; path: string } | undefined {
  const w = whereOf(sel, 'd.');
  return getRow(
    db,
    `SELECT d.id, d.name, d.path FROM documents d
     WHERE d.id > ?${w.sql}
       AND EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id AND p.method = 'ocr')
     ORDER BY d.id LIMIT 1`,
    afterId,
    ...w.params,
  );
}

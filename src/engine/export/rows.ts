import type { DocumentStatus } from '../../contract/domain.js';
import { DOCUMENT_STATUSES } from '../../contract/domain.js';
import type { Db } from '../store/db.js';

/**
 * Keyset iteration over the documents an export covers, one page at a time, with each page's fields,
 * line items, issues and corrections fetched by document-id range. Memory is bounded by the page size,
 * whatever the batch size, and no read cursor stays open across the awaits of a slow output stream.
 */

export interface ExportFilter {
  batchId?: number | null;
  status?: string[] | null;
}

export interface DocRow {
  id: number;
  batch_id: number;
  path: string;
  name: string;
  status: DocumentStatus;
  status_reason: string | null;
  method: string | null;
  page_count: number | null;
  attempts: number;
  duplicate_of: number | null;
  finished_at: number | null;
  doc_type: string | null;
  doc_type_conf: number | null;
  confidence: number | null;
  vendor: string | null;
  doc_number: string | null;
  issue_date: string | null;
  total: number | null;
  currency: string | null;
  reviewed_at: number | null;
}

export interface FieldRow {
  name: string;
  value: string | null;
  raw: string | null;
  confidence: number | null;
  source: string | null;
  origin: string;
  original_value: string | null;
}
export interface ItemRow {
  idx: number;
  description: string | null;
  quantity: number | null;
  unit_price: number | null;
  amount: number | null;
  source: string | null;
}
export interface IssueRow {
  field: string | null;
  code: string;
  message: string;
  severity: string;
}
export interface CorrectionRow {
  id: number;
  field: string;
  old_value: string | null;
  new_value: string | null;
  at: number;
}

export interface DocRecord {
  doc: DocRow;
  fields: Map<string, FieldRow>;
  items: ItemRow[];
  issues: IssueRow[];
  corrections: CorrectionRow[];
}

export interface Include {
  fields?: boolean;
  items?: boolean;
  issues?: boolean;
  corrections?: boolean;
}

const DOC_COLUMNS = `id, batch_id, path, name, status, status_reason, method, page_count, attempts, duplicate_of, finished_at,
  doc_type, doc_type_conf, confidence, vendor, doc_number, issue_date, total, currency, reviewed_at`;

export const PAGE_SIZE = 500;

/** Checks a status list against the known statuses; throws with the list of valid ones. */
export function normaliseStatuses(status: string[] | null | undefined): DocumentStatus[] | null {
  if (!status || status.length === 0) return null;
  const out: DocumentStatus[] = [];
  for (const s of status) {
    const t = s.trim().toLowerCase().replace(/-/g, '_');
    if (!t) continue;
    if (!(DOCUMENT_STATUSES as readonly string[]).includes(t)) {
      throw new RangeError(`unknown status "${s}" (use ${DOCUMENT_STATUSES.join(', ')})`);
    }
    if (!out.includes(t as DocumentStatus)) out.push(t as DocumentStatus);
  }
  return out.length ? out : null;
}

function whereOf(filter: ExportFilter, only?: readonly DocumentStatus[]): { sql: string; params: Array<string | number> } {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  // The unary + keeps SQLite on the rowid order: with an index on batch_id/status it would sort every
  // remaining row of the batch for each page.
  if (filter.batchId != null) {
    parts.push('+batch_id = ?');
    params.push(filter.batchId);
  }
  let statuses = normaliseStatuses(filter.status);
  if (only) statuses = statuses ? statuses.filter((s) => only.includes(s)) : [...only];
  if (statuses) {
    if (statuses.length === 0) parts.push('0');
    else {
      parts.push(`+status IN (${statuses.map(() => '?').join(',')})`);
      params.push(...statuses);
    }
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export function countDocuments(db: Db, filter: ExportFilter, only?: readonly DocumentStatus[]): number {
  const w = whereOf(filter, only);
  return db
    .prepare(`SELECT count(*) FROM documents WHERE 1${w.sql.replace(/\+/g, '')}`)
    .pluck()
    .get(...w.params) as number;
}

/**
 * Pages of documents in id order. `only` narrows to some statuses (the failure report), intersected with
 * the filter's own status list.
 */
export function* documentPages(
  db: Db,
  filter: ExportFilter,
  include: Include = {},
  only?: readonly DocumentStatus[],
  pageSize = PAGE_SIZE,
): Generator<DocRecord[]> {
  const w = whereOf(filter, only);
  const page = db.prepare(`SELECT ${DOC_COLUMNS} FROM documents WHERE id > ?${w.sql} ORDER BY id LIMIT ?`);
  const fields = db.prepare(
    'SELECT document_id, name, value, raw, confidence, source, origin, original_value FROM fields WHERE document_id BETWEEN ? AND ? ORDER BY document_id, name',
  );
  const items = db.prepare(
    'SELECT document_id, idx, description, quantity, unit_price, amount, source FROM line_items WHERE document_id BETWEEN ? AND ? ORDER BY document_id, idx',
  );
  const issues = db.prepare(
    'SELECT document_id, field, code, message, severity FROM issues WHERE document_id BETWEEN ? AND ? ORDER BY document_id, idx',
  );
  const corrections = db.prepare(
    'SELECT document_id, id, field, old_value, new_value, at FROM corrections WHERE document_id BETWEEN ? AND ? ORDER BY document_id, id',
  );
  let after = 0;
  for (;;) {
    const docs = page.all(after, ...w.params, pageSize) as DocRow[];
    if (docs.length === 0) return;
    const byId = new Map<number, DocRecord>();
    for (const doc of docs) byId.set(doc.id, { doc, fields: new Map(), items: [], issues: [], corrections: [] });
    const lo = docs[0]!.id;
    const hi = docs[docs.length - 1]!.id;
    if (include.fields) {
      for (const r of fields.iterate(lo, hi) as Iterable<FieldRow & { document_id: number }>)
        byId.get(r.document_id)?.fields.set(r.name, r);
    }
    if (include.items) {
      for (const r of items.iterate(lo, hi) as Iterable<ItemRow & { document_id: number }>) byId.get(r.document_id)?.items.push(r);
    }
    if (include.issues) {
      for (const r of issues.iterate(lo, hi) as Iterable<IssueRow & { document_id: number }>) byId.get(r.document_id)?.issues.push(r);
    }
    if (include.corrections) {
      for (const r of corrections.iterate(lo, hi) as Iterable<CorrectionRow & { document_id: number }>)
        byId.get(r.document_id)?.corrections.push(r);
    }
    yield [...byId.values()];
    after = hi;
    if (docs.length < pageSize) return;
  }
}

// ---- values shared by the tabular formats ----

/** The columns of the Documents sheet / CSV, in order. */
export const AMOUNT_FIELDS = ['subtotal', 'tax', 'total'] as const;
export const DATE_FIELDS = ['issue_date', 'due_date'] as const;

export function fieldValue(r: DocRecord, name: string): string | null {
  const f = r.fields.get(name);
  if (f) return f.value;
  // Older rows or exports without the fields table loaded: fall back to the denormalised list columns.
  switch (name) {
    case 'vendor_name':
      return r.doc.vendor;
    case 'document_number':
      return r.doc.doc_number;
    case 'issue_date':
      return r.doc.issue_date;
    case 'total':
      return r.doc.total === null ? null : String(r.doc.total);
    case 'currency':
      return r.doc.currency;
    default:
      return null;
  }
}

/** A decimal as stored ('.' decimals, maybe stray spaces) → number, or null when it is not one. */
export function toNumber(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = v.trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** An ISO date (YYYY-MM-DD, maybe with a time) → UTC midnight Date, or null. */
export function toDate(v: string | null): Date | null {
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) ? null : d;
}

export function currencyOf(r: DocRecord): string | null {
  const c = (fieldValue(r, 'currency') ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(c) ? c : null;
}

export function issueCodes(r: DocRecord): string {
  return r.issues.map((i) => (i.field ? `${i.code}(${i.field})` : i.code)).join('; ');
}

export const isoTime = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

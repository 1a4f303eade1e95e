import type {
  Correction,
  DocumentDetail,
  DocumentRow,
  DocumentStatus,
  ExtractedField,
  ExtractionResult,
  FieldName,
  LineItem,
  PageDetail,
  TextMethod,
  ValidationIssue,
} from '../../contract/domain.js';
import { FIELD_NAMES } from '../../contract/domain.js';
import { DOCUMENT_SORT_KEYS, type DocumentPage, type DocumentQuery, type DocumentSortKey } from '../../contract/engine-api.js';
import type { Db } from './db.js';
import { listEvents } from './events.js';
import { afterClause, decodeCursor, encodeCursor, type SortValue } from './keyset.js';

export interface DocumentDbRow {
  id: number;
  batch_id: number;
  path: string;
  name: string;
  size: number | null;
  mtime: number | null;
  sha256: string | null;
  kind: string | null;
  mime: string | null;
  page_count: number | null;
  status: DocumentStatus;
  status_reason: string | null;
  method: TextMethod | null;
  duplicate_of: number | null;
  attempts: number;
  not_before: number | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  elapsed_ms: number | null;
  doc_type: DocumentRow['docType'];
  doc_type_conf: number | null;
  confidence: number | null;
  vendor: string | null;
  doc_number: string | null;
  issue_date: string | null;
  total: number | null;
  currency: string | null;
  cost_usd: number;
  reviewed_at: number | null;
}

export const toDocumentRow = (r: DocumentDbRow): DocumentRow => ({
  id: r.id,
  batchId: r.batch_id,
  path: r.path,
  name: r.name,
  size: r.size,
  kind: r.kind,
  status: r.status,
  reason: r.status_reason,
  method: r.method,
  pageCount: r.page_count,
  attempts: r.attempts,
  duplicateOf: r.duplicate_of,
  docType: r.doc_type,
  docTypeConfidence: r.doc_type_conf,
  confidence: r.confidence,
  vendor: r.vendor,
  docNumber: r.doc_number,
  issueDate: r.issue_date,
  total: r.total,
  currency: r.currency,
  costUsd: r.cost_usd,
  reviewedAt: r.reviewed_at,
  elapsedMs: r.elapsed_ms,
});

const LIST_COLUMNS = `id, batch_id, path, name, size, mtime, sha256, kind, mime, page_count, status, status_reason, method,
  duplicate_of, attempts, not_before, queued_at, started_at, finished_at, elapsed_ms, doc_type, doc_type_conf, confidence,
  vendor, doc_number, issue_date, total, currency, cost_usd, reviewed_at`;

export function getDocumentRow(db: Db, id: number): DocumentDbRow | undefined {
  return db.prepare(`SELECT ${LIST_COLUMNS} FROM documents WHERE id = ?`).get(id) as DocumentDbRow | undefined;
}

/** One page of the documents table by keyset. Filters combine with AND; the sort column has an index. */
export function listDocuments(db: Db, q: DocumentQuery): DocumentPage {
  const sort: DocumentSortKey = DOCUMENT_SORT_KEYS.includes(q.sort as DocumentSortKey) ? (q.sort as DocumentSortKey) : 'id';
  const desc = q.desc === true;
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const where: string[] = [];
  const params: SortValue[] = [];
  if (q.batchId != null) {
    where.push('batch_id = ?');
    params.push(q.batchId);
  }
  if (q.status?.length) {
    where.push(`status IN (${q.status.map(() => '?').join(',')})`);
    params.push(...q.status);
  }
  if (q.docType?.length) {
    where.push(`doc_type IN (${q.docType.map(() => '?').join(',')})`);
    params.push(...q.docType);
  }
  if (q.text && q.text.trim()) {
    const like = `%${q.text.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    where.push(`(name LIKE ? ESCAPE '\\' OR vendor LIKE ? ESCAPE '\\' OR doc_number LIKE ? ESCAPE '\\')`);
    params.push(like, like, like);
  }
  const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM documents ${filterSql}`).get(...params) as { n: number }).n;

  const cursor = decodeCursor(q.after);
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor) {
    const a = afterClause(sort, cursor, desc);
    pageWhere.push(a.sql);
    pageParams.push(...a.params);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const order = sort === 'id' ? `id ${dir}` : `${sort} ${dir}, id ${dir}`;
  const rows = db
    .prepare(
      `SELECT ${LIST_COLUMNS} FROM documents ${pageWhere.length ? 'WHERE ' + pageWhere.join(' AND ') : ''} ORDER BY ${order} LIMIT ?`,
    )
    .all(...pageParams, limit + 1) as DocumentDbRow[];
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  const next = more && last ? encodeCursor({ v: (last as unknown as Record<string, SortValue>)[sort] ?? null, id: last.id }) : null;
  return { rows: rows.map(toDocumentRow), next, total };
}

interface FieldDbRow {
  name: FieldName;
  value: string | null;
  raw: string | null;
  confidence: number | null;
  source: string | null;
  origin: ExtractedField['origin'];
  original_value: string | null;
}

function parseJson<T>(s: string | null): T | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as T;
  } catch {
    return null;
  }
}

export function getDocumentDetail(db: Db, id: number): DocumentDetail | null {
  const r = getDocumentRow(db, id);
  if (!r) return null;
  const pages = db
    .prepare(
      `SELECT p.page_index, p.method, p.confidence, p.width, p.height, p.rotation, p.skew, p.ms, t.text
       FROM pages p LEFT JOIN page_text t ON t.document_id = p.document_id AND t.page_index = p.page_index
       WHERE p.document_id = ? ORDER BY p.page_index`,
    )
    .all(id) as Array<{
    page_index: number;
    method: 'text' | 'ocr';
    confidence: number | null;
    width: number | null;
    height: number | null;
    rotation: number | null;
    skew: number | null;
    ms: number | null;
    text: string | null;
  }>;
  const fields = db
    .prepare('SELECT name, value, raw, confidence, source, origin, original_value FROM fields WHERE document_id = ?')
    .all(id) as FieldDbRow[];
  const order = (n: string) => {
    const i = (FIELD_NAMES as readonly string[]).indexOf(n);
    return i < 0 ? 99 : i;
  };
  fields.sort((a, b) => order(a.name) - order(b.name));
  const items = db
    .prepare('SELECT description, quantity, unit_price, amount, source FROM line_items WHERE document_id = ? ORDER BY idx')
    .all(id) as Array<{
    description: string;
    quantity: number | null;
    unit_price: number | null;
    amount: number | null;
    source: string | null;
  }>;
  const issues = db
    .prepare('SELECT field, code, message, severity FROM issues WHERE document_id = ? ORDER BY idx')
    .all(id) as ValidationIssue[];
  const corrections = db
    .prepare('SELECT id, field, old_value, new_value, at, kind, reverted_by FROM corrections WHERE document_id = ? ORDER BY id')
    .all(id) as Array<{
    id: number;
    field: string;
    old_value: string | null;
    new_value: string | null;
    at: number;
    kind: Correction['kind'];
    reverted_by: number | null;
  }>;
  return {
    ...toDocumentRow(r),
    sha256: r.sha256,
    mtime: r.mtime,
    pages: pages.map((p): PageDetail => ({
      index: p.page_index,
      method: p.method,
      confidence: p.confidence,
      text: p.text ?? '',
      width: p.width,
      height: p.height,
      rotation: p.rotation,
      skew: p.skew,
      ms: p.ms,
    })),
    fields: fields.map((f) => ({
      name: f.name,
      value: f.value,
      raw: f.raw,
      confidence: f.confidence ?? 0,
      source: parseJson(f.source),
      origin: f.origin,
      ...(f.original_value !== null ? { originalValue: f.original_value } : {}),
    })),
    lineItems: items.map((i): LineItem => ({
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unit_price,
      amount: i.amount,
      source: parseJson(i.source),
    })),
    issues,
    corrections: corrections.map((c): Correction => ({
      id: c.id,
      field: c.field,
      oldValue: c.old_value,
      newValue: c.new_value,
      at: c.at,
      kind: c.kind ?? 'edit',
      revertedBy: c.reverted_by,
    })),
    events: listEvents(db, { documentId: id, limit: 200 }),
  };
}

export function getPageWords(
  db: Db,
  documentId: number,
  pageIndex: number,
): { words: unknown[]; width: number | null; height: number | null; rotation: number | null } | null {
  const r = db
    .prepare('SELECT words, width, height, rotation FROM pages WHERE document_id = ? AND page_index = ?')
    .get(documentId, pageIndex) as
    { words: string | null; width: number | null; height: number | null; rotation: number | null } | undefined;
  if (!r) return null;
  return { words: parseJson<unknown[]>(r.words) ?? [], width: r.width, height: r.height, rotation: r.rotation };
}

/** The denormalised list columns, taken from an extraction result. */
export function listColumnsFrom(fields: ExtractedField[]): {
  vendor: string | null;
  doc_number: string | null;
  issue_date: string | null;
  total: number | null;
  currency: string | null;
} {
  const get = (n: FieldName) => fields.find((f) => f.name === n)?.value ?? null;
  const total = get('total');
  const t = total === null ? null : Number(total);
  return {
    vendor: get('vendor_name'),
    doc_number: get('document_number'),
    issue_date: get('issue_date'),
    total: t !== null && Number.isFinite(t) ? t : null,
    currency: get('currency'),
  };
}

/** Replace a document's extraction (fields, items, issues) and its list columns; user edits survive re-extraction. */
export function writeExtraction(db: Db, documentId: number, x: ExtractionResult): void {
  const userFields = db
    .prepare("SELECT name, value, original_value FROM fields WHERE document_id = ? AND origin = 'user'")
    .all(documentId) as Array<{ name: string; value: string | null; original_value: string | null }>;
  // A re-extraction refreshes the machine's reading under a clerk's edit; the edit itself stays.
  db.prepare('DELETE FROM fields WHERE document_id = ?').run(documentId);
  db.prepare('DELETE FROM line_items WHERE document_id = ?').run(documentId);
  db.prepare('DELETE FROM issues WHERE document_id = ?').run(documentId);
  const insField = db.prepare(
    'INSERT INTO fields (document_id, name, value, raw, confidence, source, origin, original_value, original_origin, original_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const fields = x.fields.map((f) => {
    const u = userFields.find((uf) => uf.name === f.name);
    return u
      ? {
          ...f,
          value: u.value,
          origin: 'user' as const,
          confidence: 1,
          original: f.value,
          originalOrigin: f.origin as string | null,
          originalConfidence: f.confidence as number | null,
        }
      : { ...f, original: null, originalOrigin: null, originalConfidence: null };
  });
  for (const f of fields)
    insField.run(
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
  const insItem = db.prepare(
    'INSERT INTO line_items (document_id, idx, description, quantity, unit_price, amount, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  x.lineItems.forEach((i, idx) =>
    insItem.run(documentId, idx, i.description, i.quantity, i.unitPrice, i.amount, i.source ? JSON.stringify(i.source) : null),
  );
  const insIssue = db.prepare('INSERT INTO issues (document_id, idx, field, code, message, severity) VALUES (?, ?, ?, ?, ?, ?)');
  x.issues.forEach((i, idx) => insIssue.run(documentId, idx, i.field, i.code, i.message, i.severity));
  const cols = listColumnsFrom(fields);
  db.prepare(
    'UPDATE documents SET doc_type = ?, doc_type_conf = ?, confidence = ?, vendor = ?, doc_number = ?, issue_date = ?, total = ?, currency = ? WHERE id = ?',
  ).run(x.docType, x.docTypeConfidence, x.confidence, cols.vendor, cols.doc_number, cols.issue_date, cols.total, cols.currency, documentId);
}

/** A user's edit: keeps the machine's original value and records the correction. */
export function updateField(db: Db, documentId: number, name: string, value: string | null): void {
  db.transaction(() => {
    const cur = db
      .prepare(
        'SELECT value, origin, confidence, original_value, original_origin, original_confidence FROM fields WHERE document_id = ? AND name = ?',
      )
      .get(documentId, name) as
      | {
          value: string | null;
          origin: string;
          confidence: number | null;
          original_value: string | null;
          original_origin: string | null;
          original_confidence: number | null;
        }
      | undefined;
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
      db.prepare(
        'UPDATE fields SET value = ?, origin = ?, confidence = ?, original_value = NULL, original_origin = NULL, original_confidence = NULL WHERE document_id = ? AND name = ?',
      ).run(value, machine.origin, machine.confidence, documentId, name);
    } else {
      db.prepare(
        `INSERT INTO fields (document_id, name, value, raw, confidence, source, origin, original_value, original_origin, original_confidence) VALUES (?, ?, ?, NULL, 1, NULL, 'user', ?, ?, ?)
         ON CONFLICT (document_id, name) DO UPDATE SET value = excluded.value, confidence = 1, origin = 'user',
           original_value = excluded.original_value, original_origin = excluded.original_origin, original_confidence = excluded.original_confidence`,
      ).run(documentId, name, value, machine?.value ?? null, machine?.origin ?? null, machine?.confidence ?? null);
    }
    db.prepare('INSERT INTO corrections (document_id, field, old_value, new_value, at) VALUES (?, ?, ?, ?, ?)').run(
      documentId,
      name,
      oldValue,
      value,
      Date.now(),
    );
    const fields = db.prepare('SELECT name, value FROM fields WHERE document_id = ?').all(documentId) as Array<{
      name: FieldName;
      value: string | null;
    }>;
    const cols = listColumnsFrom(fields.map((f) => ({ ...f, raw: null, confidence: 1, source: null, origin: 'user' as const })));
    db.prepare('UPDATE documents SET vendor = ?, doc_number = ?, issue_date = ?, total = ?, currency = ? WHERE id = ?').run(
      cols.vendor,
      cols.doc_number,
      cols.issue_date,
      cols.total,
      cols.currency,
      documentId,
    );
  })();
}

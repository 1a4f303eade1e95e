import type { DocumentStatus } from '../../contract/domain.js';
import { DOCUMENT_STATUSES } from '../../contract/domain.js';
import type { Db } from '../store/db.js';
import {
  countSelectedDocuments,
  selectedDocumentPages,
  PAGE_SIZE,
  type DocumentRecord,
  type DocumentSelection,
  type RecordParts,
} from '../store/document-pages.js';

/** Which documents an export covers: a batch (or every batch) and statuses as the user gave them. */
export interface ExportFilter {
  batchId?: number | null;
  status?: string[] | null;
}

/** One document and the rows an export reads about it (declared once, in the store). */
export type DocRecord = DocumentRecord;
export type Include = RecordParts;
export { PAGE_SIZE };

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

function selection(filter: ExportFilter, only?: readonly DocumentStatus[]): DocumentSelection {
  let statuses = normaliseStatuses(filter.status);
  if (only) statuses = statuses ? statuses.filter((s) => only.includes(s)) : [...only];
  return { batchId: filter.batchId ?? null, statuses };
}

export function countDocuments(db: Db, filter: ExportFilter, only?: readonly DocumentStatus[]): number {
  return countSelectedDocuments(db, selection(filter, only));
}

/**
 * Pages of documents in id order (keyset, bounded memory). `only` narrows to some statuses (the failure
 * report), intersected with the filter's own status list.
 */
export function* documentPages(
  db: Db,
  filter: ExportFilter,
  include: Include = {},
  only?: readonly DocumentStatus[],
  pageSize = PAGE_SIZE,
): Generator<DocRecord[]> {
  yield* selectedDocumentPages(db, selection(filter, only), include, pageSize);
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

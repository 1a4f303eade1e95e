/**
 * The closed word lists of the domain (statuses, document types, field names, ...). Plain constant tuples,
 * free of zod, so the renderer and the sandboxed preload can use them at run time without bundling zod; the
 * schemas in schemas/ build their enums from these same lists.
 */

export const DOCUMENT_STATUSES = ['queued', 'processing', 'done', 'needs_review', 'failed', 'skipped'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
/** States a document never leaves on its own. */
export const FINAL_STATUSES: readonly DocumentStatus[] = ['done', 'needs_review', 'failed', 'skipped'];

export const BATCH_STATUSES = ['ingesting', 'running', 'paused', 'cancelled', 'done'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const DOC_TYPES = ['invoice', 'receipt', 'purchase_order', 'credit_note', 'other'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const EXTRACT_MODES = ['rules', 'llm-review', 'llm-all'] as const;
export type ExtractMode = (typeof EXTRACT_MODES)[number];

export const FIELD_NAMES = [
  'vendor_name',
  'vendor_tax_id',
  'document_number',
  'po_number',
  'issue_date',
  'due_date',
  'currency',
  'subtotal',
  'tax',
  'total',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Sortable columns of the documents table; each has an index (documents_*), so keyset pages stay fast. */
export const DOCUMENT_SORT_KEYS = ['id', 'name', 'vendor', 'issue_date', 'total', 'status', 'confidence'] as const;
export type DocumentSortKey = (typeof DOCUMENT_SORT_KEYS)[number];

/** ledger and datev: the accounting preset (a generic ledger CSV, DATEV's booking batch). */
export const EXPORT_KINDS = ['csv', 'xlsx', 'json', 'pdf', 'failures', 'ledger', 'datev'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

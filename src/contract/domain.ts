/**
 * Domain types shared by the engine, the contract and the renderer. Pure TypeScript: no node:, no DOM,
 * no electron, so every side of the app can import it.
 */

export const DOCUMENT_STATUSES = ['queued', 'processing', 'done', 'needs_review', 'failed', 'skipped'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
/** States a document never leaves on its own. */
export const FINAL_STATUSES: readonly DocumentStatus[] = ['done', 'needs_review', 'failed', 'skipped'];

export const BATCH_STATUSES = ['ingesting', 'running', 'paused', 'cancelled', 'done'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export type TextMethod = 'text' | 'ocr' | 'mixed';

export const DOC_TYPES = ['invoice', 'receipt', 'purchase_order', 'credit_note', 'other'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const EXTRACT_MODES = ['rules', 'llm-review', 'llm-all'] as const;
export type ExtractMode = (typeof EXTRACT_MODES)[number];

export interface BatchOptions {
  workers?: number;
  /** tesseract language(s), e.g. "eng". */
  ocrLang?: string;
  extract?: ExtractMode;
  /** Day-first vs month-first default for ambiguous dates ("en-GB", "en-US", ...). */
  locale?: string;
  llm?: { baseUrl?: string; model?: string };
  /** Hard cap on LLM spend for the batch, in USD. */
  budgetUsd?: number;
  /** Files above this many bytes are skipped with a reason. */
  maxFileBytes?: number;
}

export interface BatchCounts {
  total: number;
  queued: number;
  processing: number;
  done: number;
  needs_review: number;
  failed: number;
  skipped: number;
}

export interface BatchSummary {
  id: number;
  name: string;
  status: BatchStatus;
  createdAt: number;
  finishedAt: number | null;
  counts: BatchCounts;
  pages: number;
  pagesByMethod: { text: number; ocr: number };
  /** Processing time so far (sum of run intervals), for rate and ETA. */
  elapsedMs: number;
  pagesPerSec: number;
  etaMs: number | null;
  costUsd: number;
  budgetUsd: number | null;
  options: BatchOptions;
}

/** One row of the documents table: what the list shows, nothing heavy. */
export interface DocumentRow {
  id: number;
  batchId: number;
  path: string;
  name: string;
  size: number | null;
  kind: string | null;
  status: DocumentStatus;
  reason: string | null;
  method: TextMethod | null;
  pageCount: number | null;
  attempts: number;
  duplicateOf: number | null;
  docType: DocType | null;
  docTypeConfidence: number | null;
  confidence: number | null;
  vendor: string | null;
  docNumber: string | null;
  issueDate: string | null;
  total: number | null;
  currency: string | null;
  costUsd: number;
  reviewedAt: number | null;
  elapsedMs: number | null;
}

export interface WordBox {
  text: string;
  conf: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PageDetail {
  index: number;
  method: 'text' | 'ocr';
  confidence: number | null;
  text: string;
  width: number | null;
  height: number | null;
  rotation: number | null;
  skew: number | null;
  ms: number | null;
}

/** Where a field's value came from, so the UI can highlight it. */
export interface FieldSource {
  page: number;
  start: number;
  end: number;
  /** For OCR pages: word boxes in the page image's pixel coordinates. */
  boxes?: Array<{ x0: number; y0: number; x1: number; y1: number }>;
}

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

export interface ExtractedField {
  name: FieldName;
  /** Normalised value: ISO date, number as string with '.' decimals, ISO 4217 code, plain text. */
  value: string | null;
  /** The text as printed. */
  raw: string | null;
  confidence: number; // 0..1
  source: FieldSource | null;
  origin: 'rules' | 'llm' | 'user';
  /** What vouches for the value: the rules that found it and the checks it passed or failed. */
  evidence?: FieldEvidence | null;
}

/** Why a value was chosen, so a clerk (and `docket show --json`) can see what Docket vouches for and why. */
export interface FieldEvidence {
  /** Ids of the rules that proposed the chosen value, e.g. 'total.label-same-line', 'vendor.memory-label'. */
  rules: string[];
  /** Ids of the checks (see ExtractionResult.checks) that this value took part in and that held. */
  checksPassed: string[];
  /** Ids of the checks that this value took part in and that failed. */
  checksFailed: string[];
  /** Vendor memory: how many reviewed or corrected documents of this vendor taught the hint that found it. */
  learnedFrom?: number;
}

/** One check over the extracted values (sums, checksums, plausibility), with the fields it vouches for. */
export interface CheckOutcome {
  /** Stable id, e.g. 'sum.subtotal-tax-total', 'id.iban-mod97', 'currency.country-agrees'. */
  id: string;
  passed: boolean;
  fields: Array<FieldName | 'line_items'>;
  /** Clerk-readable: "subtotal 25.15 + tax 0.00 = 25.15, but total is 29.15". */
  message: string;
}

export interface LineItem {
  description: string;
  quantity: number | null;
  unitPrice: number | null;
  amount: number | null;
  source?: FieldSource | null;
}

export interface ValidationIssue {
  /** Field the issue is about, or null for document-level issues. */
  field: FieldName | 'line_items' | null;
  code: string; // e.g. 'totals_mismatch', 'missing', 'due_before_issue', 'low_confidence'
  message: string;
  severity: 'error' | 'warning';
}

export interface ExtractionResult {
  docType: DocType;
  docTypeConfidence: number;
  fields: ExtractedField[];
  lineItems: LineItem[];
  issues: ValidationIssue[];
  /** Every check that applied to this document, passed or failed. */
  checks?: CheckOutcome[];
  /** Overall confidence 0..1 (the weakest required field). */
  confidence: number;
  needsReview: boolean;
}

export interface Correction {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: number;
  /** edit: one cell; bulk: a bulk action on selected rows; undo: the undoing of an earlier correction. */
  kind?: 'edit' | 'bulk' | 'undo';
  /** Set when this correction was undone, to the correction that undid it. */
  revertedBy?: number | null;
}

export interface DocumentDetail extends DocumentRow {
  sha256: string | null;
  mtime: number | null;
  pages: PageDetail[];
  fields: ExtractedField[];
  lineItems: LineItem[];
  issues: ValidationIssue[];
  corrections: Correction[];
  events: EngineLogEntry[];
}

export interface EngineLogEntry {
  id: number;
  batchId: number | null;
  documentId: number | null;
  at: number;
  level: 'info' | 'warn' | 'error';
  kind: string;
  message: string;
}

/** Events the engine pushes to its hosts (CLI progress bar, UI). Coalesced: a few per second per batch. */
export type EngineEvent =
  | { type: 'batch.progress'; batch: BatchSummary }
  | { type: 'batch.finished'; batch: BatchSummary }
  | { type: 'document.finished'; documentId: number; batchId: number; status: DocumentStatus }
  | { type: 'document.failed'; documentId: number; batchId: number; reason: string }
  | { type: 'log'; entry: EngineLogEntry };

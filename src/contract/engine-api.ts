import type {
  BatchOptions,
  FieldName,
  ValidationIssue,
  BatchSummary,
  DocType,
  DocumentDetail,
  DocumentRow,
  DocumentStatus,
  EngineEvent,
  EngineLogEntry,
} from './domain.js';

/** Sortable columns of the documents table; each has an index (documents_*), so keyset pages stay fast. */
export const DOCUMENT_SORT_KEYS = ['id', 'name', 'vendor', 'issue_date', 'total', 'status', 'confidence'] as const;
export type DocumentSortKey = (typeof DOCUMENT_SORT_KEYS)[number];

export interface DocumentQuery {
  batchId?: number | null;
  status?: DocumentStatus[] | null;
  docType?: DocType[] | null;
  /** Substring match on file name, vendor or number (full-text search is `search`). */
  text?: string | null;
  sort?: DocumentSortKey;
  desc?: boolean;
  /** Opaque keyset cursor returned by the previous page; null/absent for the first page. */
  after?: string | null;
  limit?: number;
}

export interface DocumentPage {
  rows: DocumentRow[];
  /** Cursor for the next page, or null when this was the last. */
  next: string | null;
  /** Total rows matching the query's filters (for the scrollbar). */
  total: number;
}

export interface NewBatchRequest {
  name?: string;
  paths: string[];
  options?: BatchOptions;
}

export interface SearchHit {
  documentId: number;
  batchId: number;
  name: string;
  path: string;
  page: number | null;
  field: string | null;
  /** Text around the hit with the match wrapped in «» (the UI turns them into <mark>). */
  snippet: string;
  rank: number;
}

export interface Estimate {
  documents: number;
  pages: number;
  ocrPages: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  model: string;
}

/** One field of a review-grid row: value, confidence and the validation messages about it. */
export interface ReviewCell {
  value: string | null;
  confidence: number | null;
  origin: 'rules' | 'llm' | 'user' | null;
  flags: string[];
}

/** Another document that looks like the same invoice (same vendor and number, or vendor, total and date). */
export interface PossibleDuplicate {
  documentId: number;
  name: string;
  batchId: number;
  why: string;
}

export interface ReviewRow extends DocumentRow {
  cells: Partial<Record<FieldName, ReviewCell>>;
  /** Document-level issues (no single field). */
  issues: ValidationIssue[];
  duplicates: PossibleDuplicate[];
}

export interface ReviewPage {
  rows: ReviewRow[];
  next: string | null;
  total: number;
}

/** One action on many selected rows (recorded as corrections, so history and undo cover it). */
export interface BulkPatch {
  reviewed?: boolean;
  docType?: DocType;
  vendor?: string | null;
}

export const EXPORT_KINDS = ['csv', 'xlsx', 'json', 'pdf', 'failures'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportRequest {
  format: ExportKind;
  /** A batch, or null for every batch. */
  batchId: number | null;
  status?: string[] | null;
  /** CSV and failure report: ';' for locales that write decimals with a comma. */
  delimiter?: ',' | ';';
  /**
   * Where to write: a file (a folder for 'pdf'). Absent: a new name in the data folder's exports/ folder
   * (the browser host then offers it as a download).
   */
  out?: string | null;
}

export interface ExportResult {
  format: ExportKind;
  /** The file written, or the folder for 'pdf'. */
  path: string;
  /** File name relative to the exports folder, when written there (for a download link). */
  exportName: string | null;
  documents: number;
  /** 'pdf' only: documents whose searchable PDF could not be made. */
  failed?: Array<{ documentId: number; path: string; reason: string }>;
}

/**
 * Everything a host (CLI, Electron IPC, WebSocket bridge, tests) may ask of the engine. The contract in
 * src/contract/contract.ts maps each of these to a channel with zod schemas; the engine implements it.
 */
export interface EngineApi {
  listBatches(): Promise<BatchSummary[]>;
  getBatch(batchId: number): Promise<BatchSummary | null>;
  /** Ingests the paths and starts processing in the background; resolves once ingest is recorded. */
  createBatch(req: NewBatchRequest): Promise<BatchSummary>;
  pauseBatch(batchId: number): Promise<BatchSummary>;
  resumeBatch(batchId: number): Promise<BatchSummary>;
  cancelBatch(batchId: number): Promise<BatchSummary>;
  listDocuments(query: DocumentQuery): Promise<DocumentPage>;
  getDocument(documentId: number): Promise<DocumentDetail | null>;
  /** A page image for the viewer (PNG/JPEG bytes as base64), rotated like the OCR saw it. */
  getPageImage(
    documentId: number,
    pageIndex: number,
    maxSide?: number,
  ): Promise<{ mime: string; base64: string; width: number; height: number }>;
  /** Edit a field; the machine's original value is kept and the change recorded in corrections. */
  updateField(documentId: number, field: string, value: string | null): Promise<DocumentDetail>;
  markReviewed(documentIds: number[], reviewed: boolean): Promise<number>;
  retryDocuments(documentIds: number[] | 'all-failed', batchId?: number): Promise<number>;
  listLog(batchId: number | null, after?: number, limit?: number): Promise<EngineLogEntry[]>;
  getSettings(): Promise<Record<string, unknown>>;
  setSettings(patch: Record<string, unknown>): Promise<Record<string, unknown>>;
  search(query: string, limit?: number): Promise<SearchHit[]>;
  estimate(paths: string[], model?: string): Promise<Estimate>;
  /**
   * Optional (settings screen): the effective LLM price table in USD per million tokens: the built-in
   * defaults with the user's overrides from settings 'prices' merged over them (cost/prices.ts loadPrices).
   * Hosts answer 'unavailable' while an engine lacks it.
   */
  getPriceTable?(): Promise<Record<string, { input: number; output: number }>>;
  /** Optional (review grid): a keyset page of rows with their field cells, flags and possible duplicates. */
  listReviewRows?(query: DocumentQuery): Promise<ReviewPage>;
  /** Optional (review grid): one action on many documents; resolves to how many changed. */
  bulkUpdate?(documentIds: number[], patch: BulkPatch): Promise<number>;
  /** Optional (history): undo one correction; refused when the field changed again since. */
  undoCorrection?(correctionId: number): Promise<DocumentDetail>;
  /** Subscribe to coalesced engine events; returns an unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/**
 * Everything a host (CLI, Electron IPC, WebSocket bridge, tests) may ask of the engine: the EngineApi interface
 * the engine implements. Its requests and replies are the shapes of schemas/ (re-exported here for the code that
 * imports them from this file); channel-schemas.ts maps each method to a channel.
 */
import type { EngineChannel } from './channels.js';
import type { BatchSummary, Estimate, NewBatchRequest } from './schemas/batches.js';
import type { DocumentDetail, DocumentPage, DocumentQuery, DocumentTotals } from './schemas/documents.js';
import type { EngineEvent } from './schemas/events.js';
import type { ExportRequest, ExportResult } from './schemas/exports.js';
import type { EInvoiceView, EInvoiceXml } from './schemas/einvoice.js';
import type { EngineLogEntry } from './schemas/log.js';
import type { WatchedFolder, WatchedFolderInput, WatchedFolderPatch } from './schemas/intake.js';
import type { PageImage } from './schemas/pages.js';
import type { BulkPatch, MatchingSelection, ReviewPage } from './schemas/review.js';
import type { SearchHit } from './schemas/search.js';
import type { PriceTable, Settings } from './schemas/settings.js';
import type { ScaleOutStatus } from './schemas/workers.js';
import type { Vendor, VendorImportResult, VendorPatch, VendorQuery } from './schemas/vendors.js';

export { DOCUMENT_SORT_KEYS, EXPORT_KINDS, type DocumentSortKey, type ExportKind } from './vocabulary.js';
export type { Estimate, NewBatchRequest } from './schemas/batches.js';
export type { DocumentPage, DocumentQuery, DocumentTotals } from './schemas/documents.js';
export type { ExportRequest, ExportResult } from './schemas/exports.js';
export type { EInvoice, EInvoiceView, EInvoiceXml } from './schemas/einvoice.js';
export type { PageImage } from './schemas/pages.js';
export type {
  DocumentPart,
  DocumentSource,
  DuplicateLink,
  EmailInfo,
  WatchedFolder,
  WatchedFolderInput,
  WatchedFolderPatch,
} from './schemas/intake.js';
export type { BulkPatch, MatchingSelection, PossibleDuplicate, ReviewCell, ReviewPage, ReviewRow } from './schemas/review.js';
export type { SearchHit } from './schemas/search.js';
export type { PriceTable, Settings } from './schemas/settings.js';
export type { Vendor, VendorImportResult, VendorPatch, VendorQuery } from './schemas/vendors.js';

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
  getPageImage(documentId: number, pageIndex: number, maxSide?: number): Promise<PageImage>;
  /** Edit a field; the machine's original value is kept and the change recorded in corrections. */
  updateField(documentId: number, field: string, value: string | null): Promise<DocumentDetail>;
  markReviewed(documentIds: number[], reviewed: boolean): Promise<number>;
  retryDocuments(documentIds: number[] | 'all-failed', batchId?: number): Promise<number>;
  listLog(batchId: number | null, after?: number, limit?: number): Promise<EngineLogEntry[]>;
  getSettings(): Promise<Settings>;
  setSettings(patch: Settings): Promise<Settings>;
  search(query: string, limit?: number): Promise<SearchHit[]>;
  estimate(paths: string[], model?: string): Promise<Estimate>;
  /**
   * Optional (settings screen): the effective LLM price table in USD per million tokens: the built-in
   * defaults with the user's overrides from settings 'prices' merged over them (cost/prices.ts loadPrices).
   * Hosts answer 'unavailable' while an engine lacks it.
   */
  getPriceTable?(): Promise<PriceTable>;
  /**
   * Optional (review grid): a page of rows with their field cells, flags and possible duplicates; by keyset cursor
   * (`after`) or, for a jump deep into the grid, by `offset`, as listDocuments.
   */
  listReviewRows?(query: DocumentQuery): Promise<ReviewPage>;
  /** Optional (review grid): one action on many documents; resolves to how many changed. */
  bulkUpdate?(documentIds: number[], patch: BulkPatch): Promise<number>;
  /**
   * Optional (review grid, "select all"): the same action on every document a filter matches but the rows unchecked
   * after it, resolved in the engine (one statement, not the ids over the wire); resolves to how many changed.
   */
  bulkUpdateMatching?(selection: MatchingSelection, patch: BulkPatch): Promise<number>;
  /** Optional (history): undo one correction; refused when the field changed again since. */
  undoCorrection?(correctionId: number): Promise<DocumentDetail>;
  /** Optional (vendor memory): known vendors, with what their reviewed documents taught. */
  listVendors?(query?: VendorQuery): Promise<Vendor[]>;
  /** Optional (vendor memory): import a supplier master list from CSV text. */
  importVendors?(csv: string): Promise<VendorImportResult>;
  /** Optional (vendor memory): edit a vendor by hand. */
  updateVendor?(vendorId: number, patch: VendorPatch): Promise<Vendor>;
  /** Optional (vendor memory): forget a vendor and everything its documents taught. */
  deleteVendor?(vendorId: number): Promise<boolean>;
  /** Optional (e-invoices): the structured reading of the document's invoice XML, or null when it has none. */
  getEInvoice?(documentId: number): Promise<EInvoiceView | null>;
  /** Optional (e-invoices): the invoice XML as text with a file name to save it under, or null. */
  getEInvoiceXml?(documentId: number): Promise<EInvoiceXml | null>;
  /** Optional (e-invoices): write the XML byte for byte to `out`, or into the data folder's exports/ when null. */
  saveEInvoiceXml?(documentId: number, out: string | null): Promise<{ path: string }>;
  /** Optional (intake): the watched folders with their settings. */
  listWatchedFolders?(): Promise<WatchedFolder[]>;
  /** Optional (intake): watch a folder (or change the settings of one already watched). */
  addWatchedFolder?(input: WatchedFolderInput): Promise<WatchedFolder>;
  updateWatchedFolder?(folderId: number, patch: WatchedFolderPatch): Promise<WatchedFolder>;
  /** Optional (intake): stop watching a folder; its batches stay. */
  removeWatchedFolder?(folderId: number): Promise<boolean>;
  /** Optional (intake): split a multi-document file at the 1-based first pages given; parts are read again. */
  splitDocument?(documentId: number, firstPages: number[]): Promise<DocumentDetail>;
  /** Optional (review footer, batch cards): totals per currency over every document the query matches. */
  documentTotals?(query: DocumentQuery): Promise<DocumentTotals>;
  /** Optional (Settings > Workers): the scale-out queue's depth and the workers online. */
  scaleOutStatus?(): Promise<ScaleOutStatus>;
  /** Optional (batches screen): give a batch another name. */
  renameBatch?(batchId: number, name: string): Promise<BatchSummary>;
  /** Optional (batches screen): delete a batch with all its data; refused while it runs. */
  deleteBatch?(batchId: number): Promise<{ documents: number }>;
  /** Subscribe to coalesced engine events; returns an unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/**
 * Engine channels that EngineApi does not declare (yet): optional here, like getPriceTable, so an engine
 * without them still stands behind a host and the channel answers 'unavailable'.
 */
export interface EngineExtras {
  exportDocuments?(req: ExportRequest): Promise<ExportResult>;
}
type ExtraChannel = Exclude<keyof EngineExtras, keyof EngineApi>;

/** The engine's share of DocketApi: EngineApi's methods (checked in test/contract) plus EngineExtras. */
export type EngineSide = Pick<EngineApi, Exclude<EngineChannel, ExtraChannel>> & EngineExtras;

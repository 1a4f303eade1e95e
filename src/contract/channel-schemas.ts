/**
 * The channel table: for every channel of the contract, the zod schema of its argument tuple and of its reply.
 * The client interface (client.ts), the main-process relay, the WebSocket bridge and the in-process transport
 * are all derived from it, so adding a capability means one entry here (+ its name in channels.ts, which the
 * compiler enforces) + one engine method + UI.
 */
import { z } from 'zod';
import type { ChannelName } from './channels.js';
import { ContractError } from './errors.js';
import { ApiKeyStateSchema, AppInfoSchema, SaveTargetSchema } from './schemas/app.js';
import { BatchSummarySchema, EstimateSchema, NewBatchRequestSchema } from './schemas/batches.js';
import { DocumentDetailSchema, DocumentPageSchema, DocumentQuerySchema, DocumentTotalsSchema } from './schemas/documents.js';
import { EngineEventSchema, type EngineEvent } from './schemas/events.js';
import { ExportRequestSchema, ExportResultSchema } from './schemas/exports.js';
import { FieldNameSchema } from './schemas/fields.js';
import { EInvoiceViewSchema, EInvoiceXmlSchema } from './schemas/einvoice.js';
import { SplitPointsSchema, WatchedFolderInputSchema, WatchedFolderPatchSchema, WatchedFolderSchema } from './schemas/intake.js';
import { EngineLogEntrySchema } from './schemas/log.js';
import { PageImageSchema } from './schemas/pages.js';
import { id, pathStr } from './schemas/primitives.js';
import { BulkPatchSchema, MatchingSelectionSchema, ReviewPageSchema } from './schemas/review.js';
import { SearchHitSchema } from './schemas/search.js';
import { PriceTableSchema, SettingsPatchSchema, SettingsSchema } from './schemas/settings.js';
import { ScaleOutStatusSchema } from './schemas/workers.js';
import { VendorCsvSchema, VendorImportResultSchema, VendorPatchSchema, VendorQuerySchema, VendorSchema } from './schemas/vendors.js';

interface ChannelSpec {
  args: z.ZodTuple;
  result: z.ZodType;
}

/** A list of document ids for an action on a selection. */
const ids = z.array(id).min(1).max(100_000);

/** channel → (argument tuple schema, reply schema). The single source of the client interface. */
export const channels = {
  listBatches: { args: z.tuple([]), result: z.array(BatchSummarySchema) },
  getBatch: { args: z.tuple([id]), result: BatchSummarySchema.nullable() },
  createBatch: { args: z.tuple([NewBatchRequestSchema]), result: BatchSummarySchema },
  pauseBatch: { args: z.tuple([id]), result: BatchSummarySchema },
  resumeBatch: { args: z.tuple([id]), result: BatchSummarySchema },
  cancelBatch: { args: z.tuple([id]), result: BatchSummarySchema },
  listDocuments: { args: z.tuple([DocumentQuerySchema]), result: DocumentPageSchema },
  getDocument: { args: z.tuple([id]), result: DocumentDetailSchema.nullable() },
  getPageImage: {
    args: z.tuple([id, z.number().int().min(0).max(100_000), z.number().int().min(16).max(8192).optional()]),
    result: PageImageSchema,
  },
  updateField: { args: z.tuple([id, FieldNameSchema, z.string().max(10_000).nullable()]), result: DocumentDetailSchema },
  markReviewed: { args: z.tuple([ids, z.boolean()]), result: z.number() },
  retryDocuments: {
    args: z.tuple([z.union([ids, z.literal('all-failed')]), id.optional()]),
    result: z.number(),
  },
  listLog: {
    args: z.tuple([id.nullable(), z.number().int().optional(), z.number().int().min(1).max(5000).optional()]),
    result: z.array(EngineLogEntrySchema),
  },
  getSettings: { args: z.tuple([]), result: SettingsSchema },
  setSettings: { args: z.tuple([SettingsPatchSchema]), result: SettingsSchema },
  search: {
    args: z.tuple([z.string().min(1).max(500), z.number().int().min(1).max(1000).optional()]),
    result: z.array(SearchHitSchema),
  },
  estimate: {
    args: z.tuple([z.array(pathStr).min(1).max(10_000), z.string().max(200).optional()]),
    result: EstimateSchema,
  },
  getPriceTable: { args: z.tuple([]), result: PriceTableSchema },
  listReviewRows: { args: z.tuple([DocumentQuerySchema]), result: ReviewPageSchema },
  bulkUpdate: { args: z.tuple([ids, BulkPatchSchema]), result: z.number() },
  /** The same action on every document a filter matches (the review grid's "select all"), resolved by the engine. */
  bulkUpdateMatching: { args: z.tuple([MatchingSelectionSchema, BulkPatchSchema]), result: z.number() },
  undoCorrection: { args: z.tuple([id]), result: DocumentDetailSchema },
  /** Optional: CSV/XLSX/JSON/searchable PDFs/failure report; without `out`, into the data folder's exports/. */
  exportDocuments: { args: z.tuple([ExportRequestSchema]), result: ExportResultSchema },
  /** Vendor memory: the supplier list with what reviewed documents taught each vendor. */
  listVendors: { args: z.tuple([VendorQuerySchema.optional()]), result: z.array(VendorSchema) },
  /** Import a supplier master list (CSV text); vendors are matched by tax id, IBAN, then name, and updated. */
  importVendors: { args: z.tuple([VendorCsvSchema]), result: VendorImportResultSchema },
  updateVendor: { args: z.tuple([id, VendorPatchSchema]), result: VendorSchema },
  deleteVendor: { args: z.tuple([id]), result: z.boolean() },
  /** E-invoices: the structured reading of a document's invoice XML (null when it carries none). */
  getEInvoice: { args: z.tuple([id]), result: EInvoiceViewSchema.nullable() },
  /** The invoice XML as received, as text with a file name, for the browser to download. */
  getEInvoiceXml: { args: z.tuple([id]), result: EInvoiceXmlSchema.nullable() },
  /** Write the invoice XML byte for byte to `out` (a file path), or into the data folder's exports/ when null. */
  saveEInvoiceXml: { args: z.tuple([id, pathStr.nullable()]), result: z.object({ path: z.string() }) },
  /** Watched folders (Settings): new files are taken once complete, into a rolling batch per folder and day. */
  listWatchedFolders: { args: z.tuple([]), result: z.array(WatchedFolderSchema) },
  addWatchedFolder: { args: z.tuple([WatchedFolderInputSchema]), result: WatchedFolderSchema },
  updateWatchedFolder: { args: z.tuple([id, WatchedFolderPatchSchema]), result: WatchedFolderSchema },
  removeWatchedFolder: { args: z.tuple([id]), result: z.boolean() },
  /** Split a multi-document PDF or TIFF at these 1-based first pages (merging = leaving one out); the file is not changed. */
  splitDocument: { args: z.tuple([id, SplitPointsSchema]), result: DocumentDetailSchema },
  /** Totals per currency over every document a query matches (the review footer, batch cards). */
  documentTotals: { args: z.tuple([DocumentQuerySchema]), result: DocumentTotalsSchema },
  renameBatch: { args: z.tuple([id, z.string().trim().min(1).max(200)]), result: BatchSummarySchema },
  /** Delete a batch and all its data (refused while it runs); resolves to how many documents went. */
  deleteBatch: { args: z.tuple([id]), result: z.object({ documents: z.number() }) },
  /** Scale-out (Settings > Workers): the Redis queue's depth and the workers online; queue null when reading locally. */
  scaleOutStatus: { args: z.tuple([]), result: ScaleOutStatusSchema },
  // host capabilities
  appInfo: { args: z.tuple([]), result: AppInfoSchema },
  /** Store (or with null, forget) the LLM API key. Write-only: the reply says only whether one is set. */
  setApiKey: { args: z.tuple([z.string().min(1).max(4096).nullable()]), result: ApiKeyStateSchema },
  /** Native pickers; an empty list when cancelled. Browser hosts reply with an 'unavailable' error. */
  pickFolder: { args: z.tuple([]), result: z.array(z.string()) },
  pickFiles: { args: z.tuple([]), result: z.array(z.string()) },
  /** Native save dialog (a folder picker for kind 'folder'); null when cancelled. Browser: 'unavailable'. */
  pickSaveTarget: { args: z.tuple([SaveTargetSchema]), result: z.string().nullable() },
  /** Reveal a file or folder in the system file manager. Browser: 'unavailable'. */
  showInFolder: { args: z.tuple([pathStr]), result: z.boolean() },
} satisfies Record<ChannelName, ChannelSpec>;

export type Channels = typeof channels;
// Compile-time: `satisfies` above makes the table cover every name in channels.ts; this makes it have no other key.
type _NoExtraKeys = Exclude<keyof Channels, ChannelName> extends never ? true : never;
export const _channelsInStep: _NoExtraKeys = true;

export type ChannelArgs<K extends ChannelName> = z.output<Channels[K]['args']>;
export type ChannelResult<K extends ChannelName> = z.output<Channels[K]['result']>;

/** Parse a request's arguments against its channel's schema; throws ContractError with the first problem. */
export function parseArgs<K extends ChannelName>(name: K, args: unknown): ChannelArgs<K> {
  const spec = (channels as Record<string, ChannelSpec>)[name];
  if (!spec) throw new ContractError('unknown-channel', `unknown channel ${JSON.stringify(name)}`);
  const list = args === undefined ? [] : args;
  const res = spec.args.safeParse(list);
  if (!res.success) {
    const issue = res.error.issues[0];
    const where = issue?.path.length ? ` at [${issue.path.join('.')}]` : '';
    throw new ContractError('invalid-args', `${name}: invalid arguments${where}: ${issue?.message ?? 'malformed'}`);
  }
  return res.data as ChannelArgs<K>;
}

export function parseEvent(event: unknown): EngineEvent {
  return EngineEventSchema.parse(event);
}

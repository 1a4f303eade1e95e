/**
 * The one contract between the engine's hosts and the renderer: every request (argument tuple), reply and
 * event as a zod schema, keyed by channel. The client interface, the main-process relay, the WebSocket
 * bridge and the in-process transport are all derived from `channels`, so adding a capability means one
 * entry here (+ its name in contract-channels.ts, which the compiler enforces) + one engine method + UI.
 */
import { z } from 'zod';
import { BATCH_STATUSES, DOC_TYPES, DOCUMENT_STATUSES, EXTRACT_MODES, FIELD_NAMES, type EngineEvent } from './domain.js';
import { DOCUMENT_SORT_KEYS, EXPORT_KINDS, type EngineApi, type ExportRequest, type ExportResult } from './engine-api.js';
import type { AppChannel, ChannelName, EngineChannel, WireError } from './channels.js';

export * from './channels.js';

const id = z.number().int().nonnegative();
const nullableStr = z.string().nullable();
const nullableNum = z.number().nullable();

// ---- domain schemas (replies and events) ---------------------------------------------------------------

export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES);
export const DocTypeSchema = z.enum(DOC_TYPES);
export const BatchStatusSchema = z.enum(BATCH_STATUSES);
export const FieldNameSchema = z.enum(FIELD_NAMES);

export const BatchOptionsSchema = z.object({
  workers: z.number().int().min(1).max(64).optional(),
  ocrLang: z
    .string()
    .regex(/^[a-z_]{3,8}(\+[a-z_]{3,8})*$/i)
    .optional(),
  extract: z.enum(EXTRACT_MODES).optional(),
  locale: z.string().max(20).optional(),
  llm: z.object({ baseUrl: z.string().max(500).optional(), model: z.string().max(200).optional() }).optional(),
  budgetUsd: z.number().nonnegative().optional(),
  maxFileBytes: z.number().int().positive().optional(),
});

export const BatchCountsSchema = z.object({
  total: z.number(),
  queued: z.number(),
  processing: z.number(),
  done: z.number(),
  needs_review: z.number(),
  failed: z.number(),
  skipped: z.number(),
});

export const BatchSummarySchema = z.object({
  id,
  name: z.string(),
  status: BatchStatusSchema,
  createdAt: z.number(),
  finishedAt: nullableNum,
  counts: BatchCountsSchema,
  pages: z.number(),
  pagesByMethod: z.object({ text: z.number(), ocr: z.number() }),
  elapsedMs: z.number(),
  pagesPerSec: z.number(),
  etaMs: nullableNum,
  costUsd: z.number(),
  budgetUsd: nullableNum,
  options: BatchOptionsSchema,
});

export const DocumentRowSchema = z.object({
  id,
  batchId: id,
  path: z.string(),
  name: z.string(),
  size: nullableNum,
  kind: nullableStr,
  status: DocumentStatusSchema,
  reason: nullableStr,
  method: z.enum(['text', 'ocr', 'mixed']).nullable(),
  pageCount: nullableNum,
  attempts: z.number(),
  duplicateOf: nullableNum,
  docType: DocTypeSchema.nullable(),
  docTypeConfidence: nullableNum,
  confidence: nullableNum,
  vendor: nullableStr,
  docNumber: nullableStr,
  issueDate: nullableStr,
  total: nullableNum,
  currency: nullableStr,
  costUsd: z.number(),
  reviewedAt: nullableNum,
  elapsedMs: nullableNum,
});

const BoxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export const FieldSourceSchema = z.object({
  page: z.number(),
  start: z.number(),
  end: z.number(),
  boxes: z.array(BoxSchema).optional(),
});
export const FieldEvidenceSchema = z.object({
  rules: z.array(z.string()),
  checksPassed: z.array(z.string()),
  checksFailed: z.array(z.string()),
  learnedFrom: z.number().optional(),
});
export const CheckOutcomeSchema = z.object({
  id: z.string(),
  passed: z.boolean(),
  fields: z.array(z.union([FieldNameSchema, z.literal('line_items')])),
  message: z.string(),
});
export const ExtractedFieldSchema = z.object({
  name: FieldNameSchema,
  value: nullableStr,
  raw: nullableStr,
  confidence: z.number(),
  source: FieldSourceSchema.nullable(),
  origin: z.enum(['rules', 'llm', 'user']),
  evidence: FieldEvidenceSchema.nullable().optional(),
});
export const EngineLogEntrySchema = z.object({
  id: z.number(),
  batchId: nullableNum,
  documentId: nullableNum,
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  kind: z.string(),
  message: z.string(),
});
export const DocumentDetailSchema = DocumentRowSchema.extend({
  sha256: nullableStr,
  mtime: nullableNum,
  pages: z.array(
    z.object({
      index: z.number(),
      method: z.enum(['text', 'ocr']),
      confidence: nullableNum,
      text: z.string(),
      width: nullableNum,
      height: nullableNum,
      rotation: nullableNum,
      skew: nullableNum,
      ms: nullableNum,
    }),
  ),
  fields: z.array(ExtractedFieldSchema),
  lineItems: z.array(
    z.object({
      description: z.string(),
      quantity: nullableNum,
      unitPrice: nullableNum,
      amount: nullableNum,
      source: FieldSourceSchema.nullable().optional(),
    }),
  ),
  issues: z.array(
    z.object({
      field: z.union([FieldNameSchema, z.literal('line_items')]).nullable(),
      code: z.string(),
      message: z.string(),
      severity: z.enum(['error', 'warning']),
    }),
  ),
  corrections: z.array(
    z.object({
      id: z.number(),
      field: z.string(),
      oldValue: nullableStr,
      newValue: nullableStr,
      at: z.number(),
      kind: z.enum(['edit', 'bulk', 'undo']).optional(),
      revertedBy: nullableNum.optional(),
    }),
  ),
  events: z.array(EngineLogEntrySchema),
});

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('batch.progress'), batch: BatchSummarySchema }),
  z.object({ type: z.literal('batch.finished'), batch: BatchSummarySchema }),
  z.object({ type: z.literal('document.finished'), documentId: id, batchId: id, status: DocumentStatusSchema }),
  z.object({ type: z.literal('document.failed'), documentId: id, batchId: id, reason: z.string() }),
  z.object({ type: z.literal('log'), entry: EngineLogEntrySchema }),
]);

// ---- request schemas -----------------------------------------------------------------------------------

const pathStr = z.string().min(1).max(32_767);
export const DocumentQuerySchema = z.object({
  batchId: id.nullable().optional(),
  status: z.array(DocumentStatusSchema).max(DOCUMENT_STATUSES.length).nullable().optional(),
  docType: z.array(DocTypeSchema).max(DOC_TYPES.length).nullable().optional(),
  text: z.string().max(500).nullable().optional(),
  sort: z.enum(DOCUMENT_SORT_KEYS).optional(),
  desc: z.boolean().optional(),
  after: z.string().max(2000).nullable().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export const NewBatchRequestSchema = z.object({
  name: z.string().max(200).optional(),
  paths: z.array(pathStr).min(1).max(10_000),
  options: BatchOptionsSchema.optional(),
});
const settingsPatch = z.record(z.string().max(100), z.unknown());

export const SearchHitSchema = z.object({
  documentId: id,
  batchId: id,
  name: z.string(),
  path: z.string(),
  page: nullableNum,
  field: nullableStr,
  snippet: z.string(),
  rank: z.number(),
});
export const EstimateSchema = z.object({
  documents: z.number(),
  pages: z.number(),
  ocrPages: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  model: z.string(),
});

const IssueSchema = z.object({
  field: z.union([FieldNameSchema, z.literal('line_items')]).nullable(),
  code: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export const ReviewRowSchema = DocumentRowSchema.extend({
  cells: z.partialRecord(
    FieldNameSchema,
    z.object({
      value: nullableStr,
      confidence: nullableNum,
      origin: z.enum(['rules', 'llm', 'user']).nullable(),
      flags: z.array(z.string()),
    }),
  ),
  issues: z.array(IssueSchema),
  duplicates: z.array(z.object({ documentId: id, name: z.string(), batchId: id, why: z.string() })),
});
export const BulkPatchSchema = z
  .object({
    reviewed: z.boolean().optional(),
    docType: DocTypeSchema.optional(),
    vendor: z.string().max(500).nullable().optional(),
  })
  .refine((p) => p.reviewed !== undefined || p.docType !== undefined || p.vendor !== undefined, 'an empty bulk action');

export const ExportRequestSchema = z.object({
  format: z.enum(EXPORT_KINDS),
  batchId: id.nullable(),
  status: z.array(DocumentStatusSchema).max(DOCUMENT_STATUSES.length).nullable().optional(),
  delimiter: z.enum([',', ';']).optional(),
  out: pathStr.nullable().optional(),
});
export const ExportResultSchema = z.object({
  format: z.enum(EXPORT_KINDS),
  path: z.string(),
  exportName: nullableStr,
  documents: z.number(),
  failed: z.array(z.object({ documentId: id, path: z.string(), reason: z.string() })).optional(),
});
/** What the native save dialog is for: a file of that kind, or a folder (searchable PDFs). */
export const SaveTargetSchema = z.object({
  defaultName: z.string().min(1).max(255),
  kind: z.enum(['csv', 'xlsx', 'json', 'folder']),
});

export const AppInfoSchema = z.object({
  host: z.enum(['electron', 'browser', 'test']),
  version: z.string(),
  dataDir: z.string(),
  /** Whether an API key is stored. The key itself never reaches the renderer. */
  apiKeySet: z.boolean(),
  /** Whether the host can show native folder/file pickers (Electron yes, browser no). */
  canPickPaths: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

// ---- the channel table ---------------------------------------------------------------------------------

interface ChannelSpec {
  args: z.ZodTuple;
  result: z.ZodType;
}

/** channel → (argument tuple schema, reply schema). The single source of the client interface. */
export const channels = {
  listBatches: { args: z.tuple([]), result: z.array(BatchSummarySchema) },
  getBatch: { args: z.tuple([id]), result: BatchSummarySchema.nullable() },
  createBatch: { args: z.tuple([NewBatchRequestSchema]), result: BatchSummarySchema },
  pauseBatch: { args: z.tuple([id]), result: BatchSummarySchema },
  resumeBatch: { args: z.tuple([id]), result: BatchSummarySchema },
  cancelBatch: { args: z.tuple([id]), result: BatchSummarySchema },
  listDocuments: {
    args: z.tuple([DocumentQuerySchema]),
    result: z.object({ rows: z.array(DocumentRowSchema), next: nullableStr, total: z.number() }),
  },
  getDocument: { args: z.tuple([id]), result: DocumentDetailSchema.nullable() },
  getPageImage: {
    args: z.tuple([id, z.number().int().min(0).max(100_000), z.number().int().min(16).max(8192).optional()]),
    result: z.object({ mime: z.string(), base64: z.string(), width: z.number(), height: z.number() }),
  },
  updateField: { args: z.tuple([id, FieldNameSchema, z.string().max(10_000).nullable()]), result: DocumentDetailSchema },
  markReviewed: { args: z.tuple([z.array(id).min(1).max(100_000), z.boolean()]), result: z.number() },
  retryDocuments: {
    args: z.tuple([z.union([z.array(id).min(1).max(100_000), z.literal('all-failed')]), id.optional()]),
    result: z.number(),
  },
  listLog: {
    args: z.tuple([id.nullable(), z.number().int().optional(), z.number().int().min(1).max(5000).optional()]),
    result: z.array(EngineLogEntrySchema),
  },
  getSettings: { args: z.tuple([]), result: z.record(z.string(), z.unknown()) },
  setSettings: { args: z.tuple([settingsPatch]), result: z.record(z.string(), z.unknown()) },
  search: {
    args: z.tuple([z.string().min(1).max(500), z.number().int().min(1).max(1000).optional()]),
    result: z.array(SearchHitSchema),
  },
  estimate: {
    args: z.tuple([z.array(pathStr).min(1).max(10_000), z.string().max(200).optional()]),
    result: EstimateSchema,
  },
  getPriceTable: { args: z.tuple([]), result: z.record(z.string(), z.object({ input: z.number(), output: z.number() })) },
  listReviewRows: {
    args: z.tuple([DocumentQuerySchema]),
    result: z.object({ rows: z.array(ReviewRowSchema), next: nullableStr, total: z.number() }),
  },
  bulkUpdate: { args: z.tuple([z.array(id).min(1).max(100_000), BulkPatchSchema]), result: z.number() },
  undoCorrection: { args: z.tuple([id]), result: DocumentDetailSchema },
  /** Optional: CSV/XLSX/JSON/searchable PDFs/failure report; without `out`, into the data folder's exports/. */
  exportDocuments: { args: z.tuple([ExportRequestSchema]), result: ExportResultSchema },
  // host capabilities
  appInfo: { args: z.tuple([]), result: AppInfoSchema },
  /** Store (or with null, forget) the LLM API key. Write-only: the reply says only whether one is set. */
  setApiKey: { args: z.tuple([z.string().min(1).max(4096).nullable()]), result: z.object({ apiKeySet: z.boolean() }) },
  /** Native pickers; an empty list when cancelled. Browser hosts reply with an 'unavailable' error. */
  pickFolder: { args: z.tuple([]), result: z.array(z.string()) },
  pickFiles: { args: z.tuple([]), result: z.array(z.string()) },
  /** Native save dialog (a folder picker for kind 'folder'); null when cancelled. Browser: 'unavailable'. */
  pickSaveTarget: { args: z.tuple([SaveTargetSchema]), result: z.string().nullable() },
  /** Reveal a file or folder in the system file manager. Browser: 'unavailable'. */
  showInFolder: { args: z.tuple([pathStr]), result: z.boolean() },
} satisfies Record<ChannelName, ChannelSpec>;

export type Channels = typeof channels;
// Compile-time: the table has no key that contract-channels.ts does not list.
type _NoExtraKeys = Exclude<keyof Channels, ChannelName> extends never ? true : never;
export const _channelsInStep: _NoExtraKeys = true;

export type ChannelArgs<K extends ChannelName> = z.output<Channels[K]['args']>;
export type ChannelResult<K extends ChannelName> = z.output<Channels[K]['result']>;

/** The callable surface: one async function per channel. */
export type DocketApi = { [K in ChannelName]: (...args: ChannelArgs<K>) => Promise<ChannelResult<K>> };

/** What the renderer gets as `window.docket` (Electron preload) or from the WebSocket client. */
export interface DocketClient extends DocketApi {
  /** Subscribe to engine events pushed by the host; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Electron only: the filesystem path of a dropped File (webUtils.getPathForFile). */
  pathForFile?(file: unknown): string;
}

/** What a host implements for the app channels; the engine covers the rest. */
export type AppHandlers = { [K in AppChannel]: (...args: ChannelArgs<K>) => Promise<ChannelResult<K>> };

/**
 * Engine channels that src/contract/engine-api.ts does not declare (yet): optional here, like getPriceTable,
 * so an engine without them still stands behind a host and the channel answers 'unavailable'.
 */
export interface EngineExtras {
  exportDocuments?(req: ExportRequest): Promise<ExportResult>;
}
type ExtraChannel = Exclude<keyof EngineExtras, keyof EngineApi>;

/** The engine's share of DocketApi: EngineApi's methods (checked in test/contract) plus EngineExtras. */
export type EngineSide = Pick<EngineApi, Exclude<EngineChannel, ExtraChannel>> & EngineExtras;

export class ContractError extends Error {
  constructor(
    readonly kind: WireError['kind'],
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof ContractError) return { kind: err.kind, message: err.message };
  const msg = err instanceof Error ? err.message : String(err);
  return { kind: 'engine', message: msg };
}

export function fromWireError(e: WireError): ContractError {
  return new ContractError(e.kind, e.message);
}

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
  return EngineEventSchema.parse(event) as EngineEvent;
}

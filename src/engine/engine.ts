import path from 'node:path';
import type { BatchOptions, BatchSummary, DocumentDetail, EngineEvent, EngineLogEntry } from '../contract/domain.js';
import {
  EXPORT_KINDS,
  type DocumentPage,
  type DocumentQuery,
  type DocumentTotals,
  type EngineApi,
  type Estimate,
  type ExportRequest,
  type ExportResult,
  type NewBatchRequest,
  type SearchHit,
} from '../contract/engine-api.js';
import type { IngestStats, LlmExtractor, PipelineSteps, Scheduler, TaskPool } from './processing.js';
import { Coalescer } from './pipeline/progress.js';
import {
  batchOptions,
  getBatchRow,
  insertBatch,
  listBatchRows,
  setBatchStatus,
  summarizeBatch,
  unfinishedBatchRows,
  type BatchRow,
} from './store/batches.js';
import { ensureDataDir, openDb, pendingMigration, StoreError, type Db } from './store/db.js';
import { migrateInThread } from './store/migrate-in-thread.js';

export { StoreError, isDiskFull, diskFullError, DISK_FULL_MESSAGE } from './store/db.js';
/** Hosts check a user's status list (e.g. `--status done,needs_review`) before asking for an export. */
export { normaliseStatuses } from './export/rows.js';
/** A model with no known price on a paid server: hosts tell the user to add one (a usage error). */
export { UnknownModelPriceError } from './llm/cost/prices.js';
import { acquireDataLock } from './store/lock.js';
import { deleteBatchData, renameBatchRow } from './store/batch-admin.js';
import { documentTotals, matchingDocuments } from './store/document-filters.js';
import { bulkUpdate, listReviewRows, ReviewRefusedError, undoCorrection, type BulkPatch, type ReviewPage } from './review/review.js';
import { getDocumentDetail } from './store/document-detail.js';
import {
  documentTypeCounts,
  failedDocuments,
  getDocumentRow,
  listDocuments,
  resetDocumentForRetry,
  retryableDocument,
  skipQueuedDocuments,
} from './store/documents.js';
import { updateField } from './store/fields.js';
import { pageGeometry } from './store/pages.js';
import { patchSettings, readSettings } from './store/settings.js';
import { appendEvent, listEvents } from './store/events.js';
import type { FileKind } from './read/tasks.js';
import type { EstimateDoc } from './llm/cost/estimate.js';
import { loadPrices } from './llm/cost/prices.js';
import { ExportPathError } from './export/sink.js';
import { normaliseStatuses } from './export/rows.js';
import { hasAnyFile } from './ingest/walk.js';
import type { EInvoiceView, EInvoiceXml } from '../contract/schemas/einvoice.js';
import type { MatchingSelection } from '../contract/schemas/review.js';
import type { PriceTable } from '../contract/schemas/settings.js';
import type { ScaleOutStatus } from '../contract/schemas/workers.js';
import type { QueueConfig } from './pipeline/queue/choose-pool.js';
import { indexPending, markDocumentDirty, search as searchIndex } from './search/index.js';
import { apiKeyFor, DEFAULT_LLM_BASE_URL, FileSecretStore, resolveApiKey, type SecretStore } from './secrets.js';
import { listVendorViews } from './store/vendors.js';
import { listWatchedFolders } from './store/intake.js';
import type { IntakeService } from './ingest/intake-service.js';
import type { WatchOptions } from './ingest/watch.js';
import type { WatchedFolder, WatchedFolderInput, WatchedFolderPatch } from '../contract/schemas/intake.js';
import type { Vendor, VendorImportResult, VendorPatch, VendorQuery } from '../contract/schemas/vendors.js';
import fs from 'node:fs';
import os from 'node:os';

/** Documents taught synchronously by one review action; more are taught in background slices of this size. */
const TEACH_AT_ONCE = 50;

/** The processing half of the engine (processing.ts), loaded by the first call that processes, reads pages or teaches. */
type Processing = typeof import('./processing.js');
let processingModule: Promise<Processing> | null = null;
const loadProcessing = () => (processingModule ??= import('./processing.js'));

export interface EngineOptions {
  dataDir: string;
  /** Worker threads for reading/OCR; defaults to the CPU count. */
  workers?: number;
  /** Extra pipeline steps (LLM, search indexing); the rules extractor is always on. */
  steps?: Partial<PipelineSteps>;
  /** Take the data folder's process lock (default true). */
  lock?: boolean;
  /**
   * Open for reading only (status, show, search, export, estimate): a read-only SQLite connection, no writer
   * lock and no scheduler, so it works beside the Docket process that owns the data folder. Anything that
   * would write is refused with EngineError('unavailable').
   */
  readOnly?: boolean;
  /** How long to wait for another process to release the data folder before giving up (default 0). */
  lockWaitMs?: number;
  /** Told once when the folder is busy and the engine starts waiting for it. */
  onLockWait?: (message: string) => void;
  /** Told before the store an older Docket wrote is migrated (schema versions), which can take a while on a big store. */
  onMigrate?: (schema: { from: number; to: number }) => void;
  /** Watched folders: how long a file must stay unchanged before it is taken, and how often to look (tests shorten them). */
  watch?: WatchOptions;
  /** Where the LLM API key lives; defaults to the encrypted file store in the data folder. */
  secrets?: SecretStore;
  /**
   * Scale-out: read on `docket worker` processes through this Redis queue instead of local threads
   * (docs/SCALE-OUT.md). Without it, the setting 'workers.queueUrl' (Settings > Workers) is used, with the
   * secret from DOCKET_QUEUE_SECRET or the data folder's queue.secret file.
   */
  queue?: QueueConfig;
}

/**
 * A store an older Docket wrote is migrated on a thread of its own, the caller's event loop free meanwhile (the
 * desktop window answers; one migration rebuilt the search index for a minute at 100,000 documents). The caller
 * holds the folder's lock; the host is told first.
 */
async function migrateOffThread(dataDir: string, onMigrate: EngineOptions['onMigrate']): Promise<void> {
  const pending = pendingMigration(dataDir);
  if (!pending) return;
  onMigrate?.(pending);
  await migrateInThread(dataDir);
}

/** The data folder's lock, or null when it cannot be had (another Docket holds it; the read-only open then says why if it must). */
function tryDataLock(dataDir: string): (() => void) | null {
  try {
    return acquireDataLock(dataDir);
  } catch {
    return null;
  }
}

/** OpenAI's API, used when LLM extraction is on and no base URL is given. */
export { DEFAULT_LLM_BASE_URL };

/** Time one page view may take to draw (issue 15): past it the reader thread is terminated and replaced. */
const PAGE_VIEW_TIMEOUT_MS = 60_000;

export class EngineError extends Error {
  constructor(
    readonly kind: 'not-found' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * The engine: plain Node, never imports electron. Hosts (CLI, Electron shell, WebSocket bridge, tests) hold
 * one Engine per data folder and talk to it through EngineApi. It owns the only writable SQLite connection.
 */
export class Engine implements EngineApi {
  private poolInstance: TaskPool | null = null;
  private scheduler: Scheduler | null = null;
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly progress: Coalescer<number>;
  /** Called with no argument when the batch finishes, with the error when processing stops (a full disk). */
  private readonly batchWaiters = new Map<number, Array<(err?: Error) => void>>();
  private readonly ingesting = new Map<number, Promise<IngestStats>>();
  private closed = false;
  private releaseLock: (() => void) | null = null;
  /**
   * Set once processing.ts is loaded. Read-only commands (status, list, show, search, export) never load it, so
   * they start without piscina, file-type, date-fns, stdnum, openai or tiktoken; every method that needs it
   * awaits `processing()` before reaching the synchronous code below that reads `this.parts`.
   */
  private parts: Processing | null = null;

  private constructor(
    readonly db: Db,
    readonly dataDir: string,
    private readonly options: EngineOptions,
  ) {
    this.progress = new Coalescer(250, (batchId) => {
      const b = this.getBatchSync(batchId);
      if (b) this.emit({ type: 'batch.progress', batch: b });
    });
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const dataDir = path.resolve(options.dataDir);
    if (options.readOnly) {
      // A read-only command on a store an older Docket wrote: migrated first, off this thread, when no one owns the
      // folder (an owner migrated it when it opened).
      const release = pendingMigration(dataDir) ? tryDataLock(dataDir) : null;
      if (release) {
        try {
          await migrateOffThread(dataDir, options.onMigrate);
        } finally {
          release();
        }
      }
      return new Engine(openDb(dataDir, { readonly: true }), dataDir, options);
    }
    // The folder's lock comes first: only its holder may migrate the store.
    ensureDataDir(dataDir);
    let release: (() => void) | null = null;
    // A process that is just exiting (a killed launcher's orphan) gets a few seconds to let go of the folder.
    const until = Date.now() + (options.lockWaitMs ?? 0);
    let told = false;
    while (options.lock !== false && !release) {
      try {
        release = acquireDataLock(dataDir);
      } catch (err) {
        if (err instanceof StoreError && err.kind === 'busy' && Date.now() < until) {
          if (!told) options.onLockWait?.(err.message);
          told = true;
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        throw err;
      }
    }
    let db: Db;
    try {
      await migrateOffThread(dataDir, options.onMigrate);
      db = openDb(dataDir);
    } catch (err) {
      release?.();
      throw err;
    }
    const engine = new Engine(db, dataDir, options);
    engine.releaseLock = release;
    return engine;
  }

  /** True when opened with readOnly: nothing is written and nothing is processed. */
  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  private requireWritable(what: string): void {
    if (this.readOnly) throw new EngineError('unavailable', `cannot ${what}: the data folder was opened read-only`);
  }

  private async processing(): Promise<Processing> {
    return (this.parts ??= await loadProcessing());
  }

  /** The loaded processing module; only reached from code that awaited `processing()` first. */
  private get loaded(): Processing {
    if (!this.parts) throw new Error('internal: the processing module is used before it was loaded');
    return this.parts;
  }

  get workers(): number {
    return Math.max(1, this.options.workers ?? this.loaded.defaultWorkerCount());
  }

  /** The pool is created on first need: `docket show` or `export` never start threads. */
  get pool(): TaskPool {
    if (!this.poolInstance) this.poolInstance = this.loaded.choosePool({ threads: this.workers, db: this.db, queue: this.queueConfig() });
    return this.poolInstance;
  }

  /** The Redis queue this engine reads through, or null for local threads (see EngineOptions.queue). */
  private queueConfig(): QueueConfig | null {
    if (this.options.queue) return this.options.queue;
    const url = readSettings(this.db)['workers.queueUrl'];
    if (typeof url !== 'string' || !url.trim()) return null;
    let secret = process.env.DOCKET_QUEUE_SECRET?.trim();
    if (!secret) {
      try {
        secret = fs.readFileSync(path.join(this.dataDir, 'queue.secret'), 'utf8').trim();
      } catch {
        secret = '';
      }
    }
    return { url: url.trim(), ...(secret ? { secret } : {}) };
  }

  /** Scale-out at a glance: the queue's depth and the workers online; `queue: null` when reading locally. */
  async scaleOutStatus(): Promise<ScaleOutStatus> {
    const pool = this.poolInstance ?? (this.queueConfig() && !this.readOnly ? (await this.processing(), this.pool) : null);
    if (!pool || !('status' in pool)) return { queue: null, connected: false, error: null, counts: null, workers: [] };
    return (pool as TaskPool & { status(): Promise<ScaleOutStatus> }).status();
  }

  private ensureScheduler(): Scheduler {
    this.requireWritable('process documents');
    if (!this.scheduler) {
      const steps: PipelineSteps = {
        // vendor memory first: a recognised vendor's learned labels compete with the built-in finders
        extract: (pages, opts) => this.loaded.extractWithVendorMemory(this.db, pages, opts),
        llmFor: (batchId, opts) => this.llmFor(batchId, opts),
        // The search index follows the writer: one cheap incremental pass per flush, no per-row triggers.
        afterWrite: () => {
          indexPending(this.db);
        },
        derivedDir: this.derivedDir,
        ...this.options.steps,
      };
      this.scheduler = new this.loaded.Scheduler(this.db, this.pool, steps, {
        documentFinished: (e) => {
          if (e.status === 'failed')
            this.emit({ type: 'document.failed', documentId: e.documentId, batchId: e.batchId, reason: e.reason ?? 'failed' });
          this.emit({ type: 'document.finished', documentId: e.documentId, batchId: e.batchId, status: e.status as never });
        },
        batchChanged: (batchId) => this.progress.touch(batchId),
        batchFinished: (batchId) => {
          this.progress.flush(batchId);
          const b = this.getBatchSync(batchId);
          if (b) this.emit({ type: 'batch.finished', batch: b });
          this.resolveWaiters(batchId);
        },
        halted: (err) => this.onDiskFull(err),
      });
    }
    return this.scheduler;
  }

  private readonly llmExtractors = new Map<number, LlmExtractor>();

  /** One LLM extractor per batch, so every call of the batch shares its budget, breaker and cache. */
  private llmFor(batchId: number, opts: BatchOptions): LlmExtractor | null {
    const mode = opts.extract ?? 'rules';
    if (mode === 'rules' || !opts.llm?.model) return null;
    let x = this.llmExtractors.get(batchId);
    if (!x) {
      const baseUrl = opts.llm.baseUrl || DEFAULT_LLM_BASE_URL;
      // The key goes only to the URL it was entered for; a batch naming another URL (the key changed since it
      // was created, or it came in before the check) fails its LLM step without any request leaving.
      const key = apiKeyFor(resolveApiKey(this.secrets), baseUrl);
      const apiKey = key.ok ? key.apiKey : undefined;
      x = this.loaded.createLlmExtractor(this.db, {
        batchId,
        baseUrl,
        model: opts.llm.model,
        ...(apiKey ? { apiKey } : {}),
        ...(key.ok ? {} : { client: this.loaded.refusingLlmClient(opts.llm.model, key.reason) }),
        budgetUsd: opts.budgetUsd ?? null,
        concurrency: this.workers,
        ...(opts.locale ? { locale: opts.locale } : {}),
      });
      this.llmExtractors.set(batchId, x);
    }
    return x;
  }

  get secrets(): SecretStore {
    if (!this.secretStore) this.secretStore = this.options.secrets ?? new FileSecretStore(this.dataDir);
    return this.secretStore;
  }
  private secretStore: SecretStore | null = null;

  /**
   * Begin work: documents a crash left in flight return to the queue, interrupted ingests run again, and
   * every running batch is processed. `includePaused` also resumes batches the user paused (docket resume).
   */
  async start(opts: { includePaused?: boolean } = {}): Promise<void> {
    this.requireWritable('start processing');
    const { Scheduler } = await this.processing();
    const recovered = Scheduler.recoverInterrupted(this.db);
    if (recovered.requeued || recovered.failed) {
      appendEvent(this.db, {
        level: 'warn',
        kind: 'engine.recovered',
        message: `recovered after an interruption: ${recovered.requeued} documents re-queued, ${recovered.failed} failed`,
      });
    }
    const scheduler = this.ensureScheduler();
    scheduler.start();
    for (const b of unfinishedBatchRows(this.db)) {
      if (b.status === 'paused' && opts.includePaused) setBatchStatus(this.db, b.id, 'running');
      if (b.status === 'ingesting') void this.runIngest(b);
      else scheduler.finishBatchIfDone(b.id);
    }
    scheduler.wake();
  }

  private runIngest(b: BatchRow): Promise<IngestStats> {
    const existing = this.ingesting.get(b.id);
    if (existing) return existing;
    const roots = JSON.parse(b.roots) as string[];
    const opts = batchOptions(b);
    const p = this.loaded
      .ingestBatch(this.db, b.id, roots, {
        ...(opts.maxFileBytes ? { maxFileBytes: opts.maxFileBytes } : {}),
        derivedDir: this.derivedDir,
        onProgress: () => this.progress.touch(b.id),
      })
      .then((stats) => {
        const now = getBatchRow(this.db, b.id);
        if (now?.status === 'ingesting') setBatchStatus(this.db, b.id, 'running');
        appendEvent(this.db, {
          batchId: b.id,
          level: 'info',
          kind: 'batch.ingested',
          message: `found ${stats.found} files: ${stats.added} recorded, ${stats.duplicates} duplicates, ${stats.skipped} skipped, ${stats.failed} unreadable`,
        });
        this.ingesting.delete(b.id);
        const s = this.ensureScheduler();
        s.finishBatchIfDone(b.id);
        s.wake();
        this.progress.touch(b.id);
        return stats;
      });
    this.ingesting.set(b.id, p);
    return p;
  }

  /**
   * Refuses paths that hold nothing to process (no files, or only hidden and system ones), as createBatch does, without
   * starting anything: a host calls it before start() so that no reader thread is started for nothing (a thread still
   * loading its module when the process exits aborts Node).
   */
  async assertSomethingToProcess(paths: readonly string[]): Promise<void> {
    if (!paths.length) throw new EngineError('invalid', 'no files or folders given');
    const roots = paths.map((p) => path.resolve(p));
    // A folder with nothing in it (or only hidden and system files) would make a silent empty batch: refuse it.
    if (!(await hasAnyFile(roots)))
      throw new EngineError(
        'invalid',
        `nothing to process: ${roots.join(', ')} ${roots.length === 1 ? 'holds' : 'hold'} no files (hidden and system files are left out); no batch was made`,
      );
  }

  async createBatch(req: NewBatchRequest): Promise<BatchSummary> {
    if (!req.paths.length) throw new EngineError('invalid', 'no files or folders given');
    this.requireWritable('create a batch');
    await this.processing();
    const roots = req.paths.map((p) => path.resolve(p));
    await this.assertSomethingToProcess(roots);
    const name = req.name?.trim() || defaultBatchName(roots);
    const options: BatchOptions = { ...(await this.defaultBatchOptions()), ...req.options };
    if ((options.extract ?? 'rules') !== 'rules' && options.llm?.model) {
      // A client (the browser bridge's above all) may name any URL; the stored key is never sent to one it was not entered for.
      const key = apiKeyFor(resolveApiKey(this.secrets), options.llm.baseUrl || DEFAULT_LLM_BASE_URL);
      if (!key.ok) throw new EngineError('invalid', key.reason);
    }
    const id = insertBatch(this.db, { name, roots, options });
    appendEvent(this.db, {
      batchId: id,
      level: 'info',
      kind: 'batch.created',
      message: `batch "${name}" created from ${roots.length} path(s)`,
    });
    this.ensureScheduler();
    await this.runIngest(getBatchRow(this.db, id)!);
    this.scheduler!.start();
    this.scheduler!.wake();
    return this.getBatchSync(id)!;
  }

  private async defaultBatchOptions(): Promise<BatchOptions> {
    const s = await this.getSettings();
    const d = (s.defaults ?? {}) as BatchOptions;
    return typeof d === 'object' && d ? d : {};
  }

  /** Resolves when the batch has no queued or in-flight document left (or is cancelled). */
  waitForBatch(batchId: number): Promise<void> {
    const b = getBatchRow(this.db, batchId);
    if (!b || b.status === 'done' || b.status === 'cancelled') return Promise.resolve();
    if (this.scheduler?.halted) return Promise.reject(this.scheduler.halted);
    return new Promise((resolve, reject) => {
      const list = this.batchWaiters.get(batchId) ?? [];
      list.push((err) => (err ? reject(err) : resolve()));
      this.batchWaiters.set(batchId, list);
    });
  }

  /**
   * The scheduler stopped because the data folder's disk is full (issue 15): the store holds what it held before
   * the write that failed, every waiter (the CLI's process and resume) gets the StoreError 'disk-full' with the
   * clerk's sentence, and every host hears it as an error log entry. `start` (resume) continues once space is freed.
   */
  private onDiskFull(err: StoreError): void {
    let entry: EngineLogEntry = {
      id: 0,
      batchId: null,
      documentId: null,
      at: Date.now(),
      level: 'error',
      kind: 'engine.disk-full',
      message: err.message,
    };
    try {
      entry = appendEvent(this.db, { level: 'error', kind: 'engine.disk-full', message: err.message });
    } catch {
      // The disk is full: the entry reaches the hosts without being stored.
    }
    this.emit({ type: 'log', entry });
    for (const [batchId, list] of [...this.batchWaiters]) {
      this.batchWaiters.delete(batchId);
      list.forEach((r) => r(err));
    }
  }

  private resolveWaiters(batchId: number): void {
    const list = this.batchWaiters.get(batchId);
    this.batchWaiters.delete(batchId);
    list?.forEach((r) => r());
  }

  getBatchSync(batchId: number): BatchSummary | null {
    const row = getBatchRow(this.db, batchId);
    return row ? summarizeBatch(this.db, row) : null;
  }

  async listBatches(): Promise<BatchSummary[]> {
    return listBatchRows(this.db).map((r) => summarizeBatch(this.db, r));
  }

  async getBatch(batchId: number): Promise<BatchSummary | null> {
    return this.getBatchSync(batchId);
  }

  private requireBatch(batchId: number): BatchRow {
    const b = getBatchRow(this.db, batchId);
    if (!b) throw new EngineError('not-found', `no batch ${batchId}`);
    return b;
  }

  /**
   * A host stopping on the user's word (Ctrl+C): every batch still reading is marked paused, so it shows "paused"
   * and not "running" while no engine works on it; `docket resume` (or Resume in the app) continues it.
   */
  async pauseRunningBatches(why: string): Promise<number[]> {
    if (this.readOnly) return [];
    const paused: number[] = [];
    for (const b of listBatchRows(this.db)) {
      if (b.status !== 'running' && b.status !== 'ingesting') continue;
      setBatchStatus(this.db, b.id, 'paused');
      appendEvent(this.db, { batchId: b.id, level: 'info', kind: 'batch.paused', message: `paused: ${why}` });
      paused.push(b.id);
    }
    return paused;
  }

  async pauseBatch(batchId: number): Promise<BatchSummary> {
    this.requireWritable('pause a batch');
    const b = this.requireBatch(batchId);
    if (b.status === 'running' || b.status === 'ingesting') {
      setBatchStatus(this.db, batchId, 'paused');
      appendEvent(this.db, { batchId, level: 'info', kind: 'batch.paused', message: 'paused' });
      // On the queue, pausing takes the batch's jobs no worker has started out of Redis (its documents go back
      // to 'queued'); local threads finish the pages they are on.
      if (this.poolInstance && 'status' in this.poolInstance) this.scheduler?.abortBatch(batchId);
    }
    this.progress.touch(batchId);
    return this.getBatchSync(batchId)!;
  }

  async resumeBatch(batchId: number): Promise<BatchSummary> {
    this.requireWritable('resume a batch');
    const b = this.requireBatch(batchId);
    if (b.status === 'paused') {
      await this.processing();
      setBatchStatus(this.db, batchId, 'running');
      appendEvent(this.db, { batchId, level: 'info', kind: 'batch.resumed', message: 'resumed' });
      const s = this.ensureScheduler();
      s.start();
      s.finishBatchIfDone(batchId);
      s.wake();
    }
    this.progress.touch(batchId);
    return this.getBatchSync(batchId)!;
  }

  async cancelBatch(batchId: number): Promise<BatchSummary> {
    this.requireWritable('cancel a batch');
    const b = this.requireBatch(batchId);
    if (b.status !== 'done' && b.status !== 'cancelled') {
      this.db.transaction(() => {
        setBatchStatus(this.db, batchId, 'cancelled');
        skipQueuedDocuments(this.db, batchId, Date.now());
        appendEvent(this.db, { batchId, level: 'info', kind: 'batch.cancelled', message: 'cancelled by the user' });
      })();
      this.scheduler?.abortBatch(batchId);
      this.resolveWaiters(batchId);
    }
    this.progress.touch(batchId);
    return this.getBatchSync(batchId)!;
  }

  async documentTotals(query: DocumentQuery): Promise<DocumentTotals> {
    return documentTotals(this.db, query);
  }

  async renameBatch(batchId: number, name: string): Promise<BatchSummary> {
    this.requireWritable('rename a batch');
    this.requireBatch(batchId);
    const clean = name.trim().replace(/\s+/g, ' ');
    if (!clean) throw new EngineError('invalid', 'a batch needs a name');
    renameBatchRow(this.db, batchId, clean.slice(0, 200));
    this.progress.touch(batchId);
    return this.getBatchSync(batchId)!;
  }

  /**
   * Delete a batch with its documents' data (never the original files). A batch still reading is refused: pause or
   * cancel it first, so no worker writes into what is being deleted.
   */
  async deleteBatch(batchId: number): Promise<{ documents: number }> {
    this.requireWritable('delete a batch');
    const b = this.requireBatch(batchId);
    if (b.status === 'running' || b.status === 'ingesting' || this.ingesting.has(batchId))
      throw new EngineError('invalid', `batch "${b.name}" is still ${b.status}: pause or cancel it before deleting it`);
    const documents = deleteBatchData(this.db, batchId);
    this.llmExtractors.delete(batchId);
    this.resolveWaiters(batchId);
    return { documents };
  }

  async listDocuments(query: DocumentQuery): Promise<DocumentPage> {
    return listDocuments(this.db, query);
  }

  /** Documents per type in a batch (unclassified ones left out): the CLI's summary. */
  documentTypeCounts(batchId: number): Record<string, number> {
    return documentTypeCounts(this.db, batchId);
  }

  async getDocument(documentId: number): Promise<DocumentDetail | null> {
    return getDocumentDetail(this.db, documentId);
  }

  async getPageImage(
    documentId: number,
    pageIndex: number,
    maxSide = 1600,
  ): Promise<{ mime: string; base64: string; width: number; height: number }> {
    const r = await this.renderAsOcrSaw(documentId, pageIndex, () => maxSide, 'jpeg');
    return { mime: r.mime, base64: Buffer.from(r.bytes).toString('base64'), width: r.width, height: r.height };
  }

  /**
   * A page turned and deskewed like OCR saw it, so stored word boxes (scaled by width / OCR width) line up.
   * `side` picks the longest side from the OCR image's size (null when the page was never OCR'd).
   */
  private async renderAsOcrSaw(
    documentId: number,
    pageIndex: number,
    side: (ocr: { width: number; height: number } | null) => number,
    format: 'png' | 'jpeg',
  ) {
    const d = getDocumentRow(this.db, documentId);
    if (!d || !d.kind) throw new EngineError('not-found', `no readable document ${documentId}`);
    const { DEFAULT_MAX_PIXELS } = await this.processing();
    const page = pageGeometry(this.db, documentId, pageIndex);
    const ocr = page?.width && page.height ? { width: page.width, height: page.height } : null;
    // A page that takes longer than this (a hostile file) ends with its reader thread, not with the viewer waiting.
    const timeout = AbortSignal.timeout(PAGE_VIEW_TIMEOUT_MS);
    const r = await this.pool.render(
      {
        path: d.path,
        kind: d.kind as FileKind,
        pageIndex,
        maxSide: side(ocr),
        maxPixels: DEFAULT_MAX_PIXELS,
        rotation: page?.rotation ?? 0,
        skew: page?.skew ?? 0,
        format,
      },
      timeout,
    );
    if (!r.ok) {
      const why = timeout.aborted ? `drawing it took longer than ${PAGE_VIEW_TIMEOUT_MS / 1000} s` : r.message;
      throw new EngineError('unavailable', `cannot show page ${pageIndex + 1} of ${d.name}: ${why}`);
    }
    return r;
  }

  /**
   * A page image at the exact pixel size and orientation OCR saw, so stored word boxes line up with it
   * (searchable PDF export). Lossless PNG: the archive copy should not degrade the scan.
   */
  async renderPageAsOcrSaw(
    documentId: number,
    pageIndex: number,
  ): Promise<{ bytes: Uint8Array; mime: 'image/png' | 'image/jpeg'; width: number; height: number }> {
    const r = await this.renderAsOcrSaw(documentId, pageIndex, (ocr) => (ocr ? Math.max(ocr.width, ocr.height) : 2480), 'png');
    return { bytes: r.bytes, mime: r.mime === 'image/jpeg' ? 'image/jpeg' : 'image/png', width: r.width, height: r.height };
  }

  async updateField(documentId: number, field: string, value: string | null): Promise<DocumentDetail> {
    this.requireWritable('edit a field');
    if (!getDocumentRow(this.db, documentId)) throw new EngineError('not-found', `no document ${documentId}`);
    await this.processing(); // vendor memory learns from the edit
    // parsed and checked like an extracted value; a value that fails is refused with the reason the cell shows
    const { checkEditedValue, documentCountry } = await import('./review/edit-values.js');
    const { documentLocale, recheckDocument } = await import('./review/recheck.js');
    const verdict = checkEditedValue(field, value, {
      locale: documentLocale(this.db, documentId, this.defaultLocale()),
      country: documentCountry(this.db, documentId),
    });
    if (!verdict.ok) throw new EngineError('invalid', verdict.reason);
    updateField(this.db, documentId, field, verdict.value);
    recheckDocument(this.db, documentId, [field]);
    markDocumentDirty(this.db, documentId);
    indexPending(this.db);
    this.teachVendors([documentId]);
    return getDocumentDetail(this.db, documentId)!;
  }

  async listReviewRows(query: DocumentQuery): Promise<ReviewPage> {
    return listReviewRows(this.db, query);
  }

  async bulkUpdate(documentIds: number[], patch: BulkPatch): Promise<number> {
    this.requireWritable('change documents');
    await this.processing(); // vendor memory learns from reviewed documents
    let n: number;
    try {
      n = bulkUpdate(this.db, documentIds, patch);
    } catch (err) {
      if (err instanceof ReviewRefusedError) throw new EngineError('invalid', err.message);
      throw err;
    }
    if (patch.vendor !== undefined) {
      const { recheckDocument } = await import('./review/recheck.js');
      for (const id of documentIds) recheckDocument(this.db, id, ['vendor_name']);
    }
    indexPending(this.db);
    this.touchBatchesOf(documentIds);
    if (patch.reviewed === true || patch.vendor !== undefined) this.teachVendors(documentIds);
    return n;
  }

  /**
   * One bulk action on every document a filter matches, bar the rows unchecked after "select all" (the review grid):
   * the ids come from one statement here rather than over the wire, so 100,000 documents are one request.
   */
  async bulkUpdateMatching(selection: MatchingSelection, patch: BulkPatch): Promise<number> {
    this.requireWritable('change documents');
    const { ids, batchIds } = matchingDocuments(this.db, selection.query, selection.except);
    if (!ids.length) return 0;
    const n = await this.bulkUpdate(ids, patch);
    // every batch touched hears of it (bulkUpdate looks at the first ids only)
    for (const b of batchIds) this.progress.touch(b);
    return n;
  }

  async undoCorrection(correctionId: number): Promise<DocumentDetail> {
    this.requireWritable('undo a change');
    await this.processing(); // vendor memory learns from the restored value
    let r: { documentId: number; field: string };
    try {
      r = undoCorrection(this.db, correctionId);
    } catch (err) {
      throw new EngineError('invalid', (err as Error).message);
    }
    const { recheckDocument } = await import('./review/recheck.js');
    recheckDocument(this.db, r.documentId, [r.field]);
    indexPending(this.db);
    this.teachVendors([r.documentId]);
    return getDocumentDetail(this.db, r.documentId)!;
  }

  /** Review actions change counts (needs_review → done): let batch views know. */
  private touchBatchesOf(documentIds: number[]): void {
    const batches = new Set<number>();
    for (const id of documentIds.slice(0, 1000)) {
      const row = getDocumentRow(this.db, id);
      if (row) batches.add(row.batch_id);
    }
    for (const b of batches) this.progress.touch(b);
  }

  private teachQueue: number[] = [];
  private teaching: NodeJS.Immediate | null = null;

  /**
   * Vendor memory: reviewed or corrected documents teach their vendor. A few are taught at once, so the next
   * document processed already benefits; a large bulk review is taught in the background in small slices, so the
   * writer connection is never held for long.
   */
  private teachVendors(documentIds: number[]): void {
    const now = documentIds.length <= TEACH_AT_ONCE ? documentIds : [];
    for (const id of now) this.teachOne(id);
    if (now.length === documentIds.length) return;
    this.teachQueue.push(...documentIds);
    const slice = () => {
      this.teaching = null;
      if (this.closed) return;
      for (const id of this.teachQueue.splice(0, TEACH_AT_ONCE)) this.teachOne(id);
      if (this.teachQueue.length) this.teaching = setImmediate(slice);
    };
    if (!this.teaching) this.teaching = setImmediate(slice);
  }

  private teachOne(documentId: number): void {
    try {
      this.loaded.learnFromDocument(this.db, documentId);
    } catch (err) {
      // a document that cannot teach must not undo the clerk's edit
      appendEvent(this.db, {
        documentId,
        level: 'warn',
        kind: 'vendors.learn-failed',
        message: `vendor memory could not learn from this document: ${(err as Error).message}`,
      });
    }
  }

  async listVendors(query?: VendorQuery): Promise<Vendor[]> {
    return listVendorViews(this.db, query ?? {});
  }

  async importVendors(csv: string): Promise<VendorImportResult> {
    this.requireWritable('import vendors');
    const { importVendorCsv } = await import('./vendors/memory.js');
    const r = importVendorCsv(this.db, csv);
    appendEvent(this.db, {
      level: r.errors.length ? 'warn' : 'info',
      kind: 'vendors.imported',
      message: `supplier list imported: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} rows refused`,
    });
    return r;
  }

  async updateVendor(vendorId: number, patch: VendorPatch): Promise<Vendor> {
    this.requireWritable('edit a vendor');
    const { updateVendor } = await import('./vendors/memory.js');
    let v: Vendor | null;
    try {
      v = updateVendor(this.db, vendorId, patch);
    } catch (err) {
      if (err instanceof RangeError) throw new EngineError('invalid', err.message);
      throw err;
    }
    if (!v) throw new EngineError('not-found', `no vendor ${vendorId}`);
    return v;
  }

  async deleteVendor(vendorId: number): Promise<boolean> {
    this.requireWritable('delete a vendor');
    const { deleteVendor } = await import('./vendors/memory.js');
    return deleteVendor(this.db, vendorId);
  }

  async getEInvoice(documentId: number): Promise<EInvoiceView | null> {
    const row = getDocumentRow(this.db, documentId);
    if (!row) return null;
    const [{ getEInvoice: getStoredEInvoice }, { xmlFileName }] = await Promise.all([
      import('./store/einvoices.js'),
      import('./einvoice/file-name.js'),
    ]);
    const e = getStoredEInvoice(this.db, documentId);
    if (!e) return null;
    return {
      documentId,
      carrier: e.attachment === null ? 'xml' : 'pdf',
      attachment: e.attachment,
      xmlFileName: xmlFileName(row.name, e.attachment),
      xmlBytes: e.xmlBytes,
      invoice: e.invoice,
    };
  }

  async getEInvoiceXml(documentId: number): Promise<EInvoiceXml | null> {
    const row = getDocumentRow(this.db, documentId);
    if (!row) return null;
    const [{ getEInvoiceXml: getStoredEInvoiceXml }, { xmlFileName }, { decodeXml }] = await Promise.all([
      import('./store/einvoices.js'),
      import('./einvoice/file-name.js'),
      import('./einvoice/xml.js'),
    ]);
    const e = getStoredEInvoiceXml(this.db, documentId);
    if (!e) return null;
    return { fileName: xmlFileName(row.name, e.attachment), xml: decodeXml(e.xml) };
  }

  /** The invoice XML byte for byte, as received: to `out`, or into the data folder's exports/. */
  async saveEInvoiceXml(documentId: number, out: string | null): Promise<{ path: string }> {
    const row = getDocumentRow(this.db, documentId);
    if (!row) throw new EngineError('not-found', `no document ${documentId}`);
    const [{ getEInvoiceXml: getStoredEInvoiceXml }, { xmlFileName }] = await Promise.all([
      import('./store/einvoices.js'),
      import('./einvoice/file-name.js'),
    ]);
    const e = getStoredEInvoiceXml(this.db, documentId);
    if (!e) throw new EngineError('not-found', `document ${documentId} carries no e-invoice XML`);
    const target = out ? path.resolve(out) : path.join(this.exportsDir, xmlFileName(row.name, e.attachment));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, e.xml);
    return { path: target };
  }

  /** The locale of Settings > defaults, for documents whose batch names none. */
  private defaultLocale(): string | null {
    const d = readSettings(this.db).defaults as { locale?: unknown } | undefined;
    return d && typeof d.locale === 'string' && d.locale ? d.locale : null;
  }

  async markReviewed(documentIds: number[], reviewed: boolean): Promise<number> {
    return this.bulkUpdate(documentIds, { reviewed });
  }

  async retryDocuments(documentIds: number[] | 'all-failed', batchId?: number): Promise<number> {
    this.requireWritable('retry documents');
    const batches = new Set<number>();
    let n = 0;
    this.db.transaction(() => {
      const rows =
        documentIds === 'all-failed'
          ? failedDocuments(this.db, batchId)
          : documentIds.map((id) => retryableDocument(this.db, id)).filter((r): r is { id: number; batch_id: number } => !!r);
      for (const r of rows) {
        if (resetDocumentForRetry(this.db, r.id)) n++;
        batches.add(r.batch_id);
        appendEvent(this.db, {
          batchId: r.batch_id,
          documentId: r.id,
          level: 'info',
          kind: 'document.retry',
          message: 'queued again by the user',
        });
      }
      for (const b of batches) {
        const row = getBatchRow(this.db, b);
        if (row && (row.status === 'done' || row.status === 'cancelled')) setBatchStatus(this.db, b, 'running');
      }
    })();
    if (n) {
      await this.processing();
      const s = this.ensureScheduler();
      s.start();
      s.wake();
      for (const b of batches) this.progress.touch(b);
    }
    return n;
  }

  async listLog(batchId: number | null, after?: number, limit?: number): Promise<EngineLogEntry[]> {
    return listEvents(this.db, { batchId, ...(after !== undefined ? { after } : {}), ...(limit !== undefined ? { limit } : {}) });
  }

  async getSettings(): Promise<Record<string, unknown>> {
    return readSettings(this.db);
  }

  async setSettings(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.requireWritable('change settings');
    patchSettings(this.db, patch);
    return this.getSettings();
  }

  /** Files taken out of e-mails and archives, and split parts: derived data, kept in the data folder. */
  get derivedDir(): string {
    return path.join(this.dataDir, 'derived');
  }

  /** Folder for exports made without an explicit destination (the UI's one-click exports). */
  get exportsDir(): string {
    return path.join(this.dataDir, 'exports');
  }

  /**
   * Export from any host: CSV, XLSX, JSON, searchable PDFs of scans, or the failure report. Streams, so a
   * 100k-document batch exports in bounded memory.
   */
  async exportDocuments(req: ExportRequest): Promise<ExportResult> {
    if (!(EXPORT_KINDS as readonly string[]).includes(req.format))
      throw new EngineError('invalid', `unknown export format ${String(req.format)}`);
    if (req.batchId != null && !getBatchRow(this.db, req.batchId)) throw new EngineError('not-found', `no batch ${req.batchId}`);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const what =
      req.format === 'failures'
        ? 'failures'
        : req.format === 'ledger'
          ? 'ledger'
          : req.format === 'datev'
            ? 'EXTF_Buchungsstapel'
            : 'documents';
    const base = `${req.batchId != null ? `batch-${req.batchId}` : 'all'}-${what}-${stamp}`;
    const ext = req.format === 'failures' || req.format === 'ledger' || req.format === 'datev' ? 'csv' : req.format;
    const exportName = req.out ? null : req.format === 'pdf' ? `${base}-searchable` : `${base}.${ext}`;
    const out = req.out ? path.resolve(req.out) : path.join(this.exportsDir, exportName!);
    if (!req.out) fs.mkdirSync(this.exportsDir, { recursive: true });
    try {
      const status = normaliseStatuses(req.status ?? undefined) ?? undefined;
      // Each writer is loaded when its format is asked for: pdf-lib (~0.2 s) and exceljs (~0.3 s) would otherwise
      // be most of a CSV export's start-up.
      if (req.format === 'pdf') {
        const { exportSearchablePdfs } = await import('./export/searchable-pdf.js');
        const r = await exportSearchablePdfs(this.db, {
          batchId: req.batchId,
          ...(status ? { status } : {}),
          outDir: out,
          renderPage: (d, p) => this.renderPageAsOcrSaw(d, p),
        });
        return { format: 'pdf', path: out, exportName, documents: r.written, failed: r.failed, files: r.files };
      }
      const delimiter = req.delimiter ?? ',';
      if (req.format === 'ledger' || req.format === 'datev') {
        const { exportAccounting } = await import('./export/accounting.js');
        const filter = { batchId: req.batchId, ...(status ? { status } : {}) };
        const r = await exportAccounting(this.db, { format: req.format, filter, out, delimiter, datev: readSettings(this.db).datev });
        // DATEV over several fiscal years: a file per year, each offered for download when written to exports/
        if (r.files.length > 1) {
          const names = req.out ? null : r.files.map((f) => path.basename(f));
          return {
            format: req.format,
            path: r.file,
            exportName: names?.[0] ?? null,
            documents: r.documents,
            files: r.files,
            ...(names ? { exportNames: names } : {}),
          };
        }
        return { format: req.format, path: r.file, exportName, documents: r.documents };
      }
      const r =
        req.format === 'failures'
          ? await (await import('./export/failures.js')).exportFailureReport(this.db, { batchId: req.batchId, out, delimiter })
          : await (
              await import('./export/documents.js')
            ).exportDocuments(this.db, { format: req.format, batchId: req.batchId, ...(status ? { status } : {}), out, delimiter });
      return { format: req.format, path: r.file, exportName, documents: r.documents };
    } catch (err) {
      if (err instanceof ExportPathError || err instanceof RangeError) throw new EngineError('invalid', err.message);
      throw err;
    }
  }

  /** The price table in force: published defaults with the user's overrides merged (Settings screen). */
  async getPriceTable(): Promise<PriceTable> {
    const t = loadPrices(this.db);
    return Object.fromEntries(Object.entries(t).map(([m, p]) => [m, { input: p.input, output: p.output }]));
  }

  async search(query: string, limit?: number): Promise<SearchHit[]> {
    return searchIndex(this.db, query, limit);
  }

  /**
   * Pre-flight LLM cost for a set of files, before anything is sent: text layers are read (cheap), scanned
   * pages are counted and priced at a typical OCR page's tokens. Duplicates of each other count once.
   */
  async estimate(paths: string[], model = 'gpt-4o-mini', opts: { baseUrl?: string | null; locale?: string } = {}): Promise<Estimate> {
    if (!paths.length) throw new EngineError('invalid', 'no files or folders given');
    for (const p of paths) if (!fs.existsSync(p)) throw new EngineError('invalid', `no such file or folder: ${p}`);
    const { documentFilesFor, estimateWithStore, DEFAULT_MAX_PIXELS } = await this.processing();
    // E-mails and archives are opened as a batch would open them, into a scratch folder removed afterwards.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-estimate-'));
    const docs: EstimateDoc[] = [];
    try {
      const files = await documentFilesFor(paths, scratch);
      const results = await Promise.all(files.map((f) => this.pool.inspect({ path: f.path, kind: f.kind, maxPixels: DEFAULT_MAX_PIXELS })));
      for (const r of results) if (r.ok) docs.push({ pages: r.pages.map((p) => ({ text: p.text, needsOcr: p.needsOcr })) });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    return estimateWithStore(this.db, docs, model, {
      ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
    });
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a failing listener must not break the engine */
      }
    }
  }

  // ---- intake: watched folders and split points (ingest/intake-service.ts, loaded on first use) ----

  private intakeService: Promise<IntakeService> | null = null;

  private intake(): Promise<IntakeService> {
    this.requireWritable('change watched folders or split points');
    return (this.intakeService ??= import('./ingest/intake-service.js').then(
      ({ IntakeService }) =>
        new IntakeService(
          {
            db: this.db,
            derivedDir: this.derivedDir,
            ingest: async (batchId, files) => {
              const p = await this.processing();
              await p.ingestBatch(this.db, batchId, files, { derivedDir: this.derivedDir, onProgress: () => this.progress.touch(batchId) });
            },
            wake: (batchId) => this.wakeBatch(batchId),
            defaultOptions: () => this.defaultBatchOptions(),
          },
          this.options.watch,
        ),
    ));
  }

  /** New queued documents in a batch (a watched file, a re-split): run it again if it had finished, and wake the scheduler. */
  private wakeBatch(batchId: number): void {
    if (this.closed) return;
    const b = getBatchRow(this.db, batchId);
    if (b && (b.status === 'done' || b.status === 'cancelled')) setBatchStatus(this.db, batchId, 'running');
    const s = this.ensureScheduler();
    s.start();
    s.finishBatchIfDone(batchId);
    s.wake();
    this.progress.touch(batchId);
  }

  private async intakeCall<T>(fn: (svc: IntakeService) => T | Promise<T>): Promise<T> {
    const svc = await this.intake();
    try {
      return await fn(svc);
    } catch (err) {
      if (err instanceof Error && err.name === 'IntakeError')
        throw new EngineError((err as Error & { kind: 'not-found' | 'invalid' }).kind, err.message);
      throw err;
    }
  }

  async listWatchedFolders(): Promise<WatchedFolder[]> {
    return listWatchedFolders(this.db);
  }

  async addWatchedFolder(input: WatchedFolderInput): Promise<WatchedFolder> {
    return this.intakeCall((s) => s.addFolder(input));
  }

  async updateWatchedFolder(folderId: number, patch: WatchedFolderPatch): Promise<WatchedFolder> {
    return this.intakeCall((s) => s.updateFolder(folderId, patch));
  }

  async removeWatchedFolder(folderId: number): Promise<boolean> {
    return this.intakeCall((s) => s.removeFolder(folderId));
  }

  /**
   * Watch the enabled folders (or those named) until the engine closes: `docket watch` and the desktop app.
   * Resolves once each folder's present files are seen; those not taken before are then taken when complete.
   */
  async startWatching(folderIds?: number[]): Promise<WatchedFolder[]> {
    await this.processing();
    this.ensureScheduler().start();
    return this.intakeCall((s) => s.startWatching(folderIds));
  }

  /** Split a multi-document PDF or TIFF at the 1-based first pages given (merge = leave a first page out). */
  async splitDocument(documentId: number, firstPages: number[]): Promise<DocumentDetail> {
    await this.processing();
    await this.intakeCall((s) => s.split(documentId, firstPages));
    return getDocumentDetail(this.db, documentId)!;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // watchers first: a tick in progress finishes recording what it took
    if (this.intakeService) await (await this.intakeService).close();
    this.progress.cancelAll();
    if (this.teaching) clearImmediate(this.teaching);
    // what a bulk review still had to teach is taught now, before the connection closes
    for (const id of this.teachQueue.splice(0)) this.teachOne(id);
    await Promise.allSettled(this.ingesting.values());
    for (const x of this.llmExtractors.values()) x.close();
    await this.scheduler?.stop();
    await this.poolInstance?.close();
    // The scheduler's last flush reports progress; its timers must not fire on a closed connection.
    this.progress.cancelAll();
    this.db.close();
    this.releaseLock?.();
  }
}

function defaultBatchName(roots: string[]): string {
  const first = path.basename(roots[0]!) || roots[0]!;
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return roots.length > 1 ? `${first} +${roots.length - 1} (${stamp})` : `${first} (${stamp})`;
}

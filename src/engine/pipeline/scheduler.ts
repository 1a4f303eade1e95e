import path from 'node:path';
import type { BatchOptions, ExtractionResult } from '../../contract/domain.js';
import type { FileKind } from '../read/tasks.js';
import { batchOptions, getBatchRow, addBatchElapsed, setBatchStatus } from '../store/batches.js';
import { diskFullError, isDiskFull, type Db, type StoreError } from '../store/db.js';
import {
  claimableDocuments,
  earliestRetryAt,
  failCrashLoopingDocuments,
  finishDocument,
  markDocumentProcessing,
  requeueDocument,
  requeueInFlightDocuments,
  skipCancelledDocument,
  unfinishedDocumentCount,
} from '../store/documents.js';
import { writeExtraction } from '../store/extraction.js';
import { replacePages, setPagesWriteMs } from '../store/pages.js';
import { withDocumentStep } from './page-steps.js';
import { deleteEInvoice, writeEInvoice } from '../store/einvoices.js';
import { einvoiceExtraction, einvoiceReviewReason, type PageReading } from '../einvoice/index.js';
import { appendEvent } from '../store/events.js';
import type { TaskPool } from './pool.js';
import { type RereadDocument, type SecondReadingDeps, secondReading, sparseReading } from './second-reading.js';
import { deadlineLimitsFromEnv, DocumentDeadline, type DeadlineLimits } from './deadline.js';
import { afterRead, duplicateLooks, recordAfterRead } from '../ingest/after-read.js';
import {
  DEFAULT_MAX_PIXELS,
  DEFAULT_PAGE_TIMEOUT_MS,
  readDocument,
  textMethodOf,
  type DocumentOutcome,
  type PageResult,
} from './process-document.js';

/** Time allowed for re-reading one field's region (four small recognitions, well under a second each). */
const REREAD_TIMEOUT_MS = 30_000;
/** Transient failures (I/O hiccups, timeouts under load, a crashed thread) are retried this many times in all. */
export const MAX_ATTEMPTS = 3;
/** A document that was in flight this many times when the engine died is assumed to be what kills it. */
export const MAX_CRASH_ATTEMPTS = 5;
const FLUSH_INTERVAL_MS = 150;
const FLUSH_MAX = 32;

export interface LlmOutcomeLike {
  ok: boolean;
  result?: ExtractionResult;
  costUsd?: number;
  reason?: string;
}

/** Pages of split parts kept for their claim (text and word boxes: ~15-40 KB a page). */
const PRE_READ_MAX_PAGES = 2000;

/** A part's outcome from the pages read with the file it was split from: what readDocument would have said of them. */
function preReadOutcome(pages: PageResult[], from: string): DocumentOutcome {
  return {
    kind: 'final',
    status: 'done',
    reason: null,
    method: textMethodOf(pages),
    pageCount: pages.length,
    pages,
    extraction: null,
    costUsd: 0,
    notes: [`pages read with ${from}, the file this part was split from; not read again`],
    einvoice: null,
    einvoiceProblem: null,
  };
}

/** What the scheduler needs from extraction; the engine wires the real modules in. */
export interface PipelineSteps {
  extract(pages: PageResult[], options: BatchOptions): ExtractionResult;
  /** An LLM step for a batch, or null when the batch's mode is 'rules' / no model is configured. */
  llmFor?(
    batchId: number,
    options: BatchOptions,
  ): {
    extract(input: {
      batchId: number;
      documentId: number;
      pages: Array<{ index: number; text: string }>;
      rules: ExtractionResult | null;
      signal?: AbortSignal;
    }): Promise<LlmOutcomeLike>;
  } | null;
  /** Called after each write transaction with the documents it finished (search indexing). */
  afterWrite?(documentIds: number[]): void;
  /** Where split parts are saved (the data folder's derived/); without it, multi-document files are not split. */
  derivedDir?: string;
}

export interface SchedulerEvents {
  documentFinished(e: { documentId: number; batchId: number; status: string; reason: string | null }): void;
  batchChanged(batchId: number): void;
  batchFinished(batchId: number): void;
  /** Processing stopped because the data folder's disk is full (StoreError 'disk-full'); said once per stop. */
  halted?(err: StoreError): void;
}

interface Claimed {
  id: number;
  batch_id: number;
  path: string;
  kind: FileKind;
  attempts: number;
}

interface Finished {
  doc: Claimed;
  outcome: DocumentOutcome;
  startedAt: number;
}

/**
 * Claims queued documents of running batches, reads them on the pool, extracts fields, and writes results
 * through the engine's single connection in batched transactions. Crash-safe by construction: a document
 * becomes final only inside the transaction that stores its pages and fields, so a SIGKILL at any instant
 * leaves it 'processing', and `recoverInterrupted` puts it back in the queue on the next start.
 */
export class Scheduler {
  private running = false;
  private inFlight = new Map<number, { batchId: number; abort: AbortController }>();
  private launched = new Set<Promise<void>>();
  private pending: Finished[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private activeSince = new Map<number, number>();
  private llmSteps = new Map<number, ReturnType<NonNullable<PipelineSteps['llmFor']>>>();
  /**
   * The pages of a split file's parts, as read with the file (by the part's saved path), until each part is claimed:
   * a part is the same pages, so it is extracted from them instead of being read (for a scan: OCR'd) a second time.
   * Kept in memory only, bounded by PRE_READ_MAX_PAGES; a part whose pages are not here (a restart) is read again.
   */
  private preRead = new Map<string, { pages: PageResult[]; from: string }>();
  private loopPromise: Promise<void> | null = null;
  private haltedBy: StoreError | null = null;
  private wakeResolve: (() => void) | null = null;
  private readonly capacity: number;
  private readonly claimBatch: number;

  constructor(
    private readonly db: Db,
    private readonly pool: TaskPool,
    private readonly steps: PipelineSteps,
    private readonly events: SchedulerEvents,
    /** The per-document deadline; DOCKET_DOCUMENT_TIMEOUT_S / DOCKET_OCR_PAGE_ALLOWANCE_S or the defaults. */
    private readonly limits: DeadlineLimits = deadlineLimitsFromEnv(),
  ) {
    // Two documents per thread keep every thread fed while the main thread extracts and writes.
    this.capacity = pool.threads * 4;
    this.claimBatch = Math.max(1, Math.floor(this.capacity / 2));
  }

  /** Documents left 'processing' by a crash go back to the queue, or fail if they keep killing the engine. */
  static recoverInterrupted(db: Db): { requeued: number; failed: number } {
    return db.transaction(() => {
      const failedRows = failCrashLoopingDocuments(
        db,
        `stopped the engine ${MAX_CRASH_ATTEMPTS} times while being read; not retried`,
        Date.now(),
        MAX_CRASH_ATTEMPTS,
      );
      for (const r of failedRows)
        appendEvent(db, {
          batchId: r.batch_id,
          documentId: r.id,
          level: 'error',
          kind: 'document.failed',
          message: 'gave up after repeated crashes',
        });
      const requeued = requeueInFlightDocuments(db);
      return { requeued, failed: failedRows.length };
    })();
  }

  start(): void {
    if (this.running) return;
    if (this.haltedBy) {
      // After a full disk: results that could not be written went with their transaction, and documents still
      // marked in flight go back to the queue, as on a restart. Still full: this throws and nothing starts.
      Scheduler.recoverInterrupted(this.db);
      this.pending = [];
      this.haltedBy = null;
    }
    this.running = true;
    this.loopPromise = this.loop();
  }

  wake(): void {
    const r = this.wakeResolve;
    this.wakeResolve = null;
    r?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    for (const f of this.inFlight.values()) f.abort.abort();
    await this.loopPromise;
    // Aborted documents settle a few ticks later (a pool's task promise, a queue job's); their outcomes are
    // flushed now, not by a timer that would fire after the engine closed the connection. Bounded, in case
    // something ignores its signal.
    await Promise.race([Promise.allSettled([...this.launched]), new Promise((r) => setTimeout(r, 10_000).unref())]);
    this.flushNow();
  }

  /** Abort the in-flight documents of a cancelled batch. */
  abortBatch(batchId: number): void {
    for (const f of this.inFlight.values()) if (f.batchId === batchId) f.abort.abort();
  }

  isIdle(): boolean {
    return this.inFlight.size === 0 && this.pending.length === 0;
  }

  /** Why processing stopped on its own (a full disk), until the next start; null while it runs or was stopped. */
  get halted(): StoreError | null {
    return this.haltedBy;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.capacity - this.inFlight.size;
      // Claimed in batches of half the capacity (each claim is a write transaction, one per finished document
      // otherwise), as long as every thread still has a document; until then a finished document only wakes the loop.
      if (free > 0 && free < this.claimBatch && this.inFlight.size >= this.pool.threads) {
        await this.sleepUntilWoken(null);
        continue;
      }
      let claimed: Claimed[];
      try {
        claimed = free > 0 ? this.claimNextDocuments(free) : [];
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        this.halt(err);
        break;
      }
      for (const doc of claimed) this.launch(doc);
      if (claimed.length === 0 || this.inFlight.size >= this.capacity) {
        await this.sleepUntilWoken(claimed.length === 0 ? this.nextRetryDelay() : null);
      }
    }
  }

  private sleepUntilWoken(maxMs: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeResolve = resolve;
      if (maxMs !== null) {
        this.wakeTimer = setTimeout(() => this.wake(), maxMs);
      }
    }).then(() => {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
    });
  }

  /** Milliseconds until the earliest backed-off document may be retried, or null when none waits. */
  private nextRetryDelay(): number | null {
    const t = earliestRetryAt(this.db);
    return t === null ? null : Math.max(10, t - Date.now());
  }

  /** Claim in one transaction so two loops (or a crash between statements) never hand out a document twice. */
  claimNextDocuments(n: number): Claimed[] {
    const now = Date.now();
    return this.db.transaction(() => {
      const rows = claimableDocuments(this.db, now, n) as Claimed[];
      for (const r of rows) {
        markDocumentProcessing(this.db, r.id, now);
        r.attempts += 1;
      }
      return rows;
    })();
  }

  private launch(doc: Claimed): void {
    const abort = new AbortController();
    this.inFlight.set(doc.id, { batchId: doc.batch_id, abort });
    if (!this.activeSince.has(doc.batch_id)) this.activeSince.set(doc.batch_id, Date.now());
    const startedAt = Date.now();
    const launched: Promise<void> = this.processOne(doc, abort.signal)
      .catch((err: unknown): DocumentOutcome => {
        // The disk filled while a step wrote a file of the data folder (ENOSPC): stop as a failed store write does.
        if (isDiskFull(err)) {
          this.halt(err);
          return { kind: 'cancelled' };
        }
        return { kind: 'retry', reason: `internal error: ${(err as Error).message}` };
      })
      .then((outcome) => {
        this.launched.delete(launched);
        this.inFlight.delete(doc.id);
        this.pending.push({ doc, outcome, startedAt });
        if (!this.running) return; // stop() flushes it
        if (this.pending.length >= FLUSH_MAX) this.flushNow();
        else this.scheduleFlush();
        this.wake();
      });
    this.launched.add(launched);
  }

  /**
   * One document under its deadline (deadline.ts): reading it (inspect, OCR, the images and second readings) runs
   * on the deadline's signal, so pool tasks still running when it passes are terminated with their threads.
   * The LLM step keeps the cancel signal only: its time is bounded by its own timeouts, retries and budget.
   */
  private async processOne(doc: Claimed, signal: AbortSignal): Promise<DocumentOutcome> {
    const deadline = new DocumentDeadline(signal, this.limits);
    try {
      const outcome = await this.readAndExtract(doc, signal, deadline);
      // Near-duplicates: page-1 hashes, rendered only when an earlier document shares a field with this one.
      if (outcome.kind === 'final' && outcome.extraction && outcome.intake && !outcome.intake.split && !deadline.expired) {
        const pool = this.pool.forDocument?.({ id: doc.id, batchId: doc.batch_id }) ?? this.pool;
        Object.assign(
          outcome.intake,
          await duplicateLooks(pool, this.db, doc, outcome.pages, outcome.extraction, { maxPixels: DEFAULT_MAX_PIXELS }, deadline.signal),
        );
      }
      if (!deadline.expired || signal.aborted) return outcome;
      if (outcome.kind === 'final' && outcome.status !== 'failed' && outcome.pages.length > 0) {
        // The deadline passed during an optional second look (images, a weak field's region): what was read stands.
        outcome.notes.push(`${deadline.reason()} during a second reading; the first reading is kept`);
        return outcome;
      }
      return {
        kind: 'final',
        status: 'failed',
        reason: deadline.reason(),
        method: null,
        pageCount: outcome.kind === 'final' ? outcome.pageCount : null,
        pages: [],
        extraction: null,
        costUsd: 0,
        notes: [],
      };
    } finally {
      deadline.dispose();
    }
  }

  /** Each part's pages out of the file's, numbered from 0 as in the part's own PDF (blank separators belong to none). */
  private keepPartPages(parts: ReadonlyArray<{ path: string; first: number; last: number }>, pages: PageResult[], from: string): void {
    for (const part of parts) {
      const own = pages.filter((p) => p.index >= part.first && p.index <= part.last).map((p) => ({ ...p, index: p.index - part.first }));
      if (own.length !== part.last - part.first + 1) continue;
      this.preRead.set(part.path, { pages: own, from });
    }
    // Parts that never get claimed (their batch cancelled, the write failed) must not pile up: the oldest go first.
    let kept = [...this.preRead.values()].reduce((n, v) => n + v.pages.length, 0);
    for (const [key, v] of this.preRead) {
      if (kept <= PRE_READ_MAX_PAGES) break;
      this.preRead.delete(key);
      kept -= v.pages.length;
    }
  }

  private async readAndExtract(doc: Claimed, signal: AbortSignal, deadline: DocumentDeadline): Promise<DocumentOutcome> {
    const batch = getBatchRow(this.db, doc.batch_id);
    const options = batch ? batchOptions(batch) : {};
    // Every pass of the rules over this document (first, with image text, second readings) is its extract step.
    let extractMs = 0;
    const extract = (pages: PageResult[]) => {
      const t = performance.now();
      try {
        return this.steps.extract(pages, options);
      } finally {
        extractMs += performance.now() - t;
      }
    };
    const readSignal = deadline.signal;
    // The queue pool reads a document's file on other machines and must know whose it is.
    const pool = this.pool.forDocument?.({ id: doc.id, batchId: doc.batch_id }) ?? this.pool;
    const pre = this.preRead.get(doc.path);
    this.preRead.delete(doc.path);
    const outcome = pre
      ? preReadOutcome(pre.pages, pre.from)
      : await readDocument(
          pool,
          { id: doc.id, batchId: doc.batch_id, path: doc.path, kind: doc.kind },
          { ocrLang: options.ocrLang ?? 'eng', maxPixels: DEFAULT_MAX_PIXELS, pageTimeoutMs: DEFAULT_PAGE_TIMEOUT_MS, deadline },
          readSignal,
        );
    if (outcome.kind !== 'final' || outcome.status === 'failed') return outcome;
    // Intake: page 1's hash for near-duplicates, and whether the file holds several documents (then its parts
    // are read as documents of their own and this file is not extracted).
    outcome.intake = await afterRead(this.db, doc, outcome.pages, {
      derivedDir: this.steps.derivedDir ?? null,
      extract: (pages) => extract(pages),
      einvoice: !!outcome.einvoice,
    });
    if (outcome.intake.split) {
      this.keepPartPages(outcome.intake.split, outcome.pages, path.basename(doc.path));
      return outcome;
    }
    if (outcome.einvoice) {
      // The XML states every value exactly: no rules, no LLM. A hybrid PDF's pages are checked against it.
      const x = einvoiceExtraction(
        outcome.einvoice.invoice,
        doc.kind === 'pdf' ? outcome.pages : null,
        this.pageReading(doc, outcome, options),
      );
      return {
        ...outcome,
        pages: withDocumentStep(outcome.pages, 'extract', extractMs),
        status: x.needsReview ? 'needs_review' : 'done',
        reason: einvoiceReviewReason(x),
        extraction: x,
      };
    }

    let extraction = extract(outcome.pages);
    // Second look for a missing issuer: on born-digital pages the name is sometimes only in a logo or a
    // pasted image. Read the pictures of the first pages and extract again; keep it only if it helps.
    const hasVendor = (x: ExtractionResult) => x.fields.some((f) => f.name === 'vendor_name' && f.value);
    if (!hasVendor(extraction) && extraction.docType !== 'other' && doc.kind === 'pdf') {
      const textPages = outcome.pages.filter((p) => p.method === 'text').slice(0, 2);
      const extra = await Promise.all(
        textPages.map((p) =>
          pool.ocr(
            {
              path: doc.path,
              kind: doc.kind,
              pageIndex: p.index,
              lang: options.ocrLang ?? 'eng',
              maxPixels: DEFAULT_MAX_PIXELS,
              timeoutMs: DEFAULT_PAGE_TIMEOUT_MS,
              region: 'images',
            },
            readSignal,
          ),
        ),
      );
      if (signal.aborted) return { kind: 'cancelled' };
      // Image text is tried after the text layer first (the layer keeps its own reading order, and a footer
      // with the legal entity beats a brand logo), then where a reader meets it (a letterhead first).
      const placed = new Map<number, { before: string[]; after: string[] }>();
      extra.forEach((r, i) => {
        if (!r.ok || !r.text.trim()) return;
        const slot = { before: [] as string[], after: [] as string[] };
        for (const reg of r.regions ?? [{ y0: 1, text: r.text }]) (reg.y0 < 0.25 ? slot.before : slot.after).push(reg.text);
        placed.set(textPages[i]!.index, slot);
      });
      const variants = [
        (p: PageResult, slot: { before: string[]; after: string[] }) => [p.text, ...slot.before, ...slot.after].join('\n'),
        (p: PageResult, slot: { before: string[]; after: string[] }) => [...slot.before, p.text, ...slot.after].join('\n'),
      ];
      for (const join of placed.size ? variants : []) {
        const pages = outcome.pages.map((p) => {
          const slot = placed.get(p.index);
          return slot ? { ...p, text: join(p, slot) } : p;
        });
        const second = extract(pages);
        if (hasVendor(second)) {
          extraction = second;
          outcome.pages = pages;
          outcome.notes.push(
            `read the images on ${placed.size === 1 ? 'page ' + ([...placed.keys()][0]! + 1) : 'the first pages'} to find the issuer`,
          );
          break;
        }
      }
    }
    // Second looks at scanned pages, each kept only where the checks agree: a weak total, date or vendor name read again
    // in its region (secondReading), then a key field missing altogether looked for in a sparse reading (sparseReading).
    const rereadDeps: SecondReadingDeps = { reread: (input) => pool.reread(input, readSignal), extract: (pages) => extract(pages) };
    const rereadDoc: RereadDocument = {
      path: doc.path,
      kind: doc.kind,
      lang: options.ocrLang ?? 'eng',
      maxPixels: DEFAULT_MAX_PIXELS,
      timeoutMs: REREAD_TIMEOUT_MS,
    };
    for (const look of [secondReading, sparseReading]) {
      const r = await look(rereadDeps, rereadDoc, outcome.pages, extraction, readSignal);
      if (signal.aborted) return { kind: 'cancelled' };
      if (r) {
        extraction = r.extraction;
        outcome.pages = r.pages;
        outcome.notes.push(...r.notes);
      }
    }
    let status: 'done' | 'needs_review' = extraction.needsReview ? 'needs_review' : 'done';
    let reason: string | null = status === 'needs_review' ? reviewReason(extraction) : null;
    if (outcome.pages.every((p) => !p.text.trim())) {
      status = 'needs_review';
      reason = 'no text found on any page';
    }
    let costUsd = 0;
    const mode = options.extract ?? 'rules';
    const wantsLlm = mode === 'llm-all' || (mode === 'llm-review' && status === 'needs_review');
    if (wantsLlm && this.steps.llmFor) {
      let step = this.llmSteps.get(doc.batch_id);
      if (step === undefined) {
        step = this.steps.llmFor(doc.batch_id, options);
        this.llmSteps.set(doc.batch_id, step);
      }
      if (step) {
        const r = await step.extract({
          batchId: doc.batch_id,
          documentId: doc.id,
          pages: outcome.pages.map((p) => ({ index: p.index, text: p.text })),
          rules: extraction,
          signal,
        });
        if (signal.aborted) return { kind: 'cancelled' };
        if (r.ok && r.result) {
          extraction = r.result;
          costUsd = r.costUsd ?? 0;
          status = extraction.needsReview ? 'needs_review' : 'done';
          reason = status === 'needs_review' ? reviewReason(extraction) : null;
        } else {
          status = 'needs_review';
          reason = r.reason ?? 'LLM extraction failed';
        }
      }
    }
    // A PDF that carries an invoice attachment nobody can read is not an ordinary PDF: a clerk looks at it.
    if (outcome.einvoiceProblem) {
      const message = `e-invoice not read: ${outcome.einvoiceProblem}`;
      extraction = {
        ...extraction,
        issues: [...extraction.issues, { field: null, code: 'einvoice_unreadable', message, severity: 'error' }],
        needsReview: true,
      };
      status = 'needs_review';
      reason = reason ? `${message}; ${reason}` : message;
    }
    return { ...outcome, pages: withDocumentStep(outcome.pages, 'extract', extractMs), status, reason, extraction, costUsd };
  }

  /** A hybrid PDF's page as the rules read it: what the page shows where it disagrees with the XML, and where it agrees. */
  private pageReading(doc: Claimed, outcome: Extract<DocumentOutcome, { kind: 'final' }>, options: BatchOptions): PageReading[] {
    if (doc.kind !== 'pdf') return [];
    try {
      return this.steps.extract(outcome.pages, options).fields;
    } catch {
      return [];
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushNow();
    }, FLUSH_INTERVAL_MS);
  }

  /** The one place results reach the store: one transaction for everything finished since the last flush. */
  flushNow(): void {
    try {
      this.flushPending();
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.halt(err);
    }
  }

  /**
   * A full disk stops the scheduler cleanly. The transaction that hit it rolled back, so the store holds what it
   * held before; nothing more is claimed; documents in flight are aborted and go back to the queue, or, when even
   * that cannot be written, stay 'processing' and are re-queued by recoverInterrupted on the next start (resume).
   * The host hears it once, through events.halted.
   */
  private halt(err: unknown): void {
    const first = this.haltedBy === null;
    this.haltedBy ??= diskFullError(err);
    this.running = false;
    this.wake();
    for (const f of this.inFlight.values()) f.abort.abort();
    if (first) this.events.halted?.(this.haltedBy);
  }

  private flushPending(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const items = this.pending;
    this.pending = [];
    const now = Date.now();
    const touched = new Set<number>();
    const finishedIds: number[] = [];
    const notices: Array<{ documentId: number; batchId: number; status: string; reason: string | null }> = [];
    let queuedParts = false;
    if (items.length) {
      const db = this.db;
      db.transaction(() => {
        for (const { doc, outcome, startedAt } of items) {
          touched.add(doc.batch_id);
          if (outcome.kind === 'cancelled') {
            const b = getBatchRow(db, doc.batch_id);
            if (b?.status === 'cancelled') skipCancelledDocument(db, doc.id, now);
            else requeueDocument(db, doc.id, null, null);
            continue;
          }
          if (outcome.kind === 'retry') {
            if (doc.attempts < MAX_ATTEMPTS) {
              const backoff = Math.round(1000 * 4 ** (doc.attempts - 1) * (0.75 + Math.random() * 0.5));
              requeueDocument(db, doc.id, now + backoff, `retrying: ${outcome.reason}`);
              appendEvent(db, {
                batchId: doc.batch_id,
                documentId: doc.id,
                level: 'warn',
                kind: 'document.retry',
                message: `attempt ${doc.attempts} failed (${outcome.reason}); retrying in ${Math.round(backoff / 1000)} s`,
              });
            } else {
              const reason = `${outcome.reason} (gave up after ${doc.attempts} attempts)`;
              finishDocument(db, doc.id, { status: 'failed', reason, method: null, pageCount: null, at: now, elapsedMs: now - startedAt });
              appendEvent(db, { batchId: doc.batch_id, documentId: doc.id, level: 'error', kind: 'document.failed', message: reason });
              notices.push({ documentId: doc.id, batchId: doc.batch_id, status: 'failed', reason });
              finishedIds.push(doc.id);
            }
            continue;
          }
          const writeStart = performance.now();
          // cost_usd is not touched here: the LLM ledger adds each paid call to its document as it settles.
          const changed = finishDocument(db, doc.id, {
            status: outcome.status,
            reason: outcome.reason,
            method: outcome.method,
            pageCount: outcome.pageCount,
            at: now,
            elapsedMs: now - startedAt,
          });
          // A document cancelled or reset while in flight is no longer 'processing': its late result is dropped.
          if (!changed) continue;
          replacePages(db, doc.id, outcome.pages);
          if (outcome.extraction) writeExtraction(db, doc.id, outcome.extraction);
          if (outcome.einvoice) writeEInvoice(db, doc.id, outcome.einvoice);
          else deleteEInvoice(db, doc.id);
          const intakeStatus = outcome.intake ? recordAfterRead(db, doc, outcome.intake, now) : null;
          // a split file's parts were queued just now: the loop, asleep with nothing to claim, must look again
          if (intakeStatus) queuedParts = true;
          // the write step of each page: its share of this document's rows (the commit is shared by the flush)
          if (outcome.pages.length) setPagesWriteMs(db, doc.id, (performance.now() - writeStart) / outcome.pages.length);
          for (const note of outcome.notes)
            appendEvent(db, { batchId: doc.batch_id, documentId: doc.id, level: 'info', kind: 'document.note', message: note });
          if (outcome.status === 'failed')
            appendEvent(db, {
              batchId: doc.batch_id,
              documentId: doc.id,
              level: 'error',
              kind: 'document.failed',
              message: outcome.reason ?? 'failed',
            });
          notices.push({ documentId: doc.id, batchId: doc.batch_id, status: intakeStatus ?? outcome.status, reason: outcome.reason });
          finishedIds.push(doc.id);
        }
        this.accountElapsed(now, touched);
      })();
    } else {
      this.accountElapsed(now, touched);
    }
    if (finishedIds.length) this.steps.afterWrite?.(finishedIds);
    if (queuedParts) this.wake();
    for (const n of notices) this.events.documentFinished(n);
    for (const b of touched) {
      this.events.batchChanged(b);
      this.finishBatchIfDone(b);
    }
  }

  /** Wall time a batch had documents in flight, added to its persisted elapsed time (rate and ETA survive restarts). */
  private accountElapsed(now: number, touched: Set<number>): void {
    for (const [batchId, since] of this.activeSince) {
      addBatchElapsed(this.db, batchId, now - since);
      touched.add(batchId);
      const stillActive = [...this.inFlight.values()].some((f) => f.batchId === batchId);
      if (stillActive) this.activeSince.set(batchId, now);
      else this.activeSince.delete(batchId);
    }
  }

  finishBatchIfDone(batchId: number): void {
    const b = getBatchRow(this.db, batchId);
    if (!b || b.status !== 'running') return;
    if (unfinishedDocumentCount(this.db, batchId) > 0) return;
    setBatchStatus(this.db, batchId, 'done');
    appendEvent(this.db, { batchId, level: 'info', kind: 'batch.finished', message: 'batch finished' });
    this.llmSteps.delete(batchId);
    this.events.batchFinished(batchId);
  }
}

function reviewReason(x: ExtractionResult): string {
  const msgs = x.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  const all = msgs.length ? msgs : x.issues.map((i) => i.message);
  return all.length ? all.join('; ') : `low confidence (${Math.round(x.confidence * 100)}%)`;
}

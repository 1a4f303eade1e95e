import type { DocumentStatus, ExtractionResult, ReadPage, TextMethod } from '../../contract/domain.js';
import type { FileKind, OcrSuccess, TaskFailure } from '../read/tasks.js';
import type { TaskPool } from './pool.js';

/**
 * Decompression-bomb guard: 100 Mpx (an A0 poster at ~330 dpi) is refused from the image header alone,
 * before any pixel is decoded. Larger pages within the limit are downscaled for OCR, not refused.
 */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** Per-page OCR limit. Upright pages take 3-8 s, a 180° page about 3x that, a 9000 px square ~15 s. */
export const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

/** One page as read: the contract's ReadPage, what the scheduler stores and extraction reads. */
export type PageResult = ReadPage;

export type DocumentOutcome =
  | {
      kind: 'final';
      status: Extract<DocumentStatus, 'done' | 'needs_review' | 'failed'>;
      reason: string | null;
      method: TextMethod | null;
      pageCount: number | null;
      pages: PageResult[];
      extraction: ExtractionResult | null;
      costUsd: number;
      notes: string[];
    }
  | { kind: 'retry'; reason: string }
  | { kind: 'cancelled' };

export interface ProcessOptions {
  ocrLang: string;
  maxPixels: number;
  pageTimeoutMs: number;
}

export interface DocumentInput {
  id: number;
  batchId: number;
  path: string;
  kind: FileKind;
}

const failed = (f: TaskFailure, pageCount: number | null = null): DocumentOutcome =>
  f.transient
    ? { kind: 'retry', reason: f.message }
    : { kind: 'final', status: 'failed', reason: f.message, method: null, pageCount, pages: [], extraction: null, costUsd: 0, notes: [] };

/**
 * Read one document: the text layer where it is usable, OCR for the pages that need it (in parallel on the
 * pool, so a long scan uses every core). Extraction runs afterwards in the scheduler, on the main thread.
 */
export async function readDocument(
  pool: TaskPool,
  doc: DocumentInput,
  opts: ProcessOptions,
  signal: AbortSignal,
): Promise<DocumentOutcome> {
  const inspected = await pool.inspect({ path: doc.path, kind: doc.kind, maxPixels: opts.maxPixels }, signal);
  if (signal.aborted) return { kind: 'cancelled' };
  if (!inspected.ok) return failed(inspected);
  if (inspected.pageCount === 0) return failed({ ok: false, code: 'empty', message: 'the document has no pages', transient: false }, 0);

  const notes: string[] = [];
  if (inspected.repaired) notes.push(`repaired: ${inspected.repaired}`);
  const ocrPages = inspected.pages.filter((p) => p.needsOcr);
  const ocrResults = await Promise.all(
    ocrPages.map((p) =>
      pool.ocr(
        {
          path: doc.path,
          kind: doc.kind,
          pageIndex: p.index,
          lang: opts.ocrLang,
          maxPixels: opts.maxPixels,
          timeoutMs: opts.pageTimeoutMs,
        },
        signal,
      ),
    ),
  );
  if (signal.aborted) return { kind: 'cancelled' };
  const ocrByIndex = new Map<number, OcrSuccess>();
  for (let i = 0; i < ocrResults.length; i++) {
    const r = ocrResults[i]!;
    if (!r.ok) {
      const pageNo = ocrPages[i]!.index + 1;
      const msg = inspected.pageCount > 1 ? `page ${pageNo}: ${r.message}` : r.message;
      return failed({ ...r, message: msg }, inspected.pageCount);
    }
    ocrByIndex.set(r.index, r);
  }

  const pages: PageResult[] = inspected.pages.map((p) => {
    const o = ocrByIndex.get(p.index);
    if (o) {
      return {
        index: p.index,
        method: 'ocr',
        text: o.text,
        confidence: o.confidence,
        width: o.width,
        height: o.height,
        dpi: o.dpi,
        rotation: o.rotation,
        skew: o.skew,
        ms: o.ms,
        words: o.words,
      };
    }
    return {
      index: p.index,
      method: 'text',
      text: p.text ?? '',
      confidence: null,
      width: p.widthPt ?? null,
      height: p.heightPt ?? null,
      dpi: 72,
      rotation: 0,
      skew: 0,
      ms: null,
      // text-layer word boxes are in points, the same space as width x height above
      words: p.words ?? null,
    };
  });
  const nText = pages.filter((p) => p.method === 'text').length;
  const method: TextMethod = nText === pages.length ? 'text' : nText === 0 ? 'ocr' : 'mixed';
  return {
    kind: 'final',
    status: 'done',
    reason: null,
    method,
    pageCount: inspected.pageCount,
    pages,
    extraction: null,
    costUsd: 0,
    notes,
  };
}

import type { DocumentStatus, ExtractionResult, ReadPage, TextMethod } from '../../contract/domain.js';
import type { FileKind, OcrSuccess, TaskFailure } from '../read/tasks.js';
import type { EInvoice } from '../../contract/schemas/einvoice.js';
import { renderInvoiceText } from '../einvoice/render-text.js';
import type { TaskPool } from './pool.js';
import type { DeadlineExtender } from './deadline.js';
import type { AfterRead } from '../ingest/after-read.js';

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
      /** The invoice XML the file is or carries (bare UBL / CII, or a Factur-X / ZUGFeRD attachment). */
      einvoice?: { invoice: EInvoice; xml: Uint8Array; attachment: string | null } | null;
      /** Why an invoice attachment the PDF carries could not be read (the document then goes to review). */
      einvoiceProblem?: string | null;
      /** Page 1's hash and, for a file holding several documents, its parts (ingest/after-read.ts). */
      intake?: AfterRead;
    }
  | { kind: 'retry'; reason: string }
  | { kind: 'cancelled' };

export interface ProcessOptions {
  ocrLang: string;
  maxPixels: number;
  pageTimeoutMs: number;
  /** The document's deadline (deadline.ts), told how many pages need OCR once the page count is known. */
  deadline?: DeadlineExtender;
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
  if (doc.kind === 'xml') return readXmlInvoice(pool, doc, signal);
  // A PDF may carry its invoice as XML (Factur-X / ZUGFeRD): looked for beside reading the pages, on the pool.
  const inspected = await pool.inspect({ path: doc.path, kind: doc.kind, maxPixels: opts.maxPixels }, signal);
  // After inspect, not beside it: each task reads the whole file, and two threads holding a 200 MB file (plus
  // pdfjs's structures) at once is what pushes the process past its memory. For a PDF without attachments the
  // task answers from the bytes in milliseconds; a hostile file never gets this far. Where inspect saw in the same
  // bytes that the file can carry no attachment, that answer is known and the task (a round trip and a second read
  // of the file) is not run.
  const attached =
    doc.kind === 'pdf' && inspected.ok && inspected.attachments !== false ? pool.einvoice({ path: doc.path, kind: 'pdf' }, signal) : null;
  if (signal.aborted) return { kind: 'cancelled' };
  if (!inspected.ok) return failed(inspected);
  if (inspected.pageCount === 0) return failed({ ok: false, code: 'empty', message: 'the document has no pages', transient: false }, 0);

  const notes: string[] = [];
  if (inspected.repaired) notes.push(`repaired: ${inspected.repaired}`);
  const ocrPages = inspected.pages.filter((p) => p.needsOcr);
  opts.deadline?.allowOcrPages(ocrPages.length);
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

  // An image file is only probed, not read page by page: its pages share the probe's time.
  const inspectMs = (p: (typeof inspected.pages)[number]) => p.ms ?? inspected.ms / inspected.pageCount;
  const pages: PageResult[] = inspected.pages.map((p) => {
    const o = ocrByIndex.get(p.index);
    if (o) {
      const render = o.renderMs ?? null;
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
        steps: { inspect: inspectMs(p), render, ocr: render === null ? o.ms : o.ms - render, extract: null, write: null },
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
      steps: { inspect: inspectMs(p), render: null, ocr: null, extract: null, write: null },
    };
  });
  let method: TextMethod = textMethodOf(pages);
  const e = attached ? await attached : null;
  if (signal.aborted) return { kind: 'cancelled' };
  let einvoice: { invoice: EInvoice; xml: Uint8Array; attachment: string | null } | null = null;
  if (e?.ok && e.found) {
    einvoice = { invoice: e.invoice, xml: e.xml, attachment: e.attachment };
    method = 'e-invoice';
    notes.push(
      `e-invoice: read the embedded ${e.attachment ?? 'XML'} (${e.invoice.syntax}${e.invoice.profile ? `, ${e.invoice.profile}` : ''})`,
    );
  } else if (e?.ok && e.problem) notes.push(`e-invoice not read: ${e.problem}`);
  else if (e && !e.ok) notes.push(`e-invoice attachments not read: ${e.message}`);
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
    einvoice,
    einvoiceProblem: e?.ok && !e.found ? e.problem : null,
  };
}

/** How a document's pages were read: all from the text layer, all by OCR, or some of each. */
export function textMethodOf(pages: readonly Pick<PageResult, 'method'>[]): TextMethod {
  const nText = pages.filter((p) => p.method === 'text').length;
  return nText === pages.length ? 'text' : nText === 0 ? 'ocr' : 'mixed';
}

/**
 * A bare XML invoice: no page to read, the XML is the document. Its one "page" is the invoice written out as
 * text, so search and exports treat it like any other document; the structured reading goes with it.
 */
async function readXmlInvoice(pool: TaskPool, doc: DocumentInput, signal: AbortSignal): Promise<DocumentOutcome> {
  const r = await pool.einvoice({ path: doc.path, kind: 'xml' }, signal);
  if (signal.aborted) return { kind: 'cancelled' };
  if (!r.ok) return failed(r);
  if (!r.found) return failed({ ok: false, code: 'unsupported', message: r.problem ?? 'not an e-invoice XML', transient: false });
  const page: PageResult = {
    index: 0,
    method: 'text',
    text: renderInvoiceText(r.invoice),
    confidence: null,
    width: null,
    height: null,
    dpi: null,
    rotation: null,
    skew: null,
    ms: r.ms,
    words: null,
  };
  return {
    kind: 'final',
    status: 'done',
    reason: null,
    method: 'e-invoice',
    pageCount: 1,
    pages: [page],
    extraction: null,
    costUsd: 0,
    notes: [`e-invoice: ${r.invoice.syntax}${r.invoice.profile ? `, ${r.invoice.profile}` : ''}`],
    einvoice: { invoice: r.invoice, xml: r.xml, attachment: null },
  };
}

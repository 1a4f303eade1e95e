/**
 * The Piscina task file. Named exports are the tasks (`pool.run(input, { name: 'ocr' })`); each returns
 * its failures as values (see tasks.ts), so nothing here lets an exception escape.
 */
import type {
  InspectInput,
  InspectResult,
  InspectedPage,
  OcrInput,
  OcrResult,
  RenderInput,
  RenderResult,
  RereadInput,
  RereadResult,
  TaskFailure,
} from './tasks.js';
import { failure, fromImageError, fromPdfError, fromUnknownError, isStructuralPdfFailure, TaskFailureError } from './failures.js';
import { MAX_PAGES, tooManyPagesMessage } from './limits.js';
import { preflightPdf } from './pdf-preflight.js';
import { readSourceFile } from './source-file.js';
import { closePdf, describeRepairs, openPdf, withTimeout, withWarnings } from './pdf-document.js';
import { inspectPdfPage, mayHoldImageXObjects } from './pdf-text.js';
import { quietTesseractStderr } from './quiet-stderr.js';
import { installWholeDecompression } from './whole-decompression.js';
import { holdsAttachments, mayHaveAttachments } from './pdf-attachments.js';

export { einvoice } from './pdf-attachments.js';

quietTesseractStderr();
// pdfjs inflates every stream through DecompressionStream; this thread's one decodes in a single zlib call.
installWholeDecompression();

/**
 * Images, rendering and OCR (sharp, @napi-rs/canvas, tesseract.js) are loaded by the first task that needs them:
 * a thread that only reads text layers never pays their start-up (about a quarter of a second of CPU per thread).
 */
const imageDecode = () => import('./image-decode.js');
const pageRaster = () => import('./page-raster.js');
const ocrPage = () => import('./ocr-page.js');
const loadOcrEngine = () => import('./ocr-engine.js');

/** Time allowed for reading one page's text layer; pdfjs stalls on some damaged content streams. */
export const PAGE_TEXT_TIMEOUT_MS = 15_000;

function asFailure(err: unknown, kind: string, what: string): TaskFailure {
  if (err instanceof TaskFailureError) return err.failure;
  if (kind === 'pdf') return fromPdfError(err);
  if (kind === 'png' || kind === 'jpeg' || kind === 'tiff' || kind === 'bmp' || kind === 'webp' || kind === 'gif') {
    return fromImageError(err, kind.toUpperCase());
  }
  return fromUnknownError(err, what);
}

function validKind(kind: unknown): boolean {
  return kind === 'pdf' || kind === 'png' || kind === 'jpeg' || kind === 'tiff' || kind === 'bmp' || kind === 'webp' || kind === 'gif';
}

export async function inspect(input: InspectInput): Promise<InspectResult> {
  const start = Date.now();
  try {
    if (!validKind(input.kind)) return failure('unsupported', `files of kind "${String(input.kind)}" are not supported`);
    const bytes = await readSourceFile(input.path);
    if (input.kind !== 'pdf') {
      const { probeImage } = await imageDecode();
      const probe = await probeImage(bytes, input.kind, input.maxPixels);
      if (probe.pages > MAX_PAGES) return failure('too_large', tooManyPagesMessage(probe.pages), false);
      const pages: InspectedPage[] = Array.from({ length: probe.pages }, (_, index) => ({ index, text: null, needsOcr: true }));
      return { ok: true, pageCount: probe.pages, pages, ms: Date.now() - start };
    }
    // Refuses bombs and runaway structures from the bytes, before pdfjs can spend time or memory on them.
    await preflightPdf(bytes);
    // Before opening: openPdf hands a large file's bytes to pdfjs, which detaches them.
    const imageXObjects = mayHoldImageXObjects(bytes);
    // Before opening too: the listing below needs to know whether the bytes name embedded files at all.
    const mayAttach = mayHaveAttachments(bytes);
    const pdf = await openPdf(bytes, undefined, 'text');
    try {
      if (pdf.doc.numPages > MAX_PAGES) return failure('too_large', tooManyPagesMessage(pdf.doc.numPages), false);
      const pages: InspectedPage[] = [];
      const pageErrors: string[] = [];
      for (let i = 0; i < pdf.doc.numPages; i++) {
        const pageStart = performance.now();
        try {
          const page = await withWarnings(pdf.warnings, () =>
            withTimeout(pdf.doc.getPage(i + 1), PAGE_TEXT_TIMEOUT_MS, `reading page ${i + 1}`),
          );
          try {
            const read = await withWarnings(pdf.warnings, () =>
              withTimeout(inspectPdfPage(page, i, { imageXObjects }), PAGE_TEXT_TIMEOUT_MS, `reading page ${i + 1}`),
            );
            pages.push({ ...read, ms: performance.now() - pageStart });
          } finally {
            page.cleanup();
          }
        } catch (err) {
          // One broken page should not sink the document: OCR may still read what the text layer cannot.
          const f = asFailure(err, 'pdf', 'reading the text layer');
          if (f.code === 'password' || isStructuralPdfFailure(f)) return f;
          pageErrors.push(`page ${i + 1}: ${f.message}`);
          pages.push({ index: i, text: null, needsOcr: true });
        }
      }
      if (pageErrors.length === pdf.doc.numPages) {
        return failure('damaged', `damaged PDF: no page can be read (${pageErrors[0] ?? 'unknown error'})`);
      }
      // The open document is asked for its embedded files, so the e-invoice task need not open it a second time.
      const attachments = mayAttach ? await holdsAttachments(pdf) : false;
      const repairs = [
        describeRepairs(pdf.warnings),
        pageErrors.length > 0 ? `${pageErrors.length} unreadable page(s) sent to OCR` : undefined,
      ].filter(Boolean);
      const result: InspectResult = { ok: true, pageCount: pdf.doc.numPages, pages, ms: Date.now() - start };
      if (attachments !== undefined) result.attachments = attachments;
      if (repairs.length > 0) result.repaired = repairs.join('; ');
      return result;
    } finally {
      await closePdf(pdf);
    }
  } catch (err) {
    return asFailure(err, input.kind, 'inspect');
  }
}

export async function ocr(input: OcrInput): Promise<OcrResult> {
  const start = Date.now();
  try {
    if (!validKind(input.kind)) return failure('unsupported', `files of kind "${String(input.kind)}" are not supported`);
    const bytes = await readSourceFile(input.path);
    if (input.region === 'images') return await ocrPdfImages(input, bytes, start);
    const [{ pageToGray }, { ocrGrayPage }] = await Promise.all([pageRaster(), ocrPage()]);
    const raster = await pageToGray(input, bytes);
    const renderMs = Date.now() - start;
    const left = input.timeoutMs - (Date.now() - start);
    if (left <= 0) return failure('timeout', `preparing the page took longer than ${Math.round(input.timeoutMs / 1000)} s`, true);
    const psm = input.psm !== undefined && [3, 4, 6, 11].includes(input.psm) ? String(input.psm) : undefined;
    const page = await ocrGrayPage(raster.gray, { lang: input.lang || 'eng', dpi: raster.dpi, timeoutMs: left, ...(psm ? { psm } : {}) });
    return { ok: true, index: input.pageIndex, ...page, ms: Date.now() - start, renderMs };
  } catch (err) {
    return asFailure(err, input.kind, 'OCR');
  }
}

/** Images at least this share of the page are read: a logo line, not a bullet or a rule. */
const MIN_IMAGE_AREA = 0.01;
const MAX_IMAGES_PER_PAGE = 4;

async function ocrPdfImages(input: OcrInput, bytes: Buffer, start: number): Promise<OcrResult> {
  if (input.kind !== 'pdf') return failure('unsupported', 'only PDF pages have embedded images to read');
  const [{ pdfImageCropsToGray }, { ocrGrayPage }] = await Promise.all([pageRaster(), ocrPage()]);
  const crops = await pdfImageCropsToGray(input, bytes, MIN_IMAGE_AREA, MAX_IMAGES_PER_PAGE);
  const texts: string[] = [];
  const regions: Array<{ y0: number; text: string }> = [];
  let confSum = 0;
  let dpi = 0;
  for (const c of crops) {
    const left = input.timeoutMs - (Date.now() - start);
    if (left <= 0) break;
    // Single block: an image is one region, and the page-level column detection means nothing here.
    const r = await ocrGrayPage(c.gray, { lang: input.lang || 'eng', dpi: c.dpi, timeoutMs: left, psm: '6' });
    if (r.text.trim()) {
      texts.push(r.text.trim());
      regions.push({ y0: c.y0, text: r.text.trim() });
      confSum += r.confidence;
    }
    dpi = c.dpi;
  }
  return {
    ok: true,
    index: input.pageIndex,
    text: texts.join('\n'),
    confidence: texts.length ? confSum / texts.length : 0,
    words: [],
    width: 0,
    height: 0,
    dpi,
    rotation: 0,
    skew: 0,
    blank: texts.length === 0,
    ms: Date.now() - start,
    regions: regions.sort((a, b) => a.y0 - b.y0),
  };
}

/** One region of a page read again at other scales and page segmentations (see reread.ts). */
export async function reread(input: RereadInput): Promise<RereadResult> {
  const start = Date.now();
  try {
    if (!validKind(input.kind)) return failure('unsupported', `files of kind "${String(input.kind)}" are not supported`);
    const bytes = await readSourceFile(input.path);
    const { rereadRegion } = await import('./reread.js');
    const readings = await rereadRegion(input, bytes, () => input.timeoutMs - (Date.now() - start));
    return { ok: true, readings, ms: Date.now() - start };
  } catch (err) {
    return asFailure(err, input.kind, 'the re-read');
  }
}

export async function render(input: RenderInput): Promise<RenderResult> {
  try {
    if (!validKind(input.kind)) return failure('unsupported', `files of kind "${String(input.kind)}" are not supported`);
    const bytes = await readSourceFile(input.path);
    // A page view may be asked of a document that failed its limits: the same refusal, not a hung thread.
    if (input.kind === 'pdf') await preflightPdf(bytes);
    const { pageToImage } = await pageRaster();
    const img = await pageToImage(input, bytes, {
      maxSide: Math.max(16, input.maxSide),
      rotation: input.rotation ?? 0,
      skew: input.skew ?? 0,
      format: input.format === 'jpeg' ? 'jpeg' : 'png',
    });
    return {
      ok: true,
      bytes: new Uint8Array(img.bytes.buffer, img.bytes.byteOffset, img.bytes.byteLength),
      width: img.width,
      height: img.height,
      mime: img.mime,
    };
  } catch (err) {
    return asFailure(err, input.kind, 'rendering');
  }
}

/**
 * Frees this thread's tesseract workers. Piscina's destroy() terminates threads (and with them the
 * nested tesseract threads) anyway; in-process callers (tests, CLI without a pool) must call this so
 * the event loop can drain and the process exit.
 */
export async function shutdown(): Promise<void> {
  await (await loadOcrEngine()).terminateOcrEngines();
}

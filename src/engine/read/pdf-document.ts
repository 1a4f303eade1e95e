/**
 * Opening PDFs with pdfjs-dist (legacy build, Node): offline asset folders, a time limit, repair
 * detection and error mapping shared by text extraction and rendering.
 */
import { createRequire, Module } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { fail, fromPdfError, TaskFailureError } from './failures.js';

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type CanvasModule = typeof import('@napi-rs/canvas');

let pdfjsPromise: Promise<PdfjsModule> | null = null;

/** Loaded lazily so threads that only OCR images never pay pdfjs's start-up. */
export function loadPdfjs(): Promise<PdfjsModule> {
  pdfjsPromise ??= importPdfjsWithoutCanvas();
  return pdfjsPromise;
}

/**
 * pdfjs's legacy build, when imported in Node, requires @napi-rs/canvas (Skia, a 33 MB native addon) to fill in
 * the globals DOMMatrix, ImageData and Path2D, whether or not anything will ever be drawn. Reading a text layer
 * draws nothing, so the thread provides those globals itself and hands pdfjs's import-time require an empty
 * module: DOMMatrix is canvas's own pure-JS class (its geometry.js, the very class canvas exports), ImageData and
 * Path2D are stand-ins that load the real canvas on first use and put its classes in their place. Rendering
 * (canvasModule below) loads the real addon before drawing, so pdfjs's later `new Path2D()`, `instanceof
 * ImageData` and its own canvas factory (which requires the package again) all meet the real classes.
 */
async function importPdfjsWithoutCanvas(): Promise<PdfjsModule> {
  const canvasMain = canvasRequire().resolve('@napi-rs/canvas');
  const g = globalThis as Record<string, unknown>;
  if (!canvasLoaded) {
    g.DOMMatrix ??= (canvasRequire()(join(dirname(canvasMain), 'geometry.js')) as Pick<CanvasModule, 'DOMMatrix'>).DOMMatrix;
    g.ImageData ??= nativeStandIn('ImageData');
    g.Path2D ??= nativeStandIn('Path2D');
  }
  const cache = canvasRequire().cache;
  if (!canvasLoaded && !cache[canvasMain]) {
    placeholder = new Module(canvasMain);
    placeholder.filename = canvasMain;
    placeholder.loaded = true;
    cache[canvasMain] = placeholder;
  }
  try {
    return await import('pdfjs-dist/legacy/build/pdf.mjs');
  } finally {
    dropPlaceholder();
  }
}

/** The empty module pdfjs's import-time require gets, while that import is under way. */
let placeholder: Module | null = null;
function dropPlaceholder(): void {
  if (!placeholder) return;
  const cache = canvasRequire().cache;
  if (cache[placeholder.filename] === placeholder) delete cache[placeholder.filename];
  placeholder = null;
}

let canvasRequireFn: NodeJS.Require | null = null;
/** A require that resolves @napi-rs/canvas from pdfjs's own folder, as pdfjs does: one copy for both. */
function canvasRequire(): NodeJS.Require {
  canvasRequireFn ??= createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs'));
  return canvasRequireFn;
}

let canvasLoaded = false;

/**
 * The real @napi-rs/canvas, loaded on first need (rendering, or a stand-in's first use); its ImageData and Path2D
 * replace the stand-ins in the globals pdfjs reads when it draws.
 */
export function canvasModule(): CanvasModule {
  // (an import of pdfjs still under way in this thread must not hand its empty placeholder to a renderer)
  dropPlaceholder();
  const canvas = canvasRequire()('@napi-rs/canvas') as CanvasModule;
  if (!canvasLoaded) {
    canvasLoaded = true;
    const g = globalThis as Record<string, unknown>;
    for (const name of ['ImageData', 'Path2D'] as const) {
      if (g[name] === undefined || standIns.has(g[name])) g[name] = canvas[name];
    }
  }
  return canvas;
}

const standIns = new Set<unknown>();
/** A constructor that builds (and is instanceof-compatible with) canvas's native class of that name. */
function nativeStandIn(name: 'ImageData' | 'Path2D'): unknown {
  function StandIn(...args: unknown[]): unknown {
    const Real = canvasModule()[name] as unknown as new (...a: unknown[]) => unknown;
    return new Real(...args);
  }
  Object.defineProperty(StandIn, Symbol.hasInstance, {
    value: (v: unknown) => v instanceof (canvasModule()[name] as unknown as new () => unknown),
  });
  standIns.add(StandIn);
  return StandIn;
}

interface PdfjsAssets {
  standardFontDataUrl: string;
  cMapUrl: string;
  wasmUrl: string;
  iccUrl: string;
}
let assets: PdfjsAssets | null = null;

/**
 * Folders resolved from node_modules at run time: pdfjs in Node reads these "URLs" with fs.readFile, so
 * no network is ever touched. pdfjs insists on a trailing separator.
 */
function pdfjsAssets(purpose: PdfPurpose): Partial<PdfjsAssets> {
  if (assets) {
    if (purpose === 'render') return assets;
    const { standardFontDataUrl: _fonts, ...textAssets } = assets;
    return textAssets;
  }
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const folder = (name: string): string => join(root, name) + sep;
  assets = {
    standardFontDataUrl: folder('standard_fonts'),
    cMapUrl: folder('cmaps'),
    wasmUrl: folder('wasm'),
    iccUrl: folder('iccs'),
  };
  return pdfjsAssets(purpose);
}

/**
 * pdfjs reports repairs (e.g. rebuilding a broken xref) only as console warnings. In Node its "worker"
 * runs in this very thread, so warnings are routed to the document currently being opened; other
 * pdfjs chatter is dropped so logs stay readable.
 */
let activeWarnings: string[] | null = null;
let consolePatched = false;
function captureWarnings(): void {
  if (consolePatched) return;
  consolePatched = true;
  const original = console.warn.bind(console);
  console.warn = (...args: unknown[]): void => {
    const first = args[0];
    if (typeof first === 'string' && first.startsWith('Warning: ')) {
      // A text-only open leaves the font data out on purpose (PdfPurpose): pdfjs's reminder of it is no repair.
      if (first.includes('standardFontDataUrl')) return;
      if (activeWarnings && activeWarnings.length < 200) activeWarnings.push(first.slice(9));
      return;
    }
    original(...args);
  };
}

/** Warnings that mean pdfjs rebuilt or patched the file's structure, in clerk words. */
const REPAIR_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/Indexing all PDF objects/i, 'rebuilt cross-reference table'],
  [/xref|startxref|trailer/i, 'repaired cross-reference table'],
  [/Invalid stream|endstream|stream length|Missing endstream/i, 'recovered damaged stream data'],
  [/header/i, 'missing PDF header ignored'],
];

export function describeRepairs(warnings: readonly string[]): string | undefined {
  const found = new Set<string>();
  for (const w of warnings) {
    for (const [re, phrase] of REPAIR_PATTERNS) {
      if (re.test(w)) {
        found.add(phrase);
        break;
      }
    }
  }
  return found.size > 0 ? [...found].join('; ') : undefined;
}

export interface OpenedPdf {
  doc: PDFDocumentProxy;
  /** Warnings collected while opening and reading; extend by calling withWarnings. */
  warnings: string[];
}

/** Rejects with a timeout failure; pdfjs runs in this thread, so only async stalls can be cut short. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TaskFailureError({
            ok: false,
            code: 'timeout',
            message: `${what} took longer than ${Math.round(ms / 1000)} s`,
            transient: true,
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs fn with pdfjs warnings collected into `into`. */
export async function withWarnings<T>(into: string[], fn: () => Promise<T>): Promise<T> {
  captureWarnings();
  const previous = activeWarnings;
  activeWarnings = into;
  try {
    return await fn();
  } finally {
    activeWarnings = previous;
  }
}

export const PDF_OPEN_TIMEOUT_MS = 20_000;
/** Above this size openPdf hands pdfjs the caller's bytes instead of a copy (the caller must not use them after). */
const BIG_PDF_BYTES = 16 * 1024 * 1024;

/**
 * What a document is opened for. `text`: only its text layer is read (inspect), so pdfjs is not given the
 * standard fonts' data: it would parse a font program for every document that uses a non-embedded font
 * (Helvetica, Times...) to draw glyphs that are never drawn; text items, widths and positions come from the
 * built-in metrics either way (checked item for item on the eval PDFs). Rendering needs the glyphs.
 */
export type PdfPurpose = 'text' | 'render';

export async function openPdf(bytes: Uint8Array, timeoutMs = PDF_OPEN_TIMEOUT_MS, purpose: PdfPurpose = 'render'): Promise<OpenedPdf> {
  const pdfjs = await loadPdfjs();
  const warnings: string[] = [];
  // pdfjs takes ownership of (detaches) the buffer it gets. Small files get a copy so callers keep theirs; a large
  // one (up to hundreds of MB) is handed over as it is, keeping only its ends for the diagnosis below, since a
  // second copy per thread is what pushes a pool of threads past its memory.
  const big = bytes.length > BIG_PDF_BYTES;
  const forDiagnosis = big ? Buffer.concat([bytes.subarray(0, 1024), bytes.subarray(bytes.length - 2048)]) : bytes;
  const task = pdfjs.getDocument({
    // (a plain Uint8Array view: pdfjs refuses a Buffer)
    data: big ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes),
    ...pdfjsAssets(purpose),
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.WARNINGS,
  });
  try {
    const doc = await withWarnings(warnings, () => withTimeout(task.promise, timeoutMs, 'opening the PDF'));
    if (doc.numPages < 1) {
      await doc.destroy();
      fail('empty', 'empty PDF: it has no pages');
    }
    return { doc, warnings };
  } catch (err) {
    void task.destroy().catch(() => undefined);
    if (err instanceof TaskFailureError) throw err;
    const f = fromPdfError(err);
    if (f.code === 'damaged') {
      const diagnosis = diagnosePdfBytes(forDiagnosis);
      f.message = `damaged PDF: ${diagnosis ?? f.message.replace(/^damaged PDF: /, '')}`;
      // A proper start but no end marker is a cut-off copy or download: say so, it is worth fetching again.
      if (diagnosis?.includes('cut short') && !diagnosis.includes('no PDF header')) {
        f.code = 'truncated';
        f.message = `PDF is cut short (the file is incomplete): ${diagnosis}`;
      }
    }
    throw new TaskFailureError(f);
  }
}

/**
 * pdfjs says only "Invalid PDF structure" for most unreadable files; the bytes tell a clerk more.
 * Checks run in the order a reader needs things: header, objects, cross-reference, end marker.
 */
export function diagnosePdfBytes(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  const all = bytes.length <= 4 * 1024 * 1024 ? Buffer.from(bytes).toString('latin1') : head + tail;
  const problems: string[] = [];
  if (!head.includes('%PDF-')) problems.push('no PDF header (this may not be a PDF at all)');
  if (!/\d+\s+\d+\s+obj\b/.test(all)) problems.push('no objects');
  if (!/startxref/.test(tail)) problems.push('no cross-reference table');
  else if (!/\bxref\b/.test(all.replace(/startxref/g, '')) && !/\/Type\s*\/XRef/.test(all)) problems.push('cross-reference table missing');
  if (!/%%EOF/.test(tail)) problems.push('file is cut short (no end marker)');
  if (!/\/Root\b/.test(all) && !/\/Type\s*\/Catalog/.test(all)) problems.push('no document catalog');
  return problems.length > 0 ? problems.join(', ') : null;
}

export async function closePdf(opened: OpenedPdf): Promise<void> {
  try {
    await opened.doc.destroy();
  } catch {
    // A document that failed half-way may refuse to be destroyed; nothing is left to free.
  }
}

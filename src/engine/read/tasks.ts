/**
 * The worker tasks' contract: what the scheduler sends to the Piscina pool and what comes back.
 * Tasks are pure functions of (file path, options) → result; they never open the database.
 *
 * Failures are *returned* as TaskFailure rather than thrown, because Piscina serialises thrown errors
 * through structured clone and loses their custom fields (code, transient).
 */
import type { ReadPage, WordBox } from '../../contract/schemas/pages.js';
import type { EInvoice } from '../../contract/schemas/einvoice.js';

/** File kinds Docket reads, decided from magic bytes (never from the extension). */
export type FileKind = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp' | 'gif' | 'xml';

export type FailureCode =
  | 'damaged' // the file's structure is broken beyond repair
  | 'password' // encrypted with a user password
  | 'empty' // zero bytes / no pages
  | 'truncated' // image or PDF cut short
  | 'too_large' // pixel count or page size above the decompression-bomb limit
  | 'unreadable' // permissions, vanished file, I/O error
  | 'timeout' // exceeded the per-page time limit
  | 'unsupported' // a variant we cannot decode (e.g. an exotic TIFF compression)
  | 'internal'; // a bug or an unexpected library error

export interface TaskFailure {
  ok: false;
  code: FailureCode;
  /** A sentence a clerk can read, e.g. "damaged PDF: no cross-reference table". */
  message: string;
  /** Worth retrying later (I/O hiccups, timeouts under load); permanent otherwise. */
  transient: boolean;
}

export interface InspectInput {
  path: string;
  kind: FileKind;
  /** Decompression-bomb guard: refuse images/pages above this many pixels. */
  maxPixels: number;
}

export interface InspectedPage {
  index: number; // 0-based
  /** Text from the PDF text layer, or null for images / pages without a usable layer. */
  text: string | null;
  /**
   * Usable text layers only: its words in text order with boxes in points at scale 1 (top-left origin, the
   * page's rotation applied), i.e. in the widthPt x heightPt space, so fields read from the layer can be
   * highlighted like OCR words (conf is 100).
   */
  words?: OcrWord[];
  /** True when the page must be OCR'd (no usable text layer, or an image). */
  needsOcr: boolean;
  widthPt?: number;
  heightPt?: number;
  /** Time spent reading this page's text layer (ms); absent for images, which are only probed. */
  ms?: number;
}

export interface InspectSuccess {
  ok: true;
  pageCount: number;
  pages: InspectedPage[];
  /** Set when the library had to repair the file to read it (e.g. "rebuilt cross-reference table"). */
  repaired?: string;
  /**
   * PDFs: false when the bytes show the file can carry no embedded file (mayHaveAttachments), so the e-invoice
   * task has nothing to look for; absent when not looked at.
   */
  attachments?: boolean;
  ms: number;
}
export type InspectResult = InspectSuccess | TaskFailure;

export interface OcrInput {
  path: string;
  kind: FileKind;
  pageIndex: number;
  /** tesseract language code(s), e.g. "eng". */
  lang: string;
  maxPixels: number;
  /** Per-page time limit; the task returns a 'timeout' failure past it. */
  timeoutMs: number;
  /**
   * Tesseract page segmentation mode. Default 3 (automatic layout: keeps columns apart); 6 (one
   * uniform block) reads single-column tables such as many invoices in better order.
   */
  psm?: 3 | 4 | 6 | 11;
  /**
   * 'images': read only the pictures painted on a PDF page (logos, pasted scans) and return their text, for a
   * page whose text layer is usable but may not hold everything (e.g. the issuer only as an image).
   */
  region?: 'page' | 'images';
}

/** A recognised word with its box in the page image's pixel coordinates (the contract's WordBox). */
export type OcrWord = WordBox;

/** Every key of T present and not null. */
type Known<T> = { [K in keyof T]-?: NonNullable<T[K]> };

/**
 * What OCR reads off one page image (ocr-page.ts): the page's text, mean word confidence (0..100) and word
 * boxes, the image size the boxes refer to (pixels) and its resolution, and the clockwise rotation (0/90/180/270)
 * and deskew angle (degrees) applied to make the page upright. Unlike a text-layer page, all of them are known.
 */
export type PageOcr = Known<Pick<ReadPage, 'text' | 'confidence' | 'words' | 'width' | 'height' | 'dpi' | 'rotation' | 'skew'>> & {
  blank: boolean;
};

export interface OcrSuccess extends PageOcr, Known<Pick<ReadPage, 'index' | 'ms'>> {
  ok: true;
  /** Of `ms`, the time spent reading the file and rendering or decoding the page image before OCR (page tasks only). */
  renderMs?: number;
  /** region 'images' only: each image's text with its top edge as a fraction of the page height. */
  regions?: Array<{ y0: number; text: string }>;
}
export type OcrResult = OcrSuccess | TaskFailure;

export interface RenderInput {
  path: string;
  kind: FileKind;
  pageIndex: number;
  /** Longest side in pixels of the produced image. */
  maxSide: number;
  maxPixels: number;
  /** Apply the same rotation OCR found, so boxes line up with the image. */
  rotation?: number;
  /**
   * The skew OCR reported (clockwise degrees of the page's tilt); the image is turned by -skew after
   * `rotation`, as OCR did, so word boxes line up (scale them by width / OcrSuccess.width).
   */
  skew?: number;
  format: 'png' | 'jpeg';
}
export interface RenderSuccess {
  ok: true;
  bytes: Uint8Array;
  width: number;
  height: number;
  mime: string;
}
export type RenderResult = RenderSuccess | TaskFailure;

/** The e-invoice task (pdf-attachments.ts): the invoice XML of a bare XML file or embedded in a PDF. */
export interface EInvoiceInput {
  path: string;
  kind: FileKind;
}
export type EInvoiceResult =
  | {
      ok: true;
      found: true;
      invoice: EInvoice;
      /** The XML exactly as stored in the file or attachment. */
      xml: Uint8Array;
      /** The PDF attachment's name (factur-x.xml, ...); null for a bare XML file. */
      attachment: string | null;
      ms: number;
    }
  /** No invoice XML; `problem` says why an invoice attachment that is there could not be read. */
  | { ok: true; found: false; problem: string | null; ms: number }
  | TaskFailure;

/**
 * The re-read task (reread.ts): one region of a page OCR'd again, enlarged and with other page segmentations,
 * for a value whose first reading is weak (a low-confidence total or date). Every reading is returned; the
 * caller keeps the one its checks agree with, since only it knows what the value must satisfy.
 */
export interface RereadInput {
  path: string;
  kind: FileKind;
  pageIndex: number;
  lang: string;
  maxPixels: number;
  timeoutMs: number;
  /** The page as the first OCR saw it: its rotation, skew and the size of the image its word boxes refer to. */
  rotation: number;
  skew: number;
  width: number;
  height: number;
  /** The region to read again, in those coordinates (e.g. a value's word boxes joined, or its whole line). */
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Scale and page segmentation of each reading; REREAD_VARIANTS when absent. */
  variants?: Array<{ scale: number; psm: 6 | 7 | 8 | 11 | 13 }>;
}
export interface RereadReading {
  scale: number;
  psm: number;
  text: string;
  /** Mean word confidence 0..100. */
  confidence: number;
  /** Words with boxes in the page coordinates of the input (the first OCR's image). */
  words: OcrWord[];
}
export interface RereadSuccess {
  ok: true;
  readings: RereadReading[];
  ms: number;
}
export type RereadResult = RereadSuccess | TaskFailure;

/**
 * PDF text layers: reading them into lines, and deciding per page whether the layer can be trusted or
 * the page must be OCR'd.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { InspectedPage, OcrWord } from './tasks.js';
import { loadPdfjs } from './pdf-document.js';

/**
 * THE USABLE-TEXT-LAYER RULE. A page's text layer is used as-is (no OCR) only when all hold:
 *  1. It has at least MIN_PRINTABLE_CHARS printable, non-space characters. Below that the page is either
 *     an image-only scan (0 chars) or carries a stray caption/stamp; it goes to OCR, except when the
 *     page has no large image either (a genuinely near-empty page, e.g. "Page intentionally left blank",
 *     is usable: OCR would find nothing more).
 *  2. At most MAX_GARBAGE_RATIO of those characters are garbage: U+FFFD replacement characters, C0/C1
 *     control codes, private-use code points (fonts without a ToUnicode map come out as these), or
 *     runs of the same symbol. A layer like that is what a clerk would see as gibberish when copying.
 *  3. It is not a thin OCR/caption layer over a scan: when an image covers at least
 *     LARGE_IMAGE_AREA_RATIO of the page and the text has fewer than SPARSE_OVER_IMAGE_CHARS printable
 *     characters, the image is the real content and the page is OCR'd. (Fully OCR'd "searchable" PDFs
 *     carry hundreds of characters per page and pass: their hidden layer is the text we want.)
 *  4. It has some letters or digits: at least MIN_ALNUM_RATIO of the printable characters. Dingbats or
 *     dot leaders alone are not text.
 */
export const USABLE_TEXT_RULE = {
  MIN_PRINTABLE_CHARS: 20,
  MAX_GARBAGE_RATIO: 0.1,
  LARGE_IMAGE_AREA_RATIO: 0.5,
  SPARSE_OVER_IMAGE_CHARS: 200,
  MIN_ALNUM_RATIO: 0.3,
} as const;

export interface TextLayerStats {
  printable: number;
  garbage: number;
  alnum: number;
}

// Replacement char, C0/C1 controls (not tab/newline), private-use area: the usual output of broken font maps.
const GARBAGE_CHAR = /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uE000-\uF8FF]/u;
const ALNUM_CHAR = /[\p{L}\p{N}]/u;

export function textLayerStats(text: string): TextLayerStats {
  let printable = 0;
  let garbage = 0;
  let alnum = 0;
  let run = 0;
  let prev = '';
  for (const ch of text) {
    if (/\s/u.test(ch)) {
      run = 0;
      prev = '';
      continue;
    }
    printable++;
    if (GARBAGE_CHAR.test(ch)) garbage++;
    else if (ALNUM_CHAR.test(ch)) alnum++;
    // Long runs of one non-alphanumeric symbol ("□□□□□□", "######") are glyphs without a text mapping.
    run = ch === prev ? run + 1 : 1;
    if (run > 8 && !ALNUM_CHAR.test(ch) && ch !== '.' && ch !== '-' && ch !== '_' && ch !== '=') garbage++;
    prev = ch;
  }
  return { printable, garbage, alnum };
}

export type LayerVerdict = { usable: true } | { usable: false; reason: string };

/**
 * Applies the rule above. `largeImageCoverage` is the fraction of the page covered by its largest image,
 * or null when it was not measured (it is only measured for sparse pages, see inspectPdfPage).
 */
export function judgeTextLayer(text: string, largeImageCoverage: number | null): LayerVerdict {
  const R = USABLE_TEXT_RULE;
  const s = textLayerStats(text);
  const coverage = largeImageCoverage ?? 0;
  if (s.printable === 0) return { usable: false, reason: 'no text layer' };
  if (s.garbage / s.printable > R.MAX_GARBAGE_RATIO) return { usable: false, reason: 'text layer is mostly unmapped glyphs' };
  if (s.alnum / s.printable < R.MIN_ALNUM_RATIO) return { usable: false, reason: 'text layer has no real words' };
  if (coverage >= R.LARGE_IMAGE_AREA_RATIO && s.printable < R.SPARSE_OVER_IMAGE_CHARS) {
    return { usable: false, reason: 'only a few words over a page-size image' };
  }
  if (s.printable < R.MIN_PRINTABLE_CHARS && coverage > 0) return { usable: false, reason: 'too little text over an image' };
  return { usable: true };
}

interface Positioned {
  str: string;
  x: number;
  y: number; // baseline, PDF user space (grows upwards)
  h: number;
  w: number;
  eol: boolean;
  /** The font is fixed-pitch (pdfjs's style fontFamily 'monospace'): every character is as wide as the next. */
  mono?: boolean;
}

/**
 * Maps a box in PDF user space (x, baseline-relative y growing upwards) to the page as displayed: top-left
 * origin, y downwards, the page's /Rotate applied. pdfjs's viewport transform at scale 1 does exactly that.
 */
export type ToPage = (x: number, y: number) => [number, number];

/** Share of the font size below the baseline (descenders) and above it (ascenders), for a word's box. */
const DESCENT = 0.22;
const ASCENT = 0.9;

/**
 * Advance widths of Helvetica's printable ASCII (1/1000 em, from its AFM), used to share an item's width among its
 * characters: pdfjs gives an item's width, not each glyph's, and in proportional fonts "1" and ":" are half as wide
 * as "M", so an even share puts a word after a narrow run visibly too far right. Other proportional fonts are
 * close enough to Helvetica for a highlight; fixed-pitch fonts share evenly; other characters count as a digit.
 */
const HELVETICA_WIDTHS =
  '278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584'
    .split(',')
    .map(Number);

function glyphWidth(ch: string, mono: boolean): number {
  if (mono) return 1;
  const c = ch.charCodeAt(0);
  return c >= 32 && c <= 126 ? HELVETICA_WIDTHS[c - 32]! : 556;
}

/** Where each character of an item starts, as a fraction of the item's width (one more entry: the end). */
function charStops(str: string, mono: boolean): number[] {
  const stops = [0];
  let sum = 0;
  for (const ch of str) {
    sum += glyphWidth(ch, mono);
    // surrogate pairs take two UTF-16 units: keep the stops indexed like the string
    for (let k = 0; k < ch.length; k++) stops.push(sum);
  }
  return stops.map((v) => (sum > 0 ? v / sum : 0));
}

/**
 * Joins text items into lines by baseline so that downstream field extraction sees real lines:
 * items whose baselines are within half a glyph height share a line; lines go top to bottom, items
 * left to right, with a space where there is a visible gap between items.
 */
export function layoutTextItems(items: readonly Positioned[]): string {
  return layoutTextWords(items, (x, y) => [x, -y]).text;
}

/**
 * The layout above, plus a box for every whitespace-separated run of characters in it, in text order. Each
 * word's text is exactly the characters at its place in the returned text, so walking the text with the
 * words (as extraction does for OCR words) recovers every word's character offsets. Positions inside an
 * item are shared out by character count: pdfjs gives an item's width, not each glyph's.
 */
export function layoutTextWords(items: readonly Positioned[], toPage: ToPage): { text: string; words: OcrWord[] } {
  const parts = items.filter((it) => it.str.length > 0);
  if (parts.length === 0) return { text: '', words: [] };
  parts.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Positioned[][] = [];
  let current: Positioned[] = [];
  let lineY = Number.NaN;
  let lineH = 0;
  for (const it of parts) {
    const tol = Math.max(2, 0.5 * Math.max(lineH, it.h));
    if (current.length > 0 && Math.abs(it.y - lineY) <= tol) {
      current.push(it);
      continue;
    }
    if (current.length > 0) lines.push(current);
    current = [it];
    lineY = it.y;
    lineH = it.h;
  }
  if (current.length > 0) lines.push(current);

  const out: string[] = [];
  const words: Array<{ at: number; word: OcrWord }> = [];
  let offset = 0;
  for (const line of lines) {
    line.sort((a, b) => a.x - b.x);
    let s = '';
    let prevEnd = Number.NaN;
    const placed: Array<{ it: Positioned; at: number }> = [];
    for (const it of line) {
      if (s.length > 0) {
        const gap = it.x - prevEnd;
        const needsSpace = !/\s$/u.test(s) && !/^\s/u.test(it.str) && gap > 0.15 * Math.max(it.h, 1);
        // Wide gaps (table columns) get more than one space so columns stay apart for extraction.
        if (needsSpace) s += gap > 2.5 * Math.max(it.h, 1) ? '   ' : ' ';
      }
      placed.push({ it, at: s.length });
      s += it.str;
      prevEnd = it.x + it.w;
    }
    const trimmed = s.replace(/[ \t]+$/u, '');
    if (trimmed.trim().length === 0) continue;
    for (const { it, at } of placed) {
      const stops = charStops(it.str, it.mono === true);
      for (const m of it.str.matchAll(/\S+/gu)) {
        const from = m.index;
        const to = from + m[0].length;
        const xa = it.x + it.w * stops[from]!;
        const xb = it.x + it.w * stops[to]!;
        const corners = [toPage(xa, it.y - DESCENT * it.h), toPage(xb, it.y + ASCENT * it.h)];
        const xs = corners.map((c) => c[0]);
        const ys = corners.map((c) => c[1]);
        words.push({
          at: offset + at + from,
          word: {
            text: m[0],
            conf: 100,
            x0: round1(Math.min(...xs)),
            y0: round1(Math.min(...ys)),
            x1: round1(Math.max(...xs)),
            y1: round1(Math.max(...ys)),
          },
        });
      }
    }
    out.push(trimmed);
    offset += trimmed.length + 1;
  }
  // Items of one line can overlap (bold faked by overprinting, kerning pairs as separate items); order by place in the text.
  words.sort((a, b) => a.at - b.at);
  return { text: out.join('\n'), words: words.map((w) => w.word) };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

async function positionedItems(page: PDFPageProxy): Promise<Positioned[]> {
  const content = await page.getTextContent({ disableNormalization: false });
  const items: Positioned[] = [];
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const it = raw as TextItem;
    const [a, b, c, d, e, f] = it.transform as number[];
    // Font size from the text matrix: works for rotated and scaled text alike.
    const h = it.height > 0 ? it.height : Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0);
    const mono = content.styles[it.fontName]?.fontFamily === 'monospace';
    items.push({ str: it.str, x: e ?? 0, y: f ?? 0, h, w: it.width, eol: it.hasEOL, mono });
  }
  return items;
}

type Matrix = [number, number, number, number, number, number];

/**
 * The current transformation matrix at each image the operator list paints (of the `paints` operators), following
 * save/restore and transform. An image is painted into the unit square, so this matrix places it on the page.
 */
function* imagePlacements(ops: { fnArray: number[]; argsArray: unknown[] }, OPS: Record<string, number>, paints: Set<number>) {
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) {
      const [a, b, c, d, e, f] = ops.argsArray[i] as Matrix;
      ctm = [
        a * ctm[0] + b * ctm[2],
        a * ctm[1] + b * ctm[3],
        c * ctm[0] + d * ctm[2],
        c * ctm[1] + d * ctm[3],
        e * ctm[0] + f * ctm[2] + ctm[4],
        e * ctm[1] + f * ctm[3] + ctm[5],
      ];
    } else if (fn !== undefined && paints.has(fn)) yield ctm;
  }
}

/** Fraction of the page covered by its largest image, walking the operator list's transforms. */
export async function largestImageCoverage(page: PDFPageProxy): Promise<number> {
  const { OPS } = await loadPdfjs();
  const ops = await page.getOperatorList();
  const view = page.view as number[];
  const pageArea = Math.abs(((view[2] ?? 0) - (view[0] ?? 0)) * ((view[3] ?? 0) - (view[1] ?? 0))) || 1;
  const paints = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintInlineImageXObjectGroup,
    OPS.paintSolidColorImageMask,
  ]);
  let best = 0;
  // The unit square through the CTM: its determinant is the image's area on the page.
  for (const ctm of imagePlacements(ops, OPS, paints)) best = Math.max(best, Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) / pageArea);
  return Math.min(1, best);
}

/**
 * The boxes of images painted on the page, as fractions of the page (x0, y0 from the top-left), largest
 * first. Used to OCR the pictures of a page whose text layer is otherwise fine: a logo or a pasted image
 * can carry the only copy of the issuer's name.
 */
export async function imageBoxes(
  page: PDFPageProxy,
  minAreaRatio: number,
): Promise<Array<{ x0: number; y0: number; x1: number; y1: number }>> {
  const { OPS } = await loadPdfjs();
  const ops = await page.getOperatorList();
  const view = page.view as number[];
  const [vx0, vy0, vx1, vy1] = [view[0] ?? 0, view[1] ?? 0, view[2] ?? 1, view[3] ?? 1];
  const pw = Math.abs(vx1 - vx0) || 1;
  const ph = Math.abs(vy1 - vy0) || 1;
  const out: Array<{ x0: number; y0: number; x1: number; y1: number; area: number }> = [];
  const paints = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintInlineImageXObjectGroup,
  ]);
  for (const ctm of imagePlacements(ops, OPS, paints)) {
    // The unit square's corners through the CTM give the image's box in user space.
    const xs = [ctm[4], ctm[0] + ctm[4], ctm[2] + ctm[4], ctm[0] + ctm[2] + ctm[4]];
    const ys = [ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]];
    const x0 = (Math.min(...xs) - vx0) / pw;
    const x1 = (Math.max(...xs) - vx0) / pw;
    const y0 = 1 - (Math.max(...ys) - vy0) / ph;
    const y1 = 1 - (Math.min(...ys) - vy0) / ph;
    const box = { x0: Math.max(0, x0), y0: Math.max(0, y0), x1: Math.min(1, x1), y1: Math.min(1, y1), area: 0 };
    box.area = Math.max(0, box.x1 - box.x0) * Math.max(0, box.y1 - box.y0);
    if (box.area >= minAreaRatio) out.push(box);
  }
  return out.sort((a, b) => b.area - a.area).map(({ area: _, ...b }) => b);
}

/**
 * Whether a PDF's bytes name an image XObject anywhere (`/Subtype /Image`, image masks included). An image
 * XObject is a stream, and streams are never packed into compressed object streams, so its dictionary is
 * always in the file's plain text: no `/Image` name token means no page of the file paints an XObject image.
 * ProcSet names (/ImageB /ImageC /ImageI) are other tokens. What this cannot see are inline images (BI ... EI
 * inside a content stream), which the PDF spec keeps to small pictures of about 4 KB: logos, not page scans.
 */
export function mayHoldImageXObjects(bytes: Uint8Array): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf('/Image'); at >= 0; at = buf.indexOf('/Image', at + 6)) {
    const next = buf[at + 6];
    // White space and PDF delimiters end a name; any other character continues it (/ImageB, /ImageMask).
    if (next === undefined || PDF_NAME_END.has(next)) return true;
  }
  return false;
}
const PDF_NAME_END = new Set(Array.from(' \t\r\n\f\0/<>[]()%{}', (c) => c.charCodeAt(0)));

export interface InspectPageOptions {
  /**
   * False when the file holds no image XObject (mayHoldImageXObjects): the image walk, which builds pdfjs's
   * whole operator list (fonts, glyphs, every drawing operator), is then skipped on pages with enough text
   * for the usable-layer rule's first test, where only a page-size image could change the verdict.
   */
  imageXObjects?: boolean;
}

/** Reads one page's text layer and applies the usable-layer rule. */
export async function inspectPdfPage(page: PDFPageProxy, index: number, opts: InspectPageOptions = {}): Promise<InspectedPage> {
  const viewport = page.getViewport({ scale: 1 });
  // Word boxes in the page as displayed at scale 1 (points, top-left origin, /Rotate applied): the same space
  // as widthPt x heightPt, which the document screen scales to the rendered image, as it does OCR pixels.
  const toPage: ToPage = (x, y) => viewport.convertToViewportPoint(x, y) as [number, number];
  const { text, words } = layoutTextWords(await positionedItems(page), toPage);
  const stats = textLayerStats(text);
  let coverage: number | null = null;
  // The image walk decodes images, so it is only paid where it can change the verdict: sparse text, on a page
  // that can hold an image (below MIN_PRINTABLE_CHARS even a small inline image would count, so it is measured).
  const noImages = opts.imageXObjects === false && stats.printable >= USABLE_TEXT_RULE.MIN_PRINTABLE_CHARS;
  if (noImages) coverage = 0;
  else if (stats.printable > 0 && stats.printable < USABLE_TEXT_RULE.SPARSE_OVER_IMAGE_CHARS) {
    try {
      coverage = await largestImageCoverage(page);
    } catch {
      coverage = null;
    }
  }
  const verdict = judgeTextLayer(text, coverage);
  return {
    index,
    text: verdict.usable ? text : null,
    ...(verdict.usable ? { words } : {}),
    needsOcr: !verdict.usable,
    widthPt: Math.round(viewport.width * 100) / 100,
    heightPt: Math.round(viewport.height * 100) / 100,
  };
}

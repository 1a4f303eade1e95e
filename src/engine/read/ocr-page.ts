/**
 * OCR of one page image: blank check, orientation (0/90/180/270) choice, deskew, recognition, and
 * conversion of tesseract's result into the contract's words and text.
 */
import { PSM, type Page } from 'tesseract.js';
import type { OcrWord, PageOcr } from './tasks.js';
import type { GrayPixels } from './image-decode.js';
import { DEFAULT_PSM, recognizeImage, wordsFromTsv } from './ocr-engine.js';
import {
  downscale,
  estimateSkew,
  estimateXHeight,
  hasColumns,
  scaleBy,
  inkCentredSquare,
  isBlankPage,
  MIN_DESKEW_DEG,
  rotateFine,
  rotateRightAngle,
  toPgm,
  type SkewEstimate,
} from './orientation.js';
import { fail } from './failures.js';
import { isBusierThanPrint, isNoise, NOISE_RULE, readsAsNoise, UNREADABLE_NO_WORDS, UNREADABLE_NOISE } from './noise.js';
import { isCleanPage, upscale, upscaleFactor } from './page-prep.js';
import { OCR_MAX_PIXELS } from './pdf-render.js';
import { cropBand, insertLine, keepsReading, lineHeight, uncoveredLargeBands } from './large-print.js';

interface Quality {
  meanConf: number;
  /** Words whose boxes stand upright: tesseract found sideways text and turned it internally. */
  vertical: number;
  /** Characters in confidently read words that look like words (2+ letters/digits). */
  readable: number;
  words: number;
}

const WORDLIKE = /[\p{L}\p{N}]{2,}/u;

function quality(words: readonly OcrWord[]): Quality {
  if (words.length === 0) return { meanConf: 0, readable: 0, words: 0, vertical: 0 };
  let conf = 0;
  let readable = 0;
  let vertical = 0;
  for (const w of words) {
    conf += w.conf;
    // PSM 3 reads sideways blocks by turning them itself; such a read must not count as upright,
    // or the page (and its word boxes) would be shown to the clerk lying on its side.
    if (w.text.length >= 3 && w.y1 - w.y0 > 1.2 * (w.x1 - w.x0)) {
      vertical++;
      continue;
    }
    if (w.conf >= 60 && WORDLIKE.test(w.text)) readable += Math.min(w.text.length, 12);
  }
  return { meanConf: conf / words.length, readable, words: words.length, vertical };
}

/**
 * Upright enough to accept without trying other orientations: tesseract reads text at the wrong
 * orientation as low-confidence symbol soup, so high mean confidence with word-like output means right.
 */
// Upright but poor scans (96-dpi renders, faded receipts) sit at mean confidence 60-75 with most words
// word-like; a wrong orientation gives ~30 with few word-like tokens (measured on cardinal.pdf).
const ACCEPT_RULE = { MIN_MEAN_CONF: 55, MIN_READABLE_SHARE: 0.5 } as const;

function acceptable(q: Quality): boolean {
  if (q.words === 0 || q.vertical > q.words / 4) return false;
  const share = q.readable / Math.max(1, q.words * 4);
  return q.meanConf >= ACCEPT_RULE.MIN_MEAN_CONF && share >= ACCEPT_RULE.MIN_READABLE_SHARE;
}

/** Probe patch: the central 60% square around the ink, at most 1100 px (about a sixth of a page's OCR time). */
const PROBE_FRACTION = 0.6;
const PROBE_MAX_SIDE = 1100;
const PROBE_STOP_CONF = 80;

interface Deadline {
  remaining(): number;
}

async function upright(gray: GrayPixels, rotation: number, known?: SkewEstimate): Promise<{ img: GrayPixels; skew: number }> {
  const turned = rotateRightAngle(gray, rotation);
  const est = rotation === 0 && known ? known : estimateSkew(turned);
  // After the right-angle turn the lines run across; a "vertical" verdict here means no clear lines.
  const skew = est.lines === 'horizontal' && Math.abs(est.skew) >= MIN_DESKEW_DEG ? est.skew : 0;
  return { img: skew === 0 ? turned : await rotateFine(turned, -skew), skew };
}

export interface OcrPageOptions {
  lang: string;
  dpi: number;
  timeoutMs: number;
  psm?: string;
}

/**
 * Page segmentation for a full-page pass when the caller did not ask for one: PSM 6 (one block) on
 * single-column pages, PSM 3 (automatic layout) where a column gutter is found. PSM 6 skips layout
 * analysis, and on invoices and receipts reads label/amount rows in line order (PSM 3 splits them into
 * blocks and reads all labels, then all amounts); PSM 3 keeps columns apart, which PSM 6 interleaves.
 */
function layoutPsm(img: GrayPixels): string {
  return hasColumns(img) ? PSM.AUTO : PSM.SINGLE_BLOCK;
}

/**
 * Print larger than tesseract needs costs it time: above XHEIGHT.SCALE_ABOVE (the estimate, in pixels,
 * runs ~3 px over the true x-height) the page is OCR'd scaled down so the estimate becomes
 * XHEIGHT.TARGET. 10 pt text at 250 dpi estimates 20-24 and is read at ~200 dpi: 14% less CPU on
 * dense scanned pages and invoices at equal CER (1.01%, native 1.03%); on 30 receipt scans CER 35.2% against
 * 35.4% unscaled. Small print (most receipts, 150 dpi scans) is left alone.
 *
 * Measured on the 100 sroie-train receipts and not kept (1 December 2026; key fields right through the rules
 * extractor, no second readings: company / date / total / receipts with all three right, as read here 75/90/87/62):
 * target x-height 20 (75/89/83/59) or 13 (74/86/88/57); small print upscaled to 16 on every page, not only clean ones
 * (75/90/86/63); PSM 4 for single-column pages (76/83/81/58); user_defined_dpi 300 instead of the raster's (75/90/85/61);
 * tesseract's own Sauvola (thresholding_method 2: 76/89/83/59) or tiled Otsu (1: 65/83/71/48, +55% CPU); the
 * background flattened with ink gain on every page (76/89/84/58); sharpening (74/88/85/60); a 3x3 median against
 * speckle (65/82/78/47); no system or frequency dictionary (identical text). Each flipped 10-20 fields both ways;
 * none raised the count right, and most lowered the count the calibrated confidence accepts unreviewed (35 -> 23-34),
 * whose thresholds were measured on this reading. Keeping, line by line, the more confident of two whole-page readings
 * (this one and a flattened, rescaled or Sauvola one) did not help either (58-61 all right at twice the CPU):
 * tesseract's word confidence does not tell which of two readings of a line is right.
 */
const XHEIGHT = { TARGET: 16, SCALE_ABOVE: 19 } as const;

/** The factor a full-page pass scales the page by: down for large print, up for small print (page-prep.ts). */
function ocrScale(img: GrayPixels): number {
  const xh = estimateXHeight(img);
  if (xh !== null && xh >= XHEIGHT.SCALE_ABOVE) return XHEIGHT.TARGET / xh;
  return upscaleFactor(xh, img.width, img.height, OCR_MAX_PIXELS, isCleanPage(img.data, img.width, img.height, 1));
}

export async function ocrGrayPage(gray: GrayPixels, opts: OcrPageOptions): Promise<PageOcr> {
  const start = Date.now();
  const deadline: Deadline = { remaining: () => opts.timeoutMs - (Date.now() - start) };
  const timeLeft = (): number => {
    const left = deadline.remaining();
    if (left <= 0) fail('timeout', `OCR of the page took longer than ${Math.round(opts.timeoutMs / 1000)} s`, true);
    return left;
  };

  if (isBlankPage(gray)) {
    return { text: '', confidence: 0, words: [], width: gray.width, height: gray.height, dpi: opts.dpi, rotation: 0, skew: 0, blank: true };
  }
  // Edges at a rate no printed page has: tesseract would take minutes finding glyphs in it.
  if (isNoise(gray)) fail('unreadable', UNREADABLE_NOISE, false);

  // Full-page passes pick their segmentation from the (turned) page; probes keep the default.
  const run = async (img: GrayPixels, dpi: number, probe = false): Promise<{ page: Page; words: OcrWord[]; q: Quality; psm: string }> => {
    const psm = opts.psm ?? (probe ? DEFAULT_PSM : layoutPsm(img));
    const f = probe ? 1 : ocrScale(img);
    const small = f < 1 ? await scaleBy(img, f) : f > 1 ? await upscale(img, f) : img;
    const page = await recognizeImage(toPgm(small), { lang: opts.lang, psm, dpi: dpi * (small.width / img.width), timeoutMs: timeLeft() });
    const words = wordsFromTsv(page.tsv);
    if (small !== img) {
      // Boxes back into the coordinates of the image we report.
      const k = img.width / small.width;
      for (const w of words) {
        w.x0 = Math.min(img.width, Math.round(w.x0 * k));
        w.y0 = Math.min(img.height, Math.round(w.y0 * k));
        w.x1 = Math.min(img.width, Math.round(w.x1 * k));
        w.y1 = Math.min(img.height, Math.round(w.y1 * k));
      }
    }
    return { page, words, q: quality(words), psm };
  };

  /** The reading kept, with what one-block segmentation dropped as large print read alone (large-print.ts). */
  const complete = async (r: FullReading): Promise<PageOcr> => {
    if (r.psm !== PSM.SINGLE_BLOCK || opts.psm) return finish(r, opts.dpi);
    return finish(await withLargePrint(r, opts.lang, opts.dpi, timeLeft), opts.dpi);
  };

  const hint = estimateSkew(gray);
  // Only a clear verdict skips the upright pass: receipts with dark borders can lean "vertical" weakly.
  const verticalHint = hint.lines === 'vertical' && hint.directionConfidence > 4;

  let full: FullReading | null = null;
  if (!verticalHint) {
    const u = await upright(gray, 0, hint);
    const r = await run(u.img, opts.dpi);
    full = { ...r, img: u.img, rotation: 0, skew: u.skew };
    // Nothing text-like at all (a photo, a logo): turning it will not make words appear.
    if (acceptable(r.q) || r.q.words < 3) return complete(full);
  }

  // Orientation probes on an ink-centred patch; the winner is then read over the whole page.
  const patch = await downscale(inkCentredSquare(gray, PROBE_FRACTION), PROBE_MAX_SIDE);
  const patchDpi = opts.dpi * (patch.width / Math.floor(Math.min(gray.width, gray.height) * PROBE_FRACTION));
  // Most likely first: vertical lines mean 90/270; a poor upright pass most often means upside down.
  const sideways = verticalHint || (full !== null && full.q.vertical > full.q.words / 4);
  const order = sideways ? [90, 270, 0, 180] : [180, 90, 270, 0];
  let best: { rotation: number; q: Quality } | null = null;
  for (const rotation of order) {
    const u = await upright(patch, rotation);
    const r = await run(u.img, patchDpi, true);
    if (!best || r.q.readable > best.q.readable) best = { rotation, q: r.q };
    // Wrong orientations read as low-confidence soup, so a clearly good probe ends the search.
    if (acceptable(r.q) && r.q.meanConf >= PROBE_STOP_CONF) break;
  }
  // Soup at the first pass and in every orientation: a second full pass would read the same. On a page busier than
  // print that is noise; otherwise a picture without words, kept as read.
  if (full && readsAsNoise(full.q) && (!best || readsAsNoise(best.q) || best.q.words < NOISE_RULE.MIN_WORDS)) {
    if (isBusierThanPrint(gray)) fail('unreadable', UNREADABLE_NO_WORDS, false);
    return complete(full);
  }
  const chosen = best?.rotation ?? 0;
  if (full && chosen === full.rotation) return complete(full);
  const u = await upright(gray, chosen);
  const r = await run(u.img, opts.dpi);
  const candidate = { ...r, img: u.img, rotation: chosen, skew: u.skew };
  // Keep the 0° pass if the rotated full pass turned out no better (probes can mislead on sparse pages).
  if (full && full.q.readable >= candidate.q.readable) return complete(full);
  // A page taken as sideways from the start had no first full pass: its only full pass decides.
  if (!full && readsAsNoise(candidate.q) && isBusierThanPrint(gray)) fail('unreadable', UNREADABLE_NO_WORDS, false);
  return complete(candidate);
}

/** A full-page reading: tesseract's page, its words and their quality, the upright image read, and how it was read. */
interface FullReading {
  page: Page;
  words: OcrWord[];
  q: Quality;
  psm: string;
  img: GrayPixels;
  rotation: number;
  skew: number;
}

/**
 * Rule 'ocr.large-print' (large-print.ts): each band of large print that the one-block reading left uncovered is read
 * alone as one line, brought to about twice the page's line height, and its line put into the text where it stands.
 */
async function withLargePrint(r: FullReading, lang: string, dpi: number, timeLeft: () => number): Promise<FullReading> {
  const h = lineHeight(r.words);
  if (h === null) return r;
  const bands = uncoveredLargeBands(r.img, r.words, h);
  if (!bands.length) return r;
  let text = r.page.text;
  let words = r.words;
  for (const b of bands) {
    const margin = Math.round(h / 2);
    const crop = cropBand(r.img, b, margin);
    const f = Math.min(1, (2 * h) / (b.y1 - b.y0));
    const small = f < 1 ? await scaleBy(crop, f) : crop;
    const page = await recognizeImage(toPgm(small), {
      lang,
      psm: PSM.SINGLE_LINE,
      dpi: dpi * (small.width / crop.width),
      timeoutMs: timeLeft(),
    });
    const k = crop.width / small.width;
    const line = wordsFromTsv(page.tsv).map((w) => ({
      ...w,
      x0: Math.round(w.x0 * k) - margin + b.x0,
      y0: Math.round(w.y0 * k) - margin + b.y0,
      x1: Math.round(w.x1 * k) - margin + b.x0,
      y1: Math.round(w.y1 * k) - margin + b.y0,
    }));
    if (!keepsReading(line)) continue;
    ({ text, words } = insertLine(text, words, line, b));
  }
  return words === r.words ? r : { ...r, page: { ...r.page, text }, words };
}

function finish(r: FullReading, dpi: number): PageOcr {
  const text = r.page.text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return {
    text,
    confidence: Math.round(r.q.meanConf * 10) / 10,
    words: r.words,
    width: r.img.width,
    height: r.img.height,
    dpi,
    rotation: r.rotation,
    skew: r.skew,
    blank: false,
  };
}

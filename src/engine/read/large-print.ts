/**
 * Rule 'ocr.large-print': tesseract's one-block segmentation (PSM 6, which reads single-column pages such as receipts
 * and invoice tables in line order) takes the page's print to be of one size and drops a line printed much larger than
 * the rest: a receipt's double-size shop name, a bold letterhead, a large TOTAL. Native tesseract does the same ("TEO
 * HENG STATIONERY & BOOKS" and "POPULAR BOOK CO. (M) SDN BHD" on sroie-train are read by PSM 3 and lost by PSM 6). So
 * after a one-block reading, rows of ink that no word covers and that stand taller than the page's lines are read again
 * alone as one line each, at a scale that brings them to the page's print size, and the lines read clearly enough are
 * put into the text and the words where they stand on the page.
 */
import type { GrayPixels } from './image-decode.js';
import type { OcrWord } from './tasks.js';
import { otsuThreshold } from './orientation.js';

export interface InkBand {
  /** Rows y0..y1 (exclusive) and columns x0..x1 (exclusive) of the band's ink, in the image's pixels. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const LARGE_PRINT_RULE = {
  /** A band at least this many times the page's median line height is large print (double-size print is ~2x). */
  MIN_RATIO: 1.5,
  /** Taller than this many line heights it is a picture (a logo, a stamp, a photo), not a line of text. */
  MAX_RATIO: 6,
  /** A row is inked when this share of its width (at least 3 px) is darker than the page's ink threshold. */
  ROW_INK_SHARE: 0.004,
  /** Gaps of up to this share of a line height inside a band (between a letter's parts) do not end it. */
  GAP_SHARE: 0.15,
  /** A word covers a band when it overlaps this share of the band's height. */
  COVERED_SHARE: 0.35,
  /** At most this many bands are read again on a page (each costs one small recognition). */
  MAX_BANDS: 3,
  /** A band's reading is kept when its words' mean confidence reaches this (0..100) and it spells 3+ letters. */
  MIN_CONF: 60,
} as const;

/** The median height of the page's words that are read confidently and are more than one character. */
export function lineHeight(words: readonly OcrWord[]): number | null {
  const hs = words
    .filter((w) => w.conf >= 50 && w.text.length >= 2)
    .map((w) => w.y1 - w.y0)
    .sort((a, b) => a - b);
  return hs.length >= 3 ? hs[Math.floor(hs.length / 2)]! : null;
}

/**
 * Bands of ink rows that no word covers and that are large print by their height (LARGE_PRINT_RULE), top first.
 * Pure: the page's grey pixels and the words the full reading found.
 */
export function uncoveredLargeBands(img: GrayPixels, words: readonly OcrWord[], h: number | null = lineHeight(words)): InkBand[] {
  if (h === null) return [];
  const { width, height, data } = img;
  const threshold = Math.min(160, otsuThreshold(data));
  const minInk = Math.max(3, Math.round(width * LARGE_PRINT_RULE.ROW_INK_SHARE));
  const inked = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    let n = 0;
    const row = y * width;
    for (let x = 0; x < width; x++) if (data[row + x]! <= threshold) n++;
    inked[y] = n >= minInk ? 1 : 0;
  }
  const gap = Math.max(1, Math.round(h * LARGE_PRINT_RULE.GAP_SHARE));
  const bands: InkBand[] = [];
  for (let y = 0; y < height;) {
    if (!inked[y]) {
      y++;
      continue;
    }
    let end = y + 1;
    for (let k = end; k < height && k - end <= gap; k++) if (inked[k]) end = k + 1;
    const bh = end - y;
    const covered = words.some((w) => Math.min(w.y1, end) - Math.max(w.y0, y) >= bh * LARGE_PRINT_RULE.COVERED_SHARE);
    if (bh >= h * LARGE_PRINT_RULE.MIN_RATIO && bh <= h * LARGE_PRINT_RULE.MAX_RATIO && !covered) {
      let x0 = width;
      let x1 = 0;
      for (let yy = y; yy < end; yy++) {
        const row = yy * width;
        for (let x = 0; x < width; x++)
          if (data[row + x]! <= threshold) {
            if (x < x0) x0 = x;
            if (x >= x1) x1 = x + 1;
          }
      }
      if (x1 > x0) bands.push({ x0, y0: y, x1, y1: end });
    }
    y = end;
  }
  return bands.slice(0, LARGE_PRINT_RULE.MAX_BANDS);
}

/** The band's pixels with a margin of white around them (tesseract reads a line touching the image's edge poorly). */
export function cropBand(img: GrayPixels, b: InkBand, margin: number): GrayPixels {
  const w = b.x1 - b.x0 + 2 * margin;
  const h = b.y1 - b.y0 + 2 * margin;
  const data = Buffer.alloc(w * h, 255);
  for (let y = b.y0; y < b.y1; y++) img.data.copy(data, (y - b.y0 + margin) * w + margin, y * img.width + b.x0, y * img.width + b.x1);
  return { data, width: w, height: h };
}

/** Whether a band's reading is clear enough to keep: mean word confidence and at least three letters. */
export function keepsReading(words: readonly OcrWord[]): boolean {
  if (!words.length) return false;
  const mean = words.reduce((s, w) => s + w.conf, 0) / words.length;
  const letters =
    words
      .map((w) => w.text)
      .join('')
      .match(/\p{L}/gu)?.length ?? 0;
  return mean >= LARGE_PRINT_RULE.MIN_CONF && letters >= 3;
}

/**
 * The page's text and words with a band's line put in where it stands: before the first line holding a word that
 * starts below the band's middle, or at the end. The words stay in the text's order (extraction walks both together).
 */
export function insertLine(
  text: string,
  words: readonly OcrWord[],
  line: readonly OcrWord[],
  band: InkBand,
): { text: string; words: OcrWord[] } {
  const mid = (band.y0 + band.y1) / 2;
  const lineText = line.map((w) => w.text).join(' ');
  // where each word stands in the text, walking it in reading order (-1: not found)
  const offsets: number[] = [];
  let cursor = 0;
  for (const w of words) {
    const t = w.text.trim();
    const found = t ? text.indexOf(t, cursor) : -1;
    offsets.push(found);
    if (found >= 0) cursor = found + t.length;
  }
  const below = words.findIndex((w, i) => offsets[i]! >= 0 && w.y0 >= mid);
  if (below < 0) {
    const sep = text && !text.endsWith('\n') ? '\n' : '';
    return { text: `${text}${sep}${lineText}`, words: [...words, ...line] };
  }
  const at = text.lastIndexOf('\n', offsets[below]!) + 1;
  // every word from the start of that text line on comes after the new line
  let split = words.findIndex((_, i) => offsets[i]! >= at);
  if (split < 0) split = words.length;
  return {
    text: `${text.slice(0, at)}${lineText}\n${text.slice(at)}`,
    words: [...words.slice(0, split), ...line, ...words.slice(split)],
  };
}

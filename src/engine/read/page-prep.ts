/**
 * Page preparation before OCR, for the two kinds of page where plain greyscale loses text:
 *  - coloured print: luminance turns orange or yellow headings into light grey that tesseract's global
 *    threshold drops, and tinted table rows into grey bands. Such pages get an ink-preserving grey and
 *    their background flattened to white (each pixel divided by the local paper brightness).
 *  - low resolution: print whose x-height is a few pixels (96-dpi screenshots, small scans) is read far
 *    better enlarged; such pages are upscaled for recognition and the word boxes mapped back.
 * Clean black-on-white pages pass through untouched: the colour test samples one pixel in 16.
 */
import sharp from 'sharp';
import type { GrayPixels } from './image-decode.js';

/**
 * THE COLOURED-PAGE RULE: a page is treated as coloured when at least COLOUR_SHARE of its sampled pixels
 * have a chroma (max - min channel) of COLOUR_CHROMA or more. Scanned black-on-white paper and greyish receipt
 * photos stay far below (JPEG colour noise has chroma < 30); a page with a logo and a few coloured headings
 * is above.
 */
export const COLOUR_RULE = { COLOUR_CHROMA: 60, COLOUR_SHARE: 0.003, SAMPLE_STEP: 4 } as const;

/** Share of sampled pixels that are clearly coloured. `channels` is 3 (RGB) or 4 (RGBA). */
export function colourShare(px: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): number {
  const step = COLOUR_RULE.SAMPLE_STEP;
  let n = 0;
  let coloured = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0, p = y * width * channels; x < width; x += step, p += step * channels) {
      const r = px[p]!;
      const g = px[p + 1]!;
      const b = px[p + 2]!;
      const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
      const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
      n++;
      if (hi - lo >= COLOUR_RULE.COLOUR_CHROMA) coloured++;
    }
  }
  return n ? coloured / n : 0;
}

/**
 * THE CLEAN-PAGE RULE: preparation is only for pages on clean paper, where at least MIN_PAPER_SHARE of the sampled
 * pixels are near white (>= PAPER_LEVEL in every channel): born-digital renders, screenshots and flatbed scans.
 * Phone photos of receipts (grey or tinted paper, shading, a colour cast) are read as before: on a set of
 * receipt scans, flattening and enlarging photos with 2-17% white paper lost their vendor, date and currency,
 * while receipts scanned on white (83-99%) gained totals.
 */
export const CLEAN_PAGE_RULE = { PAPER_LEVEL: 235, MIN_PAPER_SHARE: 0.6 } as const;

/** Share of sampled pixels that are near-white paper. `channels` is 1 (grey), 3 or 4. */
export function paperShare(px: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): number {
  const step = COLOUR_RULE.SAMPLE_STEP;
  const level = CLEAN_PAGE_RULE.PAPER_LEVEL;
  let n = 0;
  let paper = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0, p = y * width * channels; x < width; x += step, p += step * channels) {
      n++;
      if (px[p]! >= level && (channels < 3 || (px[p + 1]! >= level && px[p + 2]! >= level))) paper++;
    }
  }
  return n ? paper / n : 0;
}

export function isCleanPage(px: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): boolean {
  return paperShare(px, width, height, channels) >= CLEAN_PAGE_RULE.MIN_PAPER_SHARE;
}

/** Coloured print on clean paper: what gets the ink-preserving grey and the flattened background. */
export function isColouredPage(px: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): boolean {
  return channels >= 3 && colourShare(px, width, height, channels) >= COLOUR_RULE.COLOUR_SHARE && isCleanPage(px, width, height, channels);
}

/**
 * Grey that keeps coloured ink dark: the mean of luminance and the darkest channel. Orange (255,153,0) has
 * luminance 166 (lost by a threshold) but comes out 83; grey pixels come out as their luminance; a pale blue
 * row (200,225,245) stays light (210).
 */
export function inkGray(px: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): GrayPixels {
  const n = width * height;
  const out = Buffer.allocUnsafe(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = px[p]!;
    const g = px[p + 1]!;
    const b = px[p + 2]!;
    const lum = (r * 77 + g * 150 + b * 29) >> 8;
    const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
    out[i] = (lum + lo) >> 1;
  }
  return { data: out, width, height };
}

/** Background estimate cell: the brightest pixel of each CELL x CELL block, then the max over 3 x 3 blocks. */
const BG_CELL = 16;
/** Where the local background is darker than this, the area is a solid dark shape (a logo, a black bar): left alone. */
const BG_MIN = 96;
/** After flattening, ink is darkened by this factor (255 - v scaled), so light grey print (#999) becomes solid. */
const INK_GAIN = 1.6;

/**
 * Divides each pixel by the brightness of the paper around it (the local maximum over ~3 cells), so tinted
 * table rows, shaded bands and uneven lighting become white while the ink on them keeps its contrast; then
 * strengthens faint ink. A cell holding only a large glyph's stroke takes its neighbours' paper.
 */
export function flattenBackground(img: GrayPixels): GrayPixels {
  const { width: W, height: H, data } = img;
  const cw = Math.ceil(W / BG_CELL);
  const ch = Math.ceil(H / BG_CELL);
  const cell = new Uint8Array(cw * ch);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const crow = ((y / BG_CELL) | 0) * cw;
    for (let x = 0; x < W; x++) {
      const v = data[row + x]!;
      const c = crow + ((x / BG_CELL) | 0);
      if (v > cell[c]!) cell[c] = v;
    }
  }
  // 3 x 3 max over cells: text lines thinner than a cell always have paper within reach.
  const bg = new Uint8Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = cy + dy;
        if (yy < 0 || yy >= ch) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = cx + dx;
          if (xx < 0 || xx >= cw) continue;
          const v = cell[yy * cw + xx]!;
          if (v > m) m = v;
        }
      }
      bg[cy * cw + cx] = m;
    }
  }
  const out = Buffer.allocUnsafe(W * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const crow = ((y / BG_CELL) | 0) * cw;
    for (let x = 0; x < W; x++) {
      const v = data[row + x]!;
      const b = bg[crow + ((x / BG_CELL) | 0)]!;
      if (b < BG_MIN) {
        out[row + x] = v;
        continue;
      }
      const flat = Math.min(255, (v * 255) / b);
      const inked = 255 - (255 - flat) * INK_GAIN;
      out[row + x] = inked <= 0 ? 0 : inked >= 255 ? 255 : inked;
    }
  }
  return { data: out, width: W, height: H };
}

/**
 * Grey for OCR from decoded colour pixels: plain luminance for black-and-white pages (what tesseract was
 * measured on), ink-preserving grey with a flattened background for coloured ones.
 */
export function grayForOcr(
  px: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
): { gray: GrayPixels; coloured: boolean } {
  if (isColouredPage(px, width, height, channels)) {
    return { gray: flattenBackground(inkGray(px, width, height, channels)), coloured: true };
  }
  const n = width * height;
  const out = Buffer.allocUnsafe(n);
  if (channels === 1) out.set(px.subarray(0, n));
  else for (let i = 0, p = 0; i < n; i++, p += channels) out[i] = (px[p]! * 77 + px[p + 1]! * 150 + px[p + 2]! * 29) >> 8;
  return { gray: { data: out, width, height }, coloured: false };
}

/**
 * THE SMALL-PRINT RULE: when the x-height estimate (estimateXHeight, which runs ~3 px over the true x-height)
 * is at most SMALL_XHEIGHT, the page is recognised enlarged so the estimate reaches TARGET_XHEIGHT, by at most
 * MAX_FACTOR and within the OCR pixel budget. A 96-dpi screenshot of an invoice estimates about 10; receipts
 * scanned at 150-200 dpi estimate 16-18 and are left alone.
 */
export const SMALL_PRINT_RULE = { SMALL_XHEIGHT: 12, TARGET_XHEIGHT: 20, MAX_FACTOR: 3 } as const;

export function upscaleFactor(xHeight: number | null, width: number, height: number, maxPixels: number, clean = true): number {
  const R = SMALL_PRINT_RULE;
  // Only clean pages (the clean-page rule): on a shaded photo the x-height estimate counts noise as letters.
  if (!clean || xHeight === null || xHeight > R.SMALL_XHEIGHT) return 1;
  let f = Math.min(R.MAX_FACTOR, R.TARGET_XHEIGHT / Math.max(1, xHeight));
  if (width * height * f * f > maxPixels) f = Math.sqrt(maxPixels / (width * height));
  return f > 1.05 ? f : 1;
}

/** Enlarges a grey page (cubic: sharper glyph edges than linear at the same cost as lanczos on grey). */
export async function upscale(img: GrayPixels, factor: number): Promise<GrayPixels> {
  const width = Math.max(1, Math.round(img.width * factor));
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize({ width, kernel: 'cubic' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Reading one region of a page again: the page is prepared exactly as for its first OCR (same grey, same
 * right-angle turn and deskew, so the first reading's word boxes address the same pixels), the region is cut out
 * with a margin, and it is recognised at each requested scale and page segmentation. A small crop costs a
 * fraction of a page: at 2-3x a total's line is ~0.1-0.3 s per reading.
 */
import sharp from 'sharp';
import type { RereadInput, RereadReading } from './tasks.js';
import type { GrayPixels } from './image-decode.js';
import { fail } from './failures.js';
import { recognizeImage, wordsFromTsv } from './ocr-engine.js';
import { rotateFine, rotateRightAngle, toPgm } from './orientation.js';
import { pageToGray } from './page-raster.js';

/**
 * Default readings: a single text line (PSM 7) and a uniform block (PSM 6, for a value that wraps or whose
 * box cuts a neighbour), each at 2x and 3x. Enlarging is what rescues thin receipt digits ("8" read as "0",
 * "." lost); the line mode stops tesseract from splitting a label and its amount into two blocks.
 */
export const REREAD_VARIANTS: ReadonlyArray<{ scale: number; psm: 6 | 7 | 8 | 11 | 13 }> = [
  { scale: 2, psm: 7 },
  { scale: 3, psm: 7 },
  { scale: 2, psm: 6 },
  { scale: 3, psm: 6 },
];

/*
 * Measured and not kept (1 December 2026, sroie-train through the whole pipeline): the region flattened with its ink
 * darkened (page-prep.ts's flattenBackground) before enlarging, to bring faint thermal strokes up to solid ones. Read
 * that way instead, ground-truth date and total lines gained confident right readings (34 -> 38 of 93, 35 -> 39 of
 * 83) but the pipeline's figures did not move (company 76, date 90, total 89 -> 88, straight-through 51 -> 50); as an
 * extra reading wherever a plain one had a word below 90%, nothing changed at +5% CPU.
 */

/** Margin around the region, in heights of the region: glyph edges cut off by a tight box are misread. */
const MARGIN = 0.35;

function crop(img: GrayPixels, x0: number, y0: number, x1: number, y1: number): GrayPixels {
  const w = x1 - x0;
  const h = y1 - y0;
  const data = Buffer.allocUnsafe(w * h);
  for (let y = 0; y < h; y++) img.data.copy(data, y * w, (y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w);
  return { data, width: w, height: h };
}

async function enlarge(img: GrayPixels, scale: number): Promise<GrayPixels> {
  if (Math.abs(scale - 1) < 1e-3) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize({ width: Math.max(1, Math.round(img.width * scale)), kernel: 'cubic' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function rereadRegion(input: RereadInput, bytes: Buffer, deadline: () => number): Promise<RereadReading[]> {
  const raster = await pageToGray(input, bytes);
  const turned = rotateRightAngle(raster.gray, input.rotation);
  const page = Math.abs(input.skew) > 0 ? await rotateFine(turned, -input.skew) : turned;
  // The first OCR's image and this one are the same pixels; a different size means the file changed under us,
  // or the caller passed another page's geometry. Scale rather than refuse: the box still points near the value.
  const kx = page.width / Math.max(1, input.width);
  const ky = page.height / Math.max(1, input.height);
  const b = input.box;
  if (!(b.x1 > b.x0 && b.y1 > b.y0)) fail('internal', 're-read region is empty');
  const pad = MARGIN * (b.y1 - b.y0);
  const x0 = Math.max(0, Math.floor((b.x0 - pad) * kx));
  const y0 = Math.max(0, Math.floor((b.y0 - pad) * ky));
  const x1 = Math.min(page.width, Math.ceil((b.x1 + pad) * kx));
  const y1 = Math.min(page.height, Math.ceil((b.y1 + pad) * ky));
  if (x1 - x0 < 2 || y1 - y0 < 2) fail('internal', 're-read region lies outside the page');
  const region = crop(page, x0, y0, x1, y1);

  const readings: RereadReading[] = [];
  for (const v of input.variants ?? REREAD_VARIANTS) {
    const left = deadline();
    if (left <= 0) break;
    const img = await enlarge(region, v.scale);
    const scale = img.width / region.width;
    const result = await recognizeImage(toPgm(img), {
      lang: input.lang || 'eng',
      psm: String(v.psm),
      dpi: raster.dpi * scale,
      timeoutMs: left,
    });
    // Back to the first OCR's page coordinates: undo the enlargement, add the crop's corner, undo any size change.
    const words = wordsFromTsv(result.tsv).map((w) => ({
      ...w,
      x0: Math.round((w.x0 / scale + x0) / kx),
      y0: Math.round((w.y0 / scale + y0) / ky),
      x1: Math.round((w.x1 / scale + x0) / kx),
      y1: Math.round((w.y1 / scale + y0) / ky),
    }));
    const confidence = words.length ? words.reduce((a, w) => a + w.conf, 0) / words.length : 0;
    readings.push({ scale: v.scale, psm: v.psm, text: result.text.trim(), confidence: Math.round(confidence * 10) / 10, words });
  }
  return readings;
}

/**
 * Image files (PNG, JPEG, TIFF incl. multi-page, BMP, WebP, GIF) → pixels, with the decompression-bomb
 * guard applied from the header before any pixel is decoded.
 */
import sharp from 'sharp';
import type { FileKind } from './tasks.js';
import { decodeBmp, readBmpHeader } from './bmp.js';
import { fail, fromImageError, TaskFailureError } from './failures.js';

// Worker threads already give one task per core; libvips' own thread pool on top only oversubscribes,
// and its operation cache holds whole decoded pages that are never asked for twice.
sharp.concurrency(1);
sharp.cache(false);

const KIND_LABEL: Record<FileKind, string> = {
  pdf: 'PDF',
  png: 'PNG',
  jpeg: 'JPEG',
  tiff: 'TIFF',
  bmp: 'BMP',
  webp: 'WebP',
  gif: 'GIF',
  xml: 'XML',
};

export interface ImageProbe {
  width: number;
  height: number;
  pages: number;
  /** Resolution from the file, or null when it does not say. */
  dpi: number | null;
}

function tooLarge(kind: FileKind, width: number, height: number, maxPixels: number): never {
  fail(
    'too_large',
    `${KIND_LABEL[kind]} image is too large to open safely (${width} x ${height} pixels, limit ${Math.round(maxPixels / 1e6)} megapixels)`,
  );
}

/** Header only: sharp's metadata() does not decode pixels, so a bomb is refused before it can explode. */
export async function probeImage(bytes: Buffer, kind: FileKind, maxPixels: number): Promise<ImageProbe> {
  try {
    if (kind === 'bmp') {
      const h = readBmpHeader(bytes);
      if (h.width * h.height > maxPixels) tooLarge(kind, h.width, h.height, maxPixels);
      return { width: h.width, height: h.height, pages: 1, dpi: h.xPelsPerMeter > 0 ? Math.round(h.xPelsPerMeter * 0.0254) : null };
    }
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (width <= 0 || height <= 0) fail('damaged', `damaged ${KIND_LABEL[kind]} image: no dimensions in the header`);
    if (width * height > maxPixels) tooLarge(kind, width, height, maxPixels);
    // Multi-frame GIFs are animations, not documents: only TIFF frames count as pages.
    const pages = kind === 'tiff' ? Math.max(1, meta.pages ?? 1) : 1;
    // 72 is what many writers store when they know nothing (the PNG/JPEG default), not a real scan resolution.
    const dpi = meta.density && meta.density >= 50 && meta.density <= 4800 && Math.round(meta.density) !== 72 ? meta.density : null;
    return { width, height, pages, dpi };
  } catch (err) {
    if (err instanceof TaskFailureError) throw err;
    throw new TaskFailureError(fromImageError(err, KIND_LABEL[kind]));
  }
}

export interface DecodedImage {
  /** A sharp pipeline over the page's pixels (BMP arrives as raw RGB). */
  image: sharp.Sharp;
  width: number;
  height: number;
  dpi: number | null;
  pages: number;
}

/**
 * Opens one page of an image file. Decoding is deferred to the caller's toBuffer(), so errors surface
 * there: wrap it with imageErrorBoundary.
 */
export async function openImagePage(bytes: Buffer, kind: FileKind, pageIndex: number, maxPixels: number): Promise<DecodedImage> {
  const probe = await probeImage(bytes, kind, maxPixels);
  if (pageIndex < 0 || pageIndex >= probe.pages) {
    fail('internal', `page ${pageIndex + 1} does not exist: the ${KIND_LABEL[kind]} image has ${probe.pages} page(s)`);
  }
  if (kind === 'bmp') {
    const bmp = decodeBmp(bytes);
    const image = sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
    return { image, width: bmp.width, height: bmp.height, dpi: bmp.dpi, pages: 1 };
  }
  let width = probe.width;
  let height = probe.height;
  if (kind === 'tiff' && probe.pages > 1) {
    // Frames of a TIFF may differ in size; the header probe above read frame 0 only.
    try {
      const meta = await sharp(bytes, { page: pageIndex, limitInputPixels: false }).metadata();
      width = meta.width ?? width;
      height = meta.pageHeight ?? meta.height ?? height;
      if (width * height > maxPixels) tooLarge(kind, width, height, maxPixels);
    } catch (err) {
      if (err instanceof TaskFailureError) throw err;
      throw new TaskFailureError(fromImageError(err, KIND_LABEL[kind]));
    }
  }
  // failOn 'truncated': a cut-off file is reported, not silently padded with grey rows.
  const image = sharp(bytes, { page: pageIndex, pages: 1, limitInputPixels: Math.max(1, Math.floor(maxPixels)), failOn: 'truncated' })
    // EXIF orientation from cameras/phones: upright the pixels before anything measures them.
    .autoOrient();
  return { image, width, height, dpi: probe.dpi, pages: probe.pages };
}

/** Maps sharp errors raised while decoding into image failures. */
export async function imageErrorBoundary<T>(kind: FileKind, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TaskFailureError) throw err;
    throw new TaskFailureError(fromImageError(err, KIND_LABEL[kind]));
  }
}

export interface GrayPixels {
  data: Buffer;
  width: number;
  height: number;
}

/** Decodes to 8-bit greyscale, white-flattening any alpha (transparent scans would otherwise go black). */
export async function toGray(image: sharp.Sharp, kind: FileKind): Promise<GrayPixels> {
  return imageErrorBoundary(kind, async () => {
    const { data, info } = await image.flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) fail('internal', `unexpected channel count ${info.channels} after greyscale`);
    return { data, width: info.width, height: info.height };
  });
}

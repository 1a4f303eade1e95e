/**
 * One page of any supported file as pixels: PDF pages rendered by pdfjs, image pages decoded by sharp.
 * OCR wants grey at ~300 dpi; the UI wants colour at a given size.
 */
import sharp from 'sharp';
import type { FileKind } from './tasks.js';
import { fail } from './failures.js';
import { closePdf, openPdf } from './pdf-document.js';
import { fitScale, OCR_MAX_PIXELS, OCR_TARGET_DPI, renderPageRgba } from './pdf-render.js';
import { imageBoxes } from './pdf-text.js';
import { imageErrorBoundary, openImagePage, toGray, type GrayPixels } from './image-decode.js';
import { grayForOcr, isColouredPage } from './page-prep.js';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { OpenedPdf } from './pdf-document.js';

export interface PageSource {
  path: string;
  kind: FileKind;
  pageIndex: number;
  maxPixels: number;
}

export interface GrayRaster {
  gray: GrayPixels;
  dpi: number;
}

async function withPdfPage<T>(bytes: Buffer, pageIndex: number, fn: (page: PDFPageProxy, pdf: OpenedPdf) => Promise<T>): Promise<T> {
  const pdf = await openPdf(bytes);
  try {
    if (pageIndex < 0 || pageIndex >= pdf.doc.numPages) {
      fail('internal', `page ${pageIndex + 1} does not exist: the PDF has ${pdf.doc.numPages} page(s)`);
    }
    const page = await pdf.doc.getPage(pageIndex + 1);
    try {
      return await fn(page, pdf);
    } finally {
      page.cleanup();
    }
  } finally {
    await closePdf(pdf);
  }
}

/**
 * Resolution assumed for images whose header does not state one: a page-sized image is taken as a
 * letter/A4 page (11 inches on the long side), clamped to sane scanner values.
 */
function guessDpi(width: number, height: number): number {
  return Math.max(100, Math.min(600, Math.round(Math.max(width, height) / 11)));
}

/** Scans above this are downsampled to OCR_TARGET_DPI: tesseract gains nothing and slows down. */
const MAX_USEFUL_DPI = OCR_TARGET_DPI * 1.1;

/**
 * Grey crops of the images painted on a PDF page, rendered at OCR resolution (the page is rendered as a
 * whole, so images drawn with masks or transforms come out as the reader sees them). At most `max` crops,
 * largest first; each at least `minAreaRatio` of the page.
 */
export async function pdfImageCropsToGray(
  src: PageSource,
  bytes: Buffer,
  minAreaRatio: number,
  max: number,
): Promise<Array<GrayRaster & { y0: number }>> {
  const budget = Math.min(OCR_MAX_PIXELS, src.maxPixels);
  return withPdfPage(bytes, src.pageIndex, async (page) => {
    const boxes = (await imageBoxes(page, minAreaRatio)).slice(0, max);
    if (!boxes.length) return [];
    const fit = fitScale(page, OCR_TARGET_DPI, budget);
    const { rgba, width, height } = await renderPageRgba(page, fit);
    const gray = grayForOcr(rgba, width, height, 4).gray;
    return boxes.map((b) => {
      const x0 = Math.floor(b.x0 * width);
      const y0 = Math.floor(b.y0 * height);
      const w = Math.max(1, Math.min(width - x0, Math.ceil((b.x1 - b.x0) * width)));
      const h = Math.max(1, Math.min(height - y0, Math.ceil((b.y1 - b.y0) * height)));
      const data = Buffer.allocUnsafe(w * h);
      for (let y = 0; y < h; y++) gray.data.copy(data, y * w, (y0 + y) * width + x0, (y0 + y) * width + x0 + w);
      return { gray: { data, width: w, height: h }, dpi: fit.dpi, y0: b.y0 };
    });
  });
}

export async function pageToGray(src: PageSource, bytes: Buffer): Promise<GrayRaster> {
  const budget = Math.min(OCR_MAX_PIXELS, src.maxPixels);
  if (src.kind === 'pdf') {
    return withPdfPage(bytes, src.pageIndex, async (page) => {
      const fit = fitScale(page, OCR_TARGET_DPI, budget);
      const { rgba, width, height } = await renderPageRgba(page, fit);
      return { gray: grayForOcr(rgba, width, height, 4).gray, dpi: fit.dpi };
    });
  }
  const img = await openImagePage(bytes, src.kind, src.pageIndex, src.maxPixels);
  let dpi = img.dpi ?? guessDpi(img.width, img.height);
  let scale = 1;
  if (dpi > MAX_USEFUL_DPI) scale = OCR_TARGET_DPI / dpi;
  if (img.width * img.height * scale * scale > budget) scale = Math.sqrt(budget / (img.width * img.height));
  let pipeline = img.image;
  if (Math.abs(scale - 1) > 0.001) {
    // Cubic (Catmull-Rom) costs ~55 ms on a 300 dpi A4 page where lanczos3 costs ~100 ms, with the
    // same text (CER 0.98% both on a dense scanned page); linear was cheaper still but cost 0.05 points there.
    pipeline = pipeline.resize({ width: Math.max(1, Math.round(img.width * scale)), kernel: 'cubic' });
    dpi = Math.round(dpi * scale);
  }
  const gray = await toOcrGray(pipeline, src.kind);
  return { gray, dpi };
}

/**
 * Grey pixels for OCR. Grey files go straight through sharp's greyscale; colour files are decoded as RGB so
 * that coloured print can be kept dark (see page-prep.ts), which costs one pass over the pixels.
 */
async function toOcrGray(image: sharp.Sharp, kind: FileKind): Promise<GrayPixels> {
  const meta = await imageErrorBoundary(kind, () => image.metadata());
  if ((meta.channels ?? 3) <= 2 || meta.space === 'b-w') return toGray(image, kind);
  return imageErrorBoundary(kind, async () => {
    const { data, info } = await image.flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (isColouredPage(data, info.width, info.height, info.channels)) return grayForOcr(data, info.width, info.height, info.channels).gray;
    // Black-and-white content: libvips's own greyscale, which every OCR figure in bench/README was measured on.
    return toGray(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }), kind);
  });
}

export interface ColourRender {
  bytes: Buffer;
  width: number;
  height: number;
  mime: string;
}

/**
 * A colour image of the page for the UI and the searchable-PDF export, with OCR's right-angle
 * rotation and deskew applied so OCR word boxes (scaled by width ratio) line up.
 */
export async function pageToImage(
  src: PageSource,
  bytes: Buffer,
  opts: { maxSide: number; rotation: number; skew: number; format: 'png' | 'jpeg' },
): Promise<ColourRender> {
  let pipeline: sharp.Sharp;
  if (src.kind === 'pdf') {
    pipeline = await withPdfPage(bytes, src.pageIndex, async (page) => {
      // Up to 300 dpi for the UI and searchable-PDF export (sharper than the OCR copy), bounded by maxSide.
      const fit = fitScale(page, 300, Math.min(OCR_MAX_PIXELS, src.maxPixels), opts.maxSide);
      const { rgba, width, height } = await renderPageRgba(page, fit);
      return sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } });
    });
  } else {
    const img = await openImagePage(bytes, src.kind, src.pageIndex, src.maxPixels);
    // Materialise the decoded page first so rotate/resize below apply in a predictable order.
    const { data, info } = await imageErrorBoundary(src.kind, () =>
      img.image
        .resize({
          width: img.width >= img.height ? Math.min(img.width, opts.maxSide) : undefined,
          height: img.height > img.width ? Math.min(img.height, opts.maxSide) : undefined,
          fit: 'inside',
          withoutEnlargement: true,
        })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
    pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  const rotation = (((Math.round(opts.rotation / 90) * 90) % 360) + 360) % 360;
  if (rotation !== 0) {
    // sharp allows one rotate per pipeline: materialise the right-angle turn, then deskew.
    const turned = await pipeline.rotate(rotation).raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(turned.data, { raw: { width: turned.info.width, height: turned.info.height, channels: turned.info.channels } });
  }
  if (Math.abs(opts.skew) >= 1e-3) pipeline = pipeline.rotate(-opts.skew, { background: { r: 255, g: 255, b: 255 } });
  pipeline = pipeline.flatten({ background: '#ffffff' });
  const out = opts.format === 'jpeg' ? pipeline.jpeg({ quality: 85, mozjpeg: false }) : pipeline.png({ compressionLevel: 6 });
  const { data, info } = await out.toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height, mime: opts.format === 'jpeg' ? 'image/jpeg' : 'image/png' };
}

/**
 * Rendering PDF pages to pixels with pdfjs + @napi-rs/canvas (the single top-level copy, which is also
 * the one pdfjs's own NodeCanvasFactory requires: two copies break fill rules).
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { TaskFailureError } from './failures.js';
import { canvasModule } from './pdf-document.js';
import type { GrayPixels } from './image-decode.js';

/**
 * Resolution pages are OCR'd at. Measured on a dense scanned article page: 300 dpi CER 0.98%, 250 dpi 0.96-0.98%, 200 dpi 1.01%.
 * Tesseract's LSTM rescales every text line to a fixed height, so recognition CPU barely depends on dpi
 * (250 saves ~5%); the real gain is 30% fewer pixels to render, hold and pass around. 250 keeps 7 pt
 * print at ~12 px x-height.
 */
export const OCR_TARGET_DPI = 250;
/**
 * Pixel budget for one OCR page: A3 at 300 dpi (17.4 MP) still fits; posters and 2400-dpi scans are
 * rendered smaller. Keeps a thread's peak memory (canvas RGBA + grey copy + tesseract) near 0.5 GB.
 */
export const OCR_MAX_PIXELS = 18_000_000;

export interface RenderScale {
  scale: number;
  dpi: number;
  width: number;
  height: number;
}

/** The largest scale up to targetDpi whose pixel count stays under the budget(s). */
export function fitScale(page: PDFPageProxy, targetDpi: number, maxPixels: number, maxSide = Infinity): RenderScale {
  const vp = page.getViewport({ scale: 1 });
  const w = Math.max(1, vp.width);
  const h = Math.max(1, vp.height);
  let scale = targetDpi / 72;
  if (w * h * scale * scale > maxPixels) scale = Math.sqrt(maxPixels / (w * h));
  if (Math.max(w, h) * scale > maxSide) scale = maxSide / Math.max(w, h);
  scale = Math.max(scale, 1e-3);
  return { scale, dpi: Math.round(scale * 72), width: Math.max(1, Math.floor(w * scale)), height: Math.max(1, Math.floor(h * scale)) };
}

export const RENDER_TIMEOUT_MS = 60_000;

/** Renders a page (its /Rotate applied by pdfjs) on white; returns RGBA. */
export async function renderPageRgba(
  page: PDFPageProxy,
  fit: RenderScale,
  timeoutMs = RENDER_TIMEOUT_MS,
): Promise<{ rgba: Uint8ClampedArray; width: number; height: number }> {
  const viewport = page.getViewport({ scale: fit.scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  // (loaded here, not imported: pdfjs's globals must switch to the real canvas classes before it draws)
  const canvas = canvasModule().createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const task = page.render({
    // pdfjs draws through the canvas's own 2d context (the same object as ctx for @napi-rs/canvas).
    canvas: canvas as unknown as Parameters<PDFPageProxy['render']>[0]['canvas'],
    viewport,
    // Forms and annotations are drawn (filled-in form fields are content a clerk needs).
    background: 'rgb(255,255,255)',
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      task.promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          task.cancel();
          reject(
            new TaskFailureError({
              ok: false,
              code: 'timeout',
              message: `drawing the page took longer than ${Math.round(timeoutMs / 1000)} s`,
              transient: true,
            }),
          );
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  const img = ctx.getImageData(0, 0, width, height);
  return { rgba: img.data as unknown as Uint8ClampedArray, width, height };
}

/** RGBA → 8-bit luma (BT.601 integer weights); cheaper than handing sharp a raw round trip. */
export function rgbaToGray(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): GrayPixels {
  const n = width * height;
  const out = Buffer.allocUnsafe(n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    out[i] = ((rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8) & 0xff;
  }
  return { data: out, width, height };
}

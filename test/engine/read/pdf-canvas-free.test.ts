/**
 * pdfjs is imported without @napi-rs/canvas in threads that only read text layers (pdf-document.ts): a text read
 * must not load the native addon, and a page drawn after it (OCR of a scan in the same thread) must come out the
 * same as one drawn in a thread that loaded canvas first: vector paths stroked under a non-uniform scale (pdfjs's
 * module-level DOMMatrix), images (ImageData), filled shapes (Path2D).
 */
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PDFDocument,
  StandardFonts,
  concatTransformationMatrix,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setLineWidth,
  stroke,
} from 'pdf-lib';
import sharp from 'sharp';
import { createTaskPool } from '../../../src/engine/pipeline/pool.js';
import { inspect, render } from '../../../src/engine/read/worker.js';
import type { RenderInput } from '../../../src/engine/read/tasks.js';
import { tempDir, textPdf } from './fixtures.js';

const tmp = tempDir('canvas-free');
afterAll(() => tmp.cleanup());

async function drawingPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Drawn after a text read', { x: 20, y: 170, size: 12, font });
  page.drawRectangle({ x: 20, y: 20, width: 80, height: 50, color: rgb(0.2, 0.4, 0.8), borderColor: rgb(0, 0, 0), borderWidth: 2 });
  page.drawEllipse({ x: 160, y: 60, xScale: 30, yScale: 20, color: rgb(0.9, 0.3, 0.1) });
  // A stroke under a non-uniform scale: pdfjs rescales the path through its module-level DOMMatrix.
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(4, 0, 0, 1, 0, 0),
    setLineWidth(1.5),
    moveTo(5, 110),
    lineTo(60, 150),
    lineTo(70, 110),
    stroke(),
    popGraphicsState(),
  );
  const pixels = Buffer.alloc(16 * 16 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) & 0xff;
  const png = await sharp(pixels, { raw: { width: 16, height: 16, channels: 3 } })
    .png()
    .toBuffer();
  page.drawImage(await doc.embedPng(png), { x: 220, y: 120, width: 60, height: 60 });
  return doc.save();
}

const canvasBindingLoaded = (): boolean =>
  Object.keys(createRequire(import.meta.url).cache).some((k) => /@napi-rs[\\/]canvas[\\/](index|js-binding)\.js$/.test(k));

describe('pdfjs without canvas for text reads', () => {
  it('reads a text layer without loading the canvas addon, then draws a page like a thread that had canvas from the start', async () => {
    const text = tmp.file('text.pdf', await textPdf());
    const drawing = tmp.file('drawing.pdf', await drawingPdf());
    const page: RenderInput = { path: drawing, kind: 'pdf', pageIndex: 0, maxSide: 600, maxPixels: 10_000_000, format: 'png' };

    // This file's module state: nothing has loaded pdfjs or canvas yet.
    const read = await inspect({ path: text, kind: 'pdf', maxPixels: 10_000_000 });
    expect(read).toMatchObject({ ok: true, pageCount: 1 });
    expect(canvasBindingLoaded()).toBe(false);
    const here = await render(page);
    expect(here).toMatchObject({ ok: true, width: 600, height: 400 });
    expect(canvasBindingLoaded()).toBe(true);

    // The same in reader threads of the built task file: text first, and drawing first.
    const textFirst = createTaskPool({ threads: 1 });
    const drawFirst = createTaskPool({ threads: 1 });
    try {
      expect(await textFirst.inspect({ path: text, kind: 'pdf', maxPixels: 10_000_000 })).toMatchObject({ ok: true });
      const [a, b] = await Promise.all([textFirst.render(page), drawFirst.render(page)]);
      if (!a.ok || !b.ok || !here.ok) throw new Error('a render failed');
      const raw = async (png: Uint8Array) => sharp(png).raw().toBuffer();
      const reference = await raw(b.bytes);
      // (a blank page would match trivially: the drawing must have ink)
      expect(reference.some((v) => v < 128)).toBe(true);
      expect((await raw(a.bytes)).equals(reference)).toBe(true);
      expect((await raw(here.bytes)).equals(reference)).toBe(true);
    } finally {
      await Promise.all([textFirst.close(), drawFirst.close()]);
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { ocr, render, shutdown } from '../../../src/engine/read/worker.js';
import {
  COLOUR_RULE,
  colourShare,
  flattenBackground,
  grayForOcr,
  inkGray,
  isCleanPage,
  isColouredPage,
  paperShare,
  SMALL_PRINT_RULE,
  upscaleFactor,
} from '../../../src/engine/read/page-prep.js';
import { join } from 'node:path';
import { EVAL, tempDir } from './fixtures.js';

const tmp = tempDir('prep');
afterAll(async () => {
  await shutdown();
  tmp.cleanup();
});

/** A W x H RGB page, white, with rectangles painted in given colours. */
function page(w: number, h: number, rects: Array<{ x: number; y: number; w: number; h: number; c: [number, number, number] }>): Buffer {
  const px = Buffer.alloc(w * h * 3, 255);
  for (const r of rects)
    for (let y = r.y; y < r.y + r.h; y++)
      for (let x = r.x; x < r.x + r.w; x++) {
        const p = (y * w + x) * 3;
        px[p] = r.c[0];
        px[p + 1] = r.c[1];
        px[p + 2] = r.c[2];
      }
  return px;
}

describe('the coloured-page rule', () => {
  it('finds orange headings on a white page and nothing on black-and-white or greyish noise', () => {
    const orange = page(400, 400, [{ x: 20, y: 20, w: 200, h: 12, c: [255, 153, 0] }]);
    expect(colourShare(orange, 400, 400, 3)).toBeGreaterThan(COLOUR_RULE.COLOUR_SHARE);
    expect(isColouredPage(orange, 400, 400, 3)).toBe(true);
    const black = page(400, 400, [{ x: 20, y: 20, w: 200, h: 12, c: [0, 0, 0] }]);
    expect(isColouredPage(black, 400, 400, 3)).toBe(false);
    // a greyish receipt photo: chroma from JPEG noise stays under the threshold
    const noisy = Buffer.alloc(400 * 400 * 3);
    for (let i = 0; i < noisy.length; i += 3) {
      const v = 180 + ((i * 2654435761) >>> 27);
      noisy[i] = v;
      noisy[i + 1] = v + 10;
      noisy[i + 2] = v - 12;
    }
    expect(isColouredPage(noisy, 400, 400, 3)).toBe(false);
    expect(isColouredPage(noisy, 400, 400, 1)).toBe(false);
  });
});

describe('the clean-page rule', () => {
  it('prepares pages on white paper only: a shaded photo with coloured ink is left as it is', () => {
    const clean = page(400, 400, [{ x: 20, y: 20, w: 200, h: 12, c: [255, 153, 0] }]);
    expect(paperShare(clean, 400, 400, 3)).toBeGreaterThan(0.95);
    expect(isCleanPage(clean, 400, 400, 3)).toBe(true);
    // a receipt photographed on a grey table: paper at 200, the same orange heading
    const photo = page(400, 400, [
      { x: 0, y: 0, w: 400, h: 400, c: [200, 196, 190] },
      { x: 20, y: 20, w: 200, h: 12, c: [255, 153, 0] },
    ]);
    expect(isCleanPage(photo, 400, 400, 3)).toBe(false);
    expect(isColouredPage(photo, 400, 400, 3)).toBe(false);
    expect(grayForOcr(photo, 400, 400, 3).coloured).toBe(false);
    expect(upscaleFactor(10, 789, 557, 18_000_000, false)).toBe(1);
    const grey = Buffer.alloc(100 * 100, 250);
    expect(isCleanPage(grey, 100, 100, 1)).toBe(true);
    expect(isCleanPage(Buffer.alloc(100 * 100, 180), 100, 100, 1)).toBe(false);
  });
});

describe('ink-preserving grey and background flattening', () => {
  it('keeps orange ink dark, grey as luminance, a pale blue row light', () => {
    const px = Buffer.from([255, 153, 0, 128, 128, 128, 200, 225, 245]);
    const g = inkGray(px, 3, 1, 3);
    expect(g.data[0]).toBeLessThan(90);
    expect(g.data[1]).toBe(128);
    expect(g.data[2]).toBeGreaterThan(200);
  });

  it('whitens a tinted band while its black text stays black, darkens light grey print, leaves a solid dark block', () => {
    const W = 320;
    const H = 240;
    const gray = Buffer.alloc(W * H, 255);
    const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
      for (let y = y0; y < y0 + h; y++) gray.fill(v, y * W + x0, y * W + x0 + w);
    };
    fill(0, 20, W, 80, 190); // a tinted band, taller than the paper search reaches
    fill(0, 110, W, 8, 215); // a thin tinted rule
    fill(30, 55, 60, 8, 0); // black text on the band
    fill(30, 120, 60, 8, 153); // light grey print on white
    fill(200, 140, 80, 80, 20); // a solid logo block
    const out = flattenBackground({ data: gray, width: W, height: H }).data;
    expect(out[60 * W + 200]).toBeGreaterThanOrEqual(250); // the band is paper now
    expect(out[113 * W + 200]).toBeGreaterThan(150); // a thin tint stays light
    expect(out[58 * W + 50]).toBeLessThanOrEqual(5);
    expect(out[123 * W + 50]).toBeLessThan(100); // was 153
    expect(out[10 * W + 10]).toBe(255);
    expect(out[180 * W + 240]).toBe(20); // inside the block: no paper in reach, untouched
  });

  it('converts black-and-white colour pixels with plain luminance (unchanged input to tesseract)', () => {
    const px = page(64, 64, [{ x: 8, y: 8, w: 30, h: 6, c: [40, 40, 40] }]);
    const { gray, coloured } = grayForOcr(px, 64, 64, 3);
    expect(coloured).toBe(false);
    expect(gray.data[10 * 64 + 10]).toBe(40);
    expect(gray.data[0]).toBe(255);
  });
});

describe('the small-print rule', () => {
  it('enlarges small print to the target x-height, at most 3x and within the pixel budget', () => {
    expect(upscaleFactor(10, 789, 557, 18_000_000)).toBeCloseTo(SMALL_PRINT_RULE.TARGET_XHEIGHT / 10);
    expect(upscaleFactor(4, 789, 557, 18_000_000)).toBe(SMALL_PRINT_RULE.MAX_FACTOR);
    expect(upscaleFactor(16, 789, 557, 18_000_000)).toBe(1);
    expect(upscaleFactor(null, 789, 557, 18_000_000)).toBe(1);
    expect(upscaleFactor(10, 4200, 4200, 18_000_000)).toBe(1); // 17.6 Mpx already: no room
  });
});

/** A page image of a made-up invoice: render a PDF (colour, given dpi) to PNG, as a scan or a screenshot would be. */
async function invoicePng(opts: { colour: [number, number, number]; maxSide: number }): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p = doc.addPage([595, 420]);
  const lines = ['Northwind Traders Invoice', 'Cloud Storage Service', 'Data Transfer Charges', 'Total amount due 418.50'];
  lines.forEach((t, i) =>
    p.drawText(t, { x: 40, y: 360 - i * 40, size: 14, font, color: i % 2 === 1 ? rgb(...opts.colour) : rgb(0, 0, 0) }),
  );
  const pdf = tmp.file(`src-${opts.maxSide}-${opts.colour.join('-')}.pdf`, await doc.save());
  const r = await render({ path: pdf, kind: 'pdf', pageIndex: 0, maxSide: opts.maxSide, maxPixels: 50_000_000, format: 'png' });
  if (!r.ok) throw new Error(r.message);
  return tmp.file(`page-${opts.maxSide}-${opts.colour.join('-')}.png`, r.bytes);
}

describe('OCR of coloured and low-resolution pages', () => {
  it('reads pale orange lines on a coloured page', async () => {
    // #FFB347-like pale orange: luminance ~190, which a global threshold turns into paper
    const path = await invoicePng({ colour: [1, 0.75, 0.35], maxSide: 2000 });
    const r = await ocr({ path, kind: 'png', pageIndex: 0, lang: 'eng', maxPixels: 50_000_000, timeoutMs: 120_000 });
    if (!r.ok) throw new Error(r.message);
    expect(r.text).toMatch(/Cloud Storage Service/);
    expect(r.text).toMatch(/Data Transfer Charges/);
    expect(r.text).toMatch(/418\.50/);
  }, 120_000);

  it('reads a 96-dpi screenshot enlarged (FlipkartInvoice.png), with word boxes in the screenshot pixels', async () => {
    const path = join(EVAL, 'invoices', 'FlipkartInvoice.png');
    const r = await ocr({ path, kind: 'png', pageIndex: 0, lang: 'eng', maxPixels: 50_000_000, timeoutMs: 120_000 });
    if (!r.ok) throw new Error(r.message);
    expect(r.width).toBe(789);
    // read at its own size these come out "Warehouse Ades", "Bogor", "Runa Signatory" and the total's tax "4039"
    expect(r.text).toMatch(/Warehouse Address/);
    expect(r.text).toMatch(/Bangalore/);
    expect(r.text).toMatch(/Authorized Signatory/);
    expect(r.text).toMatch(/Total 1 278\.61 40\.39 319\.00/);
    const grand = r.words.find((w) => w.text === 'Grand');
    expect(grand).toBeDefined();
    expect(grand!.x1).toBeLessThanOrEqual(789);
    expect(grand!.y1).toBeLessThanOrEqual(557);
  }, 120_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ocr, render, reread, shutdown } from '../../../src/engine/read/worker.js';
import { REREAD_VARIANTS } from '../../../src/engine/read/reread.js';
import type { OcrSuccess, OcrWord } from '../../../src/engine/read/tasks.js';
import { tempDir } from './fixtures.js';

const tmp = tempDir('reread');
afterAll(async () => {
  await shutdown();
  tmp.cleanup();
});

const MAX_PIXELS = 50_000_000;

/** A receipt-like page image: a few lines, the total among them. */
async function receiptPng(name: string, turn: 0 | 90): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  const page = doc.addPage([300, 420]);
  [
    'KEDAI RUNCIT MAJU',
    'NO 12 JALAN BESAR',
    'RICE 2KG          12.90',
    'SUGAR 1KG          3.20',
    'TOTAL            418.50',
    'CASH             500.00',
  ].forEach((t, i) => page.drawText(t, { x: 20, y: 380 - i * 28, size: 11, font }));
  const pdf = tmp.file(`${name}.pdf`, await doc.save());
  const r = await render({ path: pdf, kind: 'pdf', pageIndex: 0, maxSide: 1200, maxPixels: MAX_PIXELS, format: 'png' });
  if (!r.ok) throw new Error(r.message);
  const png = turn ? await sharp(Buffer.from(r.bytes)).rotate(turn).png().toBuffer() : Buffer.from(r.bytes);
  return tmp.file(`${name}.png`, png);
}

async function firstRead(path: string): Promise<{ page: OcrSuccess; total: OcrWord }> {
  const page = await ocr({ path, kind: 'png', pageIndex: 0, lang: 'eng', maxPixels: MAX_PIXELS, timeoutMs: 120_000 });
  if (!page.ok) throw new Error(page.message);
  const total = page.words.find((w) => w.text === '418.50');
  if (!total) throw new Error(`no total in the first reading: ${page.text}`);
  return { page, total };
}

const overlap = (a: OcrWord, b: OcrWord) => {
  const ix = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
  const iy = Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  return (ix * iy) / ((a.x1 - a.x0) * (a.y1 - a.y0));
};

describe('reread: one region read again at other scales and segmentations', () => {
  it.each([
    ['upright', 0],
    ['turned a quarter', 90],
  ] as const)(
    '%s page: every variant reads the total, with boxes where the first reading had it',
    async (name, turn) => {
      const path = await receiptPng(name.replace(/\W/g, '-'), turn);
      const { page, total } = await firstRead(path);
      if (turn) expect(page.rotation).not.toBe(0);
      const r = await reread({
        path,
        kind: 'png',
        pageIndex: 0,
        lang: 'eng',
        maxPixels: MAX_PIXELS,
        timeoutMs: 60_000,
        rotation: page.rotation,
        skew: page.skew,
        width: page.width,
        height: page.height,
        box: { x0: total.x0, y0: total.y0, x1: total.x1, y1: total.y1 },
      });
      if (!r.ok) throw new Error(r.message);
      expect(r.readings.map((x) => [x.scale, x.psm])).toEqual(REREAD_VARIANTS.map((v) => [v.scale, v.psm]));
      for (const reading of r.readings) {
        expect(reading.text).toContain('418.50');
        expect(reading.confidence).toBeGreaterThan(50);
        const again = reading.words.find((w) => w.text.includes('418.50'))!;
        expect(overlap(again, total), JSON.stringify({ again, total })).toBeGreaterThan(0.6);
      }
    },
    120_000,
  );

  it('runs only the variants asked for, and reports a region off the page as a failure', async () => {
    const path = await receiptPng('variants', 0);
    const { page, total } = await firstRead(path);
    const base = {
      path,
      kind: 'png' as const,
      pageIndex: 0,
      lang: 'eng',
      maxPixels: MAX_PIXELS,
      timeoutMs: 60_000,
      rotation: page.rotation,
      skew: page.skew,
      width: page.width,
      height: page.height,
    };
    const one = await reread({ ...base, box: total, variants: [{ scale: 1.5, psm: 7 }] });
    expect(one.ok && one.readings.map((x) => x.psm)).toEqual([7]);
    const off = await reread({ ...base, box: { x0: page.width + 50, y0: 10, x1: page.width + 90, y1: 30 } });
    expect(off).toMatchObject({ ok: false, code: 'internal' });
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ocr, render, shutdown } from '../../../src/engine/read/worker.js';
import type { OcrInput, OcrSuccess } from '../../../src/engine/read/tasks.js';
import { cer } from './cer.js';
import { EVAL, tempDir, textPdf } from './fixtures.js';

const MAX_PIXELS = 100_000_000;
const tmp = tempDir('ocr');
let pagePng = '';

function input(path: string, kind: OcrInput['kind'], extra: Partial<OcrInput> = {}): OcrInput {
  return { path, kind, pageIndex: 0, lang: 'eng', maxPixels: MAX_PIXELS, timeoutMs: 120_000, ...extra };
}

async function mustOcr(i: OcrInput): Promise<OcrSuccess> {
  const r = await ocr(i);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}

beforeAll(async () => {
  // A born-digital page rendered by our own render task at ~300 dpi: the "scan" we then rotate.
  const pdf = tmp.file('page.pdf', await textPdf());
  const r = await render({ path: pdf, kind: 'pdf', pageIndex: 0, maxSide: 1750, maxPixels: MAX_PIXELS, format: 'png' });
  if (!r.ok) throw new Error(r.message);
  pagePng = tmp.file('page.png', r.bytes);
});

afterAll(async () => {
  await shutdown();
  tmp.cleanup();
});

const KEY_PHRASES = [/INVOICE 2024-0117/, /Acme Office Supplies/, /Total amount due: 418\.50 EUR/];

describe('ocr', () => {
  it('reads an upright page with word boxes inside the image', async () => {
    const r = await mustOcr(input(pagePng, 'png'));
    for (const re of KEY_PHRASES) expect(r.text).toMatch(re);
    expect(r).toMatchObject({ rotation: 0, blank: false, index: 0 });
    expect(r.confidence).toBeGreaterThan(80);
    expect(r.words.length).toBeGreaterThan(15);
    for (const w of r.words) {
      expect(w.x0).toBeGreaterThanOrEqual(0);
      expect(w.x1).toBeLessThanOrEqual(r.width);
      expect(w.y1).toBeLessThanOrEqual(r.height);
    }
  });

  it.each([90, 180, 270])('reads a page turned by %i degrees and reports the fix', async (turn) => {
    const path = tmp.file(`turned-${turn}.png`, await sharp(pagePng).rotate(turn).png().toBuffer());
    const r = await mustOcr(input(path, 'png'));
    for (const re of KEY_PHRASES) expect(r.text).toMatch(re);
    // Turning clockwise by `turn` is undone by a clockwise turn of 360 - turn.
    expect(r.rotation).toBe((360 - turn) % 360);
    const meta = await sharp(pagePng).metadata();
    expect(r.width).toBe(meta.width);
    // The UI render with the same rotation has the OCR image's shape, so boxes line up.
    const img = await render({
      path,
      kind: 'png',
      pageIndex: 0,
      maxSide: 4000,
      maxPixels: MAX_PIXELS,
      rotation: r.rotation,
      skew: r.skew,
      format: 'jpeg',
    });
    expect(img).toMatchObject({ ok: true, width: r.width, height: r.height, mime: 'image/jpeg' });
  });

  it('linn.pdf: CER against linn.txt <= 3%', async () => {
    const r = await mustOcr(input(join(EVAL, 'scanned', 'linn.pdf'), 'pdf'));
    const score = cer(r.text, readFileSync(join(EVAL, 'scanned', 'linn.txt'), 'utf8'));
    console.log(`linn.pdf CER ${(score * 100).toFixed(2)}% in ${r.ms} ms (dpi ${r.dpi}, ${r.words.length} words)`);
    expect(score).toBeLessThanOrEqual(0.03);
  });

  it('skew.pdf: deskewed and readable', async () => {
    const r = await mustOcr(input(join(EVAL, 'scanned', 'skew.pdf'), 'pdf'));
    const score = cer(r.text, readFileSync(join(EVAL, 'scanned', 'linn.txt'), 'utf8'));
    console.log(`skew.pdf skew ${r.skew} deg, CER ${(score * 100).toFixed(2)}%`);
    expect(Math.abs(r.skew)).toBeGreaterThan(0.5);
    expect(score).toBeLessThanOrEqual(0.05);
  });

  it('cardinal.pdf page 4 (scan turned 90 degrees in the image): readable', async () => {
    const r = await mustOcr(input(join(EVAL, 'scanned', 'cardinal.pdf'), 'pdf', { pageIndex: 3 }));
    expect([90, 270]).toContain(r.rotation);
    expect(r.text).toMatch(/LinnSequencer/);
  });

  it('skips a blank page without running OCR', async () => {
    const path = tmp.file(
      'blank.png',
      await sharp({ create: { width: 1700, height: 2200, channels: 3, background: '#fbfbf8' } })
        .png()
        .toBuffer(),
    );
    const r = await mustOcr(input(path, 'png'));
    expect(r).toMatchObject({ blank: true, text: '', words: [] });
    expect(r.ms).toBeLessThan(1500);
  });

  it('returns a transient timeout past timeoutMs, then works again with a fresh engine', async () => {
    const r = await ocr(input(join(EVAL, 'scanned', 'linn.pdf'), 'pdf', { timeoutMs: 1200 }));
    expect(r).toMatchObject({ ok: false, code: 'timeout', transient: true });
    const again = await mustOcr(input(pagePng, 'png'));
    expect(again.text).toMatch(KEY_PHRASES[2]!);
  });

  it('page out of range and unknown language fail cleanly', async () => {
    expect((await ocr(input(pagePng, 'png', { pageIndex: 3 }))).ok).toBe(false);
    expect(await ocr(input(pagePng, 'png', { lang: 'xyz' }))).toMatchObject({ ok: false, code: 'unsupported' });
  });
});

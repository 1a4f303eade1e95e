import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { sniffBytes, SNIFF_BYTES } from '../../../src/engine/ingest/sniff.js';
import { processPaths } from '../../helpers/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

let engine: Engine | undefined;
afterAll(async () => engine?.close());

const PAGE_WORDS = ['Invoice ALPHA', 'Delivery BRAVO', 'Remittance CHARLIE'];

/** One scanned page: black text on a lightly speckled RGB background, as a colour scanner writes it. */
async function scanPage(words: string): Promise<Buffer> {
  const w = 1240;
  const h = 1754;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <text x="100" y="300" font-family="DejaVu Sans" font-size="90" fill="black">${words}</text></svg>`;
  // Speckle makes LZW produce megabytes of strips, so the directory lands far beyond the sniffed head.
  const noise = await sharp({
    create: { width: w, height: h, channels: 3, background: '#f4f1ea', noise: { type: 'gaussian', mean: 235, sigma: 12 } },
  })
    .png()
    .toBuffer();
  return sharp(noise)
    .composite([{ input: Buffer.from(svg) }])
    .removeAlpha()
    .png()
    .toBuffer();
}

/** Several IFDs, RGB, LZW, strips before directories: the layout of ImageMagick's and office scanners' output. */
async function multiPageLzwTiff(): Promise<Buffer> {
  const pages = await Promise.all(PAGE_WORDS.map(scanPage));
  return sharp(pages, { join: { animated: true } })
    .tiff({ compression: 'lzw' })
    .toBuffer();
}

describe('multi-page LZW TIFF', () => {
  it('is sniffed as TIFF although its first directory lies beyond the sniffed head, and every page is read', async () => {
    const tiff = await multiPageLzwTiff();
    // The layout under test: RGB, three directories, the first one past the bytes sniffing looks at.
    const meta = await sharp(tiff).metadata();
    expect(meta).toMatchObject({ pages: 3, channels: 3, format: 'tiff' });
    expect(tiff.readUInt32LE(4)).toBeGreaterThan(SNIFF_BYTES);
    expect(await sniffBytes(tiff.subarray(0, SNIFF_BYTES), 'scan.tif')).toEqual({ kind: 'tiff', mime: 'image/tiff' });

    const dir = tmpDir('docket-tiff-');
    fs.writeFileSync(path.join(dir, 'scan.tif'), tiff);
    const r = await processPaths([dir], { workers: 1 });
    engine = r.engine;
    expect(r.rows).toHaveLength(1);
    const d = (await r.engine.getDocument(r.rows[0]!.id))!;
    expect(d.status).not.toBe('skipped');
    expect(d.status).not.toBe('failed');
    expect(d.pages).toHaveLength(3);
    PAGE_WORDS.forEach((words, i) => {
      const text = d.pages[i]!.text ?? '';
      expect(text, `page ${i + 1}`).toContain(words.split(' ')[1]);
      // Each page holds its own words only: pages were read one by one, not the first one three times.
      for (const other of PAGE_WORDS.filter((o) => o !== words)) expect(text).not.toContain(other.split(' ')[1]);
    });
  }, 240_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { pngImageDict, pngStream } from '../../../src/engine/export/png-passthrough.js';
import { StreamingPdf } from '../../../src/engine/export/pdf-stream-writer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-png-pass-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function hasPdfimages(): boolean {
  try {
    execFileSync('pdfimages', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A page-like image: a gradient with a few dark bars, so every PNG filter type gets used. */
async function pagePng(channels: 1 | 3 | 4, opts: { palette?: boolean } = {}): Promise<{ png: Buffer; raw: Buffer; w: number; h: number }> {
  const w = 301;
  const h = 157;
  const raw = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < channels; c++) raw[(y * w + x) * channels + c] = y % 20 < 3 ? 20 : (x * 3 + y * 5 + c * 40) & 0xff;
  const image = sharp(raw, { raw: { width: w, height: h, channels } });
  const png = await (channels === 1 ? image.toColourspace('b-w') : image).png(opts.palette ? { palette: true } : {}).toBuffer();
  return { png, raw, w, h };
}

describe('PNG pages go into the searchable PDF as they are', () => {
  it('takes 8-bit grey and RGB, and leaves alpha and palette images to pdf-lib', async () => {
    expect(pngStream((await pagePng(1)).png)).toMatchObject({ width: 301, height: 157, colors: 1 });
    expect(pngStream((await pagePng(3)).png)).toMatchObject({ colors: 3 });
    expect(pngStream((await pagePng(4)).png)).toBeNull();
    expect(pngStream((await pagePng(3, { palette: true })).png)).toBeNull();
    expect(pngStream(new Uint8Array([1, 2, 3]))).toBeNull();
    const cut = (await pagePng(1)).png;
    expect(pngStream(cut.subarray(0, cut.length - 40))).toBeNull();
  });

  it.skipIf(!hasPdfimages())('the PDF holds the very pixels of the PNG (grey and RGB)', async () => {
    for (const channels of [1, 3] as const) {
      const { png, raw, w, h } = await pagePng(channels);
      const chunks: Uint8Array[] = [];
      const pdf = await StreamingPdf.start(async (c) => void chunks.push(c), { title: 'Café page', producer: 'Docket' });
      const stream = pngStream(png)!;
      await pdf.addPage(w * 0.24, h * 0.24, { dict: pngImageDict(stream), data: stream.idat }, '');
      await pdf.finish();
      const file = path.join(dir, `page-${channels}.pdf`);
      fs.writeFileSync(file, Buffer.concat(chunks));
      execFileSync('pdfimages', ['-png', file, path.join(dir, `out-${channels}`)]);
      const written = sharp(path.join(dir, `out-${channels}-000.png`));
      // pdfimages may write a grey image as RGB; grey is grey either way
      const out = await (channels === 1 ? written.toColourspace('b-w') : written).raw().toBuffer({ resolveWithObject: true });
      expect(out.info).toMatchObject({ width: w, height: h, channels });
      expect(out.data.equals(raw)).toBe(true);
    }
  });
});

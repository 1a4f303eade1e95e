import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { inspect, render } from '../../../src/engine/read/worker.js';
import { decodeBmp, encodeBmp24 } from '../../../src/engine/read/bmp.js';
import { pageToGray } from '../../../src/engine/read/page-raster.js';
import { pngHeaderClaiming, tempDir } from './fixtures.js';

const MAX_PIXELS = 50_000_000;
const tmp = tempDir('img');
afterAll(() => tmp.cleanup());

async function sample(format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff'): Promise<Buffer> {
  // Noise makes the encoders produce enough bytes that cutting the file leaves real damage.
  const w = 400;
  const h = 300;
  const raw = Buffer.alloc(w * h * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  const image = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
  return image[format]().toBuffer();
}

describe('image decoding', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff'] as const)('%s: one page, renders', async (format) => {
    const path = tmp.file(`ok.${format}`, await sample(format));
    const r = await inspect({ path, kind: format, maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: true, pageCount: 1 });
    if (r.ok) expect(r.pages[0]).toMatchObject({ index: 0, text: null, needsOcr: true });
    const img = await render({ path, kind: format, pageIndex: 0, maxSide: 200, maxPixels: MAX_PIXELS, format: 'png' });
    expect(img).toMatchObject({ ok: true, width: 200, height: 150, mime: 'image/png' });
  });

  it('truncated PNG and JPEG → truncated', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const full = await sample(format);
      const path = tmp.file(`cut.${format}`, full.subarray(0, Math.floor(full.length / 2)));
      const r = await render({ path, kind: format, pageIndex: 0, maxSide: 200, maxPixels: MAX_PIXELS, format: 'png' });
      expect(r, format).toMatchObject({ ok: false, code: 'truncated' });
      if (!r.ok) expect(r.message).toMatch(/cut short/);
    }
  });

  it('decompression bomb: a header claiming 100000 x 100000 px is refused before decoding', async () => {
    const path = tmp.file('bomb.png', pngHeaderClaiming(100_000, 100_000));
    const started = Date.now();
    const r = await inspect({ path, kind: 'png', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: false, code: 'too_large', transient: false });
    if (!r.ok) expect(r.message).toMatch(/100000 x 100000/);
    const o = await render({ path, kind: 'png', pageIndex: 0, maxSide: 100, maxPixels: MAX_PIXELS, format: 'png' });
    expect(o).toMatchObject({ ok: false, code: 'too_large' });
    // refused from the header alone: a decode of 10^10 pixels would take minutes, not this bound
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a real large image (solid 12000 x 12000, compressed tiny) is refused by pixel count', async () => {
    const big = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#ffffff' } })
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
    expect(big.length).toBeLessThan(2_000_000);
    const r = await inspect({ path: tmp.file('big.png', big), kind: 'png', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('multi-page TIFF: pages counted and each page decoded on its own', async () => {
    const frames = await Promise.all(
      ['#000000', '#808080', '#ffffff'].map((bg) =>
        sharp({ create: { width: 120, height: 80, channels: 3, background: bg } })
          .png()
          .toBuffer(),
      ),
    );
    const stacked = await sharp(frames, { join: { animated: true } })
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const path = tmp.file('multi.tiff', stacked);
    const r = await inspect({ path, kind: 'tiff', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: true, pageCount: 3 });
    const bytes = Buffer.from(stacked);
    const means: number[] = [];
    for (const pageIndex of [0, 1, 2]) {
      const g = await pageToGray({ path, kind: 'tiff', pageIndex, maxPixels: MAX_PIXELS }, bytes);
      expect(g.gray.width * g.gray.height).toBe(120 * 80);
      means.push(g.gray.data.reduce((a, b) => a + b, 0) / g.gray.data.length);
    }
    expect(means[0]).toBeLessThan(10);
    expect(Math.abs(means[1]! - 128)).toBeLessThan(10);
    expect(means[2]).toBeGreaterThan(245);
    const missing = await render({ path, kind: 'tiff', pageIndex: 5, maxSide: 100, maxPixels: MAX_PIXELS, format: 'png' });
    expect(missing).toMatchObject({ ok: false });
  });

  it('BMP: 24-bit decoded by Docket itself, inspected and rendered; truncated BMP → truncated', async () => {
    const w = 33;
    const h = 17;
    const rgb = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb.set([x * 7, y * 15, 200], (y * w + x) * 3);
    const bmp = encodeBmp24(rgb, w, h);
    const decoded = decodeBmp(bmp);
    expect(decoded).toMatchObject({ width: w, height: h, dpi: 300 });
    expect(Buffer.compare(decoded.data, rgb)).toBe(0);
    const path = tmp.file('ok.bmp', bmp);
    expect(await inspect({ path, kind: 'bmp', maxPixels: MAX_PIXELS })).toMatchObject({ ok: true, pageCount: 1 });
    const out = await render({ path, kind: 'bmp', pageIndex: 0, maxSide: 1000, maxPixels: MAX_PIXELS, format: 'png' });
    expect(out).toMatchObject({ ok: true, width: w, height: h });
    const cut = await render({
      path: tmp.file('cut.bmp', bmp.subarray(0, 200)),
      kind: 'bmp',
      pageIndex: 0,
      maxSide: 100,
      maxPixels: MAX_PIXELS,
      format: 'png',
    });
    expect(cut).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('zero-byte image → empty; garbage → damaged; unknown kind → unsupported', async () => {
    expect(await inspect({ path: tmp.file('zero.png', new Uint8Array(0)), kind: 'png', maxPixels: MAX_PIXELS })).toMatchObject({
      ok: false,
      code: 'empty',
    });
    const junk = await inspect({
      path: tmp.file('junk.png', Buffer.from('this is not an image at all, just text')),
      kind: 'png',
      maxPixels: MAX_PIXELS,
    });
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.message.length).toBeGreaterThan(5);
    expect(await inspect({ path: tmp.file('x.docx', 'x'), kind: 'docx' as never, maxPixels: MAX_PIXELS })).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
  });
});

/**
 * The reader's limits on hostile and damaged input (issue 15): each crafted file is refused by inspect or OCR with
 * the clerk's reason, quickly and in this thread, and ordinary files pass the same checks untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { inspect, ocr, render, shutdown } from '../../../src/engine/read/worker.js';
import { graphicsStateDepth, inflatesBeyond, preflightPdf } from '../../../src/engine/read/pdf-preflight.js';
import { edgeRate, readsAsNoise } from '../../../src/engine/read/noise.js';
import { MAX_PAGES, tooManyPagesMessage } from '../../../src/engine/read/limits.js';
import { EVAL, scannedLikePdf, tempDir, textPdf } from './fixtures.js';
import {
  deepNestingPdf,
  deflatedZeros,
  flateBombPdf,
  flipJpegBytes,
  hugeCountPdf,
  manyBlankPages,
  nestedQPdf,
  noiseJpeg,
  parentLoopPdf,
  rawPdf,
  scanJpeg,
  streamBody,
  unclosedMediaBoxPdf,
} from './hostile-files.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';

const tmp = tempDir('hostile-limits');
afterAll(async () => {
  await shutdown();
  tmp.cleanup();
});

const inspectBytes = async (name: string, bytes: Uint8Array, kind: 'pdf' | 'jpeg' | 'png' = 'pdf') =>
  inspect({ path: tmp.file(name, bytes), kind, maxPixels: 100_000_000 });

describe('crafted PDFs are refused by inspect with a reason', () => {
  const cases: Array<[string, () => Promise<Uint8Array> | Uint8Array, string | RegExp]> = [
    ['5,000 blank pages', () => manyBlankPages(), 'too many pages (5,000; limit 2,000)'],
    ['a page tree claiming two billion pages', hugeCountPdf, 'too many pages (2,000,000,000; limit 2,000)'],
    ['a page tree looping through /Parent and /Kids', parentLoopPdf, /^PDF structure loops/],
    ['arrays nested 100,000 deep', () => deepNestingPdf('array'), 'damaged PDF: objects nested too deeply (more than 256 levels)'],
    ['dictionaries nested 100,000 deep', () => deepNestingPdf('dict'), 'damaged PDF: objects nested too deeply (more than 256 levels)'],
    ['unclosed /MediaBox arrays', unclosedMediaBoxPdf, 'damaged PDF: objects nested too deeply (more than 256 levels)'],
    ['a million nested q operators', () => nestedQPdf(), 'damaged PDF: graphics states nested too deeply (1,000,000 levels; limit 5,000)'],
    [
      'a content stream inflating to 1.1 GB',
      () => flateBombPdf(),
      /^PDF holds a compression bomb: compressed data of [\d,]+ KB inflates to more than 256 MB$/,
    ],
  ];
  for (const [what, make, reason] of cases) {
    it(what, async () => {
      const r = await inspectBytes(`${what.replace(/\W+/g, '-')}.pdf`, await make());
      expect(r.ok).toBe(false);
      if (r.ok) return;
      if (typeof reason === 'string') expect(r.message).toBe(reason);
      else expect(r.message).toMatch(reason);
      expect(r.transient).toBe(false);
    });
  }

  it('a PNG header claiming 100,000 x 100,000 pixels is refused from the header', async () => {
    const { pngHeaderClaiming } = await import('./fixtures.js');
    const r = await inspectBytes('bomb.png', pngHeaderClaiming(100_000, 100_000), 'png');
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
    expect(!r.ok && r.message).toMatch(/100000 x 100000 pixels/);
  });

  it('a page view of a refused PDF gets the same refusal instead of drawing it', async () => {
    const r = await render({
      path: tmp.file('view-q.pdf', nestedQPdf()),
      kind: 'pdf',
      pageIndex: 0,
      maxSide: 800,
      maxPixels: 1e8,
      format: 'png',
    });
    expect(r).toMatchObject({ ok: false, message: 'damaged PDF: graphics states nested too deeply (1,000,000 levels; limit 5,000)' });
  });

  it('states the page limit in clerk words', () => {
    expect(MAX_PAGES).toBe(2000);
    expect(tooManyPagesMessage(5000)).toBe('too many pages (5,000; limit 2,000)');
  });
});

describe('the preflight lets ordinary PDFs through', () => {
  it('generated invoices, scans, a 300-page document and the evaluation PDFs pass', async () => {
    const plain: Uint8Array[] = [await textPdf(), await scannedLikePdf('caption'), await makeInvoicePdf(7, { pages: 3 })];
    const long = await PDFDocument.create();
    for (let i = 0; i < 300; i++) long.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 800 });
    plain.push(await long.save());
    for (const bytes of plain) await expect(preflightPdf(bytes)).resolves.toBeUndefined();
    const evalPdfs = ['invoices', 'scanned', 'malformed']
      .map((d) => path.join(EVAL, d))
      .filter((d) => fs.existsSync(d))
      .flatMap((d) =>
        fs
          .readdirSync(d)
          .filter((f) => f.endsWith('.pdf'))
          .map((f) => path.join(d, f)),
      );
    for (const f of evalPdfs) await expect(preflightPdf(fs.readFileSync(f)), f).resolves.toBeUndefined();
  });

  it('refuses arrays nested 200,000 deep inside a content stream (operands pdfjs parses recursively)', async () => {
    const deep = Buffer.from('['.repeat(200_000) + ']'.repeat(200_000) + ' pop BT /F1 12 Tf (ok) Tj ET');
    const bytes = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
      streamBody(deep),
    ]);
    const r = await inspectBytes('deep-content.pdf', bytes);
    expect(r).toMatchObject({ ok: false, message: 'damaged PDF: objects nested too deeply (more than 256 levels)' });
  });

  it('counts graphics-state nesting by operators, not by q letters inside strings or names', () => {
    expect(graphicsStateDepth(Buffer.from('q q 1 0 0 1 0 0 cm Q q (q q q) Tj /q1 gs Q Q'))).toBe(2);
    expect(graphicsStateDepth(Buffer.from('Q Q q'))).toBe(1);
  });

  it('inflates only as far as the limit to tell a bomb', async () => {
    const tenMb = await deflatedZeros(10 * 1024 * 1024);
    expect(await inflatesBeyond(tenMb, 11 * 1024 * 1024)).toBe(false);
    expect(await inflatesBeyond(tenMb, 1024 * 1024)).toBe(true);
    // Damaged compressed data ends where it breaks, like pdfjs reads it.
    expect(await inflatesBeyond(tenMb.subarray(0, 100), 1024 * 1024)).toBe(false);
  });
});

describe('pages that read as noise stop early with "unreadable image"', () => {
  let scan: Buffer;
  beforeAll(async () => {
    scan = await scanJpeg();
  });

  it('a printed page and a salt-and-pepper page sit far apart on the edge rate', async () => {
    const gray = async (jpeg: Buffer) => {
      const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height };
    };
    expect(edgeRate(await gray(scan))).toBeLessThan(0.09);
    expect(edgeRate(await gray(await noiseJpeg('pixels')))).toBeGreaterThan(0.4);
  });

  it('salt-and-pepper noise is refused before any recognition', async () => {
    const r = await ocr({
      path: tmp.file('noise.jpg', await noiseJpeg('pixels')),
      kind: 'jpeg',
      pageIndex: 0,
      lang: 'eng',
      maxPixels: 1e8,
      timeoutMs: 60_000,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'unreadable',
      message: 'unreadable image: the page is noise (a damaged or garbled picture)',
      transient: false,
    });
  });

  // Half the usual size keeps the test quick; the rule does not depend on it.
  it('blocky noise (a garbled JPEG) is given up after one pass and the orientation probes', async () => {
    const r = await ocr({
      path: tmp.file('blocks.jpg', await noiseJpeg('blocks', 3, 850, 1100)),
      kind: 'jpeg',
      pageIndex: 0,
      lang: 'eng',
      maxPixels: 1e8,
      timeoutMs: 90_000,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'unreadable',
      message: 'unreadable image: no word on the page could be read with confidence',
    });
  });

  it('a byte-flipped scan that still shows its print is read, not called noise', async () => {
    const r = await ocr({
      path: tmp.file('flipped.jpg', flipJpegBytes(scan)),
      kind: 'jpeg',
      pageIndex: 0,
      lang: 'eng',
      maxPixels: 1e8,
      timeoutMs: 90_000,
    });
    expect(r.ok, !r.ok ? r.message : '').toBe(true);
    if (r.ok) expect(r.text).toMatch(/toner|EUR/);
  });

  it('the after-pass rule needs soup: many words, low mean confidence, almost nothing word-like and confident', () => {
    expect(readsAsNoise({ words: 269, meanConf: 18.7, readable: 4 })).toBe(true);
    expect(readsAsNoise({ words: 2, meanConf: 10, readable: 0 })).toBe(false); // a photo with a smudge or two
    expect(readsAsNoise({ words: 80, meanConf: 30, readable: 40 })).toBe(false); // a faint page still reads in places
    expect(readsAsNoise({ words: 80, meanConf: 60, readable: 0 })).toBe(false);
  });
});

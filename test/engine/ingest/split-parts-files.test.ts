import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { saveParts } from '../../../src/engine/ingest/split.js';
import { tmpDir } from '../../helpers/tmp.js';

const page = (shade: string) =>
  sharp({ create: { width: 400, height: 566, channels: 3, background: shade } })
    .png()
    .toBuffer();

describe('split parts saved as files', () => {
  it("copies a PDF's pages as they are into one PDF per part, under derived/split/<hash>/, and leaves the source alone", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 1; i <= 4; i++) doc.addPage([595, 842]).drawText(`Invoice page ${i}`, { x: 50, y: 780, size: 14, font });
    const bytes = Buffer.from(await doc.save());
    const dir = tmpDir('docket-parts-');
    const src = path.join(dir, 'batch.pdf');
    fs.writeFileSync(src, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const derived = path.join(dir, 'derived');
    const saved = await saveParts(
      { path: src, kind: 'pdf', name: 'batch.pdf', sha256: sha },
      [
        { first: 0, last: 2 },
        { first: 3, last: 3 },
      ],
      derived,
    );
    expect(saved.map((s) => [s.name, s.first, s.last])).toEqual([
      ['batch (p1-3).pdf', 0, 2],
      ['batch (p4).pdf', 3, 3],
    ]);
    for (const s of saved) expect(path.dirname(s.path)).toBe(path.join(derived, 'split', sha));
    const first = await PDFDocument.load(fs.readFileSync(saved[0]!.path));
    expect(first.getPageCount()).toBe(3);
    expect(first.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
    expect(fs.readFileSync(src).equals(bytes)).toBe(true);
  });

  it("stores a multi-page TIFF's pages losslessly as images in PDFs of the paper size its resolution gives", async () => {
    const tiff = await sharp(await Promise.all(['#ffffff', '#eeeeee', '#dddddd'].map(page)), { join: { animated: true } })
      .tiff({ compression: 'lzw', xres: 200 / 25.4, yres: 200 / 25.4 })
      .toBuffer();
    const dir = tmpDir('docket-parts-tiff-');
    const src = path.join(dir, 'scan.tif');
    fs.writeFileSync(src, tiff);
    const saved = await saveParts(
      { path: src, kind: 'tiff', name: 'scan.tif', sha256: 'ab'.repeat(32) },
      [
        { first: 0, last: 1 },
        { first: 2, last: 2 },
      ],
      path.join(dir, 'd'),
    );
    const a = await PDFDocument.load(fs.readFileSync(saved[0]!.path));
    const b = await PDFDocument.load(fs.readFileSync(saved[1]!.path));
    expect([a.getPageCount(), b.getPageCount()]).toEqual([2, 1]);
    // 400 x 566 px at 200 dpi: 144 x 203.8 points
    const size = b.getPage(0).getSize();
    expect(Math.round(size.width)).toBe(144);
    expect(Math.round(size.height)).toBe(204);
  });
});

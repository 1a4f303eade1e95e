import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSearchablePdfs, searchableName, type RenderPageFn } from '../../../src/engine/export/index.js';
import type { Db } from '../../../src/engine/store/db.js';
import { addBatch, addDoc, layoutWords, tempStore } from './seed.js';

let db: Db;
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ db, dir, cleanup } = tempStore()));
afterEach(() => cleanup());

const W = 1240;
const H = 1754;

/** A stand-in for the engine's renderer: a grey-on-white page image of the stored pixel size. */
const renderPage: RenderPageFn = async (_documentId, pageIndex) => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="white"/><text x="100" y="200" font-size="40">page ${pageIndex + 1}</text></svg>`;
  if (pageIndex === 1) return { bytes: await sharp(Buffer.from(svg)).jpeg().toBuffer(), mime: 'image/jpeg', width: W, height: H };
  return { bytes: await sharp(Buffer.from(svg)).png().toBuffer(), mime: 'image/png', width: W, height: H };
};

async function pdfText(file: string): Promise<{ pages: number; text: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    useSystemFonts: false,
    standardFontDataUrl:
      path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep,
  }).promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const tc = await page.getTextContent();
    text.push(tc.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text };
}

describe('searchable pdf', () => {
  it('puts the OCR words in an invisible text layer over the page images', async () => {
    const b = addBatch(db);
    const line1 = ['Linn', 'Products', 'polyphonic', 'synthesizer', 'Invoice', '42183017'];
    const line2 = ['Café', 'Müller', 'ﬁnal', 'Ωmega', 'Łódź', '€12,50'];
    const scan = addDoc(db, {
      batchId: b,
      path: path.join(dir, 'linn.pdf'),
      pages: [
        { method: 'ocr', text: line1.join(' '), width: W, height: H, dpi: 150, words: layoutWords(line1, 100, 300) },
        { method: 'ocr', text: line2.join(' '), width: W, height: H, dpi: 150, words: layoutWords(line2, 100, 500) },
      ],
    });
    addDoc(db, { batchId: b, path: '/in/born-digital.pdf', pages: [{ method: 'text', text: 'already searchable' }] });
    fs.writeFileSync(path.join(dir, 'linn.pdf'), 'original');

    const out = path.join(dir, 'pdf');
    const r = await exportSearchablePdfs(db, { batchId: b, outDir: out, renderPage });
    expect(r.failed).toEqual([]);
    expect(r.written).toBe(1);
    expect(r.files).toEqual([path.join(out, 'linn.searchable.pdf')]);
    expect(fs.readFileSync(path.join(dir, 'linn.pdf'), 'utf8')).toBe('original');

    const { pages, text } = await pdfText(r.files[0]!);
    expect(pages).toBe(2);
    for (const w of line1) expect(text[0]).toContain(w);
    // WinAnsi has é, ü, ó and €; the ligature decomposes; Ω and Ł/ź are not in the standard font's
    // encoding: Ω is dropped, Ł and ź lose what the font cannot show.
    expect(text[1]).toContain('Café');
    expect(text[1]).toContain('Müller');
    expect(text[1]).toContain('final');
    expect(text[1]).toContain('mega');
    expect(text[1]).toContain('€12,50');
    expect(text[1]).not.toContain('Ω');
    expect(scan).toBeGreaterThan(0);

    // The page is the image's size at its dpi: 1240 px at 150 dpi = 595.2 pt.
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.load(fs.readFileSync(r.files[0]!));
    expect(pdf.getPage(0).getWidth()).toBeCloseTo(595.2, 1);
  });

  it('keeps going when one document cannot be rendered, and names collisions apart', async () => {
    const b = addBatch(db);
    const words = layoutWords(['hello', 'world'], 50, 50);
    const a = addDoc(db, {
      batchId: b,
      path: '/x/scan.tif',
      pages: [{ method: 'ocr', text: 'hello world', width: W, height: H, dpi: 300, words }],
    });
    const c = addDoc(db, {
      batchId: b,
      path: '/y/scan.png',
      pages: [{ method: 'ocr', text: 'hello world', width: W, height: H, dpi: 300, words }],
    });
    const d = addDoc(db, { batchId: b, path: '/z/gone.png', pages: [{ method: 'ocr', text: 'x', width: W, height: H, dpi: 300, words }] });
    const render: RenderPageFn = async (id, i) => {
      if (id === d) throw new Error('original file is missing');
      return renderPage(id, i);
    };
    const r = await exportSearchablePdfs(db, { batchId: b, outDir: path.join(dir, 'o'), renderPage: render });
    expect(r.written).toBe(2);
    expect(r.files.map((f) => path.basename(f))).toEqual(['scan.searchable.pdf', `scan (${c}).searchable.pdf`]);
    expect(r.failed).toEqual([{ documentId: d, path: '/z/gone.png', reason: 'original file is missing' }]);
    expect(a).toBeLessThan(c);
  });

  it('makes safe file names', () => {
    expect(searchableName('linn.pdf')).toBe('linn.searchable.pdf');
    expect(searchableName('a:b?.tiff')).toBe('a_b_.searchable.pdf');
    expect(searchableName('.pdf')).toBe('.pdf.searchable.pdf');
  });
});

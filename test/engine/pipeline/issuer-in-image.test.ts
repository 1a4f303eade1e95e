import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { processPaths } from '../../helpers/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

let engine: Engine | undefined;
afterAll(async () => engine?.close());

/** A born-digital invoice whose issuer appears only in a pasted image (a letterhead), as some vendors send. */
async function invoiceWithImageLetterhead(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="170"><rect width="100%" height="100%" fill="white"/>
    <text x="20" y="105" font-family="DejaVu Sans" font-size="72" fill="black">Brightwater Supplies B.V.</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawImage(await doc.embedPng(png), { x: 40, y: 760, width: 420, height: 51 });
  const lines = [
    'INVOICE',
    'Invoice number: BW-2024-0031',
    'Invoice date: 05/02/2024',
    'Bill to: Harbour Cafe, 3 Quay Road',
    'Coffee beans 2 x 40.00 = 80.00',
    'Subtotal 80.00',
    'VAT 21% 16.80',
    'Total EUR 96.80',
  ];
  lines.forEach((t, i) => page.drawText(t, { x: 50, y: 700 - i * 22, size: 11, font }));
  return doc.save();
}

describe('issuer only in an image on a text-layer page', () => {
  it('reads the page images when the text layer has no issuer, and says so in the log', async () => {
    const dir = tmpDir('docket-letterhead-');
    fs.writeFileSync(path.join(dir, 'letterhead.pdf'), await invoiceWithImageLetterhead());
    const r = await processPaths([dir], { workers: 1 });
    engine = r.engine;
    const d = (await r.engine.getDocument(r.rows[0]!.id))!;
    expect(d.method).toBe('text');
    expect(d.fields.find((f) => f.name === 'vendor_name')?.value).toMatch(/Brightwater Supplies/);
    expect(d.fields.find((f) => f.name === 'total')?.value).toBe('96.80');
    expect(d.pages[0]!.text).toMatch(/Brightwater/);
    expect(d.events.map((e) => e.message)).toContain('read the images on page 1 to find the issuer');
  }, 120_000);
});

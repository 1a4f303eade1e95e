/** Fixture generators for the worker tests: everything is made in code into a temp folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';

export const EVAL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'eval');

export function tempDir(prefix: string): { dir: string; file: (name: string, bytes?: Uint8Array | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `docket-${prefix}-`));
  return {
    dir,
    file: (name, bytes) => {
      const p = join(dir, name);
      if (bytes !== undefined) writeFileSync(p, bytes);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const SAMPLE_LINES = [
  'INVOICE 2024-0117',
  'Acme Office Supplies Ltd',
  'Date: 12 March 2024',
  'Paper, printer, 20 boxes',
  'Total amount due: 418.50 EUR',
];

/** A half-letter page of large Helvetica text: quick to OCR, unambiguous to read. */
export async function textPdf(lines: readonly string[] = SAMPLE_LINES, opts: { size?: number; pages?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const size = opts.size ?? 16;
  for (let p = 0; p < (opts.pages ?? 1); p++) {
    const page = doc.addPage([420, 300]);
    lines.forEach((line, i) => page.drawText(line, { x: 30, y: 260 - i * (size * 1.8), size, font, color: rgb(0, 0, 0) }));
  }
  return doc.save();
}

/** A page whose only content is a page-size image, optionally with a few words of text over it. */
export async function scannedLikePdf(wordsOverImage: string | null): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#f4f4f4' } })
    .png()
    .toBuffer();
  const image = await doc.embedPng(png);
  const page = doc.addPage([420, 300]);
  page.drawImage(image, { x: 0, y: 0, width: 420, height: 300 });
  if (wordsOverImage) {
    const font = await doc.embedFont(StandardFonts.Helvetica);
    page.drawText(wordsOverImage, { x: 20, y: 20, size: 8, font });
  }
  return doc.save();
}

/** Two pages: one born-digital, one image-only. */
export async function mixedPdf(): Promise<Uint8Array> {
  const text = await PDFDocument.load(await textPdf());
  const scan = await PDFDocument.load(await scannedLikePdf(null));
  const out = await PDFDocument.create();
  const [a] = await out.copyPages(text, [0]);
  const [b] = await out.copyPages(scan, [0]);
  out.addPage(a!);
  out.addPage(b!);
  return out.save();
}

/** A PNG whose IHDR claims width x height: only the header is valid, which is all a bomb check may read. */
export function pngHeaderClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Hostile and damaged inputs made in code (issue 15): crafted PDFs that attack the parser's page tree, nesting
 * and decompression, a 200 MB file, an image-bomb header and a byte-flipped JPEG scan. Shared by the tests in
 * test/engine/read and test/engine/pipeline and by bench/fuzz.bench.mjs (run through tsx).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { pngHeaderClaiming } from './fixtures.js';

/**
 * A PDF from object bodies (object n is bodies[n - 1]; 1 is the catalog) with a correct cross-reference table,
 * so the damage is exactly what the bodies carry and not an xref pdfjs has to rebuild.
 */
export function rawPdf(bodies: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(offset);
    const b = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(b);
    offset += b.length;
  });
  const xref =
    `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object body; Flate-compressed when `flate` is set. */
export function streamBody(data: Buffer, flate = false, extra = ''): Buffer {
  const bytes = flate ? zlib.deflateSync(data) : data;
  return Buffer.concat([
    Buffer.from(`<< /Length ${bytes.length}${flate ? ' /Filter /FlateDecode' : ''}${extra} >>\nstream\n`, 'latin1'),
    bytes,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>';
const TEXT = Buffer.from('BT /F1 24 Tf 72 700 Td (Hello) Tj ET', 'latin1');

/** 5,000 blank pages (a real, well-formed file: only its size is hostile). */
export async function manyBlankPages(n = 5000): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage([200, 200]);
  return doc.save();
}

/** A page tree whose root claims two billion pages over a single kid. */
export function hugeCountPdf(): Buffer {
  return rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>', PAGE, streamBody(TEXT)]);
}

/** A page tree that loops: the root's kid is an intermediate node whose kid (and /Parent) is the root again. */
export function parentLoopPdf(): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>',
    '<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>',
    streamBody(TEXT),
  ]);
}

/** A page whose dictionary holds arrays (or dictionaries) nested `depth` deep. */
export function deepNestingPdf(kind: 'array' | 'dict', depth = 100_000): Buffer {
  const open = kind === 'array' ? '[' : '<< /A ';
  const close = kind === 'array' ? ']' : ' >>';
  const deep = open.repeat(depth) + '1' + close.repeat(depth);
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Deep ${deep} >>`,
    streamBody(TEXT),
  ]);
}

/** /MediaBox arrays opened and never closed, many times over, swallowing the rest of the page dictionary. */
export function unclosedMediaBoxPdf(): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 612 792 ${'/MediaBox [0 0 '.repeat(50_000)}`,
    streamBody(TEXT),
  ]);
}

/** A content stream that saves the graphics state a million times without restoring it. */
export function nestedQPdf(depth = 1_000_000): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    PAGE,
    streamBody(Buffer.concat([Buffer.from('q 1 0 0 1 0 0 cm '.repeat(depth), 'latin1'), TEXT]), true),
  ]);
}

/** Zlib-compressed zeros, `bytes` long once inflated, compressed a megabyte at a time (never held whole). */
export async function deflatedZeros(bytes: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1 << 20);
  async function* zeros(): AsyncGenerator<Buffer> {
    for (let left = bytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  }
  const out: Buffer[] = [];
  await pipeline(zeros(), zlib.createDeflate({ level: 9 }), async (source: AsyncIterable<Buffer>) => {
    for await (const b of source) out.push(b);
  });
  return Buffer.concat(out);
}

/** A page whose content stream inflates to `bytes` (1.1 GB by default) from about a megabyte. */
export async function flateBombPdf(bytes = 1.1 * 1024 ** 3): Promise<Buffer> {
  const data = await deflatedZeros(Math.round(bytes));
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    PAGE,
    Buffer.concat([Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream')]),
  ]);
}

/**
 * A 200 MB PDF written sparsely: a one-page document, a 200 MB hole of zeros, then its cross-reference table
 * (offsets stay valid because the table comes after the hole). Costs no disk blocks on file systems with holes.
 */
export function writeHugeSparsePdf(file: string, size = 200 * 1024 * 1024): void {
  const head = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, streamBody(TEXT)]);
  const xrefAt = head.lastIndexOf(Buffer.from('xref\n'));
  const body = head.subarray(0, xrefAt);
  const tail = head
    .subarray(xrefAt)
    .toString('latin1')
    .replace(/startxref\n\d+/, `startxref\n${size}`);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, body, 0, body.length, 0);
    fs.writeSync(fd, Buffer.from(tail, 'latin1'), 0, tail.length, size);
  } finally {
    fs.closeSync(fd);
  }
}

/** A letter-size greyscale "scan" of printed lines, as a JPEG. */
export async function scanJpeg(lines = 40, seed = 0): Promise<Buffer> {
  const rows = Array.from(
    { length: lines },
    (_, i) =>
      `<text x="90" y="${140 + i * 48}" font-family="sans-serif" font-size="30">Item ${seed + i} delivery of paper and toner ${(12.5 * (i + 1)).toFixed(2)} EUR</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1700" height="2200"><rect width="100%" height="100%" fill="white"/>${rows}</svg>`;
  return sharp(Buffer.from(svg)).greyscale().jpeg({ quality: 85 }).toBuffer();
}

/** Deterministic pseudo-random numbers (xorshift32), so fuzzed files are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

/**
 * Flips bytes in the JPEG's entropy-coded data (after the start-of-scan header), the way a failing disk or a bad
 * transfer does: the decoder still produces a full page, mostly noise from the first flip on.
 */
export function flipJpegBytes(jpeg: Buffer, count = 40, seed = 7): Buffer {
  const out = Buffer.from(jpeg);
  const sos = out.indexOf(Buffer.from([0xff, 0xda]));
  const start = sos >= 0 ? sos + 20 : 200;
  const next = rng(seed);
  for (let i = 0; i < count; i++) {
    const at = start + Math.floor(next() * (out.length - start - 4));
    const v = (Math.floor(next() * 255) + 1) & 0xff;
    // 0xFF starts a marker; keep the flipped byte from ending the scan early.
    out[at] = (out[at]! ^ v) === 0xff ? 0x7f : out[at]! ^ v;
  }
  return out;
}

/**
 * A letter-size "scan" that decoded into noise, as a damaged JPEG does when its data is garbled: 'pixels' is
 * salt-and-pepper (every pixel black or white at random), 'blocks' is 8x8 blocks of random grey with jitter.
 */
export async function noiseJpeg(kind: 'pixels' | 'blocks', seed = 3, w = 1700, h = 2200): Promise<Buffer> {
  const next = rng(seed);
  const px = Buffer.alloc(w * h);
  if (kind === 'pixels') for (let i = 0; i < px.length; i++) px[i] = next() < 0.5 ? 0 : 255;
  else
    for (let by = 0; by < h; by += 8)
      for (let bx = 0; bx < w; bx += 8) {
        const base = Math.floor(next() * 256);
        const amp = Math.floor(next() * 128);
        for (let y = by; y < Math.min(h, by + 8); y++)
          for (let x = bx; x < Math.min(w, bx + 8); x++)
            px[y * w + x] = Math.max(0, Math.min(255, base + Math.floor((next() - 0.5) * amp)));
      }
  return sharp(px, { raw: { width: w, height: h, channels: 1 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export interface HostileFile {
  name: string;
  /** What the document's final reason must say (a clerk-readable phrase). */
  reason: RegExp;
}

/**
 * Writes the crafted set into `dir` and returns each file with the reason it must end with. `reasons` are the
 * phrases a clerk sees; a deadline may stand in where the reader cannot tell more within its time.
 */
export async function writeHostileSet(dir: string): Promise<HostileFile[]> {
  const files: Array<[string, Buffer | Uint8Array, RegExp]> = [
    ['blank-5000-pages.pdf', await manyBlankPages(), /too many pages \(5,000; limit 2,000\)/],
    ['huge-count.pdf', hugeCountPdf(), /too many pages \(2,000,000,000; limit 2,000\)/],
    ['parent-loop.pdf', parentLoopPdf(), /PDF structure loops/],
    ['deep-arrays.pdf', deepNestingPdf('array'), /nested too deeply/],
    ['deep-dicts.pdf', deepNestingPdf('dict'), /nested too deeply/],
    ['unclosed-mediabox.pdf', unclosedMediaBoxPdf(), /nested too deeply/],
    ['nested-q.pdf', nestedQPdf(), /graphics states nested too deeply|took longer than/],
    ['flate-bomb.pdf', await flateBombPdf(), /compressed data .*inflates to more than/],
    ['png-bomb.png', pngHeaderClaiming(100_000, 100_000), /too large to open safely \(100000 x 100000 pixels/],
    // Garbled in places, readable in others: it ends like any poor scan, with the reason review needs.
    ['flipped-scan.jpg', flipJpegBytes(await scanJpeg()), /./],
    ['noise-scan.jpg', await noiseJpeg('pixels'), /unreadable image: the page is noise/],
    ['blocky-noise-scan.jpg', await noiseJpeg('blocks'), /unreadable image|took longer than/],
  ];
  const out: HostileFile[] = [];
  for (const [name, bytes, reason] of files) {
    fs.writeFileSync(path.join(dir, name), bytes);
    out.push({ name, reason });
  }
  writeHugeSparsePdf(path.join(dir, 'huge-200mb.pdf'));
  // Read whole by every task (200 MB each time): slow but ordinary. Its one page says "Hello" in a font it never
  // defines: read as no text or as that one word (a document of no known kind), unless its deadline comes first.
  out.push({ name: 'huge-200mb.pdf', reason: /no text found on any page|not recognised as an invoice|took longer than/ });
  return out;
}

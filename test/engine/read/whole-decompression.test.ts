import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { WholeDecompressionStream } from '../../../src/engine/read/whole-decompression.js';

/** Reads the stream the way pdfjs does: write everything, close, then iterate the readable side. */
async function decompress(format: string, input: Uint8Array): Promise<Buffer> {
  const { readable, writable } = new WholeDecompressionStream(format);
  const writer = writable.getWriter();
  await writer.ready;
  void writer
    .write(input)
    .then(() => writer.close())
    .catch(() => undefined);
  const chunks: Uint8Array[] = [];
  for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('WholeDecompressionStream: what pdfjs reads FlateDecode streams with in the reader threads', () => {
  const text = Buffer.from('BT /F1 11 Tf 50 780 Td (Total EUR 418.50) Tj ET\n'.repeat(200));
  it('inflates zlib, raw deflate, gzip and brotli to the bytes Node decodes', async () => {
    expect(await decompress('deflate', zlib.deflateSync(text))).toEqual(text);
    expect(await decompress('deflate-raw', zlib.deflateRawSync(text))).toEqual(text);
    expect(await decompress('gzip', zlib.gzipSync(text))).toEqual(text);
    expect(await decompress('brotli', zlib.brotliCompressSync(text))).toEqual(text);
  });
  it('errors the readable side on damaged or cut-short data, so pdfjs falls back to its own decoder', async () => {
    const whole = zlib.deflateSync(text);
    await expect(decompress('deflate', whole.subarray(0, whole.length - 20))).rejects.toThrow(TypeError);
    await expect(decompress('deflate', Buffer.from('not compressed at all'))).rejects.toThrow(TypeError);
  });
  it('refuses an unknown format as the built-in one does', () => {
    expect(() => new WholeDecompressionStream('lzw')).toThrow(TypeError);
  });
});

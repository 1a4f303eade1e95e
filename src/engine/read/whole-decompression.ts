/**
 * A DecompressionStream that inflates the whole input at once with node:zlib's synchronous calls, for the
 * reader threads. pdfjs decodes every FlateDecode stream (content streams, fonts, images) through
 * `new DecompressionStream('deflate')`; Node's own implementation pipes each one through web streams, a zlib
 * Transform and their adapters, which cost more than the inflating on the small streams of a typical invoice
 * (~30% of reading a generated one-page PDF's text layer). pdfjs gathers the output into one buffer anyway, so
 * nothing is lost by decoding in one call. A stream zlib cannot decode errors the readable side like Node's
 * does, and pdfjs then falls back to its own tolerant decoder, as before (text items compared equal on the
 * eval PDFs, the damaged ones included).
 */
import zlib from 'node:zlib';

type Decode = (input: Buffer) => Buffer;
const DECODERS: Record<string, Decode> = {
  deflate: (b) => zlib.inflateSync(b),
  'deflate-raw': (b) => zlib.inflateRawSync(b),
  gzip: (b) => zlib.gunzipSync(b),
  brotli: (b) => zlib.brotliDecompressSync(b),
};

export class WholeDecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<ArrayBufferView | ArrayBuffer>;

  constructor(format: string) {
    const decode = DECODERS[format];
    if (!decode) throw new TypeError(`Unsupported compression format: '${format}'`);
    const parts: Buffer[] = [];
    let out: ReadableStreamDefaultController<Uint8Array> | undefined;
    this.readable = new ReadableStream<Uint8Array>({
      start(controller) {
        out = controller;
      },
    });
    this.writable = new WritableStream<ArrayBufferView | ArrayBuffer>({
      write(chunk) {
        const view = ArrayBuffer.isView(chunk) ? chunk : new Uint8Array(chunk);
        parts.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
      },
      close() {
        try {
          const r = decode(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
          out?.enqueue(new Uint8Array(r.buffer, r.byteOffset, r.byteLength));
          out?.close();
        } catch (err) {
          out?.error(new TypeError((err as Error).message));
        }
      },
      abort(reason) {
        out?.error(reason);
      },
    });
  }
}

/** Puts WholeDecompressionStream in place of the global one, in this thread only (each worker has its own globals). */
export function installWholeDecompression(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = WholeDecompressionStream;
}

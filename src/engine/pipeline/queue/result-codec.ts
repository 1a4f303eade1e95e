/**
 * Task results through Redis. A result holds Uint8Arrays (an e-invoice's XML, a rendered page) that JSON would
 * turn into objects of numbered keys, and word boxes that are large but repetitive; so bytes travel as tagged
 * base64 and the whole result as gzipped JSON. BullMQ copies every return value into its event stream, which
 * is why the size matters.
 */
import zlib from 'node:zlib';
import type { JobResult } from './protocol.js';

const BYTES_TAG = '__docketBytes';

export function encodeResult(value: unknown): JobResult {
  // The holder's own value, not `v`: a Buffer's toJSON has already turned `v` into { type, data } by then.
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    return original instanceof Uint8Array
      ? { [BYTES_TAG]: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64') }
      : v;
  });
  return { z: zlib.gzipSync(json, { level: 6 }).toString('base64') };
}

export function decodeResult<T>(result: JobResult): T {
  const json = zlib.gunzipSync(Buffer.from(result.z, 'base64')).toString('utf8');
  return JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === 'object' && BYTES_TAG in v) {
      const b = Buffer.from(String((v as Record<string, unknown>)[BYTES_TAG]), 'base64');
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    }
    return v;
  }) as T;
}

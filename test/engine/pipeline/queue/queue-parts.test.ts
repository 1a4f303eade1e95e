/**
 * The queue's parts without Redis: the byte server's token, the result codec, job ids, and the byte server's
 * refusals (wrong token, unknown hash, too large) answered with a status and no bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkByteToken,
  checkSecret,
  makeByteToken,
  SECRET_KEY,
  sharedSecret,
  TOKEN_HEADER,
} from '../../../../src/engine/pipeline/queue/byte-token.js';
import { startByteServer, type ByteServer } from '../../../../src/engine/pipeline/queue/byte-server.js';
import { decodeResult, encodeResult } from '../../../../src/engine/pipeline/queue/result-codec.js';
import { jobIdFor, redactRedisUrl } from '../../../../src/engine/pipeline/queue/protocol.js';
import { tmpDir } from '../../../helpers/tmp.js';

const SECRET = 'parts-test-secret-0123456789';
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('byte token', () => {
  const h = 'a'.repeat(64);
  it('is accepted for its file and secret only, and not after it expires', () => {
    const t = makeByteToken(SECRET, h, 1_000_000_000_000);
    expect(checkByteToken(SECRET, h, t, 1_000_000_000_000)).toBe(true);
    expect(checkByteToken('another-secret-0123456789', h, t, 1_000_000_000_000)).toBe(false);
    expect(checkByteToken(SECRET, 'b'.repeat(64), t, 1_000_000_000_000)).toBe(false);
    expect(checkByteToken(SECRET, h, t, 1_000_000_000_000 + 10 * 60_000)).toBe(false);
    expect(checkByteToken(SECRET, h, undefined)).toBe(false);
    expect(checkByteToken(SECRET, h, 'garbage')).toBe(false);
  });
  it('a short secret is refused', () => {
    expect(() => checkSecret('short')).toThrow(/at least 16 characters/);
    expect(checkSecret(SECRET)).toBe(SECRET);
  });
  it("with no secret given, the first comer makes the queue's own in Redis and the rest read the same one", async () => {
    const kv = new Map<string, string>();
    const store = {
      set: async (k: string, v: string, _nx: 'NX') => (kv.has(k) ? null : (kv.set(k, v), 'OK')),
      get: async (k: string) => kv.get(k) ?? null,
    };
    const coordinator = await sharedSecret(store, undefined);
    expect(coordinator).toMatch(/^[0-9a-f]{64}$/);
    expect(await sharedSecret(store, undefined)).toBe(coordinator);
    expect(kv.get(SECRET_KEY)).toBe(coordinator);
    // a given secret wins, and a short one is still refused
    expect(await sharedSecret(store, SECRET)).toBe(SECRET);
    await expect(sharedSecret(store, 'short')).rejects.toThrow(/at least 16 characters/);
  });
});

describe('result codec', () => {
  it('round-trips bytes (Uint8Array and Buffer) and nested word boxes', () => {
    const value = {
      ok: true,
      xml: new Uint8Array([60, 63, 120, 109, 108]),
      png: Buffer.from([1, 2, 3]),
      words: [{ text: 'Total', conf: 96, x0: 1, y0: 2, x1: 3, y1: 4 }],
    };
    const back = decodeResult<typeof value>(encodeResult(value));
    expect(back.xml).toBeInstanceOf(Uint8Array);
    expect([...back.xml]).toEqual([60, 63, 120, 109, 108]);
    expect([...back.png]).toEqual([1, 2, 3]);
    expect(back.words).toEqual(value.words);
  });
});

describe('job ids', () => {
  it('depend on the reading, not on where the file is', () => {
    const h = 'c'.repeat(64);
    const a = jobIdFor('ocr', 7, h, { path: '/a/x.pdf', pageIndex: 2, lang: 'eng' } as never);
    expect(jobIdFor('ocr', 7, h, { lang: 'eng', pageIndex: 2, path: '//server/x.pdf' } as never)).toBe(a);
    expect(jobIdFor('ocr', 7, h, { path: '/a/x.pdf', pageIndex: 3, lang: 'eng' } as never)).not.toBe(a);
    expect(jobIdFor('inspect', 7, h, { path: '/a/x.pdf' } as never)).not.toBe(a);
    expect(a).not.toMatch(/:/);
  });
  it('a Redis URL is shown without its password', () => {
    expect(redactRedisUrl('redis://:hunter2@10.0.0.5:6379')).toBe('redis://:***@10.0.0.5:6379');
  });
});

describe('byte server', () => {
  const dir = tmpDir('docket-bytes-');
  const small = Buffer.from('%PDF-1.4 small file');
  const big = crypto.randomBytes(4096);
  fs.writeFileSync(path.join(dir, 'small.pdf'), small);
  fs.writeFileSync(path.join(dir, 'big.pdf'), big);
  const files = new Map([
    [sha(small), path.join(dir, 'small.pdf')],
    [sha(big), path.join(dir, 'big.pdf')],
  ]);
  let server: ByteServer;
  const get = async (hash: string, token: string | null) => {
    if (!server)
      server = await startByteServer({
        secret: SECRET,
        host: '127.0.0.1',
        port: 0,
        maxBytes: 1024,
        resolve: (h) => (files.has(h) ? { path: files.get(h)! } : null),
      });
    const res = await fetch(`http://127.0.0.1:${server.port}/v1/bytes/${hash}`, { headers: token ? { [TOKEN_HEADER]: token } : {} });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };
  afterAll(async () => server?.close());

  it('sends a known file to a request with a good token', async () => {
    const r = await get(sha(small), makeByteToken(SECRET, sha(small)));
    expect(r.status).toBe(200);
    expect(r.body.equals(small)).toBe(true);
  });
  it('answers a missing or wrong token with 403 and no bytes', async () => {
    for (const token of [null, makeByteToken('wrong-secret-0123456789', sha(small)), makeByteToken(SECRET, sha(big))]) {
      const r = await get(sha(small), token);
      expect(r.status).toBe(403);
      expect(r.body.length).toBe(0);
    }
  });
  it('an unknown hash is 404 and a file above the bound is 413, both without bytes', async () => {
    const unknown = 'd'.repeat(64);
    expect(await get(unknown, makeByteToken(SECRET, unknown))).toMatchObject({ status: 404, body: Buffer.alloc(0) });
    expect(await get(sha(big), makeByteToken(SECRET, sha(big)))).toMatchObject({ status: 413, body: Buffer.alloc(0) });
  });
});

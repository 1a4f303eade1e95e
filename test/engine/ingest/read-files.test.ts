import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFiles } from '../../../src/engine/ingest/read-files.js';
import { tmpDir } from '../../helpers/tmp.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let root: string;

beforeAll(() => {
  root = tmpDir('docket-read-files-');
});

describe('readFiles (reader threads)', () => {
  it('gives each file its size, time, SHA-256 and first bytes, in the order given, and leaves it as it was', async () => {
    const files = Array.from({ length: 301 }, (_, i) => {
      const p = path.join(root, `f${i}.bin`);
      fs.writeFileSync(p, Buffer.from(`file ${i} `.repeat(1 + (i % 700))));
      return p;
    });
    const before = files.map((f) => fs.statSync(f).mtimeMs);
    const got = await readFiles(files, 1024 * 1024, 4100);
    expect(got).toHaveLength(files.length);
    got.forEach((r, i) => {
      const bytes = fs.readFileSync(files[i]!);
      expect(r).toMatchObject({ ok: true, size: bytes.length, mtime: Math.round(fs.statSync(files[i]!).mtimeMs), sha256: sha(bytes) });
      expect(Buffer.from(r.ok ? r.head : [])).toEqual(bytes.subarray(0, 4100));
    });
    expect(files.map((f) => fs.statSync(f).mtimeMs)).toEqual(before);
  });

  it('reads a file larger than its buffer to the end', async () => {
    const p = path.join(root, 'big.bin');
    const bytes = Buffer.alloc(2.5 * 1024 * 1024 + 17);
    for (let i = 0; i < bytes.length; i += 997) bytes[i] = i % 251;
    fs.writeFileSync(p, bytes);
    const [r] = await readFiles([p], 10 * 1024 * 1024, 4100);
    expect(r).toMatchObject({ ok: true, size: bytes.length, sha256: sha(bytes) });
    expect(Buffer.from(r!.ok ? r!.head : [])).toEqual(bytes.subarray(0, 4100));
  });

  it('measures but does not read an empty file or one over the limit', async () => {
    const empty = path.join(root, 'empty.pdf');
    const large = path.join(root, 'large.pdf');
    fs.writeFileSync(empty, '');
    fs.writeFileSync(large, Buffer.alloc(5000));
    const [e, l] = await readFiles([empty, large], 4096, 4100);
    expect(e).toMatchObject({ ok: true, size: 0, sha256: null });
    expect(l).toMatchObject({ ok: true, size: 5000, sha256: null });
    expect(l!.ok && l!.head.length).toBe(0);
  });

  it('reports per file what stopped the read, and goes on with the rest', async () => {
    const ok = path.join(root, 'ok.txt');
    fs.writeFileSync(ok, 'fine');
    const dir = path.join(root, 'a-folder');
    fs.mkdirSync(dir);
    const [missing, folder, fine] = await readFiles([path.join(root, 'gone.pdf'), dir, ok], 1024, 4100);
    expect(missing).toMatchObject({ ok: false, code: 'ENOENT' });
    expect(folder).toMatchObject({ ok: false, code: 'EISDIR', message: 'it is a folder' });
    expect(fine).toMatchObject({ ok: true, size: 4, sha256: sha(Buffer.from('fine')) });
  });

  it('answers calls made at the same time each with its own files', async () => {
    const a = path.join(root, 'a.txt');
    const b = path.join(root, 'b.txt');
    fs.writeFileSync(a, 'aaa');
    fs.writeFileSync(b, 'bbbb');
    const [ra, rb] = await Promise.all([readFiles([a, b, a], 1024, 16), readFiles([b], 1024, 16)]);
    expect(ra!.map((r) => r.ok && r.size)).toEqual([3, 4, 3]);
    expect(rb!.map((r) => r.ok && r.size)).toEqual([4]);
  });
});

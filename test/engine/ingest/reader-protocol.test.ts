import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBatch } from '../../../src/engine/ingest/read-batch.js';
import { fileReads, resolveReaderFile } from '../../../src/engine/ingest/read-files.js';
import {
  replyTransfers,
  WALK_AHEAD,
  type ReaderReply,
  type ReaderRequest,
  type ReadReply,
  type ReadRequest,
  type WalkFound,
} from '../../../src/engine/ingest/reader-protocol.js';
import { FOUND_BATCH } from '../../../src/engine/ingest/walk-tree.js';
import { ROOT, tmpDir } from '../../helpers/tmp.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
let dir: string;
let files: { small: string; empty: string; large: string; folder: string; missing: string };

beforeAll(() => {
  dir = tmpDir('docket-reader-protocol-');
  files = {
    small: path.join(dir, 'small.txt'),
    empty: path.join(dir, 'empty.pdf'),
    large: path.join(dir, 'large.bin'),
    folder: path.join(dir, 'folder'),
    missing: path.join(dir, 'missing.pdf'),
  };
  fs.writeFileSync(files.small, 'hello reader');
  fs.writeFileSync(files.empty, '');
  fs.writeFileSync(files.large, Buffer.alloc(300, 7));
  fs.mkdirSync(files.folder);
});

/** A request for the five files, heads of 5 bytes, nothing over 200 bytes read. */
const request = (id: number): ReadRequest => ({
  kind: 'read',
  id,
  paths: [files.small, files.empty, files.missing, files.large, files.folder, files.small],
  maxBytes: 200,
  headBytes: 5,
});

/** What every side of the protocol must answer for request(): checked on the columns, not on how they were made. */
function expectReply(r: ReadReply, id: number) {
  expect(r.id).toBe(id);
  expect(Array.from(r.sizes)).toEqual([12, 0, 0, 300, 0, 12]);
  expect(r.hashes).toEqual([sha('hello reader'), null, null, null, null, sha('hello reader')]);
  // Heads: "hello" twice, nothing for the files not read.
  expect(Array.from(r.headEnds)).toEqual([5, 5, 5, 5, 5, 10]);
  expect(Buffer.from(r.heads.subarray(0, 10)).toString()).toBe('hellohello');
  expect(r.errors.map((e) => e?.code ?? null)).toEqual([null, null, 'ENOENT', null, 'EISDIR', null]);
  expect(r.mtimes[0]).toBe(Math.round(fs.statSync(files.small).mtimeMs));
}

describe('reader thread protocol', () => {
  it("readBatch answers a request in columns, in the request's order, with the request's id", () => {
    expectReply(readBatch(request(41), Buffer.alloc(4)), 41);
  });

  it("moves the reply's columns to the receiving thread instead of copying them", () => {
    const reply = readBatch(request(1), Buffer.alloc(64));
    const moved = structuredClone(reply, { transfer: replyTransfers(reply) });
    // The sender's buffers are detached; the receiver has the same answer.
    expect([reply.sizes, reply.mtimes, reply.headEnds, reply.heads].map((a) => a.byteLength)).toEqual([0, 0, 0, 0]);
    expectReply(moved, 1);
  });

  it('fileReads turns the columns into one answer per file, each with its own first bytes', () => {
    const reads = fileReads(readBatch(request(2), Buffer.alloc(64)));
    expect(reads.map((r) => r.ok)).toEqual([true, true, false, true, false, true]);
    expect(reads[0]).toMatchObject({ ok: true, size: 12, sha256: sha('hello reader') });
    expect(Buffer.from(reads[0]!.ok ? reads[0]!.head : []).toString()).toBe('hello');
    expect(reads[1]).toMatchObject({ ok: true, size: 0, sha256: null, head: new Uint8Array(0) });
    expect(reads[2]).toMatchObject({ ok: false, code: 'ENOENT' });
    expect(reads[3]).toMatchObject({ ok: true, size: 300, sha256: null, head: new Uint8Array(0) });
    expect(reads[4]).toMatchObject({ ok: false, code: 'EISDIR', message: 'it is a folder' });
    expect(Buffer.from(reads[5]!.ok ? reads[5]!.head : []).toString()).toBe('hello');
  });

  it('the built thread (out/main/file-reader.js) answers requests by id over the same protocol', async () => {
    const file = resolveReaderFile();
    expect(path.relative(ROOT, file)).toBe(path.join('out', 'main', 'file-reader.js'));
    const worker = new Worker(file);
    try {
      const replies = new Map<number, ReadReply>();
      const done = new Promise<void>((ok, fail) => {
        worker.on('message', (r: ReadReply) => {
          replies.set(r.id, r);
          if (replies.size === 2) ok();
        });
        worker.on('error', fail);
      });
      worker.postMessage(request(7));
      worker.postMessage({ ...request(8), paths: [files.small] } satisfies ReadRequest);
      await done;
      expectReply(replies.get(7)!, 7);
      expect(replies.get(8)!.hashes).toEqual([sha('hello reader')]);
    } finally {
      await worker.terminate();
    }
  });

  it('the built thread walks on request: batches in walk order, unreadable entries marked, at most WALK_AHEAD unclaimed', async () => {
    // Enough files for more batches than the thread may send before they are claimed.
    const tree = tmpDir('docket-reader-walk-');
    const many = FOUND_BATCH * (WALK_AHEAD + 2) + 5;
    fs.mkdirSync(path.join(tree, 'a'));
    for (let i = 0; i < many; i++) fs.writeFileSync(path.join(tree, 'a', `f${String(i).padStart(5, '0')}.pdf`), '');
    fs.symlinkSync(path.join(tree, 'nowhere.pdf'), path.join(tree, 'broken.pdf'));
    const worker = new Worker(resolveReaderFile());
    try {
      const found: WalkFound[] = [];
      let walked = false;
      let claiming = false;
      let wake = () => {};
      worker.on('message', (m: ReaderReply) => {
        if (m.kind === 'found') found.push(m);
        if (m.kind === 'walked') walked = true;
        // Once claiming, each batch is claimed as it comes, as walkInThread does.
        if (m.kind === 'found' && claiming) worker.postMessage({ kind: 'more' } satisfies ReaderRequest);
        wake();
      });
      worker.postMessage({ kind: 'walk', inputs: [tree] } satisfies ReaderRequest);
      await new Promise<void>((ok) => (wake = () => found.length >= WALK_AHEAD && ok()));
      // Nothing claimed: the thread waits with WALK_AHEAD batches sent.
      await new Promise((r) => setTimeout(r, 100));
      expect(found.length).toBe(WALK_AHEAD);
      expect(walked).toBe(false);
      claiming = true;
      for (let i = 0; i < WALK_AHEAD; i++) worker.postMessage({ kind: 'more' } satisfies ReaderRequest);
      await new Promise<void>((ok) => {
        wake = () => walked && ok();
        wake();
      });
      const paths = found.flatMap((f) => f.paths);
      expect(found.every((f) => f.paths.length <= FOUND_BATCH)).toBe(true);
      expect(paths.length).toBe(many + 1);
      expect(paths.slice(0, 2).map((p) => path.relative(tree, p))).toEqual([path.join('a', 'f00000.pdf'), path.join('a', 'f00001.pdf')]);
      expect(path.relative(tree, paths.at(-1)!)).toBe('broken.pdf');
      const last = found.at(-1)!;
      expect(last.failed).toEqual([{ at: last.paths.length - 1, error: 'file not found (moved or deleted?)', code: 'ENOENT' }]);
      expect(found.slice(0, -1).every((f) => f.failed.length === 0)).toBe(true);
    } finally {
      await worker.terminate();
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  it('the thread entry refuses to run on a thread that is not a worker', async () => {
    await expect(import('../../../src/engine/ingest/reader-thread.js')).rejects.toThrow(/worker thread started by read-files/);
  });
});

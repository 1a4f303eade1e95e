import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/engine/ingest/ingest.js';
import { sniffBytes } from '../../../src/engine/ingest/sniff.js';
import { isIgnoredName } from '../../../src/engine/ingest/walk.js';
import { insertBatch } from '../../../src/engine/store/batches.js';
import { openDb } from '../../../src/engine/store/db.js';
import { tmpDir } from '../../helpers/tmp.js';

const MINI_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

let root: string;
let png: Buffer;
let jpeg: Buffer;

beforeAll(async () => {
  root = tmpDir('docket-ingest-');
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
    .jpeg()
    .toBuffer();
  const w = (rel: string, data: string | Buffer) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
  };
  w('a.pdf', MINI_PDF);
  w('nested/deeper/copy of a.pdf', MINI_PDF); // duplicate by content
  w('nested/scan.png', png);
  w('photo-really-a-jpeg.pdf', jpeg); // extension lies; magic bytes win
  w('notes.txt', 'hello');
  w('program.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])); // MZ header named .pdf
  w('empty.pdf', '');
  w('Thumbs.db', 'x');
  w('desktop.ini', 'x');
  w('~$lock.xlsx', 'x');
  w('.hidden.pdf', MINI_PDF + '%hidden');
  w('download.tmp', 'x');
  w('Überweisung für Café №5 – 請求書.pdf', MINI_PDF + '%unicode');
  w('back\\slash name #1.pdf', MINI_PDF + '%backslash');
  w('big.png', Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]));
});

function rows(dir: string) {
  const db = openDb(dir);
  return { db, all: () => db.prepare('SELECT * FROM documents ORDER BY id').all() as Array<Record<string, unknown>> };
}

describe('ingest', () => {
  it('ignores hidden, system and temporary files', () => {
    for (const n of ['Thumbs.db', 'desktop.ini', '~$budget.xlsx', '.DS_Store', '.git', 'x.tmp', 'a.crdownload'])
      expect(isIgnoredName(n)).toBe(true);
    for (const n of ['invoice.pdf', 'Thumbs.db.pdf', '~invoice.pdf']) expect(isIgnoredName(n)).toBe(false);
  });

  it('sniffs types from magic bytes, not extensions', async () => {
    expect((await sniffBytes(jpeg, 'x.pdf')).kind).toBe('jpeg');
    expect((await sniffBytes(png, 'x.jpg')).kind).toBe('png');
    expect((await sniffBytes(Buffer.from('junk before\n' + MINI_PDF), 'x')).kind).toBe('pdf');
    const txt = await sniffBytes(Buffer.from('hello'), 'notes.txt');
    expect(txt.kind).toBeNull();
    expect(txt.kind === null && txt.label).toMatch(/text file/);
    const tiff = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .tiff()
      .toBuffer();
    expect((await sniffBytes(tiff, 'x')).kind).toBe('tiff');
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .webp()
      .toBuffer();
    expect((await sniffBytes(webp, 'x')).kind).toBe('webp');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect((await sniffBytes(gif, 'x')).kind).toBe('gif');
    const bmp = Buffer.alloc(64);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(64, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    expect((await sniffBytes(bmp, 'x')).kind).toBe('bmp');
  });

  it('records every file once with the right status, reason and exact path', async () => {
    const before = new Map(
      fs.readdirSync(root, { recursive: true }).map((f) => [String(f), fs.statSync(path.join(root, String(f))).mtimeMs]),
    );
    const { db, all } = rows(tmpDir());
    const id = insertBatch(db, { name: 't', roots: [root], options: {} });
    const stats = await ingestBatch(db, id, [root], { maxFileBytes: 1024 * 1024 });
    const docs = all();
    const by = (name: string) => docs.find((d) => d.name === name)!;
    expect(docs.map((d) => d.name)).not.toEqual(
      expect.arrayContaining(['Thumbs.db', 'desktop.ini', '~$lock.xlsx', '.hidden.pdf', 'download.tmp']),
    );
    expect(by('a.pdf').status).toBe('queued');
    expect(by('a.pdf').kind).toBe('pdf');
    expect(by('copy of a.pdf').status).toBe('skipped');
    expect(by('copy of a.pdf').duplicate_of).toBe(by('a.pdf').id);
    expect(by('copy of a.pdf').status_reason).toBe(`duplicate of ${path.join(root, 'a.pdf')}, first seen in batch "t"`);
    expect(by('scan.png').kind).toBe('png');
    expect(by('photo-really-a-jpeg.pdf').kind).toBe('jpeg');
    expect(by('notes.txt').status).toBe('skipped');
    expect(by('notes.txt').status_reason).toBe('Text file (.txt) is not supported');
    // named like a document, so meant to be processed: it fails, saying what it really is
    expect(by('program.pdf').status).toBe('failed');
    expect(by('program.pdf').status_reason).toMatch(/^not a PDF \(it is (a program|an unknown kind of file)\)$/);
    expect(by('empty.pdf').status).toBe('failed');
    expect(by('empty.pdf').status_reason).toBe('empty file (0 bytes)');
    expect(by('big.png').status).toBe('skipped');
    expect(by('big.png').status_reason).toMatch(/file too large: 2\.0 MB \(limit 1\.0 MB\)/);
    const uni = by('Überweisung für Café №5 – 請求書.pdf');
    expect(uni.path).toBe(path.join(root, 'Überweisung für Café №5 – 請求書.pdf'));
    expect(by('back\\slash name #1.pdf').path).toBe(path.join(root, 'back\\slash name #1.pdf'));
    expect(stats.duplicates).toBe(1);
    expect(stats.added).toBe(docs.length);
    // Nothing the user gave was modified.
    for (const [f, mtime] of before) expect(fs.statSync(path.join(root, f)).mtimeMs).toBe(mtime);
  });

  it('is idempotent (a resumed ingest adds nothing twice) and de-duplicates across batches', async () => {
    const { db, all } = rows(tmpDir());
    const id = insertBatch(db, { name: 't', roots: [root], options: {} });
    await ingestBatch(db, id, [root]);
    const n = all().length;
    const again = await ingestBatch(db, id, [root]);
    expect(again.added).toBe(0);
    expect(all().length).toBe(n);
    const id2 = insertBatch(db, { name: 't2', roots: [path.join(root, 'a.pdf')], options: {} });
    await ingestBatch(db, id2, [path.join(root, 'a.pdf')]);
    const second = all().filter((d) => d.batch_id === id2);
    expect(second).toHaveLength(1);
    expect(second[0]!.status).toBe('skipped');
    expect(second[0]!.duplicate_of).toBe(all().find((d) => d.batch_id === id && d.name === 'a.pdf')!.id);
  });

  it('records thousands of files in walk order across read and write batches, duplicates and errors included', async () => {
    const many = tmpDir('docket-ingest-many-');
    const n = 2600;
    for (let i = 0; i < n; i++) {
      const dir = path.join(many, `d${Math.floor(i / 500)}`);
      if (i % 500 === 0) fs.mkdirSync(dir);
      // Every 400th file repeats file 7's bytes: the copies fall in later read batches than the first.
      fs.writeFileSync(path.join(dir, `f${String(i).padStart(4, '0')}.pdf`), MINI_PDF + `%${i % 400 === 0 && i > 0 ? 7 : i}`);
    }
    fs.symlinkSync(path.join(many, 'nowhere.pdf'), path.join(many, 'd0', 'broken.pdf'));
    const { db, all } = rows(tmpDir());
    const id = insertBatch(db, { name: 'many', roots: [many], options: {} });
    const progress: number[] = [];
    const stats = await ingestBatch(db, id, [many], { onProgress: (s) => progress.push(s.added) });
    const docs = all();
    expect(docs).toHaveLength(n + 1);
    expect(stats).toEqual({ found: n + 1, added: n + 1, duplicates: 6, skipped: 0, failed: 1 });
    // Ids follow the walk: depth first, names in order.
    const walked = docs.map((d) => path.relative(many, String(d.path)));
    expect(walked[0]).toBe('d0/broken.pdf');
    expect(walked.slice(1)).toEqual([...walked.slice(1)].sort());
    expect(docs.find((d) => d.name === 'broken.pdf')).toMatchObject({
      status: 'failed',
      status_reason: 'file not found (moved or deleted?)',
    });
    const first = docs.find((d) => d.name === 'f0007.pdf')!;
    const copies = docs.filter((d) => d.duplicate_of !== null);
    expect(copies.map((d) => d.name)).toEqual(['f0400.pdf', 'f0800.pdf', 'f1200.pdf', 'f1600.pdf', 'f2000.pdf', 'f2400.pdf']);
    for (const c of copies) expect(c).toMatchObject({ status: 'skipped', duplicate_of: first.id });
    for (const d of docs.filter((x) => x.name !== 'broken.pdf')) {
      const bytes = fs.readFileSync(String(d.path));
      expect(d.size).toBe(bytes.length);
      expect(d.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(progress.at(-1)).toBe(n + 1);
    // Run again (a resume): nothing is added twice.
    expect((await ingestBatch(db, id, [many])).added).toBe(0);
    expect(all()).toHaveLength(n + 1);
  });

  it('writes in several transactions, the event loop getting turns between them', async () => {
    const folder = tmpDir('docket-ingest-slices-');
    const n = 300;
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(folder, `f${i}.pdf`), MINI_PDF + `%${i}`);
    const { db } = rows(tmpDir());
    const id = insertBatch(db, { name: 'slices', roots: [folder], options: {} });
    const count = db.prepare('SELECT count(*) FROM documents WHERE batch_id = ?').pluck();
    // A turn of the event loop records how many rows are committed; a write that held the thread throughout
    // would let it see only none or all of them.
    const seen: number[] = [];
    let ticking = true;
    const tick = () => {
      seen.push(count.get(id) as number);
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // A slice of 0 ms: every transaction records one row, then commits and yields.
    const stats = await ingestBatch(db, id, [folder], { writeSliceMs: 0 });
    ticking = false;
    expect(stats.added).toBe(n);
    expect(count.get(id)).toBe(n);
    const between = new Set(seen.filter((c) => c > 0 && c < n));
    expect(between.size).toBeGreaterThan(n / 2);
    // Rows are only ever added, in commits the ticker saw one after another.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('records a missing input as failed with a reason', async () => {
    const { db, all } = rows(tmpDir());
    const missing = path.join(root, 'does-not-exist.pdf');
    const id = insertBatch(db, { name: 't', roots: [missing], options: {} });
    await ingestBatch(db, id, [missing]);
    expect(all()[0]).toMatchObject({ status: 'failed', status_reason: 'file not found (moved or deleted?)' });
  });
});

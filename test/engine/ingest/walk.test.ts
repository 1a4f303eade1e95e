import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { walkFiles, walkInputs, type FoundFile } from '../../../src/engine/ingest/walk.js';
import { tmpDir } from '../../helpers/tmp.js';

let root: string;

async function all(inputs: string[]): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  for await (const batch of walkFiles(inputs)) out.push(...batch);
  return out;
}

beforeAll(() => {
  root = tmpDir('docket-walk-');
  const w = (rel: string, data = 'x') => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), data);
  };
  w('b.pdf');
  w('a/z.pdf');
  w('a/inner/y.pdf');
  w('a/.hidden/secret.pdf');
  w('c.png');
  w('Thumbs.db');
  w('~$lock.docx');
  fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a/inner/loop')); // a folder link back up: walked once
  fs.symlinkSync(path.join(root, 'c.png'), path.join(root, 'link-to-c.png'));
  fs.symlinkSync(path.join(root, 'nowhere.pdf'), path.join(root, 'broken.pdf'));
  fs.symlinkSync('self.pdf', path.join(root, 'self.pdf'));
  execFileSync('mkfifo', [path.join(root, 'pipe.pdf')]);
});

describe('walkFiles', () => {
  it('finds files depth first in name order, skipping hidden, system and special files, each folder once', async () => {
    const found = await all([root]);
    expect(found.map((f) => path.relative(root, f.path))).toEqual([
      'a/inner/y.pdf',
      'a/z.pdf',
      'b.pdf',
      'broken.pdf',
      'c.png',
      'link-to-c.png',
      'self.pdf',
    ]);
    const by = (n: string) => found.find((f) => f.path === path.join(root, n))!;
    expect(by('b.pdf').error).toBeUndefined();
    expect(by('broken.pdf')).toMatchObject({ error: 'file not found (moved or deleted?)', code: 'ENOENT' });
    expect(by('self.pdf')).toMatchObject({ error: 'symbolic link loop', code: 'ELOOP' });
  });

  it('takes a file named as an input even when the walk would skip its name, and a missing input as an error', async () => {
    const found = await all([path.join(root, 'Thumbs.db'), path.join(root, 'gone'), path.join(root, 'b.pdf'), path.join(root, 'b.pdf')]);
    expect(found).toEqual([
      { path: path.join(root, 'Thumbs.db') },
      { path: path.join(root, 'gone'), error: 'file not found (moved or deleted?)', code: 'ENOENT' },
      { path: path.join(root, 'b.pdf') },
    ]);
  });

  it('hands on a large folder in batches, in order', async () => {
    const big = tmpDir('docket-walk-big-');
    for (let i = 0; i < 1300; i++) fs.writeFileSync(path.join(big, `f${String(i).padStart(4, '0')}.pdf`), 'x');
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const batch of walkFiles([big])) {
      sizes.push(batch.length);
      names.push(...batch.map((f) => path.basename(f.path)));
    }
    expect(sizes.length).toBeGreaterThan(1);
    expect(names).toHaveLength(1300);
    expect(names).toEqual([...names].sort());
  });

  it('walkInputs gives the same files with their size and time', async () => {
    const entries = [];
    for await (const e of walkInputs([root])) entries.push(e);
    expect(entries.map((e) => e.path)).toEqual((await all([root])).map((f) => f.path));
    const c = entries.find((e) => e.path === path.join(root, 'c.png'))!;
    expect(c).toEqual({ path: c.path, size: 1, mtime: Math.round(fs.statSync(c.path).mtimeMs) });
  });
});

import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/engine/ingest/ingest.js';
import { DB_FILE, openDb } from '../../../src/engine/store/db.js';
import { ROOT, tmpDir } from '../../helpers/tmp.js';

/** Ingests `root` into batch 1 of the store in `data`, in a process of its own (to be killed). */
const CHILD = (data: string, root: string) => `
import { openDb } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/engine/store/db.ts')).href)};
import { insertBatch } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/engine/store/batches.ts')).href)};
import { ingestBatch } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/engine/ingest/ingest.ts')).href)};
const db = openDb(${JSON.stringify(data)});
const id = insertBatch(db, { name: 'killed', roots: [${JSON.stringify(root)}], options: {} });
await ingestBatch(db, id, [${JSON.stringify(root)}]);
`;

const rowsIn = (data: string): number => {
  try {
    const db = new Database(path.join(data, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or busy
  }
};

describe('an ingest killed mid-way', () => {
  it('leaves a consistent store (checkpoint thread running) that a resumed ingest completes, each file once', async () => {
    const root = tmpDir('docket-killed-in-');
    const n = 40_000;
    for (let d = 0; d < n / 1000; d++) {
      fs.mkdirSync(path.join(root, `d${d}`));
      for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(root, `d${d}`, `f${i}.pdf`), `%PDF-1.4\n%${d}-${i}\n`);
    }
    const data = tmpDir('docket-killed-data-');
    const script = path.join(tmpDir('docket-killed-script-'), 'ingest.mts');
    fs.writeFileSync(script, CHILD(data, root));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += String(c)));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Past the rows after which checkpoints run on their thread (16,384), and well before the end.
    const deadline = Date.now() + 120_000;
    let seen = rowsIn(data);
    while (seen < 20_000 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      seen = rowsIn(data);
    }
    child.kill('SIGKILL');
    await exited;
    expect(stderr).toBe('');
    expect(seen).toBeGreaterThanOrEqual(20_000);

    const db = openDb(data);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const before = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
      expect(before).toBeGreaterThanOrEqual(seen);
      expect(before).toBeLessThan(n);
      const stats = await ingestBatch(db, 1, [root]);
      expect(stats.added).toBe(n - before);
      expect(db.prepare('SELECT count(*), count(DISTINCT path), count(DISTINCT sha256) FROM documents').raw().get()).toEqual([n, n, n]);
      expect(db.prepare("SELECT count(*) FROM documents WHERE status != 'queued'").pluck().get()).toBe(0);
    } finally {
      db.close();
      // 40,000 files: not left behind in the temporary folder.
      for (const dir of [root, data, path.dirname(script)]) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

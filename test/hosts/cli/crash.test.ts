import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { BIN, EVAL, tmpDir } from '../../helpers/tmp.js';

let input: string;
let files: number;

beforeAll(async () => {
  input = tmpDir('docket-crash-in-');
  fs.mkdirSync(path.join(input, 'a', 'b'), { recursive: true });
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(input, 'a', `inv-${i}.pdf`), await makeInvoicePdf(i, { pages: 1 + (i % 3) }));
  const jpgs = fs
    .readdirSync(path.join(EVAL, 'sroie-dev'))
    .filter((f) => f.endsWith('.jpg'))
    .slice(0, 3);
  jpgs.forEach((f, i) => fs.writeFileSync(path.join(input, 'a', 'b', `scan-${i}.jpg`), fs.readFileSync(path.join(EVAL, 'sroie-dev', f))));
  files = 60 + jpgs.length;
});

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function readStore(dir: string) {
  const db = new Database(path.join(dir, 'docket.db'), { readonly: true, fileMustExist: true });
  try {
    const docs = db.prepare('SELECT id, path, status, finished_at FROM documents').all() as Array<{
      id: number;
      path: string;
      status: string;
      finished_at: number | null;
    }>;
    const dupPages = (
      db.prepare('SELECT count(*) AS n FROM (SELECT document_id, page_index, count(*) c FROM pages GROUP BY 1, 2 HAVING c > 1)').get() as {
        n: number;
      }
    ).n;
    const integrity = db.pragma('integrity_check', { simple: true });
    return { docs, dupPages, integrity };
  } finally {
    db.close();
  }
}

async function waitForDone(dir: string, atLeast: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (readStore(dir).docs.filter((d) => d.status === 'done' || d.status === 'needs_review').length >= atLeast) return;
    } catch {
      /* store not created yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${atLeast} documents finished in time`);
}

function kill9(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

function exitOf(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => p.once('exit', (code) => resolve(code)));
}

describe('crash safety', () => {
  it('survives three SIGKILLs mid-batch: every file ends in exactly one final row, nothing finished is redone', async () => {
    const data = tmpDir('docket-crash-data-');
    let p = start(['process', input, '--data', data, '--workers', '2', '--json']);
    const finishedBefore = new Map<number, number>();
    for (const target of [5, 20, 35]) {
      await waitForDone(data, target);
      await kill9(p);
      for (const d of readStore(data).docs)
        if (d.finished_at !== null && d.status !== 'queued' && d.status !== 'processing') finishedBefore.set(d.id, d.finished_at);
      p = start(['resume', '--data', data, '--json']);
    }
    expect(await exitOf(p)).toBe(0);
    const { docs, dupPages, integrity } = readStore(data);
    expect(integrity).toBe('ok');
    expect(docs).toHaveLength(files);
    expect(new Set(docs.map((d) => d.path)).size).toBe(files);
    expect(docs.filter((d) => d.status === 'queued' || d.status === 'processing')).toEqual([]);
    expect(dupPages).toBe(0);
    // A document that was final before a kill was never processed again.
    for (const d of docs) if (finishedBefore.has(d.id)) expect(d.finished_at).toBe(finishedBefore.get(d.id));
    expect(fs.existsSync(path.join(data, 'docket.lock'))).toBe(false);
  }, 300_000);
});

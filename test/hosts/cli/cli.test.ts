import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { defaultDataDir } from '../../../src/hosts/cli/common.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { BIN, tmpDir } from '../../helpers/tmp.js';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DOCKET_DATA: '' } });

describe('docket CLI', () => {
  it('process --json prints exactly one JSON object with the summary, and show prints the document', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'inv.pdf'), await makeInvoicePdf(42));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const data = tmpDir();
    const r = run('process', dir, '--data', data, '--json', '--workers', '1');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    expect(s).toMatchObject({ batchId: 1, status: 'done', counts: { total: 2, skipped: 1 }, pages: 1, pagesByMethod: { text: 1, ocr: 0 } });
    expect(s.elapsedMs).toBeGreaterThan(0);
    expect(s.countsByType.invoice).toBe(1);

    const st = run('status', '--data', data, '--json');
    expect(JSON.parse(st.stdout).batches[0].counts.total).toBe(2);
    const show = run('show', '1', '--data', data, '--json');
    const doc = JSON.parse(show.stdout);
    expect(doc).toMatchObject({ id: 1, status: expect.stringMatching(/done|needs_review/), method: 'text' });
    expect(doc.pages[0].text).toContain('INV-00042');
    expect(doc.fields.document_number.value).toBe('INV-00042');
    expect(run('show', '99', '--data', data, '--json').stderr).toMatch(/no document 99/);
  });

  it('explains usage errors and unusable data folders with an exit code', () => {
    const noArgs = run('process');
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr).toMatch(/missing required argument/);
    const badWorkers = run('process', '.', '--workers', 'lots');
    expect(badWorkers.status).toBe(2);
    expect(badWorkers.stderr).toMatch(/--workers must be a whole number/);
    const missing = run('process', '/no/such/folder', '--data', tmpDir());
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder: \/no\/such\/folder/);
    const file = path.join(tmpDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    const unusable = run('status', '--data', file);
    expect(unusable.status).toBe(3);
    expect(unusable.stderr).toMatch(/data folder .* is not usable/);
    expect(run('frobnicate').status).toBe(2);
  });

  it('uses the per-user app data folder by default', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Docket');
    expect(defaultDataDir({ XDG_DATA_HOME: '/home/ana/.data' }, 'linux')).toBe('/home/ana/.data/docket');
    expect(defaultDataDir({ DOCKET_DATA: '/srv/docket' }, 'linux')).toBe('/srv/docket');
  });

  it('list prints the document ids show takes, filtered by batch and status', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'inv.pdf'), await makeInvoicePdf(7));
    fs.writeFileSync(path.join(dir, 'notes.pdf'), 'just text');
    const data = tmpDir();
    expect(run('process', dir, '--data', data, '--json', '--workers', '1').status).toBe(0);

    const all = JSON.parse(run('list', '--data', data, '--json').stdout) as {
      total: number;
      documents: Array<{ id: number; name: string }>;
    };
    expect(all.total).toBe(2);
    const inv = all.documents.find((d) => d.name === 'inv.pdf')!;
    const text = run('list', '--data', data);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^\\s*${inv.id}\\s+(done|needs_review)\\s+batch 1\\s+inv\\.pdf`, 'm'));
    expect(text.stdout).toMatch(/2 documents; see one with "docket show <id>"/);
    expect(run('show', String(inv.id), '--data', data).stdout).toContain(`#${inv.id} ${path.join(dir, 'inv.pdf')}`);

    const failed = JSON.parse(run('list', '--data', data, '--status', 'failed', '--json').stdout) as { documents: Array<{ name: string }> };
    expect(failed.documents.map((d) => d.name)).toEqual(['notes.pdf']);
    expect(JSON.parse(run('list', '--data', data, '--batch', '2', '--json').stdout).total).toBe(0);
    const bad = run('list', '--data', data, '--status', 'finished');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/must be one or more of queued, processing, done/);
  });

  it('process on a data folder another Docket owns stops with exit code 3 and names that process, unless --wait', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'inv.pdf'), await makeInvoicePdf(8));
    const data = tmpDir();
    const owner = await Engine.open({ dataDir: data, workers: 1 });
    try {
      const started = Date.now();
      const r = run('process', dir, '--data', data, '--json');
      expect(r.status).toBe(3);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(r.stderr).toContain(`is in use by another Docket process (pid ${process.pid}`);
      expect(r.stderr).toMatch(/--wait/);
      expect(r.stdout).toBe('');
      // --wait queues behind the owner and runs once it lets go of the folder
      const waiting = spawn(process.execPath, [BIN, 'process', dir, '--data', data, '--json', '--wait', '--workers', '1'], {
        env: { ...process.env, DOCKET_DATA: '' },
      });
      let stderr = '';
      let stdout = '';
      waiting.stderr.on('data', (b: Buffer) => (stderr += String(b)));
      waiting.stdout.on('data', (b: Buffer) => (stdout += String(b)));
      const exited = new Promise<number | null>((resolve) => waiting.on('exit', (code) => resolve(code)));
      while (!stderr.includes('waiting for it to finish')) await new Promise((r) => setTimeout(r, 100));
      await owner.close();
      expect(await exited).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ batchId: 1, counts: { total: 1 } });
    } finally {
      await owner.close();
    }
  });

  it('an empty folder makes no batch: a warning and exit code 2', () => {
    const empty = tmpDir();
    fs.writeFileSync(path.join(empty, '.DS_Store'), 'x'); // a system file only: still nothing to process
    const data = tmpDir();
    const r = run('process', empty, '--data', data);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`docket: nothing to process: ${empty} holds no files`);
    expect(r.stderr).toMatch(/no batch was made/);
    expect(JSON.parse(run('status', '--data', data, '--json').stdout).batches).toEqual([]);
  });
});

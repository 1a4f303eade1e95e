import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
});

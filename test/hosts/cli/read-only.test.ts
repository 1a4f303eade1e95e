import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, EngineError } from '../../../src/engine/engine.js';
import { indexPending } from '../../../src/engine/search/index.js';
import { DB_FILE } from '../../../src/engine/store/db.js';
import { addDoc, seedStandard } from '../../engine/export/seed.js';
import { BIN, tmpDir } from '../../helpers/tmp.js';

// Read-only commands open the engine read-only: no writer lock, no scheduler, a read-only connection. They
// work while another Docket owns the data folder. The CLI runs from the built bundle (npx electron-vite build).

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DOCKET_DATA: '' } });

const open: Engine[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

/** A data folder owned by a running engine (it holds the lock), with the standard documents in it. */
async function ownedFolder(): Promise<{ data: string; owner: Engine; ids: ReturnType<typeof seedStandard> }> {
  const data = tmpDir();
  const owner = await Engine.open({ dataDir: data, workers: 1 });
  open.push(owner);
  const ids = seedStandard(owner.db);
  indexPending(owner.db);
  return { data, owner, ids };
}

describe('the engine opened read-only', () => {
  it('reads beside the owner, sees its later writes, and refuses to write', async () => {
    const { data, owner, ids } = await ownedFolder();
    const ro = await Engine.open({ dataDir: data, readOnly: true });
    open.push(ro);
    expect(ro.readOnly).toBe(true);
    expect((await ro.listBatches()).map((b) => b.id)).toEqual([ids.b2, ids.b1]);
    expect((await ro.getDocument(ids.cafe))?.fields.find((f) => f.name === 'vendor_name')?.value).toBe('Café Müller');
    expect((await ro.search('rocket')).map((h) => h.documentId)).toEqual([ids.acme]);

    const later = addDoc(owner.db, { batchId: ids.b2, path: '/in/later.pdf', pages: [{ method: 'text', text: 'marmalade' }] });
    indexPending(owner.db);
    expect((await ro.search('marmalade')).map((h) => h.documentId)).toEqual([later]);

    await expect(ro.updateField(ids.cafe, 'vendor_name', 'X')).rejects.toThrow(EngineError);
    await expect(ro.setSettings({ a: 1 })).rejects.toThrow(/read-only/);
    await expect(ro.start()).rejects.toThrow(/read-only/);
    await expect(ro.createBatch({ paths: [data] })).rejects.toThrow(/read-only/);
    expect((await owner.getDocument(ids.cafe))?.fields.find((f) => f.name === 'vendor_name')?.value).toBe('Café Müller');
  });

  it('creates the store of a new data folder once, then reads it', async () => {
    const data = path.join(tmpDir(), 'fresh');
    const ro = await Engine.open({ dataDir: data, readOnly: true });
    open.push(ro);
    expect(fs.existsSync(path.join(data, DB_FILE))).toBe(true);
    expect(await ro.listBatches()).toEqual([]);
  });
});

describe('read-only CLI commands', () => {
  it('status, show, search and export work while another Docket owns the data folder', async () => {
    const { data, ids } = await ownedFolder();
    expect(fs.existsSync(path.join(data, 'docket.lock'))).toBe(true);

    const status = run('status', '--data', data, '--json');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).batches.map((b: { batchId: number }) => b.batchId)).toEqual([ids.b2, ids.b1]);

    const show = run('show', String(ids.acme), '--data', data, '--json');
    expect(show.status, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).fields.document_number.value).toBe('42183017');

    const search = run('search', 'rocket', '--data', data, '--json');
    expect(search.status, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).hits.map((h: { documentId: number }) => h.documentId)).toEqual([ids.acme]);

    const out = path.join(tmpDir(), 'b1.csv');
    const exp = run('export', String(ids.b1), '--format', 'csv', '--out', out, '--data', data, '--json');
    expect(exp.status, exp.stderr).toBe(0);
    expect(JSON.parse(exp.stdout)).toMatchObject({ format: 'csv', documents: 4, file: out });
    expect(fs.readFileSync(out, 'utf8')).toContain('42183017');
  });
});

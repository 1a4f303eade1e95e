/**
 * Exports through the hosts: the browser bridge's /exports/<name> download route (token-guarded, one plain file
 * name from the data folder's exports/, nothing else) and the Electron save dialog / "Show in folder" handlers.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineExtras } from '../../../src/contract/contract.js';
import { electronAppHandlers } from '../../../src/hosts/electron/app-handlers.js';
import { createSecretStore } from '../../../src/hosts/electron/secrets.js';
import { resolveExport, startServer, type RunningServer } from '../../../src/hosts/browser/server.js';
import { headlessAppHandlers } from '../../../src/hosts/dispatch/dispatch.js';
import { FakeEngine } from '../../contract/fake-engine.js';
import { fakeSafeStorage } from './fake-electron.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'docket-exports-'));

function get(
  port: number,
  p: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the /exports/ download route', () => {
  let server: RunningServer;
  let dataDir: string;
  let cookie: string;
  const engine = new FakeEngine() as FakeEngine & EngineExtras;

  beforeAll(async () => {
    dataDir = tmp();
    fs.mkdirSync(path.join(dataDir, 'exports', 'batch-1-documents-searchable'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'exports', 'batch-1-documents.csv'), '\uFEFFid,number\n1,INV-1001\n');
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'not for download');
    engine.exportDocuments = async () => ({
      format: 'csv' as const,
      path: path.join(dataDir, 'exports', 'x.csv'),
      exportName: 'x.csv',
      documents: 1,
    });
    const rendererDir = tmp();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    server = await startServer({ engine, rendererDir, dataDir, app: headlessAppHandlers({ host: 'browser', dataDir }) });
    cookie = `docket_token=${server.token}`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('streams an export as an attachment to the page that holds the token', async () => {
    const r = await get(server.port, '/exports/batch-1-documents.csv', { cookie });
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="batch-1-documents.csv"');
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(r.body.toString('utf8')).toContain('INV-1001');
  });

  it('refuses requests without the token, like every other route', async () => {
    expect((await get(server.port, '/exports/batch-1-documents.csv')).status).toBe(403);
    expect((await get(server.port, '/exports/batch-1-documents.csv', { cookie: 'docket_token=nope' })).status).toBe(403);
  });

  it.each([
    '/exports/..%2Fsecret.txt',
    '/exports/%2e%2e%2fsecret.txt',
    '/exports/..%5Csecret.txt',
    '/exports/batch-1-documents-searchable',
    '/exports/batch-1-documents-searchable%2Fa.pdf',
    '/exports/',
    '/exports/%E0%A4%A',
    '/exports/.hidden',
  ])('rejects %s (only a plain file name from the exports folder)', async (p) => {
    const r = await get(server.port, p, { cookie });
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('not for download');
  });

  it('resolveExport accepts plain names only', () => {
    const dir = path.join(dataDir, 'exports');
    expect(resolveExport(dir, 'batch-1-documents.csv')).toBe(path.join(dir, 'batch-1-documents.csv'));
    expect(resolveExport(dir, '../secret.txt')).toBeNull();
    expect(resolveExport(dir, 'missing.csv')).toBeNull();
  });

  it('does not let the browser choose where the engine writes', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((r) => ws.once('open', r));
    const ask = (args: unknown[]) =>
      new Promise<{ result?: unknown; error?: { kind: string } }>((resolve) => {
        const id = Math.floor(Math.random() * 1e6);
        ws.on('message', (d) => {
          const m = JSON.parse(String(d));
          if (m.id === id) resolve(m);
        });
        ws.send(JSON.stringify({ id, name: 'exportDocuments', args }));
      });
    expect((await ask([{ format: 'csv', batchId: null, out: '/tmp/elsewhere.csv' }])).error?.kind).toBe('unavailable');
    expect((await ask([{ format: 'csv', batchId: null }])).result).toMatchObject({ exportName: 'x.csv' });
    expect((await ask([{ format: 'zip', batchId: null }])).error?.kind).toBe('invalid-args');
    ws.close();
  });
});

describe('Electron export handlers', () => {
  it('ask for a file with the save dialog, for a folder with the open dialog, and reveal the result', async () => {
    const seen: string[] = [];
    const shown: string[] = [];
    let cancel = false;
    const app = electronAppHandlers({
      dialog: {
        showOpenDialog: (async (...a: unknown[]) => (
          seen.push(`open ${JSON.stringify(a)}`),
          { canceled: cancel, filePaths: ['/out/pdfs'] }
        )) as never,
        showSaveDialog: (async (...a: unknown[]) => (
          seen.push(`save ${JSON.stringify(a)}`),
          { canceled: cancel, filePath: '/out/march.csv' }
        )) as never,
      },
      shell: { showItemInFolder: (p: string) => void shown.push(p) },
      window: () => null,
      secrets: createSecretStore(fakeSafeStorage, tmp()),
      dataDir: '/d',
      version: '0',
    });
    expect(await app.pickSaveTarget({ defaultName: 'march-documents.csv', kind: 'csv' })).toBe('/out/march.csv');
    expect(seen[0]).toMatch(/^save .*march-documents\.csv/);
    expect(await app.pickSaveTarget({ defaultName: 'march-searchable', kind: 'folder' })).toBe('/out/pdfs');
    expect(seen[1]).toMatch(/^open .*openDirectory/);
    cancel = true;
    expect(await app.pickSaveTarget({ defaultName: 'x.xlsx', kind: 'xlsx' })).toBeNull();
    const real = tmp();
    expect(await app.showInFolder(real)).toBe(true);
    expect(await app.showInFolder(path.join(real, 'gone.csv'))).toBe(false);
    expect(shown).toEqual([real]);
  });

  it('are unavailable in the browser host', async () => {
    const app = headlessAppHandlers({ host: 'browser', dataDir: '/d' });
    await expect(app.pickSaveTarget({ defaultName: 'a.csv', kind: 'csv' })).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(app.showInFolder('/d')).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

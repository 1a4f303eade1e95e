import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronAppHandlers } from '../../../src/hosts/electron/app-handlers.js';
import { createProgressTracker } from '../../../src/hosts/electron/progress.js';
import { rendererResponse } from '../../../src/hosts/electron/protocol.js';
import { createSecretStore } from '../../../src/hosts/electron/secrets.js';
import { FakeEngine } from '../../contract/fake-engine.js';
import { fakeSafeStorage } from './fake-electron.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'docket-main-'));

describe('the API key', () => {
  it('is stored encrypted and only "is set" ever reaches the renderer', async () => {
    const dir = tmp();
    const secrets = createSecretStore(fakeSafeStorage, dir);
    const changes: Array<string | null> = [];
    const app = electronAppHandlers({
      dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
      window: () => null,
      secrets,
      dataDir: dir,
      version: '1.2.3',
      onApiKeyChanged: (k) => changes.push(k),
      keyBaseUrl: async () => 'http://127.0.0.1:8080/v1/',
    });
    expect(await app.appInfo()).toMatchObject({ apiKeySet: false, host: 'electron', canPickPaths: true });
    const reply = await app.setApiKey('sk-secret-123');
    expect(reply).toEqual({ apiKeySet: true });
    expect(JSON.stringify(await app.appInfo())).not.toContain('sk-secret');
    const onDisk = fs.readFileSync(path.join(dir, 'api-key.enc'));
    expect(onDisk.toString('utf8')).not.toContain('sk-secret');
    // Bound to the URL set in Settings when it was entered, in one spelling.
    expect(secrets.get()).toEqual({ key: 'sk-secret-123', baseUrl: 'http://127.0.0.1:8080/v1' });
    expect(changes).toEqual(['sk-secret-123']);
    expect(await app.setApiKey(null)).toEqual({ apiKeySet: false });
    expect(secrets.get()).toBeUndefined();
  });

  it('refuses to store a key when the OS offers no encryption', () => {
    const secrets = createSecretStore({ ...fakeSafeStorage, isEncryptionAvailable: () => false }, tmp());
    expect(() => secrets.set('sk-x')).toThrow(/secure storage/);
    expect(secrets.has()).toBe(false);
  });
});

describe('native pickers', () => {
  it('return chosen paths, or nothing when cancelled', async () => {
    let answer = { canceled: false, filePaths: ['C:\\Invoices', 'D:\\Scans'] };
    const seen: unknown[] = [];
    const app = electronAppHandlers({
      dialog: { showOpenDialog: (async (...a: unknown[]) => (seen.push(a), answer)) as never },
      window: () => null,
      secrets: createSecretStore(fakeSafeStorage, tmp()),
      dataDir: '/d',
      version: '0',
    });
    expect(await app.pickFolder()).toEqual(['C:\\Invoices', 'D:\\Scans']);
    answer = { canceled: true, filePaths: ['ignored'] };
    expect(await app.pickFiles()).toEqual([]);
    expect(JSON.stringify(seen[0])).toContain('openDirectory');
    expect(JSON.stringify(seen[1])).toContain('openFile');
  });
});

describe('taskbar progress and notifications', () => {
  it('follows running batches and notifies when one ends', () => {
    const bars: number[] = [];
    const notes: string[] = [];
    const track = createProgressTracker({ setProgress: (f) => bars.push(f), notify: (t, b) => notes.push(`${t}: ${b}`) });
    const running = { ...FakeEngine.batch(1, 'March'), status: 'running' as const };
    running.counts = { total: 4, queued: 2, processing: 1, done: 1, needs_review: 0, failed: 0, skipped: 0 };
    track({ type: 'batch.progress', batch: running });
    track({
      type: 'batch.finished',
      batch: { ...running, status: 'done', counts: { ...running.counts, queued: 0, processing: 0, done: 3, failed: 1 } },
    });
    expect(bars).toEqual([0.25, -1]);
    expect(notes).toEqual(['Batch “March” finished: 3 done, 1 failed']);
  });
});

describe('the docket:// protocol', () => {
  it('serves the renderer with the CSP header and nothing outside it', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(dir, '..', 'secret.txt'), 'no');
    const ok = rendererResponse(dir, 'docket://app/index.html');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(rendererResponse(dir, 'docket://app/..%2Fsecret.txt').status).toBe(403);
    expect(rendererResponse(dir, 'docket://app/%2e%2e/secret.txt').status).not.toBe(200);
    expect(rendererResponse(dir, 'docket://other/index.html').status).toBe(403);
    expect(rendererResponse(dir, 'docket://app/missing.js').status).toBe(404);
    expect(await rendererResponse(dir, 'docket://app/batches').text()).toBe('<!doctype html>');
  });
});

/**
 * src/hosts/electron/main.ts against a faked electron module and a fake engine: the shell wires the single-instance
 * lock, the docket:// protocol, one relay handler per channel, a secure window, event forwarding, taskbar
 * progress and the end-of-batch notification.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, ipcChannelFor } from '../../../src/contract/contract.js';
import { FakeEngine } from '../../contract/fake-engine.js';
import { Engine } from '../../../src/engine/engine.js';
import { FakeBrowserWindow, FakeIpcMain, fakeSafeStorage } from './fake-electron.js';

const h = vi.hoisted(() => ({
  state: {} as Record<string, unknown>,
}));

vi.mock('electron', async () => {
  const { FakeBrowserWindow, FakeIpcMain, fakeSafeStorage } = await import('./fake-electron.js');
  const userData = (await import('node:fs')).mkdtempSync(
    (await import('node:path')).join((await import('node:os')).tmpdir(), 'docket-shell-'),
  );
  const listeners: Record<string, Array<(...a: unknown[]) => void>> = {};
  const progress: number[] = [];
  const notes: Array<{ title: string; body: string }> = [];
  const titles: string[] = [];
  const winListeners: Record<string, Array<(e: { preventDefault(): void }) => void>> = {};
  class Win extends FakeBrowserWindow {
    isDestroyed = () => false;
    isMinimized = () => false;
    on = (ev: string, fn: (e: { preventDefault(): void }) => void) => {
      (winListeners[ev] ??= []).push(fn);
      return this;
    };
    setTitle = (t: string) => void titles.push(t);
    setProgressBar = (f: number) => void progress.push(f);
  }
  const ipcMain = new FakeIpcMain();
  const handled: string[] = [];
  const app = {
    isPackaged: true,
    setName: vi.fn(),
    setAppUserModelId: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    getPath: () => userData,
    getVersion: () => '9.9.9',
    on: (ev: string, fn: (...a: unknown[]) => void) => void (listeners[ev] ??= []).push(fn),
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
  };
  Object.assign(h.state, { app, ipcMain, progress, notes, handled, userData, Win, titles, winListeners });
  const electron = {
    app,
    BrowserWindow: Win,
    ipcMain,
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    Notification: class {
      static isSupported = () => true;
      constructor(private o: { title: string; body: string }) {}
      show() {
        notes.push(this.o);
      }
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: (scheme: string) => void handled.push(scheme) },
    safeStorage: fakeSafeStorage,
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
    shell: { openExternal: vi.fn() },
  };
  return { default: electron, ...electron };
});

const fake = new FakeEngine();
/** The engine opens when the test says: it first migrates an old store, as Engine.open does, telling the host. */
const gate = vi.hoisted(() => {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open: () => open(), opened };
});
vi.mock('../../../src/engine/engine.js', () => ({
  Engine: {
    open: vi.fn(async (o: { onMigrate?: (s: { from: number; to: number }) => void }) => {
      o.onMigrate?.({ from: 8, to: 9 });
      await gate.opened;
      return Object.assign(fake, { start: vi.fn(async () => {}), startWatching: vi.fn(async () => []), close: vi.fn(async () => {}) });
    }),
  },
}));

describe('the Electron shell (src/hosts/electron/main.ts)', () => {
  it('wires lock, protocol, relay, window, events, progress and notifications', async () => {
    FakeBrowserWindow.instances = [];
    await import('../../../src/hosts/electron/main.js');
    await vi.waitFor(() => expect(FakeBrowserWindow.instances.length).toBe(1));
    const s = h.state as {
      app: { requestSingleInstanceLock: ReturnType<typeof vi.fn> };
      ipcMain: FakeIpcMain;
      progress: number[];
      notes: Array<{ title: string }>;
      handled: string[];
      userData: string;
    };
    expect(s.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(s.handled).toEqual(['docket']);
    expect([...s.ipcMain.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannelFor).sort());

    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loaded).toBe('docket://app/index.html');

    // The window shows while the engine still opens (an old store migrating): its title says so, the page's title
    // does not replace it, and its requests wait for the engine instead of failing.
    const titles = h.state.titles as string[];
    const winListeners = h.state.winListeners as Record<string, Array<(e: { preventDefault(): void }) => void>>;
    expect(titles).toEqual([expect.stringMatching(/updating the data folder/)]);
    let prevented = false;
    for (const fn of winListeners['page-title-updated'] ?? []) fn({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    fake.batches = [FakeEngine.batch(1)];
    const early = { url: 'docket://app/index.html', parent: null, processId: 1, routingId: 1 };
    Object.assign(win.webContents, { mainFrame: early, getTitle: () => 'Docket' });
    let answered = false;
    const waiting = s.ipcMain.invoke('docket:listBatches', early).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    gate.open();
    expect(await waiting).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(titles).toEqual([expect.stringMatching(/updating the data folder/), 'Docket']));
    prevented = false;
    for (const fn of winListeners['page-title-updated'] ?? []) fn({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);

    // requests from the window's main frame reach the engine; from elsewhere they do not
    fake.batches = [FakeEngine.batch(1)];
    const main = { url: 'docket://app/index.html', parent: null, processId: 1, routingId: 1 };
    Object.assign(win.webContents, { mainFrame: main });
    expect(await s.ipcMain.invoke('docket:listBatches', main)).toMatchObject({ ok: true });
    const other = { ...main, routingId: 2 };
    expect(await s.ipcMain.invoke('docket:listBatches', other)).toMatchObject({ ok: false, error: { kind: 'transport' } });

    // the key goes to an encrypted file in userData, bound to the LLM URL set in Settings, and never back to the renderer
    fake.settings = { ...fake.settings, defaults: { llm: { baseUrl: 'http://127.0.0.1:8080/v1', model: 'local' } } };
    expect(await s.ipcMain.invoke('docket:setApiKey', main, 'sk-live-1')).toEqual({ ok: true, result: { apiKeySet: true } });
    expect(fs.readFileSync(path.join(s.userData, 'api-key.enc')).toString()).not.toContain('sk-live');
    const info = (await s.ipcMain.invoke('docket:appInfo', main)) as { result: Record<string, unknown> };
    expect(info.result).toMatchObject({ host: 'electron', apiKeySet: true, dataDir: s.userData });
    expect(JSON.stringify(info)).not.toContain('sk-live');
    // the engine reads it from that store (not from the environment, where it would count as the default URL's key)
    expect(process.env.DOCKET_API_KEY).toBeUndefined();
    const opened = (Engine.open as unknown as ReturnType<typeof vi.fn>).mock.calls[0]![0] as { secrets: { get(): unknown } };
    expect(opened.secrets.get()).toEqual({ key: 'sk-live-1', baseUrl: 'http://127.0.0.1:8080/v1' });

    // engine events: forwarded to the window, taskbar progress, a notification when a batch ends
    const running = { ...FakeEngine.batch(1, 'March'), status: 'running' as const };
    running.counts = { total: 10, queued: 5, processing: 0, done: 5, needs_review: 0, failed: 0, skipped: 0 };
    fake.emit({ type: 'batch.progress', batch: running });
    fake.emit({ type: 'batch.finished', batch: { ...running, status: 'done' } });
    expect(win.webContents.sent.map(([ch]) => ch)).toEqual([IPC_EVENT_CHANNEL, IPC_EVENT_CHANNEL]);
    expect(s.progress).toEqual([0.5, -1]);
    expect(s.notes.map((n) => n.title)).toEqual(['Batch “March” finished']);
    void os;
    void fakeSafeStorage;
  });
});

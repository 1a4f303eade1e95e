import { beforeEach, describe, expect, it } from 'vitest';
import { makeAppUrlCheck, isTrustedSender, secureWebPreferences } from '../../../src/hosts/electron/security.js';
import { createMainWindow } from '../../../src/hosts/electron/window.js';
import { FakeBrowserWindow, fakeElectron } from './fake-electron.js';

describe('the main window', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances = [];
  });
  const isAppUrl = makeAppUrlCheck(null);

  it('is created with the secure webPreferences', () => {
    const electron = fakeElectron();
    createMainWindow(electron, { preload: '/app/out/preload/index.cjs', url: 'docket://app/index.html', isAppUrl });
    const win = FakeBrowserWindow.instances[0]!;
    const wp = win.options.webPreferences as Record<string, unknown>;
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.loaded).toBe('docket://app/index.html');
    expect(win.options.show).toBe(false); // shown on ready-to-show, no white flash
  });

  it('denies navigation away from the app and every window.open', () => {
    const electron = fakeElectron();
    createMainWindow(electron, { preload: '/p.cjs', url: 'docket://app/index.html', isAppUrl });
    const wc = FakeBrowserWindow.instances[0]!.webContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', 'docket://app/index.html')).toBe(false);
    expect(wc.fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(wc.fire('will-attach-webview')).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://docs.example/help' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'docket://app/index.html' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'file:///C:/x.exe' })).toEqual({ action: 'deny' });
    // https links go to the user's browser; nothing else is handed to the OS
    expect(electron.opened).toEqual(['https://docs.example/help']);
  });

  it('never weakens the preferences whatever the preload path', () => {
    const wp = secureWebPreferences('x');
    expect(
      Object.entries(wp)
        .filter(([k, v]) => k !== 'preload' && v === true)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['contextIsolation', 'sandbox', 'webSecurity']);
  });
});

describe('which frames are the app', () => {
  it('trusts the custom protocol and, in development, the dev server origin only', () => {
    const prod = makeAppUrlCheck(undefined);
    expect(prod('docket://app/index.html')).toBe(true);
    expect(prod('docket://evil/index.html')).toBe(false);
    expect(prod('http://localhost:5173/')).toBe(false);
    expect(prod('not a url')).toBe(false);
    const dev = makeAppUrlCheck('http://localhost:5173');
    expect(dev('http://localhost:5173/#/batches')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('rejects sub-frames and missing frames', () => {
    const check = makeAppUrlCheck(null);
    expect(isTrustedSender({ url: 'docket://app/index.html' }, check)).toBe(true);
    expect(isTrustedSender({ url: 'docket://app/index.html', parent: {} }, check)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/' }, check)).toBe(false);
    expect(isTrustedSender(null, check)).toBe(false);
  });
});

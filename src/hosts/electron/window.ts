/**
 * The one main window. Kept apart from index.ts so test/main can build it against a faked electron module
 * and check the security settings and the navigation/window.open denial.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { hardenWebContents, secureWebPreferences } from './security.js';

export interface WindowElectron {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  shell: { openExternal(url: string): Promise<void> };
}

export interface MainWindowOptions {
  preload: string;
  /** What to load: the custom-protocol app URL or the dev server. */
  url: string;
  isAppUrl(url: string): boolean;
  icon?: string;
}

export function mainWindowOptions(opts: Pick<MainWindowOptions, 'preload' | 'icon'>): BrowserWindowConstructorOptions {
  return {
    width: 1320,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Docket',
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: secureWebPreferences(opts.preload),
  };
}

export function createMainWindow(electron: WindowElectron, opts: MainWindowOptions): BrowserWindow {
  const win = new electron.BrowserWindow(mainWindowOptions(opts));
  hardenWebContents(win.webContents, opts.isAppUrl, (url) => void electron.shell.openExternal(url));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}

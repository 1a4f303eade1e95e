/**
 * The Electron shell: one window onto the engine. The only file (with src/hosts/electron/**) that imports
 * electron. Security: contextIsolation + sandbox, no Node in the renderer, a strict CSP sent as a header by
 * the docket:// protocol, navigation and window.open denied, every IPC sender checked, every request
 * validated against the contract before the engine sees it.
 */
import electron, { app, BrowserWindow, dialog, ipcMain, Notification, protocol, safeStorage, session, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL, type BatchOptions } from '../../contract/contract.js';
import { electronAppHandlers } from './app-handlers.js';
import { registerIpcRelay } from './ipc-relay.js';
import { createProgressTracker } from './progress.js';
import { rendererResponse } from './protocol.js';
import { createSecretStore } from './secrets.js';
import { APP_ORIGIN, APP_SCHEME, hardenWebContents, isTrustedSender, makeAppUrlCheck, RENDERER_CSP } from './security.js';
import { createMainWindow } from './window.js';
import { Engine } from '../../engine/engine.js';
import { createDispatcher } from '../dispatch/dispatch.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preload = path.join(here, '../preload/index.cjs');
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isAppUrl = makeAppUrlCheck(devUrl);

app.setName('Docket');
app.setAppUserModelId('app.docket.desktop');
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let engine: Engine | null = null;
  /** The engine while it opens (a migration can take a while): quitting then waits for it and closes it. */
  let opening: Promise<Engine> | null = null;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Any web contents created later (devtools aside) gets the same navigation lock.
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, isAppUrl, (url) => void shell.openExternal(url)));

  app.whenReady().then(async () => {
    const dataDir = app.getPath('userData');
    // The engine reads the key, with the base URL it was entered for, from this store; it never reaches the renderer.
    const secrets = createSecretStore(safeStorage, dataDir);

    protocol.handle(APP_SCHEME, (req) => rendererResponse(rendererDir, req.url));
    if (devUrl) {
      // The Vite dev server injects inline scripts for hot reload; production gets RENDERER_CSP via the protocol.
      session.defaultSession.webRequest.onHeadersReceived((details, cb) =>
        cb({
          responseHeaders: {
            ...details.responseHeaders,
            'Content-Security-Policy': [
              `${RENDERER_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws:")}`,
            ],
          },
        }),
      );
    }
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

    // The window first, the engine after: a store an older Docket wrote is migrated on a thread while the window
    // shows (once; a big one took a minute), and the window's requests wait for the engine meanwhile.
    let migrating = false;
    const icon = path.join(here, '../../resources/icon.png');
    win = createMainWindow(electron, {
      preload,
      url: devUrl ?? `${APP_ORIGIN}/index.html`,
      isAppUrl,
      ...(fs.existsSync(icon) ? { icon } : {}),
    });
    win.on('closed', () => (win = null));
    // While the store migrates, the title says so rather than the page's.
    win.on('page-title-updated', (e) => {
      if (migrating) e.preventDefault();
    });

    const enginePromise = Engine.open({
      dataDir,
      secrets,
      onMigrate: () => {
        migrating = true;
        win?.setTitle('Docket: updating the data folder (once; a big folder takes a minute or more)');
      },
    });
    opening = enginePromise;
    const dispatchPromise = enginePromise.then((opened) =>
      createDispatcher(
        opened,
        electronAppHandlers({
          dialog,
          shell,
          window: () => win,
          secrets,
          dataDir,
          version: app.getVersion(),
          // A key entered in Settings is for the LLM URL set there (the defaults of new batches).
          keyBaseUrl: async () => ((await opened.getSettings()).defaults as BatchOptions | undefined)?.llm?.baseUrl,
        }),
      ),
    );
    registerIpcRelay(ipcMain, {
      dispatch: async (name, args) => (await dispatchPromise)(name, args),
      // The app's URL, a top-level frame, and that frame is our window's main frame (compared by ids: WebFrameMain
      // objects are not guaranteed to be the same instance across calls).
      isTrustedSender: (frame) => {
        const main = win && !win.isDestroyed() ? win.webContents.mainFrame : null;
        return (
          isTrustedSender(frame, isAppUrl) && !!frame && !!main && frame.processId === main.processId && frame.routingId === main.routingId
        );
      },
      log: (m) => console.warn(`[ipc] ${m}`),
    });
    // A failed open is reported below; requests waiting on it get its error.
    dispatchPromise.catch(() => undefined);

    let opened: Engine;
    try {
      opened = await enginePromise;
    } catch (err) {
      opening = null;
      dialog.showErrorBox('Docket cannot open its data folder', `${(err as Error).message}\n\n${dataDir}`);
      app.quit();
      return;
    }
    // Quit while it opened: before-quit is closing it.
    if (opening !== enginePromise) return;
    opening = null;
    engine = opened;
    if (migrating) {
      migrating = false;
      if (win && !win.isDestroyed()) win.setTitle(win.webContents.getTitle());
    }

    const track = createProgressTracker({
      setProgress: (f) => win?.setProgressBar(f),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
    });
    opened.subscribe((event) => {
      track(event);
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
    });

    // Watched folders (Settings) are watched while the app runs; one that cannot be watched is logged, not fatal.
    void opened.start().then(() => opened.startWatching().catch((err: Error) => console.warn(`[watch] ${err.message}`)));
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (e) => {
    const closing = engine ? Promise.resolve(engine) : opening;
    engine = null;
    opening = null;
    if (!closing) return;
    e.preventDefault();
    void closing
      .then((opened) => opened.close())
      .catch(() => undefined)
      .finally(() => app.quit());
  });
}

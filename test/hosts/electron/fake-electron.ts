/** Just enough of the electron module to build windows and the relay in Node tests. */
type Listener = (...args: unknown[]) => void;

export class FakeWebContents {
  listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((d: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  mainFrame = { url: 'docket://app/index.html', parent: null };
  sent: Array<[string, unknown]> = [];
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  /** Fire an event the way Electron does; returns whether preventDefault was called. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const ev = { preventDefault: () => (prevented = true) };
    for (const fn of this.listeners.get(event) ?? []) fn(ev, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | null = null;
  shown = false;
  once = (event: string, fn: () => void) => {
    if (event === 'ready-to-show') queueMicrotask(() => fn());
    return this;
  };
  constructor(readonly options: Record<string, unknown>) {
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
}

export function fakeElectron() {
  const opened: string[] = [];
  return {
    BrowserWindow: FakeBrowserWindow as never,
    shell: { openExternal: async (url: string) => void opened.push(url) },
    opened,
  };
}

export class FakeIpcMain {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, senderFrame: unknown, ...args: unknown[]) {
    const h = this.handlers.get(channel);
    if (!h) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return h({ senderFrame }, ...args);
  }
}

/** safeStorage that "encrypts" by xor, so the tests can tell the file holds no plain text. */
export const fakeSafeStorage = {
  available: true,
  isEncryptionAvailable() {
    return this.available;
  },
  encryptString(s: string) {
    return Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a));
  },
  decryptString(b: Buffer) {
    return Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8');
  },
};

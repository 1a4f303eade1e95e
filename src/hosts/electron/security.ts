/**
 * Electron security posture in small pure pieces, so test/main can check them with a faked electron module:
 * webPreferences, navigation/window.open denial, and which frames may talk to the relay.
 */
import type { WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'docket';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** The CSP every renderer response carries (custom protocol in production, headers in dev). */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Which URLs are the app itself: the custom protocol in production, the Vite dev server in development.
 * Anything else (a navigated-to web page, a file:// URL, an iframe) is not trusted.
 */
export function makeAppUrlCheck(devServerUrl?: string | null): (url: string) => boolean {
  let devOrigin: string | null = null;
  if (devServerUrl) {
    try {
      devOrigin = new URL(devServerUrl).origin;
    } catch {
      devOrigin = null;
    }
  }
  return (url: string) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol === `${APP_SCHEME}:` && u.host === 'app') return true;
    return devOrigin !== null && u.origin === devOrigin;
  };
}

type Hardenable = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Deny every navigation away from the app and every window.open; <webview> can never attach. */
export function hardenWebContents(contents: Hardenable, isAppUrl: (url: string) => boolean, openExternal?: (url: string) => void): void {
  contents.on('will-navigate', (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (openExternal && /^https:\/\//i.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** A frame may use the relay only if it is the main frame showing the app. */
export function isTrustedSender(frame: { url: string; parent?: unknown } | null | undefined, isAppUrl: (url: string) => boolean): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url);
}

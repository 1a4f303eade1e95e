/**
 * The browser bridge: serves the built renderer (out/renderer) over HTTP and the contract over WebSocket, on
 * 127.0.0.1 only, guarded by a random token carried in the URL it prints. The page load with ?token= sets an
 * HttpOnly SameSite=Strict cookie so the page's own assets and socket are accepted; anything else gets 403.
 * Message shape (Actual Budget's): {id, name, args} → {id, result} | {id, error} ; pushes {push: event}.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ContractError,
  toWireError,
  WS_PATH,
  WsRequestSchema,
  type AppHandlers,
  type EngineSide,
  type WsReply,
} from '../../contract/contract.js';
import type { EngineApi } from '../../contract/engine-api.js';
import { createDispatcher, headlessAppHandlers } from '../dispatch/dispatch.js';
import { contentTypeFor } from '../shared/content-types.js';

export interface StartServerOptions {
  engine: EngineSide & Pick<EngineApi, 'subscribe'>;
  port?: number;
  host?: '127.0.0.1';
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Shown by appInfo; defaults to "". Its exports/ folder is offered for download at /exports/<name>. */
  dataDir?: string;
  /** Where the engine writes exports without an explicit destination; defaults to <dataDir>/exports. */
  exportsDir?: string;
  /** Defaults to a fresh random token. */
  token?: string;
  app?: AppHandlers;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COOKIE = 'docket_token';

/** Route prefix of export downloads: /exports/<file name> (one plain name in the exports folder, nothing else). */
export const EXPORTS_ROUTE = '/exports/';
const EXPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** The file an /exports/ request may download, or null: a plain file name (no separators, no ..) of a regular file. */
export function resolveExport(exportsDir: string, rawName: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return null;
  }
  if (!EXPORT_NAME.test(name) || name.includes('..')) return null;
  const dir = path.resolve(exportsDir);
  const file = path.join(dir, name);
  if (path.dirname(file) !== dir) return null;
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? file : null;
  } catch {
    return null;
  }
}

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const raw = req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(opts.rendererDir);
  const app = opts.app ?? headlessAppHandlers({ host: 'browser', dataDir: opts.dataDir ?? '' });
  const exportsDir = opts.exportsDir ?? (opts.dataDir ? path.join(opts.dataDir, 'exports') : null);
  const engineDispatch = createDispatcher(opts.engine, app);
  // The browser cannot choose where the engine writes: exports go to the data folder and are downloaded from there.
  const dispatch: typeof engineDispatch = (name, args) => {
    if (
      name === 'exportDocuments' &&
      Array.isArray(args) &&
      args[0] &&
      typeof args[0] === 'object' &&
      (args[0] as { out?: unknown }).out != null
    )
      return Promise.reject(
        new ContractError('unavailable', 'the browser host writes exports into the data folder; download them from there'),
      );
    return engineDispatch(name, args);
  };
  let port = 0;

  const hostOk = (req: http.IncomingMessage) => {
    const h = req.headers.host ?? '';
    return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const queryToken = url.searchParams.get('token');
    const authorised = hostOk(req) && (sameToken(queryToken, token) || sameToken(cookieToken(req), token));
    const common = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (!authorised || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(403, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('403: open the URL that `docket serve` printed (it carries the access token)\n');
      return;
    }
    if (url.pathname.startsWith(EXPORTS_ROUTE)) {
      const file = exportsDir ? resolveExport(exportsDir, url.pathname.slice(EXPORTS_ROUTE.length)) : null;
      if (!file) {
        res.writeHead(404, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('no such export\n');
        return;
      }
      const name = path.basename(file);
      const size = fs.statSync(file).size;
      res.writeHead(200, {
        ...common,
        'Content-Type': contentTypeFor(name),
        'Content-Length': String(size),
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, common);
      res.end();
      return;
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    let file = path.resolve(rendererDir, '.' + rel);
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) {
      res.writeHead(403, common);
      res.end();
      return;
    }
    // Single-page app: unknown non-asset paths get the shell.
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (path.extname(rel)) {
        res.writeHead(404, { ...common, 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      file = path.join(rendererDir, 'index.html');
    }
    const ext = path.extname(file);
    const headers: Record<string, string> = {
      ...common,
      'Content-Type': contentTypeFor(file),
      'Cache-Control': ext === '.html' ? 'no-store' : 'private, max-age=3600',
    };
    if (sameToken(queryToken, token)) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(500, common);
        res.end();
        return;
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    const ok =
      url.pathname === WS_PATH &&
      hostOk(req) &&
      originOk &&
      (sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req), token));
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (msg: WsReply) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const unsubscribe = opts.engine.subscribe((event) => send({ push: event }));
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', async (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(data));
      } catch {
        return send({ id: -1, error: { kind: 'invalid-args', message: 'malformed message (not JSON)' } });
      }
      const frame = WsRequestSchema.safeParse(msg);
      if (!frame.success) {
        // Answer under the frame's id when it has a usable one, so the client can fail that one request.
        const raw = (msg as { id?: unknown } | null)?.id;
        const id = typeof raw === 'number' && raw >= 0 ? raw : -1;
        return send({ id, error: { kind: 'invalid-args', message: 'malformed message: expected {id, name, args[]}' } });
      }
      const { id, name, args } = frame.data;
      try {
        const result = await dispatch(name, args);
        send({ id, result: result === undefined ? null : result });
      } catch (err) {
        send({ id, error: toWireError(err) });
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

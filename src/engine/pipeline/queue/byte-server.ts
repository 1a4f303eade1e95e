/**
 * The coordinator's byte server: `GET /v1/bytes/<sha256>` streams the original file a job names, to a worker
 * that proves it knows the shared secret (byte-token.ts). It serves only files the store knows by content
 * hash (never a path from the request), refuses anything above the size bound, and sends nothing but a
 * status line to a request that fails the check. `GET /v1/hello/<sha256>` lets a starting worker test its secret.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkByteToken, TOKEN_HEADER } from './byte-token.js';

/** Files above this are not sent (the engine's own intake refuses far smaller ones by default). */
export const DEFAULT_MAX_SERVE_BYTES = 512 * 1024 * 1024;

export interface ByteServerOptions {
  secret: string;
  /** The file the store holds under this content hash, or null. */
  resolve(sha256: string): { path: string } | null;
  host?: string;
  port?: number;
  maxBytes?: number;
}

export interface ByteServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const HEX64 = /^[0-9a-f]{64}$/;

export async function startByteServer(opts: ByteServerOptions): Promise<ByteServer> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_SERVE_BYTES;
  const server = http.createServer((req, res) => {
    const refuse = (code: number) => {
      res.writeHead(code, { 'content-length': '0', connection: 'close' });
      res.end();
    };
    if (req.method !== 'GET') return refuse(405);
    const m = /^\/v1\/(bytes|hello)\/([0-9a-f]{64})$/.exec(req.url ?? '');
    if (!m || !HEX64.test(m[2]!)) return refuse(404);
    const sha = m[2]!;
    const token = req.headers[TOKEN_HEADER];
    if (!checkByteToken(opts.secret, sha, Array.isArray(token) ? token[0] : token)) return refuse(403);
    if (m[1] === 'hello') return refuse(204);
    const found = opts.resolve(sha);
    if (!found) return refuse(404);
    let size: number;
    try {
      const st = fs.statSync(found.path);
      if (!st.isFile()) return refuse(404);
      size = st.size;
    } catch {
      return refuse(404);
    }
    if (size > maxBytes) return refuse(413);
    const stream = fs.createReadStream(found.path, { end: Math.max(0, size - 1) });
    stream.once('open', () => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) }));
    stream.once('error', () => (res.headersSent ? res.destroy() : refuse(404)));
    stream.pipe(res);
  });
  // Slow or idle peers do not hold sockets forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 10_000;
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

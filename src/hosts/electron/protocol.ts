/** Serves out/renderer under docket://app/ with the strict CSP as a real header (a file:// page has none). */
import fs from 'node:fs';
import path from 'node:path';
import { RENDERER_CSP } from './security.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function rendererResponse(rendererDir: string, requestUrl: string): Response {
  const root = path.resolve(rendererDir);
  const u = new URL(requestUrl);
  let rel = decodeURIComponent(u.pathname);
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = path.resolve(root, '.' + rel);
  const headers = { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff' };
  if (u.host !== 'app' || (file !== root && !file.startsWith(root + path.sep))) return new Response('forbidden', { status: 403, headers });
  const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.extname(rel) ? null : path.join(root, 'index.html');
  if (!target) return new Response('not found', { status: 404, headers });
  return new Response(fs.readFileSync(target), {
    status: 200,
    headers: { ...headers, 'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream' },
  });
}

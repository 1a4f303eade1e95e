/** Serves out/renderer under docket://app/ with the strict CSP as a real header (a file:// page has none). */
import fs from 'node:fs';
import path from 'node:path';
import { contentTypeFor } from '../shared/content-types.js';
import { RENDERER_CSP } from './security.js';

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
    headers: { ...headers, 'Content-Type': contentTypeFor(target) },
  });
}

/**
 * Content-Type by file extension for what the hosts serve: the built renderer (Electron's docket:// protocol, the
 * browser bridge) and export downloads (browser bridge). A closed list rather than a MIME database on purpose: these
 * are the only kinds of file Docket serves, and anything else goes out as application/octet-stream under
 * `X-Content-Type-Options: nosniff`, so no served file is ever guessed into something a browser would run.
 */
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  // the renderer bundle
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  // exports offered for download
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

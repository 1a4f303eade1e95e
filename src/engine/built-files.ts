import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file of the main build that a worker thread loads by path: the Piscina task file (out/main/worker.js),
 * ingest's reader thread (out/main/file-reader.js) or the migration thread (out/main/migrate.js);
 * electron.vite.config.ts names the entries. From the bundle
 * (the CLI, the Electron main process, the packaged app) it sits beside the importing file or one folder up (code
 * in out/main/chunks/); from the sources (vitest, tsx) it is found by walking up to the project's out/main, which
 * is why tests that start threads need `npx electron-vite build` first.
 */
export function resolveBuiltFile(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, name), path.join(here, '..', name)];
  let dir = here;
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'out', 'main', name));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${name} not found (looked for out/main/${name}); run "npm run build" first`);
  return unpackedPath(found);
}

/**
 * Were the app packaged in an asar archive, worker threads could not load their script from it: they read the real
 * file system, where electron-builder's asarUnpack puts files beside the archive. The app ships without an archive
 * (electron-builder.yml `asar: false`), so this changes nothing today; it keeps a bundle path loadable if that changes.
 */
export function unpackedPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

// Runs after `npm install` / `npm ci` (and when `npx docket` links this checkout): links the `docket` bin and
// builds out/ when it is missing or older than the sources. The freshness check keeps repeated `npx docket`
// calls instant instead of rebuilding every time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await import('./link-bin.mjs');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const built = path.join(root, 'out', 'main', 'cli.js');
const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(newest(path.join(root, 'src')), fs.statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs);
if (builtAt > sourcesAt && process.env.DOCKET_FORCE_BUILD !== '1') process.exit(0);
const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

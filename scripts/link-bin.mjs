// npm links the bins of dependencies into node_modules/.bin, but not the project's own: link `docket` there so
// `npx docket ...` works in a checkout right after `npm install` / `npm ci` (what the README and CI use).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const binDir = path.join(root, 'node_modules', '.bin');
fs.mkdirSync(binDir, { recursive: true });
const target = path.join(binDir, process.platform === 'win32' ? 'docket.cmd' : 'docket');
try {
  fs.rmSync(target, { force: true });
} catch {}
if (process.platform === 'win32') {
  fs.writeFileSync(target, `@node "%~dp0\\..\\..\\bin\\docket.js" %*\r\n`);
} else {
  fs.symlinkSync(path.relative(binDir, path.join(root, 'bin', 'docket.js')), target);
}

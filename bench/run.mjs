// `npm run bench [-- name...]`: runs every bench/*.bench.{mjs,ts} (or those whose name contains an argument),
// one after another so they do not compete for the 2 cores. Benchmarks print figures; none asserts a time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
if (!files.length) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, f)], { stdio: 'inherit', cwd: path.dirname(here) });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

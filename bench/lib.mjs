// Shared by the benchmarks (not a benchmark itself: bench/run.mjs runs only *.bench.* files).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Piscina task file: DOCKET_WORKER (e.g. out/main/worker.js from electron-vite), else a fresh esbuild bundle. */
export function buildWorker() {
  if (process.env.DOCKET_WORKER) return resolve(ROOT, process.env.DOCKET_WORKER);
  // Inside the repo so the bundle's bare imports (sharp, pdfjs-dist, tesseract.js) resolve from node_modules.
  const out = join(ROOT, 'out', 'bench', 'worker.mjs');
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      join(ROOT, 'src/engine/read/worker.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      '--log-level=warning',
      `--outfile=${out}`,
    ],
    { stdio: 'inherit' },
  );
  return out;
}

/** Whether a native comparison tool is installed (`versionFlag` is what it answers without side effects). */
export function hasTool(cmd, versionFlag = '--version') {
  try {
    execFileSync(cmd, [versionFlag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

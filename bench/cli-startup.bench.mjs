#!/usr/bin/env node
/**
 * `docket` start-up: every command that does not process, run as a user runs it (node bin/docket.js ...), against
 * `node -e 0` (Node's own start) measured in the same run, A B A B. Prints each command's median wall time and its
 * median CPU time (user + system of the child), and the ratio to `node -e 0`. Needs the built CLI (`npx
 * electron-vite build`); makes a small data folder by processing a handful of generated text PDFs once.
 * Never asserts a time.
 *
 *   node bench/cli-startup.bench.mjs            (RUNS=15 by default)
 *   RUNS=31 node bench/cli-startup.bench.mjs
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ROOT } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 15);
const BIN = join(ROOT, 'bin', 'docket.js');
if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
  console.error('cli-startup: out/main/cli.js is missing; run "npx electron-vite build" first');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'docket-cli-startup-'));
const data = join(tmp, 'data');
const inputs = join(tmp, 'in');
mkdirSync(inputs);
for (let n = 0; n < 6; n++) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  const lines = [
    `ACME Supplies GmbH`,
    `INVOICE ${1000 + n}`,
    `Date 2026-0${1 + (n % 9)}-1${n}`,
    `Subtotal 100.00`,
    `VAT 19% 19.00`,
    `Total 119.00 EUR`,
  ];
  lines.forEach((t, i) => page.drawText(t, { x: 50, y: 780 - i * 20, size: 12, font }));
  writeFileSync(join(inputs, `inv-${n}.pdf`), await doc.save());
}
const made = spawnSync(process.execPath, [BIN, 'process', inputs, '--data', data, '--workers', '1', '--json'], { encoding: 'utf8' });
if (made.status !== 0) {
  console.error('cli-startup: could not make the data folder:', made.stderr);
  process.exit(1);
}

/** The commands a clerk or script runs without processing anything. */
const COMMANDS = [
  ['--version'],
  ['--help'],
  ['status', '--data', data],
  ['list', '--data', data],
  ['show', '1', '--data', data],
  ['search', 'total', '--data', data],
  ['export', '1', '--format', 'csv', '--out', join(tmp, 'out.csv'), '--data', data],
  ['export', '1', '--format', 'json', '--out', join(tmp, 'out.json'), '--data', data],
  ['vendors', 'list', '--data', data],
];

/** One run: wall ms from spawn to exit. */
function once(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return wall;
}

/**
 * CPU time (user + system) of this process's reaped children so far, in ms: fields 16 and 17 of /proc/self/stat
 * (cutime, cstime) in clock ticks of 1/100 s. Linux only; NaN elsewhere.
 */
function childCpuMs() {
  try {
    const f = (readFileSync('/proc/self/stat', 'utf8').split(') ')[1] ?? '').split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const subjects = [
  { name: 'node -e 0', args: ['-e', '0'] },
  ...COMMANDS.map((c) => ({
    name: `docket ${c.filter((a, i) => !a.startsWith('/') && c[i - 1] !== '--data' && c[i - 1] !== '--out' && a !== '--data' && a !== '--out').join(' ')}`,
    args: [BIN, ...c],
  })),
];
const wall = new Map(subjects.map((s) => [s.name, []]));
const cpu = new Map(subjects.map((s) => [s.name, []]));
for (const s of subjects) once(s.args); // warm the file cache once
for (let i = 0; i < RUNS; i++) {
  // interleaved (A B A B): a burst of load from other jobs falls on every subject alike
  for (const s of subjects) {
    const c0 = childCpuMs();
    wall.get(s.name).push(once(s.args));
    cpu.get(s.name).push(childCpuMs() - c0);
  }
}

const base = { wall: median(wall.get('node -e 0')), cpu: median(cpu.get('node -e 0')) };
console.log(
  `cli-startup: ${RUNS} runs each, interleaved; ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${new Date().toISOString()}`,
);
console.log('command'.padEnd(34), 'wall median'.padStart(12), 'cpu median'.padStart(11), 'wall - node'.padStart(12), 'x node'.padStart(7));
for (const s of subjects) {
  const w = median(wall.get(s.name));
  const c = median(cpu.get(s.name));
  console.log(
    s.name.padEnd(34),
    `${w.toFixed(0)} ms`.padStart(12),
    `${c.toFixed(0)} ms`.padStart(11),
    `${(w - base.wall).toFixed(0)} ms`.padStart(12),
    `${(w / base.wall).toFixed(2)}x`.padStart(7),
  );
}
const worst = subjects.slice(1).reduce((a, s) => (median(wall.get(s.name)) > median(wall.get(a.name)) ? s : a));
console.log(`slowest: ${worst.name} at ${median(wall.get(worst.name)).toFixed(0)} ms wall (target < 300 ms)`);
rmSync(tmp, { recursive: true, force: true });

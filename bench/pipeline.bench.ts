/**
 * End to end over 1,000 generated text-layer invoices: `docket process` (ingest + text layer + classify +
 * extract + write, 2 workers) against `pdftotext` over the same files (2 parallel processes) in the same run.
 * Prints wall and CPU time (the children's rusage) per side and both ratios, A B A B (ROUNDS=2); never asserts.
 * Run: npm run bench -- pipeline   (DOCS=300 for a quick one). Needs the built CLI (npx electron-vite build).
 * BEFORE=<folder of another built tree> also runs that tree's `docket process` on the same files in each round
 * (an A/B in one sitting: build the earlier commit beside this one, with node_modules linked in).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.DOCS ?? 1000);
/** PDF_DIR=<folder>: the invoices are generated there once and kept, so later runs (and profiles) read the same files. */
const keptDir = process.env.PDF_DIR ? path.resolve(process.env.PDF_DIR) : null;
const dir = keptDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-pipeline-'));

async function invoice(i: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = 1 + (i % 3);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    const lines = [
      `Vendor ${i % 97} Trading Ltd`,
      'INVOICE',
      `Invoice number: INV-${i}`,
      `Invoice date: ${1 + (i % 28)}/0${1 + (i % 9)}/2024`,
      'Description          Qty   Unit price   Amount',
      `Service ${i}             2       ${(i % 50) + 10}.00     ${2 * ((i % 50) + 10)}.00`,
      `Subtotal ${2 * ((i % 50) + 10)}.00`,
      'VAT 0.00',
      `Total EUR ${2 * ((i % 50) + 10)}.00`,
    ];
    lines.forEach((t, k) => page.drawText(t, { x: 50, y: 780 - k * 22, size: 11, font }));
  }
  return doc.save();
}

const t0 = performance.now();
fs.mkdirSync(dir, { recursive: true });
if (keptDir && fs.readdirSync(dir).length === N) console.log(`reusing ${N} PDFs in ${dir}`);
else {
  for (let i = 0; i < N; i++) fs.writeFileSync(path.join(dir, `inv-${i}.pdf`), await invoice(i));
  console.log(`generated ${N} PDFs (1-3 pages) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * CPU time (user + system) of this process's reaped children so far, in s: fields 16 and 17 of /proc/self/stat
 * (cutime, cstime) in ticks of 1/100 s. Docket's worker threads are inside its process, so they count; NaN off Linux.
 */
function childCpuS(): number {
  try {
    const f = (fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}

type Steps = { inspect: number; render: number; ocr: number; extract: number; write: number };

/** Where the documents' time went, from the per-step timings stored with every page (migration 8), in ms per document. */
function stepsPerDocument(dataDir: string): Steps | null {
  const db = new Database(path.join(dataDir, 'docket.db'), { readonly: true });
  try {
    const r = db
      .prepare(
        `SELECT count(DISTINCT document_id) AS docs, total(inspect_ms) AS inspect, total(render_ms) AS render, total(ocr_ms) AS ocr,
                total(extract_ms) AS extract, total(write_ms) AS write FROM pages`,
      )
      .get() as Steps & { docs: number };
    if (!r.docs) return null;
    return {
      inspect: r.inspect / r.docs,
      render: r.render / r.docs,
      ocr: r.ocr / r.docs,
      extract: r.extract / r.docs,
      write: r.write / r.docs,
    };
  } catch {
    return null; // a store from before migration 8
  } finally {
    db.close();
  }
}

function runDocket(root = ROOT): {
  wall: number;
  cpu: number;
  steps: Steps | null;
  summary: { counts: { done: number; needs_review: number }; pages: number };
} {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-pdata-'));
  const c0 = childCpuS();
  const t1 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'docket.js'), 'process', dir, '--data', data, '--workers', '2', '--json'], {
    encoding: 'utf8',
  });
  const wall = (performance.now() - t1) / 1000;
  const cpu = childCpuS() - c0;
  const steps = r.status === 0 ? stepsPerDocument(data) : null;
  fs.rmSync(data, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`docket process failed: ${r.stderr}`);
  return { wall, cpu, steps, summary: JSON.parse(r.stdout) };
}

/** `pdftotext -layout` over every file, 2 processes at a time (the same parallelism as Docket's 2 workers). */
async function runPdftotext(): Promise<{ wall: number; cpu: number }> {
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const c0 = childCpuS();
  const t2 = performance.now();
  let next = 0;
  const lane = () =>
    new Promise<void>((resolve) => {
      const go = () => {
        if (next >= files.length) return resolve();
        const f = files[next++]!;
        spawn('pdftotext', ['-layout', f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] }).on('exit', go);
      };
      go();
    });
  await Promise.all([lane(), lane()]);
  return { wall: (performance.now() - t2) / 1000, cpu: childCpuS() - c0 };
}

let hasPdftotext = true;
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  hasPdftotext = false;
}
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${load()}`);
// A B A B: a burst of load from other jobs falls on both sides alike; each side's better run is reported.
const docket: Array<ReturnType<typeof runDocket>> = [];
const native: Array<{ wall: number; cpu: number }> = [];
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const BEFORE = process.env.BEFORE ? path.resolve(process.env.BEFORE) : null;
const before: Array<ReturnType<typeof runDocket>> = [];
for (let round = 0; round < ROUNDS; round++) {
  if (BEFORE) {
    const b = runDocket(BEFORE);
    before.push(b);
    console.log(
      `docket process (BEFORE, ${BEFORE}): ${b.wall.toFixed(1)} s wall, ${b.cpu.toFixed(1)} s CPU = ${((b.cpu * 1000) / N).toFixed(1)} ms CPU/doc (done ${b.summary.counts.done}, review ${b.summary.counts.needs_review}); load ${load()}`,
    );
  }
  const d = runDocket();
  docket.push(d);
  console.log(
    `docket process: ${N} docs, ${d.summary.pages} pages in ${d.wall.toFixed(1)} s wall, ${d.cpu.toFixed(1)} s CPU = ${(N / d.wall).toFixed(1)} docs/s, ${((d.cpu * 1000) / N).toFixed(1)} ms CPU/doc (done ${d.summary.counts.done}, review ${d.summary.counts.needs_review}); load ${load()}`,
  );
  if (d.steps)
    console.log(
      `  per document, from the stored page steps: inspect ${d.steps.inspect.toFixed(2)} ms, render ${d.steps.render.toFixed(2)}, OCR ${d.steps.ocr.toFixed(2)}, extract ${d.steps.extract.toFixed(2)}, write ${d.steps.write.toFixed(2)} ms (wall time of each step, threads included)`,
    );
  if (!hasPdftotext) continue;
  const n = await runPdftotext();
  native.push(n);
  console.log(
    `pdftotext -layout (2 parallel): ${n.wall.toFixed(1)} s wall, ${n.cpu.toFixed(1)} s CPU = ${(N / n.wall).toFixed(1)} docs/s, ${((n.cpu * 1000) / N).toFixed(1)} ms CPU/doc; load ${load()}`,
  );
}
if (!hasPdftotext) console.log('pdftotext not installed (apt-get install poppler-utils): no native comparison');
else {
  const best = <T extends { wall: number; cpu: number }>(xs: T[], k: 'wall' | 'cpu') => Math.min(...xs.map((x) => x[k]));
  console.log(
    `ratio docket/pdftotext (>= 1.0x means Docket is as fast): wall ${(best(native, 'wall') / best(docket, 'wall')).toFixed(2)}x, CPU ${(best(native, 'cpu') / best(docket, 'cpu')).toFixed(2)}x (docket also classifies, extracts and stores)`,
  );
}
if (before.length) {
  const best = (xs: Array<{ cpu: number; wall: number }>, k: 'cpu' | 'wall') => Math.min(...xs.map((x) => x[k]));
  console.log(
    `BEFORE/this tree, best runs: CPU ${best(before, 'cpu').toFixed(1)} / ${best(docket, 'cpu').toFixed(1)} s, wall ${best(before, 'wall').toFixed(1)} / ${best(docket, 'wall').toFixed(1)} s` +
      (native.length
        ? `; BEFORE's ratio to pdftotext: CPU ${(best(native, 'cpu') / best(before, 'cpu')).toFixed(2)}x, wall ${(best(native, 'wall') / best(before, 'wall')).toFixed(2)}x`
        : ''),
  );
}
if (!keptDir) fs.rmSync(dir, { recursive: true, force: true });

#!/usr/bin/env node
/**
 * Scale-out on BullMQ (docs/SCALE-OUT.md), run as a user runs it: a redis-server of its own (AOF on, a free
 * port on 127.0.0.1), `docket worker` processes and `docket process --queue` as the coordinator, all from the
 * built CLI (`npx electron-vite build` first). Prints figures; never asserts a time.
 *
 *  1. The same OCR pages (generated single-page scans, PAGES=100) with one worker process of one thread, then
 *     two workers of one thread each: pages per minute and the ratio.
 *  2. Queue overhead: the same text PDFs (DOCS=1000) read by the local pool (one thread) and through the queue
 *     (one worker, one thread), interleaved, the faster of two runs each; the difference in the batch's
 *     processing time per job (an inspection and an e-invoice look-up per PDF). Extraction runs on the
 *     coordinator in both.
 *
 *   node bench/scale-out.bench.mjs
 *   PAGES=20 DOCS=200 node bench/scale-out.bench.mjs     (a quick look)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { ROOT } from './lib.mjs';

const PAGES = Number(process.env.PAGES ?? 100);
const DOCS = Number(process.env.DOCS ?? 1000);
const BIN = join(ROOT, 'bin', 'docket.js');
const SECRET = 'scale-out-bench-secret-0123456789';
if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
  console.error('scale-out: out/main/cli.js is missing; run "npx electron-vite build" first');
  process.exit(1);
}
if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('scale-out: redis-server is not installed (apt-get install redis-server)');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'docket-scale-bench-'));
const env = { ...process.env, DOCKET_QUEUE_SECRET: SECRET, DOCKET_BYTES_HOST: '127.0.0.1', DOCKET_BYTES_PORT: '0' };
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startRedis() {
  const port = await freePort();
  const dir = join(tmp, `redis-${port}`);
  mkdirSync(dir);
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {
    stdio: 'ignore',
  });
  children.add(p);
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => net.connect(port, '127.0.0.1', () => r(true)).once('error', () => r(false)));
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => (p.kill('SIGTERM'), children.delete(p)) };
}

function startWorker(url, name) {
  const p = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--threads', '1', '--name', name], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(p);
  return new Promise((resolve) => {
    p.stderr.on('data', (d) => {
      if (String(d).includes(`worker ${name}:`)) resolve(p);
    });
  });
}

function processBatch(dir, extra) {
  const data = join(tmp, `data-${Math.random().toString(36).slice(2)}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'process', dir, '--data', data, '--workers', '1', '--json', ...extra], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`docket process failed (${r.status}): ${r.stderr}`);
  const s = JSON.parse(r.stdout.trim().split('\n').pop());
  return { ...s, wallMs: Date.now() - t0 };
}

async function scan(n) {
  const lines = [
    'NORTHWIND SUPPLIES LTD',
    '12 Harbour Street, Bristol BS1 4DJ',
    `INVOICE SC-${10000 + n}`,
    'Invoice date: 14/03/2024',
    'Description            Qty   Amount',
    'Consulting services      2   200.00',
    'Travel expenses          1    50.00',
    'Subtotal                     250.00',
    'VAT 20%                       50.00',
    `Total due                GBP ${(300 + n).toFixed(2)}`,
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><rect width="100%" height="100%" fill="white"/>
    <g font-family="DejaVu Sans Mono, monospace" font-size="30">${lines.map((t, i) => `<text x="90" y="${160 + i * 60}">${t}</text>`).join('')}</g></svg>`;
  return sharp(Buffer.from(svg)).grayscale().png().toBuffer();
}

async function textPdf(n) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  ['ACME Supplies GmbH', `INVOICE ${1000 + n}`, 'Date 2026-03-14', 'Subtotal 100.00', 'VAT 19% 19.00', 'Total 119.00 EUR'].forEach((t, i) =>
    page.drawText(t, { x: 50, y: 780 - i * 22, size: 11, font }),
  );
  return doc.save();
}

const counts = (s) => `${s.counts.done} done, ${s.counts.needs_review} review, ${s.counts.failed} failed`;
const machine = () =>
  `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${new Date().toISOString().slice(0, 16)}Z`;

// 1. OCR pages: one worker vs two.
const scans = join(tmp, 'scans');
mkdirSync(scans);
for (let i = 0; i < PAGES; i++) writeFileSync(join(scans, `scan-${i}.png`), await scan(i));
const ocr = {};
for (const k of [1, 2]) {
  const redis = await startRedis();
  const workers = await Promise.all(Array.from({ length: k }, (_, i) => startWorker(redis.url, `bench-${k}-${i}`)));
  const s = processBatch(scans, ['--queue', redis.url]);
  const pagesPerMin = (s.pages / s.elapsedMs) * 60_000;
  ocr[k] = pagesPerMin;
  console.log(
    `scale-out OCR: ${k} worker(s) x 1 thread: ${s.pages} pages (${s.pagesByMethod.ocr} OCR; documents ${counts(s)}) in ${(s.elapsedMs / 1000).toFixed(1)} s: ${pagesPerMin.toFixed(1)} pages/min (${machine()})`,
  );
  for (const w of workers) w.kill('SIGKILL');
  redis.stop();
}
console.log(`scale-out OCR: 2 workers / 1 worker = ${(ocr[2] / ocr[1]).toFixed(2)}x`);

// 2. Queue overhead against the local pool on text PDFs (DOCS=0 skips it).
if (DOCS === 0) process.exit(0);
const pdfs = join(tmp, 'pdfs');
mkdirSync(pdfs);
for (let i = 0; i < DOCS; i++) writeFileSync(join(pdfs, `inv-${i}.pdf`), await textPdf(i));
// Interleaved, twice each, the faster of each kept: the machine is shared and its load moves.
const redis = await startRedis();
const worker = await startWorker(redis.url, 'bench-overhead');
const fastest = (a, b) => (!a || b.elapsedMs < a.elapsedMs ? b : a);
let local = null;
let queued = null;
for (let run = 0; run < 2; run++) {
  local = fastest(local, processBatch(pdfs, []));
  queued = fastest(queued, processBatch(pdfs, ['--queue', redis.url]));
}
worker.kill('SIGKILL');
redis.stop();
const jobs = 2 * DOCS;
console.log(
  `scale-out overhead: ${DOCS} text PDFs, local pool 1 thread ${(local.elapsedMs / 1000).toFixed(1)} s (${((DOCS / local.elapsedMs) * 1000).toFixed(1)} docs/s), ` +
    `queue 1 worker x 1 thread ${(queued.elapsedMs / 1000).toFixed(1)} s (${((DOCS / queued.elapsedMs) * 1000).toFixed(1)} docs/s); ` +
    `${(((queued.elapsedMs - local.elapsedMs) / jobs) * 1).toFixed(2)} ms per job over the local pool (${jobs} jobs) (${machine()})`,
);
process.exit(0);

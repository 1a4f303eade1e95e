#!/usr/bin/env node
/**
 * OCR throughput: Docket (2 Piscina threads running the `ocr` task) against the native tesseract CLI
 * (2 parallel processes, OMP_THREAD_LIMIT=1) on the same 300 dpi page images, with CER against known
 * text and the peak RSS of Docket's process during its run. Prints figures; never asserts times.
 *
 *   node bench/ocr.bench.mjs            (builds the worker with esbuild into out/bench/)
 *   DOCKET_WORKER=out/main/worker.js node bench/ocr.bench.mjs   (use the electron-vite build instead)
 *   PAGES=12 node bench/ocr.bench.mjs   (more pages)
 *   NATIVE=0 node bench/ocr.bench.mjs   (Docket only)   KEEP_PAGES=1 (keep the page images in the temp dir)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildWorker, hasTool } from './lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EVAL = resolve(ROOT, '..', 'shared', 'eval');
const require = createRequire(join(ROOT, 'package.json'));

function levenshtein(a, b) {
  if (a === b) return 0;
  let prev = new Uint32Array(b.length + 1).map((_, j) => j);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
const squash = (s) => s.replace(/\s+/g, ' ').trim();
const cer = (hyp, ref) => levenshtein(squash(hyp), squash(ref)) / Math.max(1, squash(ref).length);

const VENDORS = [
  'Northwind Traders GmbH',
  'Contoso Office Supplies Ltd',
  'Fabrikam Logistics B.V.',
  'Tailspin Printing Inc',
  'Adventure Works Catering',
];
const ITEMS = [
  'Copy paper A4 80g, 5 reams',
  'Toner cartridge black TN-2420',
  'Desk lamp LED, brushed steel',
  'Ring binders 50mm, box of 10',
  'Whiteboard markers assorted',
  'Shipping and handling',
  'Stapler heavy duty 100 sheets',
  'Monitor arm, dual, gas spring',
  'USB-C docking station',
  'Ergonomic chair, mesh back',
];

/** Invoice-like A4 pages: a header, an address block, 18 item lines, totals and terms. */
async function invoicePage(n) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595.28, 841.89]);
  const lines = [];
  let y = 790;
  const put = (text, size = 10, f = font) => {
    page.drawText(text, { x: 56, y, size, font: f });
    lines.push(text);
    y -= size * 1.6;
  };
  put(VENDORS[n % VENDORS.length], 16, bold);
  put(`${12 + n} Harbour Street, 20${10 + n} Hamburg, Germany`);
  put(`VAT ID DE${(812345670 + n * 7919).toString()}  IBAN DE89 3704 0044 0532 0130 ${String(n).padStart(2, '0')}`);
  y -= 10;
  put(`INVOICE ${2024}-${String(1000 + n * 37)}`, 14, bold);
  put(`Invoice date: ${1 + (n % 27)} March 2024   Due date: ${1 + (n % 27)} April 2024`);
  put(`Customer: Docket Test Customer ${n}, Order reference PO-${88000 + n}`);
  y -= 10;
  let total = 0;
  for (let i = 0; i < 18; i++) {
    const qty = 1 + ((i * 7 + n) % 9);
    const price = 3.5 + ((i * 13 + n * 5) % 200) + 0.25 * (i % 4);
    total += qty * price;
    put(
      `${String(i + 1).padStart(2, '0')}  ${ITEMS[(i + n) % ITEMS.length]}  qty ${qty} x ${price.toFixed(2)} = ${(qty * price).toFixed(2)} EUR`,
    );
  }
  y -= 10;
  put(`Net amount: ${total.toFixed(2)} EUR`);
  put(`VAT 19%: ${(total * 0.19).toFixed(2)} EUR`);
  put(`Total due: ${(total * 1.19).toFixed(2)} EUR`, 12, bold);
  y -= 10;
  put('Payment within 30 days without deduction. Thank you for your business.');
  put('Goods remain our property until paid in full. Place of jurisdiction: Hamburg.');
  return { pdf: await doc.save(), text: lines.join('\n') };
}

async function samplePeakRss(intervalMs, stopSignal) {
  let peak = 0;
  while (!stopSignal.stopped) {
    peak = Math.max(peak, process.memoryUsage().rss);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return peak;
}

function runNative(files, tessdataDir) {
  // Two processes at a time over a shared queue, one OpenMP thread each (otherwise 5x slower on 2 cores).
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const queue = files.map((f, i) => ({ ...f, i }));
  const texts = new Array(files.length);
  // /usr/bin/time reports each process's CPU seconds: a figure that other load on the machine barely moves.
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  let cpuSeconds = timeBin ? 0 : NaN;
  const started = Date.now();
  const lane = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const args = [job.png, 'stdout', '--psm', '3', '-l', 'eng', ...(tessdataDir ? ['--tessdata-dir', tessdataDir] : [])];
      const cmd = timeBin ?? 'tesseract';
      const fullArgs = timeBin ? ['-f', 'CPU %U %S', 'tesseract', ...args] : args;
      texts[job.i] = await new Promise((res, rej) => {
        const p = spawn(cmd, fullArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('error', rej);
        p.on('close', () => {
          const m = /CPU ([\d.]+) ([\d.]+)/.exec(err);
          if (m) cpuSeconds += Number(m[1]) + Number(m[2]);
          res(out);
        });
      });
    }
  };
  return Promise.all([lane(), lane()]).then(() => ({ ms: Date.now() - started, texts, cpuSeconds }));
}

async function main() {
  const pagesWanted = Number(process.env.PAGES ?? 8);
  const workerFile = buildWorker();
  const worker = await import(pathToFileURL(workerFile).href);
  const tmp = mkdtempSync(join(tmpdir(), 'docket-ocr-bench-'));
  try {
    // The page set: linn.png (300 dpi scan, reference linn.txt) and invoice-like pages rendered at 300 dpi.
    const files = [];
    const linnRef = readFileSync(join(EVAL, 'scanned', 'linn.txt'), 'utf8');
    for (let n = 0; files.length < pagesWanted; n++) {
      if (n % 4 === 0) {
        files.push({ name: `linn-${n}`, png: join(EVAL, 'scanned', 'linn.png'), text: linnRef });
        continue;
      }
      const { pdf, text } = await invoicePage(n);
      const pdfPath = join(tmp, `invoice-${n}.pdf`);
      writeFileSync(pdfPath, pdf);
      const r = await worker.render({ path: pdfPath, kind: 'pdf', pageIndex: 0, maxSide: 3508, maxPixels: 100e6, format: 'png' });
      if (!r.ok) throw new Error(r.message);
      const png = join(tmp, `invoice-${n}.png`);
      // 300 dpi in the PNG header, as a scanner would write it: both engines get the same file.
      writeFileSync(png, await sharp(Buffer.from(r.bytes)).greyscale().withMetadata({ density: 300 }).png().toBuffer());
      if (process.env.KEEP_PAGES) writeFileSync(png.replace(/\.png$/, '.txt'), text);
      files.push({ name: `invoice-${n}`, png, text });
    }
    await worker.shutdown?.();
    const meta = await sharp(files[1]?.png ?? files[0].png).metadata();
    console.log(`# OCR benchmark  ${new Date().toISOString()}  ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}  node ${process.version}`);
    console.log(
      `pages: ${files.length} (${files.filter((f) => f.name.startsWith('linn')).length} x linn.png 2550x3300, ${files.filter((f) => f.name.startsWith('invoice')).length} x invoice A4 ${meta.width}x${meta.height} @300dpi), Docket picks PSM 6/3 per page (single column/columns), native PSM 3`,
    );

    // Docket: 2 Piscina threads, fresh (tesseract init is part of the cost), tasks queued all at once.
    const pool = new Piscina({ filename: pathToFileURL(workerFile).href, minThreads: 2, maxThreads: 2, idleTimeout: 60_000 });
    const stop = { stopped: false };
    const peakPromise = samplePeakRss(100, stop);
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const results = await Promise.all(
      files.map((f) =>
        pool.run({ path: f.png, kind: 'png', pageIndex: 0, lang: 'eng', maxPixels: 100e6, timeoutMs: 180_000 }, { name: 'ocr' }),
      ),
    );
    const docketMs = Date.now() - t0;
    const docketCpu = process.cpuUsage(cpu0);
    const docketCpuS = (docketCpu.user + docketCpu.system) / 1e6;
    stop.stopped = true;
    const peak = await peakPromise;
    await pool.destroy();
    const docketCer = results.map((r, i) => (r.ok ? cer(r.text, files[i].text) : 1));
    const failed = results.filter((r) => !r.ok);
    for (const f of failed) console.log('  docket failure:', f.code, f.message);
    const docketPpm = (files.length / docketMs) * 60_000;
    console.log(
      `Docket  (2 Piscina threads, tesseract.js 7, eng 4.0.0_best_int): ${(docketMs / 1000).toFixed(1)} s, ${docketPpm.toFixed(1)} pages/min, mean CER ${(mean(docketCer) * 100).toFixed(2)}% (linn ${(mean(docketCer.filter((_, i) => files[i].name.startsWith('linn'))) * 100).toFixed(2)}%, invoices ${(mean(docketCer.filter((_, i) => files[i].name.startsWith('invoice'))) * 100).toFixed(2)}%), peak RSS ${(peak / 1024 ** 2).toFixed(0)} MB (whole process: main + 2 threads + 2 tesseract workers)`,
    );
    console.log(`  per-page task ms: ${results.map((r) => (r.ok ? r.ms : 'x')).join(', ')}`);
    console.log(
      `  CPU: ${(docketCpuS / files.length).toFixed(2)} CPU-s/page (whole process), load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    );

    if (process.env.NATIVE === '0') return;
    if (!hasTool('tesseract')) {
      console.log('native tesseract not found: skipping the native comparison (apt-get install tesseract-ocr to enable it)');
      return;
    }
    const nativeRuns = [{ label: 'native tesseract CLI (Debian eng data)', dir: null }];
    // Same model as Docket, for an engine-only comparison.
    const bestIntDir = join(tmp, 'tessdata');
    mkdirSync(bestIntDir);
    writeFileSync(
      join(bestIntDir, 'eng.traineddata'),
      gunzipSync(
        readFileSync(join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz')),
      ),
    );
    nativeRuns.push({ label: 'native tesseract CLI (same 4.0.0_best_int model)', dir: bestIntDir });
    const version = execFileSync('tesseract', ['--version']).toString().split('\n')[0];
    for (const run of nativeRuns) {
      const { ms, texts, cpuSeconds } = await runNative(files, run.dir);
      const c = texts.map((t, i) => cer(t ?? '', files[i].text));
      const ppm = (files.length / ms) * 60_000;
      console.log(
        `${run.label} [${version}], 2 processes, OMP_THREAD_LIMIT=1: ${(ms / 1000).toFixed(1)} s, ${ppm.toFixed(1)} pages/min, mean CER ${(mean(c) * 100).toFixed(2)}% (linn ${(mean(c.filter((_, i) => files[i].name.startsWith('linn'))) * 100).toFixed(2)}%, invoices ${(mean(c.filter((_, i) => files[i].name.startsWith('invoice'))) * 100).toFixed(2)}%)`,
      );
      console.log(
        `  ratio Docket / ${run.label}: ${(docketPpm / ppm).toFixed(2)}x wall-clock` +
          (Number.isFinite(cpuSeconds)
            ? `; CPU ${(cpuSeconds / files.length).toFixed(2)} CPU-s/page, ratio by CPU time ${(cpuSeconds / docketCpuS).toFixed(2)}x`
            : ''),
      );
    }
  } finally {
    if (!process.env.KEEP_PAGES) rmSync(tmp, { recursive: true, force: true });
    else console.log(`pages kept in ${tmp}`);
  }
}

function mean(xs) {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

await main();

#!/usr/bin/env node
/**
 * Text-layer throughput: Docket's `inspect` task (2 Piscina threads) against `pdftotext` (2 parallel
 * processes) over the same 1,000 generated born-digital PDFs. Prints documents/s and the ratio; never
 * asserts times.
 *
 *   node bench/text-pdf.bench.mjs              (builds the worker with esbuild into out/bench/)
 *   DOCS=300 node bench/text-pdf.bench.mjs
 *   DOCKET_WORKER=out/main/worker.js node bench/text-pdf.bench.mjs
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildWorker, hasTool } from './lib.mjs';

const WORDS =
  'invoice order delivery amount total net gross tax rate customer supplier account reference payment due date quantity unit price discount shipping handling'.split(
    ' ',
  );

/** 1-3 page invoice-like PDFs with ~40 lines per page, varied so no two files are identical. */
async function makePdf(n) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = 1 + (n % 3 === 0 ? 1 : 0) + (n % 7 === 0 ? 1 : 0);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`INVOICE ${100000 + n}  page ${p + 1}/${pages}`, { x: 50, y: 790, size: 14, font });
    for (let i = 0; i < 40; i++) {
      const words = Array.from({ length: 6 }, (_, k) => WORDS[(n * 31 + i * 7 + k * 3 + p) % WORDS.length]).join(' ');
      page.drawText(`${String(i + 1).padStart(2, '0')} ${words}  ${((n * 13 + i * 17) % 9000) / 10 + 1} EUR`, {
        x: 50,
        y: 760 - i * 17,
        size: 10,
        font,
      });
    }
  }
  return doc.save();
}

async function runLanes(items, lanes, fn) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let it = queue.shift(); it !== undefined; it = queue.shift()) await fn(it);
    }),
  );
}

async function main() {
  const count = Number(process.env.DOCS ?? 1000);
  const workerFile = buildWorker();
  const dir = mkdtempSync(join(tmpdir(), 'docket-textpdf-bench-'));
  try {
    const t0 = Date.now();
    const files = [];
    for (let n = 0; n < count; n++) {
      const path = join(dir, `doc-${String(n).padStart(4, '0')}.pdf`);
      writeFileSync(path, await makePdf(n));
      files.push(path);
    }
    console.log(
      `# text-PDF benchmark  ${new Date().toISOString()}  ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}  node ${process.version}  load ${loadavg()[0].toFixed(1)}`,
    );
    console.log(`generated ${count} PDFs (1-3 pages, ~40 lines/page) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const pool = new Piscina({ filename: pathToFileURL(workerFile).href, minThreads: 2, maxThreads: 2 });
    // Warm-up: thread start and pdfjs import are paid once per thread, not per document.
    await Promise.all([0, 1].map((i) => pool.run({ path: files[i], kind: 'pdf', maxPixels: 100e6 }, { name: 'inspect' })));
    const t1 = Date.now();
    const results = await Promise.all(files.map((path) => pool.run({ path, kind: 'pdf', maxPixels: 100e6 }, { name: 'inspect' })));
    const docketMs = Date.now() - t1;
    await pool.destroy();
    const ok = results.filter((r) => r.ok);
    const chars = ok.reduce((a, r) => a + r.pages.reduce((b, p) => b + (p.text?.length ?? 0), 0), 0);
    const needOcr = ok.reduce((a, r) => a + r.pages.filter((p) => p.needsOcr).length, 0);
    const docketRate = (count / docketMs) * 1000;
    console.log(
      `Docket inspect (2 Piscina threads, pdfjs-dist legacy): ${(docketMs / 1000).toFixed(2)} s, ${docketRate.toFixed(1)} docs/s, ${ok.length}/${count} ok, ${chars} chars, ${needOcr} pages flagged for OCR`,
    );

    if (!hasTool('pdftotext', '-v')) {
      console.log('pdftotext not found: skipping the native comparison (apt-get install poppler-utils to enable it)');
      return;
    }
    let nativeChars = 0;
    const t2 = Date.now();
    await runLanes(
      files,
      2,
      (path) =>
        new Promise((res, rej) => {
          const p = spawn('pdftotext', ['-layout', path, '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
          p.stdout.on('data', (d) => (nativeChars += d.length));
          p.on('error', rej);
          p.on('close', res);
        }),
    );
    const nativeMs = Date.now() - t2;
    const nativeRate = (count / nativeMs) * 1000;
    console.log(
      `pdftotext -layout (2 parallel processes): ${(nativeMs / 1000).toFixed(2)} s, ${nativeRate.toFixed(1)} docs/s, ${nativeChars} bytes`,
    );
    console.log(`ratio Docket / pdftotext: ${(docketRate / nativeRate).toFixed(2)}x   (load average now ${loadavg()[0].toFixed(1)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

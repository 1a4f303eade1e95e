/**
 * End to end over 1,000 generated text-layer invoices: `docket process` (ingest + text layer + classify +
 * extract + write, 2 workers) against `pdftotext` over the same files (2 parallel processes) in the same run.
 * Prints documents/s and the ratio; never asserts. Run: npm run bench -- pipeline   (DOCS=300 for a quick one)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.DOCS ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-pipeline-'));

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
for (let i = 0; i < N; i++) fs.writeFileSync(path.join(dir, `inv-${i}.pdf`), await invoice(i));
console.log(`generated ${N} PDFs (1-3 pages) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const data = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-pdata-'));
const t1 = performance.now();
const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'docket.js'), 'process', dir, '--data', data, '--workers', '2', '--json'], {
  encoding: 'utf8',
});
const docketS = (performance.now() - t1) / 1000;
if (r.status !== 0) throw new Error(`docket process failed: ${r.stderr}`);
const summary = JSON.parse(r.stdout) as { counts: { done: number; needs_review: number }; pages: number };
console.log(
  `docket process: ${N} docs, ${summary.pages} pages in ${docketS.toFixed(1)} s = ${(N / docketS).toFixed(1)} docs/s (done ${summary.counts.done}, review ${summary.counts.needs_review})`,
);

let hasPdftotext = true;
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  hasPdftotext = false;
}
if (!hasPdftotext) {
  console.log('pdftotext not installed (apt-get install poppler-utils): no native comparison');
} else {
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
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
  const nativeS = (performance.now() - t2) / 1000;
  console.log(`pdftotext -layout (2 parallel): ${(N / nativeS).toFixed(1)} docs/s`);
  console.log(`ratio docket/pdftotext: ${(nativeS / docketS).toFixed(2)}x (docket also classifies, extracts and stores)`);
}
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(data, { recursive: true, force: true });

#!/usr/bin/env node
/**
 * OCR page preparation (issue 9 item 7): what normalising colour / low contrast and upscaling low-resolution
 * pages does to the text, and what it costs. Per page: CER against a reference text, the share of reference
 * words found in the OCR text (order-free, so a column read in another order is not punished twice), and the
 * time of the `ocr` task. Reference texts: the invoice PNGs' own PDF text layers, the SROIE box transcripts,
 * linn.txt. Runs the tasks in this process, one page at a time. Prints figures; never asserts.
 *
 *   node --import tsx bench/ocr-prep.bench.mjs          RECEIPTS=12 (how many sroie-train receipts, default 8)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './lib.mjs';

const EVAL = resolve(ROOT, '..', 'shared', 'eval');
const { inspect, ocr, shutdown } = await import(join(ROOT, 'src/engine/read/worker.ts'));
const { cer } = await import(join(ROOT, 'test/engine/read/cer.ts'));

const words = (s) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
/** Share of the reference's words (as a multiset) that the OCR text contains. */
function wordRecall(hyp, ref) {
  const have = new Map();
  for (const w of words(hyp)) have.set(w, (have.get(w) ?? 0) + 1);
  const want = words(ref);
  let hit = 0;
  for (const w of want) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      hit++;
      have.set(w, n - 1);
    }
  }
  return hit / Math.max(1, want.length);
}

async function layerText(pdf) {
  const r = await inspect({ path: pdf, kind: 'pdf', maxPixels: 100_000_000 });
  if (!r.ok) throw new Error(r.message);
  return r.pages.map((p) => p.text ?? '').join('\n');
}

const pages = [];
for (const name of ['AmazonWebServices', 'FlipkartInvoice', 'SammyMaystoneLinesTest', 'oyo']) {
  pages.push({
    set: 'invoice png',
    name: `${name}.png`,
    path: join(EVAL, 'invoices', `${name}.png`),
    kind: 'png',
    ref: await layerText(join(EVAL, 'invoices', `${name}.pdf`)),
  });
}
const receipts = readdirSync(join(EVAL, 'sroie-train'))
  .filter((f) => f.endsWith('.jpg'))
  .sort()
  .slice(0, Number(process.env.RECEIPTS ?? 8));
for (const f of receipts) {
  const box = readFileSync(join(EVAL, 'sroie-train', f.replace(/\.jpg$/, '.box.txt')), 'utf8');
  // box lines: x1,y1,...,x4,y4,text (the text may itself hold commas)
  const ref = box
    .split('\n')
    .map((l) => l.split(',').slice(8).join(','))
    .join('\n');
  pages.push({ set: 'sroie-train', name: f, path: join(EVAL, 'sroie-train', f), kind: 'jpeg', ref });
}
pages.push({
  set: 'clean 300 dpi',
  name: 'linn.png',
  path: join(EVAL, 'scanned', 'linn.png'),
  kind: 'png',
  ref: readFileSync(join(EVAL, 'scanned', 'linn.txt'), 'utf8'),
});

// Warm the OCR engine so the first page does not pay tesseract's start.
await ocr({ path: pages[0].path, kind: pages[0].kind, pageIndex: 0, lang: 'eng', maxPixels: 100_000_000, timeoutMs: 300_000 });

const rows = [];
for (const p of pages) {
  const t0 = process.cpuUsage();
  const r = await ocr({ path: p.path, kind: p.kind, pageIndex: 0, lang: 'eng', maxPixels: 100_000_000, timeoutMs: 300_000 });
  const cpu = process.cpuUsage(t0);
  if (!r.ok) {
    console.log(`${p.name}: ${r.message}`);
    continue;
  }
  const row = {
    set: p.set,
    page: p.name,
    cer: +(100 * cer(r.text, p.ref)).toFixed(1),
    words: +(100 * wordRecall(r.text, p.ref)).toFixed(1),
    conf: r.confidence,
    size: `${r.width}x${r.height}@${r.dpi}`,
    ms: r.ms,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.table(rows);
for (const set of [...new Set(rows.map((r) => r.set))]) {
  const rs = rows.filter((r) => r.set === set);
  const mean = (k) => (rs.reduce((a, r) => a + r[k], 0) / rs.length).toFixed(1);
  console.log(`${set}: ${rs.length} page(s), mean CER ${mean('cer')}%, words found ${mean('words')}%, mean ${mean('ms')} ms/page`);
}
await shutdown();

#!/usr/bin/env node
/**
 * E-invoices (issue 11): fields right / total on shared/eval/einvoices, and milliseconds per document.
 *  1. The real engine (2 worker threads, built worker bundle out/main/worker.js: `npx electron-vite build`)
 *     processes the 32 files; each file's facts are compared with truth.json: number, issue date, seller,
 *     grand total, amount due, currency, line count, type (credit note or not) = 8 per file.
 *  2. The reading alone, in this thread: the e-invoice task per file (PDF attachments through pdfjs, XML through
 *     saxes), repeated, for milliseconds per document without the queue and the store.
 * Prints figures; asserts nothing.
 *
 *   node --import tsx bench/einvoice.bench.mjs        (npm run bench -- einvoice)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const dir = path.resolve(root, '..', 'shared', 'eval', 'einvoices');
if (!fs.existsSync(path.join(dir, 'truth.json'))) {
  console.log(`skipped: ${dir} not found`);
  process.exit(0);
}
if (!fs.existsSync(path.join(root, 'out', 'main', 'worker.js'))) {
  console.error('out/main/worker.js missing: run `npx electron-vite build` first');
  process.exit(1);
}
const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8'));
const names = Object.keys(truth);

const { Engine } = await import('../src/engine/engine.ts');
const { einvoice } = await import('../src/engine/read/pdf-attachments.ts');

// ---- 1. through the engine -------------------------------------------------------------------------------
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-einv-bench-'));
const input = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-einv-in-'));
for (const n of names) fs.copyFileSync(path.join(dir, n), path.join(input, n));
const engine = await Engine.open({ dataDir: data, workers: 2 });
await engine.start();
const t0 = performance.now();
const batch = await engine.createBatch({ paths: [input] });
await engine.waitForBatch(batch.id);
const wall = performance.now() - t0;
const { rows } = await engine.listDocuments({ batchId: batch.id, limit: 1000 });

const facts = ['number', 'issue date', 'seller', 'grand total', 'amount due', 'currency', 'line count', 'type'];
const right = Object.fromEntries(facts.map((f) => [f, 0]));
const misses = [];
let done = 0;
for (const n of names) {
  const t = truth[n];
  const row = rows.find((r) => r.name === n);
  const d = row ? await engine.getDocument(row.id) : null;
  const e = row ? await engine.getEInvoice(row.id) : null;
  if (row?.status === 'done') done++;
  const got = {
    number: row?.docNumber === t.invoice_number,
    'issue date': row?.issueDate === t.issue_date,
    seller: row?.vendor === t.seller_name,
    'grand total': row?.total !== null && row?.total === Number(t.grand_total),
    'amount due': e !== null && Number(e.invoice.totals.payable) === Number(t.payable_amount),
    currency: row?.currency === t.currency,
    'line count': d?.lineItems.length === t.line_items,
    type: row?.docType === (t.type_code === '381' ? 'credit_note' : 'invoice'),
  };
  for (const f of facts) {
    if (got[f]) right[f]++;
    else misses.push(`${n}: ${f}`);
  }
}
const total = names.length * facts.length;
const sumRight = Object.values(right).reduce((a, b) => a + b, 0);
const perDoc = rows.filter((r) => names.includes(r.name)).map((r) => r.elapsedMs ?? 0);
perDoc.sort((a, b) => a - b);
console.log(`engine, 2 threads: ${names.length} files, ${done} done; fields right ${sumRight}/${total}`);
console.log(`  ${facts.map((f) => `${f} ${right[f]}/${names.length}`).join(', ')}`);
if (misses.length) console.log(`  misses: ${misses.join('; ')}`);
console.log(
  `  wall ${Math.round(wall)} ms for the batch (${(wall / names.length).toFixed(1)} ms/document); ` +
    `per-document read time median ${perDoc[perDoc.length >> 1]} ms, max ${perDoc[perDoc.length - 1]} ms`,
);
await engine.close();
fs.rmSync(data, { recursive: true, force: true });
fs.rmSync(input, { recursive: true, force: true });

// ---- 2. the reading alone -----------------------------------------------------------------------------------
const ROUNDS = 10;
for (const kind of ['xml', 'pdf']) {
  const files = names.filter((n) => n.endsWith(`.${kind}`));
  await Promise.all(files.map((n) => einvoice({ path: path.join(dir, n), kind }))); // warm up (pdfjs load, JIT)
  const start = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const n of files) await einvoice({ path: path.join(dir, n), kind });
  const ms = (performance.now() - start) / (ROUNDS * files.length);
  console.log(`read only, one thread, ${files.length} ${kind.toUpperCase()} files x ${ROUNDS}: ${ms.toFixed(2)} ms/document`);
}

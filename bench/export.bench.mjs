// Export benchmark: seeds N documents (default 100,000) with fields, line items, issues and page text, then
// exports them to csv, xlsx and json, each in its own child process so its peak RSS is its own.
// Prints figures; asserts nothing.
//
//   node --import tsx bench/export.bench.mjs [--docs 100000] [--dir DIR] [--keep]
//
// The seeded store is reused when DIR already holds one with the same document count (search.bench.mjs
// seeds the same way, so they can share --dir).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

// ---- deterministic fake data ----
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const SYL = [
  'ka',
  'ro',
  'mi',
  'ten',
  'sul',
  'vor',
  'an',
  'el',
  'pri',
  'dus',
  'lo',
  'ber',
  'ski',
  'na',
  'gor',
  'fe',
  'tri',
  'um',
  'zal',
  'co',
];
const COMMON = [
  'invoice',
  'total',
  'amount',
  'due',
  'date',
  'tax',
  'vat',
  'payment',
  'bank',
  'account',
  'net',
  'gross',
  'qty',
  'price',
  'item',
  'description',
];
const VENDORS = [
  'Café Müller',
  'Acme, Inc.',
  'Żabka Polska',
  'Nordic Ö Trading',
  'Linn Products',
  'Smith & Sons',
  'Tokyo Trading 株式会社',
  'Brasserie "Le Coq"',
];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'PLN'];

function makeVocab(n) {
  const r = rng(42);
  const words = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    const k = 2 + Math.floor(r() * 3);
    for (let j = 0; j < k; j++) w += SYL[Math.floor(r() * SYL.length)];
    words.push(w);
  }
  return words;
}

/** Seed `docs` documents into the store at dataDir in 1000-row transactions; returns seconds taken. */
export async function seed(dataDir, docs) {
  const { openDb } = await import('../src/engine/store/db.ts');
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDb(dataDir);
  const have = db.prepare('SELECT count(*) FROM documents').pluck().get();
  if (have === docs) {
    db.close();
    return null;
  }
  if (have !== 0) throw new Error(`${dataDir} holds ${have} documents, not ${docs}: use another --dir`);
  const vocab = makeVocab(20000);
  const r = rng(7);
  const now = Date.now();
  const t0 = performance.now();
  const batchIds = [];
  for (let b = 0; b < 4; b++)
    batchIds.push(
      Number(db.prepare("INSERT INTO batches (name, status, created_at) VALUES (?, 'done', ?)").run(`bench ${b}`, now).lastInsertRowid),
    );
  const insDoc = db.prepare(
    `INSERT INTO documents (batch_id, path, name, size, status, status_reason, attempts, queued_at, finished_at, method, page_count, doc_type, doc_type_conf, confidence, vendor, doc_number, issue_date, total, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insField = db.prepare(
    "INSERT INTO fields (document_id, name, value, raw, confidence, source, origin) VALUES (?, ?, ?, ?, ?, ?, 'rules')",
  );
  const insItem = db.prepare(
    'INSERT INTO line_items (document_id, idx, description, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insIssue = db.prepare(
    "INSERT INTO issues (document_id, idx, field, code, message, severity) VALUES (?, 0, 'total', 'totals_mismatch', 'subtotal + tax != total', 'warning')",
  );
  const insPage = db.prepare(
    'INSERT INTO pages (document_id, page_index, method, confidence, width, height, dpi, rotation) VALUES (?, 0, ?, 0.9, 2480, 3508, 300, 0)',
  );
  const insText = db.prepare('INSERT INTO page_text (document_id, page_index, text) VALUES (?, 0, ?)');
  // Finished over the past days, ~1 document per second, like a real run (search's indexPending re-checks
  // only the last minute of finishes, so this matters for its figures).
  const finishedAt = (i) => now - (docs - i) * 1000;
  const one = (i) => {
    const batchId = batchIds[i % batchIds.length];
    const roll = r();
    const status = roll < 0.03 ? 'failed' : roll < 0.05 ? 'skipped' : roll < 0.25 ? 'needs_review' : 'done';
    const name = `invoice-${String(i).padStart(6, '0')}.pdf`;
    const p = `/data/scans/${batchId}/${name}`;
    if (status === 'failed' || status === 'skipped') {
      insDoc.run(
        batchId,
        p,
        name,
        50000,
        status,
        status === 'failed' ? 'damaged PDF: bad xref' : 'unsupported type: text',
        status === 'failed' ? 3 : 0,
        now,
        finishedAt(i),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      );
      return;
    }
    const vendor = VENDORS[i % VENDORS.length];
    const cur = CURRENCIES[i % CURRENCIES.length];
    const sub = Math.round(r() * 1000000) / 100;
    const tax = Math.round(sub * 19) / 100;
    const total = (sub + tax).toFixed(2);
    const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const number = `INV-${100000 + i}`;
    const method = i % 3 === 0 ? 'ocr' : 'text';
    const id = Number(
      insDoc.run(
        batchId,
        p,
        name,
        50000,
        status,
        null,
        1,
        now,
        finishedAt(i),
        method,
        'invoice',
        0.95,
        0.9,
        vendor,
        number,
        date,
        Number(total),
        cur,
      ).lastInsertRowid,
    );
    const fields = {
      vendor_name: vendor,
      vendor_tax_id: `DE${100000000 + i}`,
      document_number: number,
      po_number: i % 4 === 0 ? `PO-${i}` : null,
      issue_date: date,
      due_date: date,
      currency: cur,
      subtotal: sub.toFixed(2),
      tax: tax.toFixed(2),
      total,
    };
    for (const [k, v] of Object.entries(fields)) if (v !== null) insField.run(id, k, v, v, 0.9, '{"page":0,"start":10,"end":20}');
    insItem.run(id, 0, `${vocab[i % vocab.length]} service, "premium"`, 1, sub, sub);
    insItem.run(id, 1, 'Shipping', 1, 0, 0);
    if (status === 'needs_review') insIssue.run(id);
    insPage.run(id, method);
    // ~2 KB of page text: common words, a long-tail vocabulary, the invoice's own values.
    let text = `${vendor}\nInvoice ${number}\nDate ${date}\n`;
    while (text.length < 2000) {
      text +=
        (r() < 0.15 ? COMMON[Math.floor(r() * COMMON.length)] : vocab[Math.floor(r() ** 2 * vocab.length)]) + (r() < 0.1 ? '\n' : ' ');
    }
    if (i === 4242) text += ' polyphonic synthesizer';
    text += `\nTotal amount ${total} ${cur}`;
    insText.run(id, text);
  };
  for (let start = 0; start < docs; start += 1000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(docs, start + 1000); i++) one(i);
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return (performance.now() - t0) / 1000;
}

async function child(format, dataDir, out) {
  const { openDb } = await import('../src/engine/store/db.ts');
  const { exportDocuments, exportFailureReport } = await import('../src/engine/export/index.ts');
  const db = openDb(dataDir);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const r =
    format === 'failures'
      ? await exportFailureReport(db, { batchId: null, out })
      : await exportDocuments(db, { format: format.replace(/;$/, ''), out, delimiter: format === 'csv;' ? ';' : ',' });
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  process.stdout.write(
    JSON.stringify({
      format,
      documents: r.documents,
      seconds,
      bytes: fs.statSync(out).size,
      startRssMb: rssBefore / 2 ** 20,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}

async function main() {
  const docs = Number(arg('docs', '100000'));
  const dir = path.resolve(arg('dir', path.join(os.tmpdir(), `docket-bench-${docs}`)));
  const dataDir = path.join(dir, 'data');
  console.log(`export bench: ${docs} documents in ${dataDir}`);
  const seeded = await seed(dataDir, docs);
  console.log(seeded === null ? 'seed: reused existing store' : `seed: ${seeded.toFixed(1)} s (1000-row transactions)`);
  const outDir = path.join(dir, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const format of ['csv', 'csv;', 'xlsx', 'json', 'failures']) {
    const out = path.join(outDir, `export.${format === 'csv;' ? 'semicolon.csv' : format === 'failures' ? 'failures.csv' : format}`);
    const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', format, dataDir, out], {
      cwd: path.join(here, '..'),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (res.status !== 0) {
      console.log(`${format}: FAILED\n${res.stderr}`);
      continue;
    }
    const r = JSON.parse(res.stdout.trim().split('\n').pop());
    rows.push(r);
    console.log(
      `${format.padEnd(9)} ${String(r.documents).padStart(7)} docs  ${r.seconds.toFixed(2).padStart(6)} s  ${(r.documents / r.seconds).toFixed(0).padStart(6)} docs/s  ` +
        `${(r.bytes / 2 ** 20).toFixed(1).padStart(6)} MB out  peak RSS ${r.peakRssMb.toFixed(0)} MB (process at start ${r.startRssMb.toFixed(0)} MB)`,
    );
  }
  if (!process.argv.includes('--keep')) fs.rmSync(outDir, { recursive: true, force: true });
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--child');
  if (i > 0) await child(process.argv[i + 1], process.argv[i + 2], process.argv[i + 3]);
  else await main();
}

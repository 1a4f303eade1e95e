/**
 * Ingest throughput: walk + sniff + hash + insert over generated small files (10k and 100k by default).
 * Prints files/s; never asserts. Run: npm run bench -- ingest   (or: node --import tsx bench/ingest.bench.ts 10000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestBatch } from '../src/engine/ingest/ingest.js';
import { insertBatch } from '../src/engine/store/batches.js';
import { openDb } from '../src/engine/store/db.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length ? sizes : [10_000, 100_000];

// A tiny but valid-looking PDF and PNG header, each made unique so nothing is a duplicate.
const pdfBody = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
const pngHead = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008020000009091683600', 'hex');

function makeTree(root: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const dir = path.join(root, `d${Math.floor(i / 1000)}`, `e${Math.floor(i / 100) % 10}`);
    if (i % 100 === 0) fs.mkdirSync(dir, { recursive: true });
    if (i % 2) fs.writeFileSync(path.join(dir, `inv-${i}.pdf`), pdfBody + `%${i}\n` + 'x'.repeat(1500));
    else fs.writeFileSync(path.join(dir, `scan-${i}.png`), Buffer.concat([pngHead, Buffer.from(String(i)), Buffer.alloc(1500)]));
  }
}

for (const n of counts) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-ingest-'));
  const t0 = performance.now();
  makeTree(root, n);
  const genMs = performance.now() - t0;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-data-'));
  const db = openDb(data);
  const id = insertBatch(db, { name: 'bench', roots: [root], options: {} });
  const t1 = performance.now();
  const stats = await ingestBatch(db, id, [root]);
  const ms = performance.now() - t1;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `ingest ${n.toLocaleString('en-US')} files: ${(ms / 1000).toFixed(2)} s, ${Math.round((stats.added / ms) * 1000).toLocaleString('en-US')} files/s ` +
      `(walk + sniff + sha256 + insert; generating them took ${(genMs / 1000).toFixed(1)} s; RSS ${rss.toFixed(0)} MB)`,
  );
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
}

// Search benchmark: seeds N documents (default 100,000; ~2 KB page text and 10 fields each, same seed as
// export.bench.mjs), builds the FTS index with indexPending(), then times queries. Prints figures only.
//
//   node --import tsx bench/search.bench.mjs [--docs 100000] [--dir DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seed } from './export.bench.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const docs = Number(arg('docs', '100000'));
const dir = path.resolve(arg('dir', path.join(os.tmpdir(), `docket-bench-${docs}`)));
const dataDir = path.join(dir, 'data');
console.log(`search bench: ${docs} documents in ${dataDir}`);
const seeded = await seed(dataDir, docs);
console.log(
  seeded === null ? 'seed: reused existing store' : `seed: ${seeded.toFixed(1)} s (1000-row transactions, no FTS work on this path)`,
);

const { openDb } = await import('../src/engine/store/db.ts');
const { indexPending, rebuildSearchIndex, search } = await import('../src/engine/search/index.ts');
const db = openDb(dataDir);
const ms = (t0) => performance.now() - t0;

let t0 = performance.now();
let indexed = 0;
if (db.prepare('SELECT count(*) FROM search_state').pluck().get() === 0) for (let k; (k = indexPending(db)) > 0;) indexed += k;
else indexed = rebuildSearchIndex(db);
const buildMs = ms(t0);
const rows = db.prepare('SELECT count(*) FROM search_fts').pluck().get();
console.log(
  `index build: ${indexed} documents, ${rows} rows (pages + fields + names) in ${(buildMs / 1000).toFixed(1)} s (indexPending chunks of 3000 documents)`,
);
db.pragma('wal_checkpoint(TRUNCATE)');
const size = (f) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
console.log(`database file: ${(size(path.join(dataDir, 'docket.db')) / 2 ** 20).toFixed(0)} MB`);

t0 = performance.now();
for (let i = 0; i < 100; i++) indexPending(db);
console.log(`indexPending with nothing new: ${(ms(t0) / 100).toFixed(2)} ms per call`);

// A writer flush: 50 documents finish, then indexPending catches up.
const ids = db.prepare("SELECT id FROM documents WHERE status = 'done' ORDER BY id DESC LIMIT 50").pluck().all();
const fin = db.prepare('UPDATE documents SET finished_at = ? WHERE id = ?');
const base = db.prepare('SELECT max(finished_at) FROM documents').pluck().get() + 1000;
db.transaction(() => ids.forEach((id, k) => fin.run(base + k, id)))();
t0 = performance.now();
const n = indexPending(db);
console.log(`indexPending after a flush of ${n} finished documents: ${ms(t0).toFixed(1)} ms`);

const queries = [
  ['common term', 'invoice'],
  ['common term 2', 'total'],
  ['rare term', 'polyphonic'],
  ['vendor (field)', 'müller'],
  ['phrase', '"total amount"'],
  ['prefix', 'inv*'],
  ['prefix 2 chars', 'ka*'],
  ['number', 'INV-104242'],
];
for (const [label, q] of queries) {
  search(db, q, 20); // warm
  const times = [];
  let hits = 0;
  for (let i = 0; i < 10; i++) {
    t0 = performance.now();
    hits = search(db, q, 20).length;
    times.push(ms(t0));
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(16)} ${q.padEnd(16)} top-20 median ${times[5].toFixed(2).padStart(7)} ms  (min ${times[0].toFixed(2)}, max ${times[9].toFixed(2)}; ${hits} hits)`,
  );
}
db.close();

// Search benchmark: seeds N documents (default 100,000; ~2 KB page text and 10 fields each, same seed as
// export.bench.mjs), builds the FTS index with indexPending() (or reuses one built by an earlier run with
// --reuse-index), then times queries: search() as shipped (ranked over the newest RANKED_CANDIDATES matches) and,
// in the same run and on the same table, the statements search() ran before e829e44 (the same bound found with a
// lower rowid bound, field read for every candidate) with a check that both return the same hits, and the query
// ranked over every match (before the bound) with the ratios. Prints figures only.
//
//   node --import tsx bench/search.bench.mjs [--docs 100000] [--dir DIR] [--reuse-index]
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
console.log(
  `search bench: ${docs} documents in ${dataDir}; ${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
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
const reuse = process.argv.includes('--reuse-index');
if (db.prepare('SELECT count(*) FROM search_state').pluck().get() === 0) for (let k; (k = indexPending(db)) > 0;) indexed += k;
else if (!reuse) indexed = rebuildSearchIndex(db);
const buildMs = ms(t0);
const rows = db.prepare('SELECT count(*) FROM search_fts').pluck().get();
const prefix = /prefix\s*=\s*'([^']*)'/.exec(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").pluck().get())?.[1];
console.log(`schema version ${db.pragma('user_version', { simple: true })}, search_fts prefix indexes '${prefix}'`);
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
const { toFtsQuery } = await import('../src/engine/search/index.ts');
// The query as it was before ranking was bounded: bm25 and a snippet for every match, sorted, the best kept.
const allRanked = db.prepare(
  `SELECT h.rowid, h.field, h.snippet, h.score, d.batch_id, d.name, d.path
   FROM (SELECT rowid, field, snippet(search_fts, 0, '«', '»', '…', 24) AS snippet, bm25(search_fts) AS score
         FROM search_fts WHERE search_fts MATCH ? ORDER BY score LIMIT ?) h
   JOIN documents d ON d.id = h.rowid / 4096 ORDER BY h.score`,
);
// search()'s statements before e829e44, on the same table: the 5,000th newest match found first, then ranked
// with a lower rowid bound (FTS5 scans the doclist from its start for one) reading `field` for every candidate.
const prevBound = db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?').pluck();
const prevTop = db.prepare(
  'SELECT rowid, field, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ? AND rowid >= ? ORDER BY score LIMIT ?',
);
const prevSnippets = db.prepare(
  `SELECT rowid, snippet(search_fts, 0, '«', '»', '…', 24) AS snippet FROM search_fts
   WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))`,
);
const prevDocs = db.prepare('SELECT id, batch_id, name, path FROM documents WHERE id IN (SELECT value FROM json_each(?))');
const previous = (fts, limit) => {
  const from = prevBound.get(fts, 5000 - 1) ?? 0;
  const top = prevTop.all(fts, from, limit);
  if (!top.length) return [];
  const ids = top.map((r) => r.rowid);
  const sn = new Map(prevSnippets.all(fts, Math.min(...ids), Math.max(...ids), JSON.stringify(ids)).map((r) => [r.rowid, r.snippet]));
  const d = new Map(prevDocs.all(JSON.stringify([...new Set(ids.map((id) => Math.floor(id / 4096)))])).map((x) => [x.id, x]));
  return top.map((r) => {
    const slot = r.rowid % 4096;
    return [
      Math.floor(r.rowid / 4096),
      slot < 4000 ? slot : null,
      slot < 4000 ? null : r.field,
      sn.get(r.rowid).replace(/\s+/g, ' ').trim(),
      -r.score,
      d.get(Math.floor(r.rowid / 4096)).name,
    ];
  });
};
// Medians of 10 runs of each function, interleaved (A B C A B C ...) so a change in the machine's load falls on all.
const medians = (...fns) => {
  const times = fns.map(() => []);
  const r = fns.map((f) => f()); // warm
  for (let i = 0; i < 10; i++)
    fns.forEach((f, k) => {
      t0 = performance.now();
      f();
      times[k].push(ms(t0));
    });
  return times.map((t, k) => {
    t.sort((x, y) => x - y);
    return { med: (t[4] + t[5]) / 2, min: t[0], max: t[9], r: r[k] };
  });
};
// Since f2a0279 search() orders equal scores newest first; the earlier statements left ties in the index's order. Two
// rankings agree when their scores match rank by rank and the hits scoring better than the last rank's score are the
// same (which of several tied hits fills the last places is the tie-break's choice).
const sameRanking = (a, b) => {
  if (a.length !== b.length) return false;
  if (a.some((h, k) => Math.abs(h[4] - b[k][4]) > 1e-9)) return false;
  const last = a.length ? a[a.length - 1][4] : 0;
  const key = (hs) =>
    JSON.stringify(
      hs
        .filter((h) => h[4] > last + 1e-9)
        .map((h) => JSON.stringify(h))
        .sort(),
    );
  return key(a) === key(b);
};
for (const [label, q] of queries) {
  const fts = toFtsQuery(q);
  const shipped = search(db, q, 20).map((h) => [h.documentId, h.page, h.field, h.snippet, h.rank, h.name]);
  const same = sameRanking(shipped, previous(fts, 20));
  const [a, p, b] = medians(
    () => search(db, q, 20).length,
    () => previous(fts, 20).length,
    () => allRanked.all(fts, 20).length,
  );
  console.log(
    `${label.padEnd(16)} ${q.padEnd(16)} top-20 median ${a.med.toFixed(2).padStart(7)} ms (min ${a.min.toFixed(2)}, max ${a.max.toFixed(2)}; ${a.r} hits)` +
      `  | before e829e44 ${p.med.toFixed(2).padStart(7)} ms, ${(p.med / a.med).toFixed(1)}x, ${same ? 'same hits' : 'HITS DIFFER'}` +
      `  | every match ranked ${b.med.toFixed(2).padStart(7)} ms, ${(b.med / a.med).toFixed(1)}x`,
  );
}
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
db.close();

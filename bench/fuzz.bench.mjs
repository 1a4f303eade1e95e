#!/usr/bin/env node
/**
 * Fuzz batch (issue 15): 1,000 damaged and hostile files through the real engine (2 reader threads, default
 * deadline). Made in a temp folder from generated invoices and scans: byte flips, truncations, junk behind a %PDF
 * header, and the crafted set of test/engine/read/hostile-files.ts (page-tree, nesting, q-nesting and zip bombs,
 * a 200 MB file, an image-bomb header, noise scans). Prints final states, documents that ended without a reason,
 * the longest document, peak RSS of the process tree, and whether every original is byte-identical afterwards.
 * Never asserts a time.
 *
 *   npm run bench -- fuzz                 (runs through tsx; needs the built worker: npx electron-vite build)
 *   FILES=300 npm run bench -- fuzz
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Engine } from '../src/engine/engine.ts';
import { makeInvoicePdf } from '../test/helpers/fixtures.ts';
import { rng, writeHostileSet } from '../test/engine/read/hostile-files.ts';

const FILES = Number(process.env.FILES ?? 1000);
const WORKERS = Number(process.env.WORKERS ?? 2);

/** RSS of this process and all its descendants, from /proc (the reader threads live in this process). */
function processTreeRss(root = process.pid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while listed
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // exited
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** A receipt-sized greyscale scan with printed lines, as JPEG (smaller than a letter page: the batch has hundreds). */
async function smallScan(seed) {
  const rows = Array.from(
    { length: 18 },
    (_, i) =>
      `<text x="40" y="${70 + i * 56}" font-family="sans-serif" font-size="30">${['Coffee', 'Paper A4', 'Toner', 'Pens', 'Folders'][(seed + i) % 5]} x${1 + ((seed + i) % 4)}  ${(3.5 * (i + 1 + seed)).toFixed(2)}</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1150"><rect width="100%" height="100%" fill="white"/>${rows}</svg>`;
  return sharp(Buffer.from(svg)).greyscale().jpeg({ quality: 85 }).toBuffer();
}

function flip(bytes, next, count, from = 0) {
  const out = Buffer.from(bytes);
  for (let i = 0; i < count; i++) {
    const at = from + Math.floor(next() * (out.length - from));
    out[at] ^= 1 + Math.floor(next() * 255);
  }
  return out;
}

async function makeCorpus(dir) {
  const next = rng(20261201);
  const crafted = await writeHostileSet(dir);
  const invoices = [];
  for (let i = 0; i < 20; i++) invoices.push(Buffer.from(await makeInvoicePdf(i + 1, { pages: 1 + (i % 3) })));
  const scans = [];
  for (let i = 0; i < 10; i++) scans.push(await smallScan(i));
  const kinds = { crafted: crafted.length };
  const count = (k) => (kinds[k] = (kinds[k] ?? 0) + 1);
  for (let n = crafted.length; n < FILES; n++) {
    const r = next();
    const name = String(n).padStart(4, '0');
    let file;
    let bytes;
    if (r < 0.3) {
      bytes = flip(invoices[n % invoices.length], next, 1 + Math.floor(next() * 40));
      file = `${name}-flipped.pdf`;
      count('pdf byte flips');
    } else if (r < 0.45) {
      const src = invoices[n % invoices.length];
      bytes = src.subarray(0, Math.max(8, Math.floor(src.length * next())));
      file = `${name}-truncated.pdf`;
      count('pdf truncated');
    } else if (r < 0.6) {
      const junk = Buffer.alloc(200 + Math.floor(next() * 200_000));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(next() * 256);
      bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), junk]);
      file = `${name}-junk.pdf`;
      count('junk with %PDF header');
    } else if (r < 0.8) {
      const src = scans[n % scans.length];
      bytes = flip(src, next, 1 + Math.floor(next() * 30), 600);
      file = `${name}-flipped.jpg`;
      count('jpeg byte flips');
    } else if (r < 0.9) {
      const src = scans[n % scans.length];
      bytes = src.subarray(0, Math.max(16, Math.floor(src.length * (0.2 + 0.8 * next()))));
      file = `${name}-truncated.jpg`;
      count('jpeg truncated');
    } else if (r < 0.95) {
      bytes = invoices[n % invoices.length];
      // An intact copy would be a duplicate of its twin; one changed comment byte keeps it a distinct, valid file.
      bytes = Buffer.concat([bytes, Buffer.from(`\n%${name}\n`)]);
      file = `${name}-intact.pdf`;
      count('intact pdf');
    } else {
      bytes = Buffer.concat([scans[n % scans.length], Buffer.from(name)]);
      file = `${name}-intact.jpg`;
      count('intact jpeg');
    }
    fs.writeFileSync(path.join(dir, file), bytes);
  }
  return kinds;
}

function hashes(dir) {
  const out = new Map();
  for (const f of fs.readdirSync(dir).sort()) {
    const h = createHash('sha256');
    const fd = fs.openSync(path.join(dir, f), 'r');
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
    fs.closeSync(fd);
    out.set(f, h.digest('hex'));
  }
  return out;
}

const root = fs.mkdtempSync(path.join(tmpdir(), 'docket-fuzz-'));
const input = path.join(root, 'in');
fs.mkdirSync(input);
try {
  const t0 = Date.now();
  const kinds = await makeCorpus(input);
  const before = hashes(input);
  console.log(`fuzz corpus: ${before.size} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`, kinds);
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at start`,
  );

  let peak = processTreeRss();
  const sampler = setInterval(() => (peak = Math.max(peak, processTreeRss())), 250);
  const engine = await Engine.open({ dataDir: path.join(root, 'data'), workers: WORKERS });
  const start = Date.now();
  await engine.start();
  const batch = await engine.createBatch({ paths: [input] });
  const progress = setInterval(() => {
    const b = engine.getBatchSync(batch.id);
    const c = b.counts;
    console.log(
      `  ${Math.round((Date.now() - start) / 1000)} s: final ${c.done + c.needs_review + c.failed + c.skipped}/${c.total}, rss peak ${Math.round(peak / 1024 ** 2)} MB`,
    );
  }, 60_000);
  await engine.waitForBatch(batch.id);
  const wall = Date.now() - start;
  clearInterval(progress);
  clearInterval(sampler);
  peak = Math.max(peak, processTreeRss());

  const rows = engine.db
    .prepare('SELECT name, status, status_reason AS reason, elapsed_ms AS ms FROM documents WHERE batch_id = ? ORDER BY elapsed_ms DESC')
    .all(batch.id);
  const states = {};
  for (const r of rows) states[r.status] = (states[r.status] ?? 0) + 1;
  const notFinal = rows.filter((r) => !['done', 'needs_review', 'failed', 'skipped'].includes(r.status));
  const noReason = rows.filter((r) => r.status !== 'done' && !r.reason);
  const reasons = {};
  for (const r of rows.filter((x) => x.status === 'failed')) {
    const key = (r.reason ?? '').replace(/\d[\d,.]*/g, 'N').slice(0, 70);
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  const after = hashes(input);
  const changed = [...before].filter(([f, h]) => after.get(f) !== h).map(([f]) => f);
  const crafted = rows.filter((r) => !/^\d{4}-/.test(r.name));
  await engine.close();

  console.log(`\n${rows.length} documents in ${(wall / 1000).toFixed(0)} s with ${WORKERS} reader threads`);
  console.log('final states:', states);
  console.log(`not final: ${notFinal.length}; ended without a reason (not done): ${noReason.length}`);
  for (const r of noReason.slice(0, 10)) console.log(`  no reason: ${r.name} ${r.status}`);
  console.log('failure reasons (numbers as N):');
  for (const [k, n] of Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15))
    console.log(`  ${String(n).padStart(4)}  ${k}`);
  console.log('crafted files:');
  for (const r of crafted)
    console.log(`  ${r.name.padEnd(24)} ${r.status.padEnd(12)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.reason ?? ''}`);
  const longest = rows[0];
  console.log(`longest document: ${longest.name} ${(longest.ms / 1000).toFixed(1)} s (${longest.status}: ${longest.reason ?? '-'})`);
  console.log(`peak RSS of the process tree: ${Math.round(peak / 1024 ** 2)} MB`);
  console.log(
    `originals unchanged: ${changed.length === 0 ? 'yes' : 'NO'} (${before.size} sha256 before = after: ${changed.length === 0})`,
  );
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    JSON.stringify({
      files: rows.length,
      wallS: Math.round(wall / 1000),
      states,
      notFinal: notFinal.length,
      noReason: noReason.length,
      longest: { name: longest.name, s: Math.round(longest.ms / 100) / 10 },
      peakRssMb: Math.round(peak / 1024 ** 2),
      originalsUnchanged: changed.length === 0,
    }),
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * Ingest throughput: walk + sniff + hash + insert over generated small files (10k and 100k by default), against
 * `find | xargs -P2 sha256sum` over the same tree in the same run (the anchor: walk and hash, nothing recorded).
 * Prints wall and CPU time of each and the ratio; never asserts.
 * Run: npm run bench -- ingest   (or: node --import tsx bench/ingest.bench.ts 10000)
 */
import { spawnSync } from 'node:child_process';
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

/** CPU seconds (user + system) of this process, its threads included. */
const ownCpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** CPU seconds of this process's reaped children: /proc/self/stat cutime + cstime, in ticks of 1/100 s (Linux only). */
function childCpuS(): number {
  try {
    const f = (fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${load()}`);
for (const n of counts) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-ingest-'));
  const t0 = performance.now();
  makeTree(root, n);
  const genMs = performance.now() - t0;
  // The anchor first, so both read a tree the page cache holds alike.
  const a0 = childCpuS();
  const ta = performance.now();
  const anchor = spawnSync('sh', ['-c', 'find "$1" -type f -print0 | xargs -0 -P2 -n 1000 sha256sum > /dev/null', 'sh', root]);
  const anchorMs = performance.now() - ta;
  const anchorCpu = childCpuS() - a0;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-data-'));
  const db = openDb(data);
  const id = insertBatch(db, { name: 'bench', roots: [root], options: {} });
  const c1 = ownCpuS();
  const t1 = performance.now();
  const stats = await ingestBatch(db, id, [root]);
  const ms = performance.now() - t1;
  const cpu = ownCpuS() - c1;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `ingest ${n.toLocaleString('en-US')} files: ${(ms / 1000).toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${Math.round((stats.added / ms) * 1000).toLocaleString('en-US')} files/s ` +
      `(walk + sniff + sha256 + insert; generating them took ${(genMs / 1000).toFixed(1)} s; RSS ${rss.toFixed(0)} MB); load ${load()}`,
  );
  if (anchor.status === 0)
    console.log(
      `find | xargs -P2 sha256sum: ${(anchorMs / 1000).toFixed(2)} s wall, ${anchorCpu.toFixed(2)} s CPU; Docket takes ${(ms / anchorMs).toFixed(2)}x its wall time, ${(cpu / anchorCpu).toFixed(2)}x its CPU (target: within 3x)`,
    );
  else console.log('find | xargs sha256sum did not run: no anchor');
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
}

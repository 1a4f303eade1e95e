/**
 * Ingest throughput (issue 14): walk + sniff + hash + insert over generated small files (10k and 100k by default),
 * against `find DIR -type f | xargs -P2 sha256sum` over the same tree in the same run (the anchor: walk and hash
 * on two processes, nothing recorded). Rounds alternate anchor and Docket (ROUNDS, default 2), each Docket round
 * into a fresh data folder, and print wall and CPU time of each and the ratios; never asserts.
 * Docket's CPU is the whole process's (its reader threads included); the anchor's is its reaped children's.
 * Each Docket run also prints the event-loop delay of this thread (max and p99, perf_hooks at 10 ms resolution): ingest
 * runs on the engine's thread, which in the desktop app serves the UI's IPC, so a long write is a frozen window.
 * INGEST_BEFORE=<a src/ folder of another tree> also ingests with that tree's code in each round (an A/B in one run).
 * A tree from 00f7778 on starts its reader threads from its own out/main/file-reader.js: build it there first
 * (`npx electron-vite build` in that tree); this tree's threads likewise need this tree's build.
 * Run: npm run bench -- ingest   (or: node --import tsx bench/ingest.bench.ts 100000)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ingestBatch } from '../src/engine/ingest/ingest.js';
import { insertBatch } from '../src/engine/store/batches.js';
import { openDb } from '../src/engine/store/db.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length ? sizes : [10_000, 100_000];
const rounds = Math.max(1, Number(process.env.ROUNDS ?? 2));

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
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type Ingest = typeof ingestBatch;
interface Code {
  label: string;
  ingest: Ingest;
  insertBatch: typeof insertBatch;
  openDb: typeof openDb;
}
const codes: Code[] = [{ label: 'Docket', ingest: ingestBatch, insertBatch, openDb }];
const before = process.env.INGEST_BEFORE;
if (before) {
  const load = async <T>(rel: string) => (await import(pathToFileURL(path.join(path.resolve(before), rel)).href)) as T;
  codes.push({
    label: `before (${before})`,
    ingest: (await load<{ ingestBatch: Ingest }>('engine/ingest/ingest.ts')).ingestBatch,
    insertBatch: (await load<{ insertBatch: typeof insertBatch }>('engine/store/batches.ts')).insertBatch,
    openDb: (await load<{ openDb: typeof openDb }>('engine/store/db.ts')).openDb,
  });
}

interface Run {
  wall: number;
  cpu: number;
  /** Event-loop delay during the ingest, ms: the longest and the 99th percentile. */
  delayMax: number;
  delayP99: number;
}

/** One ingest of the tree into a fresh data folder: wall and CPU seconds, and how long the event loop waited. */
async function ingestOnce(code: Code, root: string, n: number): Promise<Run> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-data-'));
  const db = code.openDb(data);
  const id = code.insertBatch(db, { name: 'bench', roots: [root], options: {} });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const c1 = ownCpuS();
  const t1 = performance.now();
  delay.enable();
  const stats = await code.ingest(db, id, [root]);
  delay.disable();
  const wall = (performance.now() - t1) / 1000;
  const cpu = ownCpuS() - c1;
  db.close();
  fs.rmSync(data, { recursive: true, force: true });
  if (stats.added !== n) console.log(`  ${code.label}: recorded ${stats.added} of ${n} files`);
  return { wall, cpu, delayMax: delay.max / 1e6, delayP99: delay.percentile(99) / 1e6 };
}

console.log(`${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${load()}`);
for (const n of counts) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-ingest-'));
  const t0 = performance.now();
  makeTree(root, n);
  console.log(`${n.toLocaleString('en-US')} files generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const anchor: Array<{ wall: number; cpu: number }> = [];
  const runs = new Map<Code, Run[]>(codes.map((c) => [c, []]));
  for (let r = 1; r <= rounds; r++) {
    // The anchor first, so both read a tree the page cache holds alike.
    const a0 = childCpuS();
    const ta = performance.now();
    const a = spawnSync('sh', ['-c', 'find "$1" -type f -print0 | xargs -0 -P2 -n 1000 sha256sum > /dev/null', 'sh', root]);
    if (a.status === 0) anchor.push({ wall: (performance.now() - ta) / 1000, cpu: childCpuS() - a0 });
    const line = [`round ${r}: find | xargs -P2 sha256sum ${a.status === 0 ? `${anchor.at(-1)!.wall.toFixed(2)} s wall` : 'did not run'}`];
    for (const code of codes) {
      const x = await ingestOnce(code, root, n);
      runs.get(code)!.push(x);
      line.push(
        `${code.label} ${x.wall.toFixed(2)} s wall, ${x.cpu.toFixed(2)} s CPU, event-loop delay max ${x.delayMax.toFixed(0)} ms p99 ${x.delayP99.toFixed(0)} ms`,
      );
    }
    console.log(`  ${line.join('; ')}; load ${load()}`);
  }
  const aw = median(anchor.map((x) => x.wall));
  const ac = median(anchor.map((x) => x.cpu));
  if (anchor.length)
    console.log(
      `find | xargs -P2 sha256sum, ${n.toLocaleString('en-US')} files: ${aw.toFixed(2)} s wall, ${ac.toFixed(2)} s CPU (median of ${anchor.length})`,
    );
  for (const code of codes) {
    const xs = runs.get(code)!;
    const w = median(xs.map((x) => x.wall));
    const c = median(xs.map((x) => x.cpu));
    const dMax = Math.max(...xs.map((x) => x.delayMax));
    const dP99 = median(xs.map((x) => x.delayP99));
    console.log(
      `${code.label} ingest ${n.toLocaleString('en-US')} files: ${w.toFixed(2)} s wall, ${c.toFixed(2)} s CPU, ${Math.round(n / w).toLocaleString('en-US')} files/s (median of ${xs.length}); ` +
        `event-loop delay max ${dMax.toFixed(0)} ms (highest of ${xs.length}), p99 ${dP99.toFixed(0)} ms (median)` +
        (anchor.length
          ? `; ${(w / aw).toFixed(2)}x the anchor's wall time, ${(c / ac).toFixed(2)}x its CPU (target: within 3x, under 15 s)`
          : ''),
    );
  }
  console.log(`RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB; load ${load()}`);
  fs.rmSync(root, { recursive: true, force: true });
}

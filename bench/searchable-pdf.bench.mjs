// Searchable-PDF export memory and time: a store seeded with DOCS scanned documents of PAGES pages each (OCR
// word boxes on every page), exported through exportSearchablePdfs with a renderPage that hands back an A4 page
// at 300 dpi as the engine's render task does (a grey PNG, 2480 x 3508). Prints wall time, pages/s and the
// peak RSS of this process (sampled every 20 ms); never asserts. Run the same file in an older checkout for a
// before/after in one sitting.
//
//   node --import tsx bench/searchable-pdf.bench.mjs [--docs 4] [--pages 40]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 ? process.argv[i + 1] : fallback);
};
const DOCS = arg('docs', 4);
const PAGES = arg('pages', 40);
const W = 2480;
const H = 3508;

const { openDb } = await import('../src/engine/store/db.ts');
const { exportSearchablePdfs } = await import('../src/engine/export/searchable-pdf.ts');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-spdf-'));
const db = openDb(path.join(dir, 'data'));
const batch = Number(
  db.prepare("INSERT INTO batches (name, status, created_at) VALUES ('bench', 'done', ?)").run(Date.now()).lastInsertRowid,
);
// 40 lines of 8 words per page, boxes in the OCR image's pixels.
const words = [];
for (let l = 0; l < 40; l++)
  for (let k = 0; k < 8; k++)
    words.push({ text: `word${l}x${k}`, x0: 200 + k * 260, y0: 300 + l * 75, x1: 420 + k * 260, y1: 345 + l * 75, conf: 90 });
const wordsJson = JSON.stringify(words);
const insDoc = db.prepare(
  "INSERT INTO documents (batch_id, path, name, size, status, attempts, queued_at, finished_at, method, page_count) VALUES (?, ?, ?, 1, 'done', 1, 0, 0, 'ocr', ?)",
);
const insPage = db.prepare(
  "INSERT INTO pages (document_id, page_index, method, confidence, width, height, dpi, rotation, skew, ms, words) VALUES (?, ?, 'ocr', 90, ?, ?, 300, 0, 0, 0, ?)",
);
db.transaction(() => {
  for (let d = 0; d < DOCS; d++) {
    const id = Number(insDoc.run(batch, `/in/scan-${d}.tiff`, `scan-${d}.tiff`, PAGES).lastInsertRowid);
    for (let p = 0; p < PAGES; p++) insPage.run(id, p, W, H, wordsJson);
  }
})();

// A scan-like page: light paper with dark text-like bars and some grain, so it compresses like a real scan.
const raw = Buffer.alloc(W * H);
let seed = 7;
for (let y = 0; y < H; y++)
  for (let x = 0; x < W; x++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const ink = y % 75 < 40 && x % 260 < 220 && y > 300 && y < 3300 && (x * 7 + y) % 11 < 6;
    raw[y * W + x] = ink ? 30 + (seed % 40) : 235 + (seed % 20);
  }
const png = await sharp(raw, { raw: { width: W, height: H, channels: 1 } })
  .toColourspace('b-w')
  .png()
  .toBuffer();
const renderPage = async () => ({ bytes: new Uint8Array(png), mime: 'image/png', width: W, height: H });

let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const r = await exportSearchablePdfs(db, { batchId: batch, outDir: path.join(dir, 'out'), renderPage });
const s = (performance.now() - t0) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
const bytes = r.files.reduce((a, f) => a + fs.statSync(f).size, 0);
console.log(
  `${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `searchable PDFs: ${r.written} documents x ${PAGES} pages (${(png.length / 2 ** 20).toFixed(1)} MB PNG per page) in ${s.toFixed(1)} s, ${((DOCS * PAGES) / s).toFixed(1)} pages/s, ` +
    `${(bytes / 2 ** 20).toFixed(0)} MB written; RSS ${(rss0 / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB (target < 300 MB)`,
);
db.close();
fs.rmSync(dir, { recursive: true, force: true });

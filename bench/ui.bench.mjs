// UI benchmark: the renderer in Chromium against startServer over a store seeded with 100,000 document rows.
// Prints figures (never asserts). Targets: first rows < 500 ms, p95 frame < 16.7 ms, heap < 150 MB,
// input latency < 100 ms while a batch runs OCR on every core. Then the review grid's jump to its end (Ctrl+End).
//
//   node --import tsx bench/ui.bench.mjs [--docs 100000] [--scans 40] [--workers 2] [--dir DIR] [--screens DIR] [--renderer DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const sharp = require('sharp');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const DOCS = Number(arg('docs', '100000'));
const SCANS = Number(arg('scans', '40'));
const dir = path.resolve(arg('dir', fs.mkdtempSync(path.join(os.tmpdir(), 'docket-ui-bench-'))));
const dataDir = path.join(dir, 'data');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// --renderer DIR: another build of the UI (an A/B against an earlier tree, same engine and data)
const rendererDir = path.resolve(arg('renderer', path.join(root, 'out', 'renderer')));
if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
  console.error('build first: npm run build');
  process.exit(1);
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

// ---- seed ---------------------------------------------------------------------------------------------
const { openDb } = await import('../src/engine/store/db.ts');
let t0 = performance.now();
{
  const db = openDb(dataDir);
  const have = db.prepare('SELECT count(*) FROM documents').pluck().get();
  if (have === 0) {
    const now = Date.now();
    const batchId = Number(
      db.prepare("INSERT INTO batches (name, status, created_at, finished_at) VALUES (?, 'done', ?, ?)").run('archive 2024', now, now)
        .lastInsertRowid,
    );
    const ins = db.prepare(
      `INSERT INTO documents (batch_id, path, name, size, status, status_reason, attempts, queued_at, finished_at, method, page_count, doc_type, doc_type_conf, confidence, vendor, doc_number, issue_date, total, currency)
       VALUES (?, ?, ?, 50000, ?, ?, 1, ?, ?, 'text', 1, 'invoice', 0.95, ?, ?, ?, ?, ?, ?)`,
    );
    const vendors = [
      'Acme Supplies Ltd',
      'Globex Corporation',
      'Initech GmbH',
      'Umbrella Services',
      'Stark Industries',
      'Wayne Enterprises',
      'Hooli',
      'Soylent BV',
    ];
    const cur = ['EUR', 'USD', 'GBP', 'CHF'];
    const tx = db.transaction((from, to) => {
      for (let i = from; i < to; i++) {
        const status = i % 37 === 0 ? 'failed' : i % 5 === 0 ? 'needs_review' : 'done';
        const name = `invoice-${String(i).padStart(6, '0')}.pdf`;
        ins.run(
          batchId,
          `/archive/2024/${name}`,
          name,
          status,
          status === 'failed' ? 'damaged PDF: bad xref' : null,
          now,
          now + i,
          status === 'failed' ? null : 0.6 + (i % 40) / 100,
          vendors[i % vendors.length],
          `INV-${100000 + i}`,
          `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          Math.round((i * 7919) % 1000000) / 100,
          cur[i % cur.length],
        );
      }
    });
    for (let i = 0; i < DOCS; i += 1000) tx(i, Math.min(DOCS, i + 1000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(`seed: ${DOCS.toLocaleString()} document rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else console.log(`seed: reusing ${have.toLocaleString()} rows in ${dataDir}`);
  db.close();
}

// ---- scanned pages for the OCR load ---------------------------------------------------------------------
// Fresh content every run: identical files would be recognised as duplicates and never OCR'd again.
const run = Date.now().toString(36);
const scansDir = path.join(dir, `scans-${run}`);
fs.mkdirSync(scansDir, { recursive: true });
for (let i = 0; i < SCANS; i++) {
  const file = path.join(scansDir, `scan-${i}.png`);
  const lines = [
    `ACME SUPPLIES LTD`,
    `INVOICE No. SC-${run}-${4000 + i}`,
    `Date: 2025-02-${10 + i}`,
    ...Array.from({ length: 30 }, (_, k) => `Item ${k + 1} consulting services hours ${k + 2} x 85.00 = ${((k + 2) * 85).toFixed(2)}`),
    `TOTAL EUR ${(1234.5 + i).toFixed(2)}`,
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2480" height="3508"><rect width="100%" height="100%" fill="white"/>${lines
    .map((l, k) => `<text x="160" y="${240 + k * 92}" font-family="DejaVu Sans, Arial, sans-serif" font-size="54" fill="black">${l}</text>`)
    .join('')}</svg>`;
  await sharp(Buffer.from(svg)).grayscale().png().toFile(file);
}

// ---- engine + server ----------------------------------------------------------------------------------
const { Engine } = await import('../src/engine/engine.ts');
const { startServer } = await import('../src/hosts/browser/server.ts');
const engine = await Engine.open({ dataDir, workers: Number(arg('workers', '2')) });
await engine.start();
const server = await startServer({ engine, port: 0, host: '127.0.0.1', rendererDir, dataDir });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--enable-precise-memory-info',
  ],
});
const results = {};
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (other work on the machine shows up as dropped frames)`,
);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}#/settings`, { waitUntil: 'networkidle' });

  // 1. open the documents table → first rows painted
  const firstRows = [];
  for (let run = 0; run < 5; run++) {
    await page.evaluate(() => (location.hash = '#/settings'));
    await page.waitForSelector('.settings-screen');
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const start = performance.now();
          const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
          const mo = new MutationObserver(() => {
            if (document.querySelector('.tr[role="row"] .file-name')) {
              mo.disconnect();
              done();
            }
          });
          mo.observe(document.body, { childList: true, subtree: true });
          [...document.querySelectorAll('.nav-item')].find((b) => b.textContent?.startsWith('Documents'))?.click();
        }),
    );
    firstRows.push(ms);
  }
  results.firstRowsMs = firstRows;
  console.log(`open documents table → first rows painted: median ${f1(pct(firstRows, 50))} ms (runs: ${firstRows.map(f1).join(', ')})`);
  const total = await page.locator('.table-foot').textContent();
  console.log(`table reports: ${total}`);

  // 2. scroll, frame times from requestAnimationFrame deltas: top→bottom in big steps (a scrollbar drag),
  //    then wheel-like steps over the first rows (what a reading user does). Both run twice: with the machine as it
  //    is, then while a batch OCRs scans on 2 reader threads in this same process (the engine that serves the
  //    renderer's page requests, as in the app) — the issue-14 target.
  const scrollRun = (pxPerFrame, maxFrames) =>
    page.evaluate(
      ([px, max]) =>
        new Promise((resolve) => {
          const el = document.querySelector('.table-scroll');
          const deltas = [];
          let last = performance.now();
          let placeholderFrames = 0;
          const start = last;
          const step = (now) => {
            deltas.push(now - last);
            last = now;
            if (document.querySelector('.tr.placeholder')) placeholderFrames++;
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2 || deltas.length >= max) {
              resolve({ deltas: deltas.slice(1), frames: deltas.length, seconds: (now - start) / 1000, placeholderFrames });
              return;
            }
            el.scrollTop += px;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      [pxPerFrame, maxFrames],
    );
  // A frame on time is one vsync (16.7 ms ± timer jitter); a delta above 1.5 vsyncs means a frame was dropped.
  // Beside the frame times, which other work on the machine inflates: the renderer's main-thread CPU per frame
  // (Chromium's ThreadTime) and its script, style and layout time, and how long the engine's event loop (the one
  // answering the renderer's page requests) was held up — the parts of a frame the app itself decides.
  const metricsCdp = await page.context().newCDPSession(page);
  await metricsCdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await metricsCdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const measured = async (run) => {
    const m0 = await metrics();
    const cpu0 = process.cpuUsage();
    loopDelay.reset();
    loopDelay.enable();
    const r = await run();
    loopDelay.disable();
    const m1 = await metrics();
    const cpu = process.cpuUsage(cpu0);
    const per = (k) => (m1[k] - m0[k]) / r.frames;
    return {
      frames: r.frames,
      seconds: r.seconds,
      p50: pct(r.deltas, 50),
      p95: pct(r.deltas, 95),
      max: Math.max(...r.deltas),
      droppedPct: (100 * r.deltas.filter((x) => x > 25).length) / r.deltas.length,
      blankFrames: r.placeholderFrames,
      cpuPerFrame: per('ThreadTime'),
      scriptPerFrame: per('ScriptDuration'),
      stylePerFrame: per('RecalcStyleDuration'),
      layoutPerFrame: per('LayoutDuration'),
      engineLoopP99: loopDelay.percentile(99) / 1e6,
      engineLoopMax: loopDelay.max / 1e6,
      // CPU of this whole process (engine, its reader threads, the bench) over the run, in cores: ~2 more with the batch
      engineCores: (cpu.user + cpu.system) / 1e6 / r.seconds,
    };
  };
  const report = (label, s) =>
    console.log(
      `${label}: ${s.frames} frames in ${s.seconds.toFixed(1)} s; frame p50 ${f1(s.p50)} ms, p95 ${f1(s.p95)} ms, max ${f1(s.max)} ms; dropped ${s.droppedPct.toFixed(1)}% of frames; frames showing rows not yet loaded: ${s.blankFrames}\n` +
        `    renderer main thread per frame: ${s.cpuPerFrame.toFixed(2)} ms CPU (script ${s.scriptPerFrame.toFixed(2)}, style ${s.stylePerFrame.toFixed(2)}, layout ${s.layoutPerFrame.toFixed(2)} ms); engine event loop delay p99 ${f1(s.engineLoopP99)} ms, max ${f1(s.engineLoopMax)} ms; engine process (reader threads included) ${s.engineCores.toFixed(2)} cores busy`,
    );
  const toTop = async () => {
    await page.evaluate(() => (document.querySelector('.table-scroll').scrollTop = 0));
    await page.waitForFunction(() => !document.querySelector('.tr.placeholder'), null, { timeout: 30_000 }).catch(() => {});
    await page.waitForTimeout(300);
  };
  const PX = Number(arg('px-per-frame', '3000'));
  const scrollBoth = async (label) => {
    await toTop();
    const wheel = await measured(() => scrollRun(100, 600));
    report(`${label} wheel-like scroll (100 px/frame, 600 frames)`, wheel);
    await toTop();
    const drag = await measured(() => scrollRun(PX, 1e9));
    report(`${label} scroll top→bottom (${PX} px/frame, fresh rows every frame)`, drag);
    return { wheel, drag };
  };
  const screenshotDir = arg('screens', '');
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');

  console.log(`load average before the quiet scroll: ${load()}`);
  results.quiet = await scrollBoth('no batch:');

  // The OCR batch: every scan OCR'd on 2 reader threads; the scroll starts once both threads are busy.
  const batch = await engine.createBatch({ name: 'ocr load', paths: [scansDir] });
  const waitRunning = Date.now();
  while (Date.now() - waitRunning < 60_000) {
    const b = await engine.getBatch(batch.id);
    if (b && b.counts.processing >= Math.min(2, SCANS)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const countsAt = async () => {
    const b = await engine.getBatch(batch.id);
    return {
      processing: b?.counts.processing ?? 0,
      finished: (b?.counts.done ?? 0) + (b?.counts.needs_review ?? 0) + (b?.counts.failed ?? 0),
    };
  };
  const before = await countsAt();
  console.log(
    `load average before the scroll under OCR: ${load()}; batch: ${before.processing} processing, ${before.finished} of ${SCANS} finished`,
  );
  if (screenshotDir) {
    // a frame mid-scroll under OCR, to see that rows (not placeholders) are painted
    await page.evaluate(() => (document.querySelector('.table-scroll').scrollTop = 1_700_000));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(screenshotDir, 'ui-bench-mid-scroll-ocr.png') });
  }
  results.ocr = await scrollBoth(`with ${engine.workers}-thread OCR batch:`);
  const after = await countsAt();
  const ocrRan = after.processing > 0 && after.finished < SCANS;
  console.log(
    `batch during the scroll under OCR: ${after.finished - before.finished} scans finished, ${after.processing} still processing at the end (${ocrRan ? 'the batch ran throughout' : 'THE BATCH ENDED BEFORE THE SCROLL DID: raise --scans'}); load average ${load()}`,
  );
  if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'ui-bench-bottom-ocr.png') });
  results.frameP50 = results.ocr.drag.p50;
  results.frameP95 = results.ocr.drag.p95;
  results.wheelP95 = results.ocr.wheel.p95;

  await page.evaluate(() => (document.querySelector('.table-scroll').scrollTop = document.querySelector('.table-scroll').scrollHeight));
  await page.waitForTimeout(500);
  await page.waitForFunction(() => !document.querySelector('.tr.placeholder'), null, { timeout: 120_000 }).catch(() => {});
  const lastName = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('.tr')].filter((r) => r.querySelector('.file-name'));
    const y = (r) => new DOMMatrixReadOnly(getComputedStyle(r).transform).m42;
    return rows
      .sort((a, b) => y(a) - y(b))
      .at(-1)
      ?.querySelector('.file-name')?.textContent;
  });
  console.log(`last row once loaded: ${lastName}`);

  // 3. JS heap after the scroll
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  results.heapMB = heap.usedSize / 2 ** 20;
  console.log(`JS heap after scroll (after GC): ${f1(results.heapMB)} MB used of ${f1(heap.totalSize / 2 ** 20)} MB`);

  // 4. input latency while the same batch OCRs (if it still runs)
  await page.evaluate(() => (document.querySelector('.table-scroll').scrollTop = 0));
  await page.evaluate(() => {
    window.__lat = [];
    document.addEventListener(
      'keydown',
      (e) => {
        const t = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - t), 0));
      },
      true,
    );
  });
  // arrow keys in the table (selection moves) and typing in the search box (echo)
  await page.locator('.table-scroll').focus();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press(i % 10 === 9 ? 'PageDown' : 'ArrowDown');
    await page.waitForTimeout(80);
  }
  await page.getByLabel('Search documents').click();
  for (const ch of 'invoice-0000') {
    await page.keyboard.press(ch);
    await page.waitForTimeout(80);
  }
  const lat = await page.evaluate(() => window.__lat);
  const b = await engine.getBatch(batch.id);
  await page.screenshot({ path: path.join(root, 'test-results', 'screens', 'bench-documents-during-ocr.png') }).catch(() => {});
  results.inputP50 = pct(lat, 50);
  results.inputP95 = pct(lat, 95);
  console.log(
    `input latency (key → paint) during OCR (${b?.counts.processing ?? 0} processing, ${os.cpus().length} cores): p50 ${f1(results.inputP50)} ms, p95 ${f1(results.inputP95)} ms, max ${f1(Math.max(...lat))} ms over ${lat.length} keys`,
  );
  await engine.cancelBatch(batch.id).catch(() => {});

  // 5. the review grid: Ctrl+End → the last rows painted, in a fresh grid (only its first page loaded), counting the
  //    listReviewRows requests it took. Over the rows needing review (1 in 5 of the seed), then over all 100k (the
  //    status filter cleared): the same grid and queries, 5x the rows. The seed has no field rows: the cells are empty.
  const reviewCalls = [];
  const listReviewRows = engine.listReviewRows.bind(engine);
  engine.listReviewRows = (q) => {
    reviewCalls.push(q);
    return listReviewRows(q);
  };
  const reviewJump = async (label, status) => {
    // the grid's last row, as the engine lists it (the seed's rows, then whatever the OCR batch added)
    const query = { status: status ? [status] : null, ignored: false, sort: 'id', desc: false };
    const { total } = await engine.listDocuments({ ...query, limit: 1 });
    const lastName = (await engine.listDocuments({ ...query, offset: total - 1, limit: 1 })).rows[0].name;
    const runs = [];
    let requests = 0;
    for (let run = 0; run < 5; run++) {
      // a fresh grid each run: the screen opened again
      await page.locator('.nav-item', { hasText: 'Documents' }).click();
      await page.locator('.nav-item', { hasText: 'Review' }).click();
      await page.getByRole('combobox', { name: 'Filter by status' }).selectOption(status);
      await page.waitForSelector('.review-grid .tr[role="row"] .file-name');
      await page.locator('.review-grid .tr[role="row"] [data-field="vendor_name"]').first().click();
      await page.waitForTimeout(300);
      const before = reviewCalls.length;
      // the key listener is in place before the key is sent (an evaluate not awaited may run after the key press)
      await page.evaluate((name) => {
        window.__reviewJump = new Promise((resolve) => {
          let start = 0;
          // a jump that never paints its last row is reported (NaN), not waited for forever
          setTimeout(() => resolve(NaN), 60_000);
          document.addEventListener('keydown', (e) => (start = e.timeStamp), { capture: true, once: true });
          const shown = () => [...document.querySelectorAll('.review-grid .tr[role="row"] .file-name')].some((b) => b.textContent === name);
          const mo = new MutationObserver(() => {
            if (start && shown()) {
              mo.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
            }
          });
          mo.observe(document.querySelector('.review-grid'), { childList: true, subtree: true, characterData: true });
        });
      }, lastName);
      await page.keyboard.press('Control+End');
      const ms = await page.evaluate(() => window.__reviewJump);
      if (Number.isNaN(ms)) {
        const foot = await page.locator('.review-grid .table-foot .row-count').textContent();
        console.log(`review grid ${label}: the last row (${lastName}) not painted 60 s after Ctrl+End (${foot})`);
        if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `ui-bench-review-stuck-${status || 'all'}.png`) });
      }
      runs.push(ms);
      requests = Math.max(requests, reviewCalls.length - before);
    }
    const foot = await page.locator('.review-grid .table-foot .row-count').textContent();
    console.log(
      `review grid ${label} (${foot}): Ctrl+End → last row (${lastName}) painted: median ${f1(pct(runs, 50))} ms (runs: ${runs.map(f1).join(', ')}); listReviewRows requests per jump: at most ${requests}; load average ${load()}`,
    );
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `ui-bench-review-end-${status || 'all'}.png`) });
    return { medianMs: pct(runs, 50), runs, requests };
  };
  results.reviewJump = {
    needsReview: await reviewJump('over the rows needing review', 'needs_review'),
    all: await reviewJump('over all rows', ''),
  };
  console.log(`page errors: ${errors.length}`);
  const verdict = (x) => (x <= 16.7 ? 'met' : x < 17.5 ? 'within vsync jitter (16.7 + 0.8 ms)' : 'MISSED');
  console.log(
    `targets: first rows < 500 ms: ${pct(firstRows, 50) < 500 ? 'met' : 'MISSED'}; heap < 150 MB: ${results.heapMB < 150 ? 'met' : 'MISSED'}; input < 100 ms: ${results.inputP95 < 100 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `issue 14, frame p95 <= 16.7 ms with a 2-core OCR batch beside it: wheel ${f1(results.ocr.wheel.p95)} ms ${verdict(results.ocr.wheel.p95)}, drag ${f1(results.ocr.drag.p95)} ms ${verdict(results.ocr.drag.p95)} (no batch: wheel ${f1(results.quiet.wheel.p95)}, drag ${f1(results.quiet.drag.p95)})`,
  );
} finally {
  await browser.close();
  await server.close();
  await engine.close();
  if (!process.argv.includes('--dir')) fs.rmSync(dir, { recursive: true, force: true });
}

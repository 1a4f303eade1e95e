import { describe, expect, it } from 'vitest';
import { createTaskPool } from '../../../src/engine/pipeline/pool.js';
import { DocumentDeadline, deadlineLimitsFromEnv, taskClockFor } from '../../../src/engine/pipeline/deadline.js';
import { Scheduler } from '../../../src/engine/pipeline/scheduler.js';
import { fakeWorkerBatch, NO_EXTRACTION } from '../../helpers/scheduler.js';

// A stand-in task file: spins its thread forever on files named *hang* (synchronous, so only terminating the
// thread stops it), asks for slow OCR pages on *slow*, and reads everything else at once. A text page's width is
// the id of the thread that read it, so the test can tell a fresh thread from the one that hung.
const FAKE_WORKER = `
import { threadId } from 'node:worker_threads';
export async function inspect(input) {
  if (input.path.includes('hang')) for (;;) {}
  if (input.path.includes('slow'))
    return { ok: true, pageCount: 3, pages: [0, 1, 2].map((index) => ({ index, text: null, needsOcr: true })), ms: 1 };
  return { ok: true, pageCount: 1, pages: [{ index: 0, text: 'Invoice 12 total 10.00', needsOcr: false, widthPt: threadId, heightPt: 1 }], ms: 1 };
}
export async function ocr(input) {
  await new Promise((r) => setTimeout(r, 1500));
  return { ok: true, index: input.pageIndex, text: 'page ' + input.pageIndex, confidence: 90, words: [], width: 10, height: 10, dpi: 300, rotation: 0, skew: 0, blank: false, ms: 1500 };
}
export async function einvoice() { return { ok: true, found: false, problem: null, ms: 0 }; }
export async function reread() { return { ok: true, readings: [], ms: 0 }; }
export async function render() { throw new Error('not used'); }
`;

describe('the per-document deadline', () => {
  it('terminates the thread of a document that overruns, fails it with the time, and the rest of the batch finishes', async () => {
    // Ingested (and claimed) in name order: a hang comes first, so what follows it needs a fresh thread.
    const names = ['1-hang.pdf', '2-a.pdf', '3-hang.pdf', '4-b.pdf', '5-slow-3-pages.pdf', '6-c.pdf', '7-d.pdf'];
    const { workerFile, db } = await fakeWorkerBatch('docket-deadline-', FAKE_WORKER, names);
    // One thread: the hung documents take it twice, so everything after them runs on its replacements.
    const pool = createTaskPool({ threads: 1, filename: workerFile });
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    // 2 s for a document, plus 2 s per OCR page after the first: the slow 3-page document (3 x 1.5 s of OCR on
    // one thread) needs its allowance and gets it.
    const s = new Scheduler(
      db,
      pool,
      { extract: () => NO_EXTRACTION },
      { documentFinished: () => {}, batchChanged: () => {}, batchFinished: () => finished() },
      { documentTimeoutMs: 2000, ocrPageAllowanceMs: 2000 },
    );
    const t0 = Date.now();
    s.start();
    await done;
    const elapsed = Date.now() - t0;
    await s.stop();
    await pool.close();
    const rows = db.prepare('SELECT name, status, status_reason, attempts FROM documents ORDER BY name').all() as Array<{
      name: string;
      status: string;
      status_reason: string | null;
      attempts: number;
    }>;
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    for (const n of ['1-hang.pdf', '3-hang.pdf']) {
      expect(by[n], n).toMatchObject({ status: 'failed', attempts: 1 });
      expect(by[n]!.status_reason).toBe('took longer than 2 s to read (opening, counting pages, rendering and OCR); stopped');
    }
    for (const n of ['2-a.pdf', '4-b.pdf', '6-c.pdf', '7-d.pdf', '5-slow-3-pages.pdf'])
      expect(by[n]!.status, JSON.stringify(by[n])).toBe('done');
    // Two hung documents cost one deadline each, not a retry cycle: the batch ends in well under a minute.
    expect(elapsed).toBeLessThan(60_000);
    // The documents after a hang were read by a fresh thread (the hung one was terminated, not waited for).
    const threads = new Set(
      (db.prepare("SELECT width FROM pages WHERE method = 'text'").all() as Array<{ width: number }>).map((r) => r.width),
    );
    expect(threads.size).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('is extended per OCR page once the page count is known, and reports the budget it had', () => {
    const parent = new AbortController();
    const d = new DocumentDeadline(parent.signal, { documentTimeoutMs: 120_000, ocrPageAllowanceMs: 30_000 });
    expect(d.seconds).toBe(120);
    d.allowOcrPages(1);
    expect(d.seconds).toBe(120);
    d.allowOcrPages(5);
    expect(d.seconds).toBe(240);
    expect(d.reason()).toMatch(/^took longer than 240 s/);
    parent.abort();
    expect(d.signal.aborted).toBe(true);
    expect(d.expired).toBe(false);
    d.dispose();
  });

  it('counts only the time a task of the document holds a thread, once the pool reports its tasks', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const d = new DocumentDeadline(new AbortController().signal, { documentTimeoutMs: 300, ocrPageAllowanceMs: 0 });
    const clock = taskClockFor(d.signal)!;
    clock.queued();
    await sleep(500); // waiting behind other documents' tasks: not its time
    expect(d.signal.aborted).toBe(false);
    clock.started();
    await sleep(150);
    clock.ended();
    await sleep(300); // between its tasks (extraction on the main thread, the queue again): not counted either
    expect(d.signal.aborted).toBe(false);
    clock.started();
    await sleep(400);
    expect(d.expired).toBe(true);
    expect(d.signal.aborted).toBe(true);
    d.dispose();
  });

  it('takes its limits from DOCKET_DOCUMENT_TIMEOUT_S and DOCKET_OCR_PAGE_ALLOWANCE_S, ignoring nonsense', () => {
    expect(deadlineLimitsFromEnv({ DOCKET_DOCUMENT_TIMEOUT_S: '15', DOCKET_OCR_PAGE_ALLOWANCE_S: '2.5' })).toEqual({
      documentTimeoutMs: 15_000,
      ocrPageAllowanceMs: 2_500,
    });
    expect(deadlineLimitsFromEnv({ DOCKET_DOCUMENT_TIMEOUT_S: 'soon', DOCKET_OCR_PAGE_ALLOWANCE_S: '-1' })).toEqual({
      documentTimeoutMs: 120_000,
      ocrPageAllowanceMs: 30_000,
    });
  });
});

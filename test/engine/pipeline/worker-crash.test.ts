import { describe, expect, it } from 'vitest';
import { createTaskPool } from '../../../src/engine/pipeline/pool.js';
import { MAX_ATTEMPTS, Scheduler } from '../../../src/engine/pipeline/scheduler.js';
import { fakeWorkerBatch, NO_EXTRACTION } from '../../helpers/scheduler.js';

// A stand-in task file: kills its own thread on files named *crash*, reads everything else instantly.
const FAKE_WORKER = `
export async function inspect(input) {
  if (input.path.includes('crash')) process.exit(3);
  if (input.path.includes('flaky')) return { ok: false, code: 'unreadable', message: 'network share went away', transient: true };
  return { ok: true, pageCount: 1, pages: [{ index: 0, text: 'Invoice 12 total 10.00', needsOcr: false }], ms: 1 };
}
export async function ocr() { throw new Error('not used'); }
export async function render() { throw new Error('not used'); }
`;

describe('a crashing worker', () => {
  it('fails only that document, with a reason, after bounded retries; the pool carries on', async () => {
    const { workerFile, db } = await fakeWorkerBatch('docket-thread-death-', FAKE_WORKER, [
      'a.pdf',
      'crash-me.pdf',
      'b.pdf',
      'flaky.pdf',
      'c.pdf',
    ]);
    const pool = createTaskPool({ threads: 1, filename: workerFile });
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    const s = new Scheduler(
      db,
      pool,
      { extract: () => NO_EXTRACTION },
      { documentFinished: () => {}, batchChanged: () => {}, batchFinished: () => finished() },
    );
    // Retries back off for seconds; make them due at once so the test stays quick.
    const tick = setInterval(() => db.prepare("UPDATE documents SET not_before = NULL WHERE status = 'queued'").run() && s.wake(), 50);
    s.start();
    await done;
    clearInterval(tick);
    await s.stop();
    await pool.close();
    const rows = db.prepare('SELECT name, status, status_reason, attempts FROM documents ORDER BY name').all() as Array<{
      name: string;
      status: string;
      status_reason: string | null;
      attempts: number;
    }>;
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    for (const n of ['a.pdf', 'b.pdf', 'c.pdf']) expect(by[n]!.status, JSON.stringify(by[n])).toBe('done');
    expect(by['crash-me.pdf']).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(by['crash-me.pdf']!.status_reason).toMatch(/^the reader crashed on this file .*\(gave up after 3 attempts\)$/);
    expect(by['flaky.pdf']).toMatchObject({ status: 'failed', status_reason: 'network share went away (gave up after 3 attempts)' });
    const log = db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'document.retry'").get() as { n: number };
    expect(log.n).toBe(4);
  }, 60_000);
});

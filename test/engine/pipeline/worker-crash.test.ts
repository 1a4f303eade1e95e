import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/engine/ingest/ingest.js';
import { createTaskPool } from '../../../src/engine/pipeline/pool.js';
import { MAX_ATTEMPTS, Scheduler } from '../../../src/engine/pipeline/scheduler.js';
import { insertBatch, setBatchStatus } from '../../../src/engine/store/batches.js';
import { openDb } from '../../../src/engine/store/db.js';
import type { ExtractionResult } from '../../../src/contract/domain.js';
import { tmpDir } from '../../helpers/tmp.js';

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

const noExtraction: ExtractionResult = {
  docType: 'other',
  docTypeConfidence: 0.5,
  fields: [],
  lineItems: [],
  issues: [],
  confidence: 1,
  needsReview: false,
};

describe('a crashing worker', () => {
  it('fails only that document, with a reason, after bounded retries; the pool carries on', async () => {
    const dir = tmpDir('docket-thread-death-');
    const workerFile = path.join(dir, 'fake-worker.mjs');
    fs.writeFileSync(workerFile, FAKE_WORKER);
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    for (const n of ['a.pdf', 'crash-me.pdf', 'b.pdf', 'flaky.pdf', 'c.pdf']) fs.writeFileSync(path.join(input, n), `%PDF-1.4\n% ${n}\n`);
    const db = openDb(tmpDir());
    const batchId = insertBatch(db, { name: 't', roots: [input], options: {} });
    await ingestBatch(db, batchId, [input]);
    setBatchStatus(db, batchId, 'running');
    const pool = createTaskPool({ threads: 1, filename: workerFile });
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    const s = new Scheduler(
      db,
      pool,
      { extract: () => noExtraction },
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

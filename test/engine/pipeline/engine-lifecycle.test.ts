import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import type { EngineEvent } from '../../../src/contract/domain.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { processPaths } from '../../helpers/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

let input: string;
const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close().catch(() => {});
});

beforeAll(async () => {
  input = tmpDir('docket-gen-');
  const w = (rel: string, data: Uint8Array | string) => {
    const p = path.join(input, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
  };
  for (let i = 1; i <= 12; i++) w(`2024/march/invoice-${i}.pdf`, await makeInvoicePdf(i, { pages: i % 4 === 0 ? 2 : 1 }));
  w('2024/copy/invoice-1 (copy).pdf', fs.readFileSync(path.join(input, '2024/march/invoice-1.pdf')));
  w('Факту́ра №7 – Ærø.pdf', await makeInvoicePdf(7000));
  w('readme.txt', 'not a document');
  w('broken.pdf', '%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ngarbage garbage\n');
  w('Thumbs.db', 'x');
});

describe('engine lifecycle on a generated folder', () => {
  it('processes nested folders, de-duplicates, skips unsupported files and keeps odd names', async () => {
    const events: EngineEvent[] = [];
    const r = await processPaths([input]);
    engines.push(r.engine);
    r.engine.subscribe((e) => events.push(e));
    const by = (name: string) => r.rows.find((d) => d.name === name)!;
    expect(r.rows).toHaveLength(16);
    // Walk order is by name, so 2024/copy/ comes before 2024/march/: the march file is the duplicate.
    expect(by('invoice-1.pdf')).toMatchObject({ status: 'skipped', duplicateOf: by('invoice-1 (copy).pdf').id });
    expect(by('invoice-1.pdf').reason).toBe(`duplicate of ${by('invoice-1 (copy).pdf').path}, first seen in batch "${r.summary.name}"`);
    expect(by('readme.txt').status).toBe('skipped');
    expect(by('broken.pdf')).toMatchObject({ status: 'failed' });
    expect(by('broken.pdf').reason).toBeTruthy();
    expect(by('Факту́ра №7 – Ærø.pdf').path).toBe(path.join(input, 'Факту́ра №7 – Ærø.pdf'));
    expect(by('Факту́ра №7 – Ærø.pdf').status).toMatch(/done|needs_review/);
    expect(by('invoice-4.pdf').pageCount).toBe(2);
    expect(r.summary.counts).toMatchObject({ total: 16, queued: 0, processing: 0, skipped: 2, failed: 1 });
    expect(r.summary.pagesByMethod.text).toBe(16);
    expect(r.summary.status).toBe('done');
    // Every document reached exactly one final state; pages were written once.
    const dupPages = r.engine.db.prepare('SELECT document_id, page_index, count(*) n FROM pages GROUP BY 1, 2 HAVING n > 1').all();
    expect(dupPages).toEqual([]);
    // Extraction ran: the invoices carry fields.
    const inv = (await r.engine.getDocument(by('invoice-3.pdf').id))!;
    expect(inv.docType).toBe('invoice');
    expect(inv.fields.find((f) => f.name === 'document_number')?.value).toBe('INV-00003');
    expect(inv.fields.find((f) => f.name === 'total')?.value).toBe('300.00');
    // The batch log says what happened.
    const log = await r.engine.listLog(r.batchId);
    expect(log.map((l) => l.kind)).toEqual(expect.arrayContaining(['batch.created', 'batch.ingested', 'batch.finished']));
  });

  it('pauses, resumes, cancels, and retries failed documents', async () => {
    const engine = await Engine.open({ dataDir: tmpDir(), workers: 1 });
    engines.push(engine);
    const progress: EngineEvent[] = [];
    engine.subscribe((e) => progress.push(e));
    await engine.start();
    const b = await engine.createBatch({ paths: [input], name: 'lifecycle' });
    await engine.pauseBatch(b.id);
    const paused = (await engine.getBatch(b.id))!;
    expect(paused.status).toBe('paused');
    await new Promise((r) => setTimeout(r, 500));
    // Nothing new is claimed while paused: at most what was in flight finished.
    const during = (await engine.getBatch(b.id))!;
    expect(during.counts.queued).toBeGreaterThan(0);
    await engine.resumeBatch(b.id);
    await engine.waitForBatch(b.id);
    const done = (await engine.getBatch(b.id))!;
    expect(done.status).toBe('done');
    expect(done.counts.queued + done.counts.processing).toBe(0);
    // Events are coalesced: far fewer progress events than documents x state changes, and a final one.
    expect(progress.some((e) => e.type === 'batch.finished')).toBe(true);
    expect(progress.filter((e) => e.type === 'batch.progress').length).toBeLessThan(40);

    const failedBefore = done.counts.failed;
    expect(failedBefore).toBe(1);
    const n = await engine.retryDocuments('all-failed', b.id);
    expect(n).toBe(1);
    await engine.waitForBatch(b.id);
    expect((await engine.getBatch(b.id))!.counts.failed).toBe(1);
    const broken = (await engine.listDocuments({ batchId: b.id, status: ['failed'] })).rows[0]!;
    expect(broken.attempts).toBe(1);

    // Fresh content (the first batch's files would all be skipped as duplicates).
    const other = tmpDir('docket-cancel-');
    for (let i = 0; i < 8; i++) fs.writeFileSync(path.join(other, `po-${i}.pdf`), await makeInvoicePdf(9000 + i));
    const c = await engine.createBatch({ paths: [other], name: 'to cancel' });
    const cancelled = await engine.cancelBatch(c.id);
    expect(cancelled.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 300));
    const after = (await engine.getBatch(c.id))!;
    expect(after.counts.queued + after.counts.processing).toBe(0);
  });

  it('refuses a second processing engine on the same data folder', async () => {
    const dir = tmpDir();
    const a = await Engine.open({ dataDir: dir, workers: 1 });
    await expect(Engine.open({ dataDir: dir, workers: 1 })).rejects.toThrow(/in use by another Docket process/);
    await a.close();
    const b = await Engine.open({ dataDir: dir, workers: 1 });
    await b.close();
  });
});

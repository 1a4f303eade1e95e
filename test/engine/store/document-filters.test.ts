/**
 * The review filters (vendor, date range, amount range, confidence, status, type), files that are not documents
 * hidden on request, totals per currency over the whole filter, and a batch renamed and deleted with its data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { unreadVerdict } from '../../../src/engine/ingest/formats.js';
import { deleteBatchData } from '../../../src/engine/store/batch-admin.js';
import type { Db } from '../../../src/engine/store/db.js';
import { countDocuments, documentTotals, IGNORED_SQL } from '../../../src/engine/store/document-filters.js';
import { listDocuments } from '../../../src/engine/store/documents.js';
import { addBatch, addDoc, tempStore } from '../export/seed.js';

let db: Db;
let cleanup: () => void;
let b1: number;
let b2: number;

const inv = (vendor: string, date: string, total: string, currency: string) => ({
  vendor_name: vendor,
  document_number: `N-${vendor.slice(0, 3)}-${date}`,
  issue_date: date,
  total,
  currency,
});

beforeEach(() => {
  ({ db, cleanup } = tempStore());
  b1 = addBatch(db, 'March');
  b2 = addBatch(db, 'April');
  addDoc(db, { batchId: b1, path: '/a/acme-1.pdf', fields: inv('Acme Ltd', '2024-03-01', '10.10', 'EUR') });
  addDoc(db, { batchId: b1, path: '/a/acme-2.pdf', fields: inv('Acme Ltd', '2024-03-15', '20.20', 'EUR') });
  addDoc(db, { batchId: b1, path: '/a/globex.pdf', status: 'needs_review', fields: inv('Globex', '2024-03-20', '99.99', 'USD') });
  addDoc(db, { batchId: b1, path: '/a/nototal.pdf', status: 'needs_review', fields: { vendor_name: 'Initech', currency: 'EUR' } });
  addDoc(db, { batchId: b1, path: '/a/notes.txt', status: 'skipped', reason: 'Text file (.txt) is not supported' });
  addDoc(db, { batchId: b1, path: '/a/big.pdf', status: 'skipped', reason: 'file too large: 300 MB (limit 200 MB)' });
  addDoc(db, { batchId: b2, path: '/b/acme-3.pdf', fields: inv('Acme Ltd', '2024-04-02', '0.70', 'EUR') });
  db.prepare("UPDATE documents SET confidence = 0.4 WHERE name = 'globex.pdf'").run();
});
afterEach(() => cleanup());

const names = (q: Parameters<typeof listDocuments>[1]) =>
  listDocuments(db, q)
    .rows.map((r) => r.name)
    .sort();

describe('document filters', () => {
  it('filter by vendor, date range, amount range, confidence, status and type', () => {
    expect(names({ vendor: 'acme' })).toEqual(['acme-1.pdf', 'acme-2.pdf', 'acme-3.pdf']);
    expect(names({ dateFrom: '2024-03-10', dateTo: '2024-03-31' })).toEqual(['acme-2.pdf', 'globex.pdf']);
    expect(names({ totalMin: 10.1, totalMax: 20.2 })).toEqual(['acme-1.pdf', 'acme-2.pdf']);
    expect(names({ confidenceBelow: 0.5 })).toEqual(['globex.pdf']);
    expect(names({ batchId: b1, status: ['needs_review'], docType: ['invoice'] })).toEqual(['globex.pdf', 'nototal.pdf']);
    expect(listDocuments(db, { vendor: 'acme', dateFrom: '2024-03-10' }).total).toBe(2);
  });

  it('hide files that are not documents when asked, and only those', () => {
    expect(names({ batchId: b1, ignored: false })).not.toContain('notes.txt');
    expect(names({ batchId: b1, ignored: false })).toContain('big.pdf');
    expect(names({ batchId: b1 })).toContain('notes.txt');
  });

  it('count what the page lists, ignored files hidden or not, a skipped file without a reason included', () => {
    // a NULL reason makes the ignored test NULL, which the page query's WHERE leaves out as well
    addDoc(db, { batchId: b2, path: '/b/odd.bin', status: 'skipped' });
    for (const q of [
      {},
      { ignored: false },
      { batchId: b1, ignored: false },
      { batchId: b2, ignored: false },
      { vendor: 'acme', ignored: false },
    ]) {
      const page = listDocuments(db, { ...q, limit: 1000 });
      expect(page.total, JSON.stringify(q)).toBe(page.rows.length);
      expect(countDocuments(db, q), JSON.stringify(q)).toBe(page.rows.length);
    }
    expect(countDocuments(db, { ignored: false })).toBe(countDocuments(db, {}) - 2);
  });

  it('take the not-a-document wording from ingest', () => {
    // every reason ingest gives a file it does not read as a document matches the ignored predicate
    const reasons = [
      unreadVerdict({ label: 'text file', mime: 'text/plain' } as never, 'notes.md')[1],
      unreadVerdict({ label: 'JSON', mime: 'application/json' } as never, 'data.json')[1],
      unreadVerdict({ label: 'data', mime: null } as never, 'blob.bin')[1],
    ];
    const match = db.prepare(
      `SELECT 1 AS x FROM (SELECT 'skipped' AS status, NULL AS duplicate_of, ? AS status_reason) WHERE ${IGNORED_SQL}`,
    );
    for (const r of reasons) expect(match.get(r), r).toBeTruthy();
  });
});

describe('totals per currency', () => {
  it('sum every matching document in cents, per currency, and count those without a total', () => {
    expect(documentTotals(db, { batchId: b1, ignored: false, status: ['done', 'needs_review'] })).toEqual({
      documents: 4,
      withoutTotal: 1,
      byCurrency: [
        { currency: 'EUR', documents: 2, total: 30.3 },
        { currency: 'USD', documents: 1, total: 99.99 },
      ],
    });
    expect(documentTotals(db, { vendor: 'acme' }).byCurrency).toEqual([{ currency: 'EUR', documents: 3, total: 31 }]);
  });
});

describe('batch delete', () => {
  it('removes the batch and every row of its documents, and leaves the other batch whole', () => {
    const other = db.prepare('SELECT id FROM documents WHERE batch_id = ?').get(b2) as { id: number };
    const first = db.prepare("SELECT id FROM documents WHERE name = 'acme-1.pdf'").get() as { id: number };
    // a document of the other batch marked as a duplicate of one being deleted keeps its data
    db.prepare('UPDATE documents SET duplicate_of = ? WHERE id = ?').run(first.id, other.id);
    db.prepare("INSERT INTO events (batch_id, document_id, at, level, kind, message) VALUES (?, ?, 0, 'info', 'x', 'y')").run(b1, first.id);
    expect(deleteBatchData(db, b1)).toBe(6);
    expect(db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 1 });
    for (const t of ['fields', 'issues', 'pages', 'page_text', 'line_items', 'events'])
      expect(db.prepare(`SELECT count(*) AS n FROM ${t} WHERE document_id <> ?`).get(other.id), t).toEqual({ n: 0 });
    expect(db.prepare('SELECT duplicate_of FROM documents WHERE id = ?').get(other.id)).toEqual({ duplicate_of: null });
    expect(db.prepare('SELECT count(*) AS n FROM batches').get()).toEqual({ n: 1 });
    expect(deleteBatchData(db, b1)).toBe(0);
  });
});

describe('engine: rename, delete, pause on stop', () => {
  it('renames, refuses to delete a running batch, deletes a paused one, and pauses running batches on Ctrl+C', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-batches-'));
    const engine = await Engine.open({ dataDir: dir, workers: 1 });
    try {
      const id = addBatch(engine.db, 'old name');
      addDoc(engine.db, { batchId: id, path: '/x/a.pdf', fields: inv('Acme Ltd', '2024-03-01', '5.00', 'EUR') });
      engine.db.prepare("UPDATE batches SET status = 'running' WHERE id = ?").run(id);
      expect((await engine.renameBatch(id, '  Q1   receipts ')).name).toBe('Q1 receipts');
      await expect(engine.deleteBatch(id)).rejects.toThrow(/still running: pause or cancel it/);
      expect(await engine.pauseRunningBatches('stopped with Ctrl+C')).toEqual([id]);
      expect((await engine.getBatch(id))!.status).toBe('paused');
      expect(await engine.deleteBatch(id)).toEqual({ documents: 1 });
      expect(await engine.getBatch(id)).toBeNull();
    } finally {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

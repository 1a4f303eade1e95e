import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../../src/engine/store/db.js';
import { planOf, storeAtVersion } from './at-version.js';

describe('migration 1 (initial) on an empty database', () => {
  it('makes a schema that takes a batch with its documents, pages, fields and ledger, with the defaults the writer relies on', () => {
    const db = storeAtVersion(0);
    applyMigrations(db);
    db.prepare("INSERT INTO batches (id, name, created_at) VALUES (1, 'March', 1000)").run();
    const winPath = 'C:\\in\\März.pdf';
    db.prepare("INSERT INTO documents (id, batch_id, path, name, queued_at) VALUES (1, 1, ?, 'März.pdf', 1000)").run(winPath);
    db.prepare("INSERT INTO pages (document_id, page_index, method) VALUES (1, 0, 'ocr')").run();
    db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (1, 0, 'Rechnung')").run();
    db.prepare("INSERT INTO fields (document_id, name, value, origin) VALUES (1, 'total', '119.00', 'rules')").run();
    db.prepare(
      "INSERT INTO llm_ledger (batch_id, document_id, model, tokens_in, tokens_out, cost_usd, at) VALUES (1, 1, 'm', 10, 5, 0.001, 1)",
    ).run();

    expect(db.prepare('SELECT status, roots, options, elapsed_ms FROM batches').get()).toEqual({
      status: 'ingesting',
      roots: '[]',
      options: '{}',
      elapsed_ms: 0,
    });
    expect(db.prepare('SELECT path, status, attempts, cost_usd FROM documents').get()).toEqual({
      path: winPath,
      status: 'queued',
      attempts: 0,
      cost_usd: 0,
    });
    expect(db.prepare('SELECT cached FROM llm_ledger').pluck().get()).toBe(0);
    // One row per (batch, path): an ingest run again after a crash cannot record a file twice.
    expect(() => db.prepare("INSERT INTO documents (batch_id, path, name, queued_at) VALUES (1, ?, 'x', 2)").run(winPath)).toThrow(
      /UNIQUE/,
    );
    // Rows must belong to a document.
    expect(() => db.prepare("INSERT INTO fields (document_id, name, origin) VALUES (99, 'total', 'rules')").run()).toThrow(/FOREIGN KEY/);
    expect(planOf(db, 'SELECT status, count(*) FROM documents WHERE batch_id = 1 GROUP BY status')).toMatch(
      /USING COVERING INDEX documents_batch_status/,
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

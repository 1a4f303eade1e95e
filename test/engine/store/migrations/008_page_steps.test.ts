import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../../src/engine/store/db.js';
import { pageDetails, replacePages, setPagesWriteMs } from '../../../../src/engine/store/pages.js';
import { storeAtVersion } from './at-version.js';

/** A version-7 store with a document read before per-step timings were kept. */
function seededAtVersion7() {
  const db = storeAtVersion(7);
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'old', 'done', 1)").run();
  db.prepare("INSERT INTO documents (id, batch_id, path, name, status, queued_at) VALUES (1, 1, '/in/a.pdf', 'a.pdf', 'done', 1)").run();
  db.prepare(
    "INSERT INTO pages (document_id, page_index, method, confidence, width, height, dpi, rotation, skew, ms, words) VALUES (1, 0, 'ocr', 91, 2480, 3508, 300, 0, 0.4, 3200, NULL)",
  ).run();
  db.prepare("INSERT INTO page_text (document_id, page_index, text) VALUES (1, 0, 'Invoice 7')").run();
  return db;
}

describe('migration 8 (page steps) on a seeded version-7 database', () => {
  it('keeps the old page, with no steps, and stores and reads the steps of pages read after it', () => {
    const db = seededAtVersion7();
    applyMigrations(db);
    expect(pageDetails(db, 1)).toEqual([
      {
        index: 0,
        method: 'ocr',
        confidence: 91,
        text: 'Invoice 7',
        width: 2480,
        height: 3508,
        rotation: 0,
        skew: 0.4,
        ms: 3200,
        steps: null,
      },
    ]);
    const page = {
      index: 0,
      method: 'ocr' as const,
      text: 'Invoice 8',
      confidence: 90,
      width: 2480,
      height: 3508,
      dpi: 300,
      rotation: 0,
      skew: 0,
      ms: 3000,
      words: null,
    };
    replacePages(db, 1, [{ ...page, steps: { inspect: 1.5, render: 400, ocr: 2600, extract: 12.25, write: null } }]);
    setPagesWriteMs(db, 1, 0.75);
    expect(pageDetails(db, 1)[0]!.steps).toEqual({ inspect: 1.5, render: 400, ocr: 2600, extract: 12.25, write: 0.75 });
  });
});

/**
 * Progress over pages still to read: duplicates skipped in a second are no work done, the ETA is the unread pages
 * at the measured pace, and the CLI bar fills by it.
 */
import { describe, expect, it } from 'vitest';
import { workProgress } from '../../../src/engine/pipeline/progress.js';
import { summarizeBatch, getBatchRow } from '../../../src/engine/store/batches.js';
import { progressLine, summaryText } from '../../../src/hosts/cli/progress-bar.js';
import { overallProgress } from '../../../src/hosts/electron/progress.js';
import { addBatch, addDoc, tempStore } from '../export/seed.js';

describe('workProgress', () => {
  it('is at 0% while nothing was read, however many files were skipped', () => {
    const p = workProgress({ pagesRead: 0, docsRead: 0, pagesKnownLeft: 0, docsUnknownLeft: 100, elapsedMs: 1000, active: true });
    expect(p.fraction).toBe(0);
    expect(p.pagesLeft).toBe(100);
    expect(p.etaMs).toBeNull(); // no pace measured yet: no promise
  });

  it('estimates unopened files at the pages per document read so far, and the ETA at the pages per second', () => {
    // 10 documents of 3 pages read in 60 s; 20 unopened files: about 60 pages left, about 120 s
    const p = workProgress({ pagesRead: 30, docsRead: 10, pagesKnownLeft: 0, docsUnknownLeft: 20, elapsedMs: 60_000, active: true });
    expect(p.pagesLeft).toBe(60);
    expect(p.fraction).toBeCloseTo(1 / 3);
    expect(p.etaMs).toBe(120_000);
    expect(
      workProgress({ pagesRead: 30, docsRead: 10, pagesKnownLeft: 4, docsUnknownLeft: 0, elapsedMs: 60_000, active: false }).etaMs,
    ).toBeNull();
    expect(workProgress({ pagesRead: 30, docsRead: 10, pagesKnownLeft: 0, docsUnknownLeft: 0, elapsedMs: 60_000, active: true })).toEqual({
      fraction: 1,
      pagesLeft: 0,
      etaMs: 0,
    });
  });
});

describe('batch summary and CLI bar', () => {
  it('count pages, not the files skipped as duplicates', () => {
    const { db, cleanup } = tempStore();
    try {
      const b = addBatch(db, 'sroie');
      db.prepare("UPDATE batches SET status = 'running', elapsed_ms = 10000 WHERE id = ?").run(b);
      for (let i = 0; i < 20; i++) addDoc(db, { batchId: b, path: `/in/dup-${i}.jpg`, status: 'skipped', reason: 'duplicate' });
      // two read (2 pages each, 10 s), eight still queued
      for (let i = 0; i < 2; i++) {
        const id = addDoc(db, { batchId: b, path: `/in/read-${i}.pdf`, fields: { total: '1.00' } });
        db.prepare('UPDATE documents SET page_count = 2 WHERE id = ?').run(id);
      }
      for (let i = 0; i < 8; i++) addDoc(db, { batchId: b, path: `/in/q-${i}.pdf`, status: 'queued', finishedAt: null });
      const s = summarizeBatch(db, getBatchRow(db, b)!);
      // by files it would be 22/30 = 73%; by pages it is 4 of 4 + 16
      expect(s.progress).toBeCloseTo(4 / 20);
      expect(s.pagesLeft).toBe(16);
      expect(s.etaMs).toBe(40_000);
      const line = progressLine(s, 20);
      expect(line).toMatch(/^\[####----------------\] 22\/30 docs {2}16 pages left/);
      expect(line).toContain('ETA 0:40');
      // the taskbar bar of the desktop app fills the same way
      expect(overallProgress([s])).toBeCloseTo(4 / 20);
      // a note beside the scans is no document: counted apart in the summary
      addDoc(db, { batchId: b, path: '/in/notes.txt', status: 'skipped', reason: 'Text file (.txt) is not supported' });
      const text = summaryText(summarizeBatch(db, getBatchRow(db, b)!), { byType: {} });
      expect(text).toContain(
        'documents  30  (done 2, needs review 0, failed 0, skipped 20, unfinished 8); 1 other file ignored (not documents)',
      );
    } finally {
      cleanup();
    }
  });
});

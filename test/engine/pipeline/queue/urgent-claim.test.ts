/**
 * An urgent batch's documents are claimed before those of batches queued earlier (then its jobs go to the head
 * of the Redis list); among batches of the same urgency the oldest documents come first.
 */
import { describe, expect, it } from 'vitest';
import { insertBatch, setBatchStatus } from '../../../../src/engine/store/batches.js';
import { openDb } from '../../../../src/engine/store/db.js';
import { claimableDocuments, insertIngestedDocument } from '../../../../src/engine/store/documents.js';
import { tmpDir } from '../../../helpers/tmp.js';

describe('claim order', () => {
  it('takes an urgent batch first, then oldest first', () => {
    const db = openDb(tmpDir('docket-urgent-'));
    try {
      const batch = (name: string, priority?: 'urgent' | 'normal') => {
        const id = insertBatch(db, { name, roots: ['/in'], options: priority ? { priority } : {} });
        setBatchStatus(db, id, 'running');
        return id;
      };
      const add = (batchId: number, name: string) =>
        insertIngestedDocument(db, {
          batch_id: batchId,
          path: `/in/${name}`,
          name,
          size: 10,
          mtime: 0,
          sha256: name.padEnd(64, '0'),
          kind: 'pdf',
          mime: 'application/pdf',
          status: 'queued',
          reason: null,
          duplicate_of: null,
          now: 0,
          finished: null,
        });
      const early = batch('early');
      for (const n of ['a1', 'a2', 'a3']) add(early, n);
      const urgent = batch('urgent', 'urgent');
      for (const n of ['u1', 'u2']) add(urgent, n);
      const normal = batch('explicitly normal', 'normal');
      add(normal, 'n1');
      const order = claimableDocuments(db, Date.now(), 10).map((d) => d.path.slice(4));
      expect(order).toEqual(['u1', 'u2', 'a1', 'a2', 'a3', 'n1']);
      expect(claimableDocuments(db, Date.now(), 3).map((d) => d.batch_id)).toEqual([urgent, urgent, early]);
    } finally {
      db.close();
    }
  });
});

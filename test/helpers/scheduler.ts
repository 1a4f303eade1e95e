/**
 * Scheduler tests against a stand-in task file (a worker source written to the test's folder): a batch of
 * placeholder PDFs, ingested and running, and an extraction that finds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExtractionResult } from '../../src/contract/domain.js';
import { ingestBatch } from '../../src/engine/ingest/ingest.js';
import { insertBatch, setBatchStatus } from '../../src/engine/store/batches.js';
import { openDb, type Db } from '../../src/engine/store/db.js';
import { tmpDir } from './tmp.js';

export const NO_EXTRACTION: ExtractionResult = {
  docType: 'other',
  docTypeConfidence: 0.5,
  fields: [],
  lineItems: [],
  issues: [],
  confidence: 1,
  needsReview: false,
};

/** A running batch of one placeholder PDF per name (each with its own bytes), and the stand-in task file. */
export async function fakeWorkerBatch(
  prefix: string,
  workerSource: string,
  names: readonly string[],
): Promise<{ dir: string; workerFile: string; input: string; db: Db; batchId: number }> {
  const dir = tmpDir(prefix);
  const workerFile = path.join(dir, 'fake-worker.mjs');
  fs.writeFileSync(workerFile, workerSource);
  const input = path.join(dir, 'in');
  fs.mkdirSync(input);
  for (const n of names) fs.writeFileSync(path.join(input, n), `%PDF-1.4\n% ${n}\n`);
  const db = openDb(path.join(dir, 'data'));
  const batchId = insertBatch(db, { name: 't', roots: [input], options: {} });
  await ingestBatch(db, batchId, [input]);
  setBatchStatus(db, batchId, 'running');
  return { dir, workerFile, input, db, batchId };
}

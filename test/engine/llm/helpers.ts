import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../../src/engine/store/db.js';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'docket-llm-'));
}

/** A batch and n documents, so ledger rows and documents.cost_usd have something to land on. */
export function seed(db: Db, n: number, batchId?: number): { batchId: number; docIds: number[] } {
  const now = Date.now();
  const b =
    batchId ?? Number(db.prepare("INSERT INTO batches (name, status, created_at) VALUES ('t', 'running', ?)").run(now).lastInsertRowid);
  const ins = db.prepare('INSERT INTO documents (batch_id, path, name, queued_at) VALUES (?, ?, ?, ?)');
  const start = (db.prepare('SELECT count(*) AS c FROM documents').get() as { c: number }).c;
  const docIds: number[] = [];
  for (let i = 0; i < n; i++) docIds.push(Number(ins.run(b, `/in/doc${start + i}.pdf`, `doc${start + i}.pdf`, now).lastInsertRowid));
  return { batchId: b, docIds };
}

export function ledgerSum(db: Db, batchId: number): number {
  return (db.prepare('SELECT coalesce(sum(cost_usd), 0) AS c FROM llm_ledger WHERE batch_id = ?').get(batchId) as { c: number }).c;
}

export function docCostSum(db: Db, batchId: number): number {
  return (db.prepare('SELECT coalesce(sum(cost_usd), 0) AS c FROM documents WHERE batch_id = ?').get(batchId) as { c: number }).c;
}

export { openDb };

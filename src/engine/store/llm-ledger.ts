import type { Db } from './db.js';
import { addDocumentCost } from './documents.js';
import { allRows, getValue, runWrite } from './statements.js';

/** A row of llm_ledger: one LLM call (or cache hit) and what it cost. */
export interface LedgerDbRow {
  id: number;
  batch_id: number | null;
  document_id: number | null;
  model: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  request_id: string | null;
  cached: number;
  at: number;
}

/**
 * One ledger row and the document's running cost, in one transaction: a crash can never leave a paid call out
 * of the ledger while its document shows the cost, or the other way round.
 */
export function insertLedgerRow(db: Db, r: Omit<LedgerDbRow, 'id'>): number {
  return db.transaction(() => {
    const id = runWrite(
      db,
      'INSERT INTO llm_ledger (batch_id, document_id, model, tokens_in, tokens_out, cost_usd, request_id, cached, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      r.batch_id,
      r.document_id,
      r.model,
      r.tokens_in,
      r.tokens_out,
      r.cost_usd,
      r.request_id,
      r.cached,
      r.at,
    ).lastInsertRowid;
    if (r.document_id !== null && r.cost_usd !== 0) addDocumentCost(db, r.document_id, r.cost_usd);
    return id;
  })();
}

/** What a batch has spent, rounded to the nano-dollar the ledger counts in. */
export function batchSpentUsd(db: Db, batchId: number): number {
  const c = getValue<number>(db, 'SELECT coalesce(sum(cost_usd), 0) AS c FROM llm_ledger WHERE batch_id = ?', batchId) ?? 0;
  return Math.round(c * 1e9) / 1e9;
}

export function ledgerDbRows(db: Db, q: { batchId?: number; documentId?: number } = {}): LedgerDbRow[] {
  if (q.batchId !== undefined && q.documentId !== undefined)
    return allRows(db, 'SELECT * FROM llm_ledger WHERE batch_id = ? AND document_id = ? ORDER BY id', q.batchId, q.documentId);
  if (q.batchId !== undefined) return allRows(db, 'SELECT * FROM llm_ledger WHERE batch_id = ? ORDER BY id', q.batchId);
  if (q.documentId !== undefined) return allRows(db, 'SELECT * FROM llm_ledger WHERE document_id = ? ORDER BY id', q.documentId);
  return allRows(db, 'SELECT * FROM llm_ledger ORDER BY id');
}

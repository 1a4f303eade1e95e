import type { Db } from '../../store/db.js';

export interface LedgerEntry {
  batchId: number | null;
  documentId: number | null;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  requestId: string | null;
  cached: boolean;
}

export interface LedgerRow extends LedgerEntry {
  id: number;
  at: number;
}

/**
 * One row per call (or cache hit), and the document's running cost, in one transaction: a crash can never
 * leave a paid call out of the ledger while its document shows the cost, or the other way round.
 * Synchronous on the caller's thread: the engine has exactly one writer connection.
 */
export function recordLlmCall(db: Db, e: LedgerEntry, at = Date.now()): number {
  return db.transaction(() => {
    const info = db
      .prepare(
        'INSERT INTO llm_ledger (batch_id, document_id, model, tokens_in, tokens_out, cost_usd, request_id, cached, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(e.batchId, e.documentId, e.model, e.tokensIn, e.tokensOut, e.costUsd, e.requestId, e.cached ? 1 : 0, at);
    if (e.documentId !== null && e.costUsd !== 0) {
      db.prepare('UPDATE documents SET cost_usd = cost_usd + ? WHERE id = ?').run(e.costUsd, e.documentId);
    }
    return Number(info.lastInsertRowid);
  })();
}

/** What the batch has spent so far: the budget's starting point after a restart. */
export function batchSpentUsd(db: Db, batchId: number): number {
  const r = db.prepare('SELECT coalesce(sum(cost_usd), 0) AS c FROM llm_ledger WHERE batch_id = ?').get(batchId) as { c: number };
  return Math.round(r.c * 1e9) / 1e9;
}

export function ledgerRows(db: Db, q: { batchId?: number; documentId?: number } = {}): LedgerRow[] {
  const where: string[] = [];
  const args: number[] = [];
  if (q.batchId !== undefined) {
    where.push('batch_id = ?');
    args.push(q.batchId);
  }
  if (q.documentId !== undefined) {
    where.push('document_id = ?');
    args.push(q.documentId);
  }
  const rows = db
    .prepare(`SELECT * FROM llm_ledger ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`)
    .all(...args) as Array<{
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
  }>;
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    documentId: r.document_id,
    model: r.model,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    costUsd: r.cost_usd,
    requestId: r.request_id,
    cached: r.cached === 1,
    at: r.at,
  }));
}

import type { Db } from '../../store/db.js';
import { batchSpentUsd as storedBatchSpentUsd, insertLedgerRow, ledgerDbRows } from '../../store/llm-ledger.js';

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
  return insertLedgerRow(db, {
    batch_id: e.batchId,
    document_id: e.documentId,
    model: e.model,
    tokens_in: e.tokensIn,
    tokens_out: e.tokensOut,
    cost_usd: e.costUsd,
    request_id: e.requestId,
    cached: e.cached ? 1 : 0,
    at,
  });
}

/** What the batch has spent so far: the budget's starting point after a restart. */
export function batchSpentUsd(db: Db, batchId: number): number {
  return storedBatchSpentUsd(db, batchId);
}

export function ledgerRows(db: Db, q: { batchId?: number; documentId?: number } = {}): LedgerRow[] {
  return ledgerDbRows(db, q).map((r) => ({
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

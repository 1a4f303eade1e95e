/**
 * Renaming a batch, and deleting one with all its data: its documents and every row about them (pages, text,
 * fields, evidence, issues, corrections, line items, e-invoices, search index, events, LLM ledger). The tables
 * that point at documents are found from the schema's foreign keys, so a table a later migration adds is
 * covered without this file knowing it. Documents of other batches that pointed at a deleted one (a duplicate of
 * it, a part split from it) keep their own data and lose only that link.
 */
import type { Db } from './db.js';
import { allRows, getRow, runWrite } from './statements.js';

export function renameBatchRow(db: Db, id: number, name: string): boolean {
  return runWrite(db, 'UPDATE batches SET name = ? WHERE id = ?', name, id).changes > 0;
}

interface ForeignKey {
  table: string;
  from: string;
  to: string;
  on_delete: string;
}

/** Every column of every table that references `target` (from PRAGMA foreign_key_list). */
function referencesTo(db: Db, target: string): ForeignKey[] {
  const tables = allRows<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  const out: ForeignKey[] = [];
  for (const { name } of tables) {
    if (!/^\w+$/.test(name)) continue;
    for (const fk of allRows<{ table: string; from: string; to: string; on_delete: string }>(db, `PRAGMA foreign_key_list(${name})`))
      if (fk.table === target) out.push({ table: name, from: fk.from, to: fk.to, on_delete: fk.on_delete });
  }
  return out;
}

function hasColumn(db: Db, table: string, column: string): boolean {
  return allRows<{ name: string }>(db, `PRAGMA table_info(${table})`).some((c) => c.name === column);
}

/** Delete a batch and its documents' data in one transaction; returns how many documents went. */
export function deleteBatchData(db: Db, batchId: number): number {
  return db.transaction(() => {
    if (!getRow(db, 'SELECT 1 AS x FROM batches WHERE id = ?', batchId)) return 0;
    const docs = `(SELECT id FROM documents WHERE batch_id = ${Number(batchId)})`;
    const n = getRow<{ n: number }>(db, 'SELECT count(*) AS n FROM documents WHERE batch_id = ?', batchId)?.n ?? 0;
    for (const fk of referencesTo(db, 'documents')) {
      if (fk.table === 'documents') {
        // another batch's document pointing at one of these (duplicate_of, parent_id ...): only the link goes
        runWrite(db, `UPDATE documents SET ${fk.from} = NULL WHERE ${fk.from} IN ${docs} AND batch_id <> ?`, batchId);
      } else if (fk.on_delete !== 'CASCADE') {
        runWrite(db, `DELETE FROM ${fk.table} WHERE ${fk.from} IN ${docs}`);
      }
    }
    // tables keyed by document without a declared foreign key
    for (const t of ['page_text', 'events', 'llm_ledger', 'search_state', 'search_dirty'])
      if (hasColumn(db, t, 'document_id')) runWrite(db, `DELETE FROM ${t} WHERE document_id IN ${docs}`);
    // search_fts rows of a document are the rowid range document_id * 4096 ... + 4095 (migration 002)
    runWrite(db, `DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_fts WHERE (rowid >> 12) IN ${docs})`);
    // rows inside the batch that point at each other (a duplicate of a document of the same batch)
    for (const fk of referencesTo(db, 'documents'))
      if (fk.table === 'documents') runWrite(db, `UPDATE documents SET ${fk.from} = NULL WHERE batch_id = ?`, batchId);
    runWrite(db, 'DELETE FROM documents WHERE batch_id = ?', batchId);
    for (const t of ['events', 'llm_ledger'])
      if (hasColumn(db, t, 'batch_id')) runWrite(db, `DELETE FROM ${t} WHERE batch_id = ?`, batchId);
    for (const fk of referencesTo(db, 'batches'))
      if (fk.table !== 'documents') runWrite(db, `UPDATE ${fk.table} SET ${fk.from} = NULL WHERE ${fk.from} = ?`, batchId);
    runWrite(db, 'DELETE FROM batches WHERE id = ?', batchId);
    return n;
  })();
}

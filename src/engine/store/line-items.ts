import type { LineItem } from '../../contract/domain.js';
import type { Db } from './db.js';
import { parseJson } from './json.js';
import { allRows, runWrite } from './statements.js';

/** A row of the line_items table, in the document's order (idx). */
export interface LineItemDbRow {
  idx: number;
  description: string | null;
  quantity: number | null;
  unit_price: number | null;
  amount: number | null;
  source: string | null;
}

export function replaceLineItems(db: Db, documentId: number, items: readonly LineItem[]): void {
  runWrite(db, 'DELETE FROM line_items WHERE document_id = ?', documentId);
  items.forEach((i, idx) =>
    runWrite(
      db,
      'INSERT INTO line_items (document_id, idx, description, quantity, unit_price, amount, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
      documentId,
      idx,
      i.description,
      i.quantity,
      i.unitPrice,
      i.amount,
      i.source ? JSON.stringify(i.source) : null,
    ),
  );
}

export function documentLineItems(db: Db, documentId: number): LineItem[] {
  const rows = allRows<LineItemDbRow>(
    db,
    'SELECT idx, description, quantity, unit_price, amount, source FROM line_items WHERE document_id = ? ORDER BY idx',
    documentId,
  );
  return rows.map((i) => ({
    description: i.description as string,
    quantity: i.quantity,
    unitPrice: i.unit_price,
    amount: i.amount,
    source: parseJson(i.source),
  }));
}

/** Line items of documents in an id range (an export page), ordered by document. */
export function lineItemsInIdRange(db: Db, lo: number, hi: number): Array<LineItemDbRow & { document_id: number }> {
  return allRows(
    db,
    'SELECT document_id, idx, description, quantity, unit_price, amount, source FROM line_items WHERE document_id BETWEEN ? AND ? ORDER BY document_id, idx',
    lo,
    hi,
  );
}

import type { ValidationIssue } from '../../contract/domain.js';
import type { Db } from './db.js';
import { allRows, runWrite } from './statements.js';

/** A row of the issues table: what validation found wrong with a document, in order (idx). */
export interface IssueDbRow {
  field: string | null;
  code: string;
  message: string;
  severity: string;
}

export function replaceIssues(db: Db, documentId: number, issues: readonly ValidationIssue[]): void {
  runWrite(db, 'DELETE FROM issues WHERE document_id = ?', documentId);
  issues.forEach((i, idx) =>
    runWrite(
      db,
      'INSERT INTO issues (document_id, idx, field, code, message, severity) VALUES (?, ?, ?, ?, ?, ?)',
      documentId,
      idx,
      i.field,
      i.code,
      i.message,
      i.severity,
    ),
  );
}

export function documentIssues(db: Db, documentId: number): ValidationIssue[] {
  return allRows<ValidationIssue>(db, 'SELECT field, code, message, severity FROM issues WHERE document_id = ? ORDER BY idx', documentId);
}

/** Issues of a set of documents (a review page), ordered by document. */
export function issuesOfDocuments(db: Db, ids: readonly number[]): Array<ValidationIssue & { document_id: number }> {
  return allRows(
    db,
    'SELECT document_id, field, code, message, severity FROM issues WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, idx',
    JSON.stringify(ids),
  );
}

/** Issues of documents in an id range (an export page), ordered by document. */
export function issuesInIdRange(db: Db, lo: number, hi: number): Array<IssueDbRow & { document_id: number }> {
  return allRows(
    db,
    'SELECT document_id, field, code, message, severity FROM issues WHERE document_id BETWEEN ? AND ? ORDER BY document_id, idx',
    lo,
    hi,
  );
}

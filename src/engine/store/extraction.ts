import type { ExtractionResult } from '../../contract/domain.js';
import type { Db } from './db.js';
import { listColumnsFrom, setExtractionColumns } from './documents.js';
import { replaceEvidence } from './evidence.js';
import { deleteFields, insertField, userEditedFields } from './fields.js';
import { replaceIssues } from './issues.js';
import { replaceLineItems } from './line-items.js';

/** Replace a document's extraction (fields, items, issues, evidence and checks) and its list columns; user edits survive re-extraction. */
export function writeExtraction(db: Db, documentId: number, x: ExtractionResult): void {
  const userFields = userEditedFields(db, documentId);
  // A re-extraction refreshes the machine's reading under a clerk's edit; the edit itself stays.
  deleteFields(db, documentId);
  const fields = x.fields.map((f) => {
    const u = userFields.find((uf) => uf.name === f.name);
    return u
      ? {
          ...f,
          value: u.value,
          origin: 'user' as const,
          confidence: 1,
          original: f.value,
          originalOrigin: f.origin as string | null,
          originalConfidence: f.confidence as number | null,
        }
      : { ...f, original: null, originalOrigin: null, originalConfidence: null };
  });
  for (const f of fields) insertField(db, documentId, f);
  replaceLineItems(db, documentId, x.lineItems);
  replaceIssues(db, documentId, x.issues);
  replaceEvidence(db, documentId, x);
  setExtractionColumns(db, documentId, x, listColumnsFrom(fields));
}

import type { DocumentDetail } from '../../contract/domain.js';
import type { ReviewRow } from '../../contract/engine-api.js';

/**
 * A grid row rebuilt from a document's fresh detail (after an edit, a paste or an undo): values, origins, field flags
 * and the document-level issues, without reloading the page of rows it sits in.
 */
export function rowFromDetail(row: ReviewRow, d: DocumentDetail): ReviewRow {
  const cells: ReviewRow['cells'] = {};
  for (const f of d.fields) cells[f.name] = { value: f.value, confidence: f.confidence, origin: f.origin, flags: [] };
  for (const i of d.issues) {
    if (!i.field || i.field === 'line_items') continue;
    const cell = (cells[i.field] ??= { value: null, confidence: null, origin: null, flags: [] });
    cell.flags.push(i.message);
  }
  return {
    ...row,
    cells,
    issues: d.issues.filter((i) => !i.field || i.field === 'line_items'),
    vendor: d.vendor,
    docNumber: d.docNumber,
    issueDate: d.issueDate,
    total: d.total,
    currency: d.currency,
    reviewedAt: d.reviewedAt,
  };
}

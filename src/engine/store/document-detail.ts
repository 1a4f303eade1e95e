import type { DocumentDetail, ExtractedField } from '../../contract/domain.js';
import { FIELD_NAMES } from '../../contract/domain.js';
import type { Db } from './db.js';
import { documentCorrections } from './corrections.js';
import { getDocumentRow, toDocumentRow } from './documents.js';
import { documentChecks, documentEvidence } from './evidence.js';
import { listEvents } from './events.js';
import { documentFields } from './fields.js';
import { documentIssues } from './issues.js';
import { parseJson } from './json.js';
import { documentLineItems } from './line-items.js';
import { pageDetails } from './pages.js';
import { documentParts, documentSource, duplicateLink } from './intake.js';

/** Everything about one document, from every table that holds part of it (the document screen, `docket show`). */
export function getDocumentDetail(db: Db, id: number): DocumentDetail | null {
  const r = getDocumentRow(db, id);
  if (!r) return null;
  const order = (n: string) => {
    const i = (FIELD_NAMES as readonly string[]).indexOf(n);
    return i < 0 ? 99 : i;
  };
  const fields = documentFields(db, id).sort((a, b) => order(a.name) - order(b.name));
  const evidence = documentEvidence(db, id);
  return {
    ...toDocumentRow(r),
    sha256: r.sha256,
    mtime: r.mtime,
    pages: pageDetails(db, id),
    fields: fields.map((f) => ({
      name: f.name as ExtractedField['name'],
      value: f.value,
      raw: f.raw,
      confidence: f.confidence ?? 0,
      source: parseJson(f.source),
      origin: f.origin as ExtractedField['origin'],
      ...(f.original_value !== null ? { originalValue: f.original_value } : {}),
      // What vouched for the machine's reading; a clerk's value is vouched for by the clerk.
      evidence: f.origin === 'user' ? null : (evidence.get(f.name as ExtractedField['name']) ?? null),
    })),
    lineItems: documentLineItems(db, id),
    issues: documentIssues(db, id),
    checks: documentChecks(db, id),
    corrections: documentCorrections(db, id),
    events: listEvents(db, { documentId: id, limit: 200 }),
    source: documentSource(db, id),
    parts: documentParts(db, id),
    duplicate: duplicateLink(db, id),
  };
}

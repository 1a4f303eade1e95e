import type { CheckOutcome, ExtractionResult, FieldEvidence, FieldName } from '../../contract/domain.js';
import type { Db } from './db.js';
import { parseJson } from './json.js';
import { allRows, runWrite } from './statements.js';

/** The tables `field_evidence` (why each value was chosen) and `checks` (every check over a document's values). */

interface EvidenceDbRow {
  name: FieldName;
  rules: string;
  checks_passed: string;
  checks_failed: string;
  learned_from: number | null;
}

interface CheckDbRow {
  check_id: string;
  passed: number;
  fields: string;
  message: string;
}

/** Replace a document's evidence and checks with those of a new extraction (in the caller's transaction). */
export function replaceEvidence(db: Db, documentId: number, x: Pick<ExtractionResult, 'fields' | 'checks'>): void {
  runWrite(db, 'DELETE FROM field_evidence WHERE document_id = ?', documentId);
  runWrite(db, 'DELETE FROM checks WHERE document_id = ?', documentId);
  for (const f of x.fields) {
    const e = f.evidence;
    if (!e) continue;
    runWrite(
      db,
      'INSERT OR REPLACE INTO field_evidence (document_id, name, rules, checks_passed, checks_failed, learned_from) VALUES (?, ?, ?, ?, ?, ?)',
      documentId,
      f.name,
      JSON.stringify(e.rules),
      JSON.stringify(e.checksPassed),
      JSON.stringify(e.checksFailed),
      e.learnedFrom ?? null,
    );
  }
  (x.checks ?? []).forEach((c, idx) =>
    runWrite(
      db,
      'INSERT INTO checks (document_id, idx, check_id, passed, fields, message) VALUES (?, ?, ?, ?, ?, ?)',
      documentId,
      idx,
      c.id,
      c.passed ? 1 : 0,
      JSON.stringify(c.fields),
      c.message,
    ),
  );
}

/** A document's field evidence by field name. */
export function documentEvidence(db: Db, documentId: number): Map<FieldName, FieldEvidence> {
  const rows = allRows<EvidenceDbRow>(
    db,
    'SELECT name, rules, checks_passed, checks_failed, learned_from FROM field_evidence WHERE document_id = ?',
    documentId,
  );
  return new Map(
    rows.map((r) => [
      r.name,
      {
        rules: parseJson<string[]>(r.rules) ?? [],
        checksPassed: parseJson<string[]>(r.checks_passed) ?? [],
        checksFailed: parseJson<string[]>(r.checks_failed) ?? [],
        ...(r.learned_from !== null ? { learnedFrom: r.learned_from } : {}),
      },
    ]),
  );
}

/** Every check that applied to a document, in the order extraction ran them. */
export function documentChecks(db: Db, documentId: number): CheckOutcome[] {
  return allRows<CheckDbRow>(db, 'SELECT check_id, passed, fields, message FROM checks WHERE document_id = ? ORDER BY idx', documentId).map(
    (r) => ({
      id: r.check_id,
      passed: r.passed === 1,
      fields: parseJson<CheckOutcome['fields']>(r.fields) ?? [],
      message: r.message,
    }),
  );
}

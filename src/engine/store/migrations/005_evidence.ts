/**
 * Migration 5: evidence, so what Docket vouches for can be shown and exported with its reasons.
 * - field_evidence: per extracted field, the ids of the rules that proposed the value and of the checks it took
 *   part in, passed and failed, and (vendor memory) how many corrections taught the hint that found it. A table
 *   of its own rather than a column on fields: evidence belongs to the machine's reading and changes only with a
 *   new extraction, so the many writers of fields (edit, undo, bulk) never touch it. JSON arrays, because they
 *   are only ever read whole.
 * - checks: every check that applied to a document (ExtractionResult.checks), passed or failed, in order, with
 *   the fields it vouches for and a sentence a clerk can read. The partial index answers "which documents
 *   failed check X" (bench figures, a review filter) without scanning the passed rows, which are most of them.
 */
export const sql = /* sql */ `
CREATE TABLE field_evidence (
  document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,                -- FieldName
  rules           TEXT NOT NULL DEFAULT '[]',   -- JSON string[]: rule ids
  checks_passed   TEXT NOT NULL DEFAULT '[]',   -- JSON string[]: check ids
  checks_failed   TEXT NOT NULL DEFAULT '[]',   -- JSON string[]: check ids
  learned_from    INTEGER,                      -- vendor memory: corrections the hint was learned from
  PRIMARY KEY (document_id, name)
) WITHOUT ROWID;

CREATE TABLE checks (
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx          INTEGER NOT NULL,
  check_id     TEXT NOT NULL,                   -- e.g. sum.subtotal-tax-total
  passed       INTEGER NOT NULL,                -- 0 | 1
  fields       TEXT NOT NULL DEFAULT '[]',      -- JSON (FieldName | 'line_items')[]
  message      TEXT NOT NULL,
  PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;
CREATE INDEX checks_failed ON checks(check_id, document_id) WHERE passed = 0;
`;

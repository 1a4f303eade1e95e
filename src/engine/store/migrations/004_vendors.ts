/**
 * Migration 4: vendor memory.
 * - vendors: the supplier master list (imported from CSV, edited by hand, or created when a reviewed document
 *   names a vendor nobody listed). tax_id and iban are stored normalised (upper-case, no spaces) so a document's
 *   identifier finds its vendor with one index seek; name_key is the OCR-folded name for exact name lookups
 *   before any fuzzy comparison.
 * - vendor_lessons: what one reviewed or corrected document taught its vendor, one row per field occurrence:
 *   the label printed before or above the value, and where on the page the value stood. A document re-teaches by
 *   replacing its rows, so "learned from N corrections" counts distinct documents, never repeated edits.
 */
export const sql = /* sql */ `
CREATE TABLE vendors (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,                  -- canonical name, written into documents' vendor field
  name_key    TEXT NOT NULL,                  -- folded for OCR-tolerant comparison (see vendors/names.ts)
  tax_id      TEXT,                           -- upper-case, no spaces or dots
  iban        TEXT,                           -- electronic format
  currency    TEXT,                           -- ISO 4217
  aliases     TEXT NOT NULL DEFAULT '[]',     -- JSON string[]: other names the vendor prints
  origin      TEXT NOT NULL,                  -- import | learned | user
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX vendors_name_key ON vendors(name_key);
CREATE INDEX vendors_tax_id ON vendors(tax_id) WHERE tax_id IS NOT NULL;
CREATE INDEX vendors_iban ON vendors(iban) WHERE iban IS NOT NULL;

CREATE TABLE vendor_lessons (
  id           INTEGER PRIMARY KEY,
  vendor_id    INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  field        TEXT NOT NULL,
  label        TEXT,                          -- folded label words; NULL when the value stood without one
  label_raw    TEXT,                          -- the label as printed, for the vendors screen
  placement    TEXT NOT NULL,                 -- after (same line) | below (the line under the label) | alone
  page         INTEGER NOT NULL,
  x            REAL,                          -- value position relative to the page, 0..1, where known
  y            REAL,
  shape        TEXT,                          -- the value's shape (A-9) for identifiers
  at           INTEGER NOT NULL
);
CREATE INDEX vendor_lessons_vendor ON vendor_lessons(vendor_id, field);
CREATE INDEX vendor_lessons_document ON vendor_lessons(document_id);
`;

/**
 * Migration 2: full-text search.
 * No triggers: FIELD-NOTES measured an FTS5 trigger making the 100k bulk insert 12x slower. The index is
 * filled in batches by indexPending() (search/index.ts), driven by watermarks kept in search_meta.
 * Row ids of search_fts encode the document (rowid = document_id * 4096 + slot), so one document's rows
 * are a rowid range of the content table, and a hit names its document and page without a join table.
 * unicode61 with remove_diacritics folds "Müller" and "Muller" together. A 3-character prefix index helps
 * "inv*" queries; adding 2-character prefixes ('2 3') doubled the index build time for no measurable
 * gain in query time on 5k documents.
 */
export const searchFtsSql = /* sql */ `
CREATE VIRTUAL TABLE search_fts USING fts5(
  text,
  field UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3'
);`;

export const sql = /* sql */ `
${searchFtsSql}

-- What is in the index for each document, so a re-finished document (retry) is re-indexed once.
CREATE TABLE search_state (
  document_id  INTEGER PRIMARY KEY,
  finished_at  INTEGER,
  indexed_at   INTEGER NOT NULL
);

-- Documents changed outside the tracked paths (markDocumentDirty); drained by indexPending().
CREATE TABLE search_dirty (
  document_id  INTEGER PRIMARY KEY
);

CREATE TABLE search_meta (
  key    TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO search_meta (key, value) VALUES ('finished_at', 0), ('correction_id', 0);

-- indexPending() looks up recently finished documents; without this it would scan all of them each call.
CREATE INDEX documents_finished_at ON documents(finished_at) WHERE finished_at IS NOT NULL;
`;

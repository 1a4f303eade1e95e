/**
 * Migration 1: the whole first schema.
 * Page text lives in its own table (FIELD-NOTES: large text in the documents table doubles the file and
 * slows every list query). Hot list columns (vendor, number, date, total) are denormalised onto
 * documents so the 100k-row table sorts and pages by index alone.
 */
export const sql = /* sql */ `
CREATE TABLE batches (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'ingesting',
  roots        TEXT NOT NULL DEFAULT '[]',      -- JSON array of the paths the user gave
  options      TEXT NOT NULL DEFAULT '{}',      -- JSON BatchOptions
  created_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  elapsed_ms   INTEGER NOT NULL DEFAULT 0       -- time spent processing, summed over runs
);

CREATE TABLE documents (
  id             INTEGER PRIMARY KEY,
  batch_id       INTEGER NOT NULL REFERENCES batches(id),
  path           TEXT NOT NULL,                 -- exactly as found (Windows, UNC, non-ASCII kept verbatim)
  name           TEXT NOT NULL,
  size           INTEGER,
  mtime          INTEGER,
  sha256         TEXT,
  kind           TEXT,                          -- FileKind from magic bytes, NULL if unsupported
  mime           TEXT,
  page_count     INTEGER,
  status         TEXT NOT NULL DEFAULT 'queued',
  status_reason  TEXT,
  method         TEXT,                          -- text | ocr | mixed
  duplicate_of   INTEGER REFERENCES documents(id),
  attempts       INTEGER NOT NULL DEFAULT 0,
  not_before     INTEGER,                       -- retry backoff: do not claim before this time (ms)
  queued_at      INTEGER NOT NULL,
  started_at     INTEGER,
  finished_at    INTEGER,
  elapsed_ms     INTEGER,
  doc_type       TEXT,
  doc_type_conf  REAL,
  confidence     REAL,
  vendor         TEXT,
  doc_number     TEXT,
  issue_date     TEXT,
  total          REAL,
  currency       TEXT,
  cost_usd       REAL NOT NULL DEFAULT 0,
  reviewed_at    INTEGER,
  UNIQUE (batch_id, path)
);
CREATE INDEX documents_batch_status ON documents(batch_id, status, id);
CREATE INDEX documents_status ON documents(status, id);
CREATE INDEX documents_sha256 ON documents(sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX documents_batch_type ON documents(batch_id, doc_type, id);
CREATE INDEX documents_vendor ON documents(vendor, id);
CREATE INDEX documents_issue_date ON documents(issue_date, id);
CREATE INDEX documents_total ON documents(total, id);

CREATE TABLE pages (
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  page_index   INTEGER NOT NULL,
  method       TEXT NOT NULL,                   -- text | ocr
  confidence   REAL,
  width        INTEGER,
  height       INTEGER,
  dpi          INTEGER,
  rotation     INTEGER,
  skew         REAL,
  ms           INTEGER,
  words        TEXT,                            -- JSON WordBox[] for OCR pages (highlighting, searchable PDF)
  PRIMARY KEY (document_id, page_index)
) WITHOUT ROWID;

CREATE TABLE page_text (
  document_id  INTEGER NOT NULL,
  page_index   INTEGER NOT NULL,
  text         TEXT NOT NULL,
  PRIMARY KEY (document_id, page_index)
);

CREATE TABLE fields (
  document_id     INTEGER NOT NULL REFERENCES documents(id),
  name            TEXT NOT NULL,
  value           TEXT,
  raw             TEXT,
  confidence      REAL,
  source          TEXT,                         -- JSON FieldSource
  origin          TEXT NOT NULL,                -- rules | llm | user
  original_value  TEXT,                         -- the machine's value before the first user edit
  PRIMARY KEY (document_id, name)
) WITHOUT ROWID;

CREATE TABLE line_items (
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  idx          INTEGER NOT NULL,
  description  TEXT,
  quantity     REAL,
  unit_price   REAL,
  amount       REAL,
  source       TEXT,
  PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

CREATE TABLE issues (
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  idx          INTEGER NOT NULL,
  field        TEXT,
  code         TEXT NOT NULL,
  message      TEXT NOT NULL,
  severity     TEXT NOT NULL,
  PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

CREATE TABLE corrections (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  field        TEXT NOT NULL,
  old_value    TEXT,
  new_value    TEXT,
  at           INTEGER NOT NULL
);
CREATE INDEX corrections_document ON corrections(document_id, id);

CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  batch_id     INTEGER,
  document_id  INTEGER,
  at           INTEGER NOT NULL,
  level        TEXT NOT NULL,
  kind         TEXT NOT NULL,
  message      TEXT NOT NULL,
  data         TEXT
);
CREATE INDEX events_batch ON events(batch_id, id);
CREATE INDEX events_document ON events(document_id, id);

CREATE TABLE llm_ledger (
  id           INTEGER PRIMARY KEY,
  batch_id     INTEGER,
  document_id  INTEGER,
  model        TEXT NOT NULL,
  tokens_in    INTEGER NOT NULL,
  tokens_out   INTEGER NOT NULL,
  cost_usd     REAL NOT NULL,
  request_id   TEXT,
  cached       INTEGER NOT NULL DEFAULT 0,
  at           INTEGER NOT NULL
);
CREATE INDEX llm_ledger_batch ON llm_ledger(batch_id, id);

CREATE TABLE llm_cache (
  key             TEXT PRIMARY KEY,             -- hash of (text hash, model, prompt version)
  model           TEXT NOT NULL,
  prompt_version  TEXT NOT NULL,
  response        TEXT NOT NULL,
  tokens_in       INTEGER NOT NULL,
  tokens_out      INTEGER NOT NULL,
  created_at      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL                          -- JSON
) WITHOUT ROWID;
`;

/**
 * Migration 7: intake beyond dropped folders (issue 12).
 * - documents.parent_id / origin / origin_name: a document derived from another one (an e-mail's attachment, a
 *   ZIP entry, one invoice split out of a multi-invoice scan) keeps a link to it, how it was derived and the name
 *   it had inside its parent (the attachment's file name, the entry's path in the archive).
 * - documents.first_page / last_page: the parent's pages (1-based, inclusive) a split part holds.
 * - documents.phash: a perceptual hash (dHash, hex digits) of page 1, so the same invoice as a PDF
 *   and as a scan is recognised although their bytes share nothing.
 * - documents.possible_duplicate_of / possible_duplicate_why: the earlier document this one looks like (set when
 *   it is read), and why; exact duplicates keep using duplicate_of.
 * - emails: sender, recipients, subject, date and body of an .eml / .msg document; its attachments link to it.
 * - watched_folders: folders a watcher takes new files from, with their own batch options and archive folder;
 *   watched_files: every file taken (path, size, mtime), so a restart's rescan takes only what is new, and when
 *   its copy reached the archive folder.
 * - batches.watch_folder_id / watch_day: the rolling batch a watched folder fills for one day.
 */
export const sql = /* sql */ `
ALTER TABLE documents ADD COLUMN parent_id INTEGER REFERENCES documents(id);
ALTER TABLE documents ADD COLUMN origin TEXT;                  -- NULL: found on disk | attachment | zip-entry | split-part
ALTER TABLE documents ADD COLUMN origin_name TEXT;
ALTER TABLE documents ADD COLUMN first_page INTEGER;
ALTER TABLE documents ADD COLUMN last_page INTEGER;
ALTER TABLE documents ADD COLUMN phash TEXT;
ALTER TABLE documents ADD COLUMN possible_duplicate_of INTEGER REFERENCES documents(id);
ALTER TABLE documents ADD COLUMN possible_duplicate_why TEXT;
CREATE INDEX documents_parent ON documents(parent_id, id) WHERE parent_id IS NOT NULL;
CREATE INDEX documents_phash ON documents(phash) WHERE phash IS NOT NULL;
CREATE INDEX documents_number ON documents(doc_number COLLATE NOCASE) WHERE doc_number IS NOT NULL;
CREATE INDEX documents_possible_duplicate ON documents(batch_id) WHERE possible_duplicate_of IS NOT NULL;

CREATE TABLE emails (
  document_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  sender       TEXT,
  recipients   TEXT,                            -- as written, comma separated
  subject      TEXT,
  sent_at      TEXT,                            -- ISO 8601 as the message states it
  message_id   TEXT,
  body         TEXT NOT NULL DEFAULT ''         -- plain text (HTML-only mail: its text)
);

CREATE TABLE watched_folders (
  id           INTEGER PRIMARY KEY,
  path         TEXT NOT NULL UNIQUE,
  options      TEXT NOT NULL DEFAULT '{}',      -- JSON BatchOptions for its rolling batches
  archive_dir  TEXT,                            -- copies of processed originals go here (never moved)
  polling      INTEGER NOT NULL DEFAULT 0,      -- 1: poll instead of change events (SMB / UNC shares)
  enabled      INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL
);

CREATE TABLE watched_files (
  folder_id    INTEGER NOT NULL REFERENCES watched_folders(id) ON DELETE CASCADE,
  path         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  mtime        INTEGER NOT NULL,
  batch_id     INTEGER,
  taken_at     INTEGER NOT NULL,
  archived_at  INTEGER,
  PRIMARY KEY (folder_id, path)
) WITHOUT ROWID;

ALTER TABLE batches ADD COLUMN watch_folder_id INTEGER REFERENCES watched_folders(id);
ALTER TABLE batches ADD COLUMN watch_day TEXT;
CREATE UNIQUE INDEX batches_watch_day ON batches(watch_folder_id, watch_day) WHERE watch_folder_id IS NOT NULL;
`;

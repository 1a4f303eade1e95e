import type { EngineLogEntry } from '../../contract/domain.js';
import type { Db } from './db.js';
import { allRows, runWrite } from './statements.js';

/** A row of the events table: the engine's log, per batch and document. */
export interface EventDbRow {
  id: number;
  batch_id: number | null;
  document_id: number | null;
  at: number;
  level: EngineLogEntry['level'];
  kind: string;
  message: string;
}

const toEntry = (r: EventDbRow): EngineLogEntry => ({
  id: r.id,
  batchId: r.batch_id,
  documentId: r.document_id,
  at: r.at,
  level: r.level,
  kind: r.kind,
  message: r.message,
});

export function appendEvent(
  db: Db,
  e: { batchId?: number | null; documentId?: number | null; level: EngineLogEntry['level']; kind: string; message: string; data?: unknown },
): EngineLogEntry {
  const at = Date.now();
  const info = runWrite(
    db,
    'INSERT INTO events (batch_id, document_id, at, level, kind, message, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    e.batchId ?? null,
    e.documentId ?? null,
    at,
    e.level,
    e.kind,
    e.message,
    e.data === undefined ? null : JSON.stringify(e.data),
  );
  return {
    id: Number(info.lastInsertRowid),
    batchId: e.batchId ?? null,
    documentId: e.documentId ?? null,
    at,
    level: e.level,
    kind: e.kind,
    message: e.message,
  };
}

export function listEvents(db: Db, q: { batchId?: number | null; documentId?: number; after?: number; limit?: number }): EngineLogEntry[] {
  const limit = Math.min(Math.max(q.limit ?? 200, 1), 1000);
  const after = q.after ?? 0;
  let rows: EventDbRow[];
  if (q.documentId !== undefined) {
    rows = allRows<EventDbRow>(db, 'SELECT * FROM events WHERE document_id = ? AND id > ? ORDER BY id LIMIT ?', q.documentId, after, limit);
  } else if (q.batchId != null) {
    rows = allRows<EventDbRow>(db, 'SELECT * FROM events WHERE batch_id = ? AND id > ? ORDER BY id LIMIT ?', q.batchId, after, limit);
  } else {
    rows = allRows<EventDbRow>(db, 'SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?', after, limit);
  }
  return rows.map(toEntry);
}

import type { EngineLogEntry } from '../../contract/domain.js';
import type { Db } from './db.js';

interface EventRow {
  id: number;
  batch_id: number | null;
  document_id: number | null;
  at: number;
  level: EngineLogEntry['level'];
  kind: string;
  message: string;
}

const toEntry = (r: EventRow): EngineLogEntry => ({
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
  const info = db
    .prepare('INSERT INTO events (batch_id, document_id, at, level, kind, message, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(e.batchId ?? null, e.documentId ?? null, at, e.level, e.kind, e.message, e.data === undefined ? null : JSON.stringify(e.data));
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
  let rows: EventRow[];
  if (q.documentId !== undefined) {
    rows = db
      .prepare('SELECT * FROM events WHERE document_id = ? AND id > ? ORDER BY id LIMIT ?')
      .all(q.documentId, after, limit) as EventRow[];
  } else if (q.batchId != null) {
    rows = db.prepare('SELECT * FROM events WHERE batch_id = ? AND id > ? ORDER BY id LIMIT ?').all(q.batchId, after, limit) as EventRow[];
  } else {
    rows = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as EventRow[];
  }
  return rows.map(toEntry);
}

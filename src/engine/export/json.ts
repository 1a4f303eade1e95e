import type { Db } from '../store/db.js';
import { documentPages, isoTime, type DocRecord, type ExportFilter } from './rows.js';
import { FileSink, tick } from './sink.js';

function parseJson(s: string | null): unknown {
  if (!s) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** The JSON export's shape for one document. */
export function documentJson(r: DocRecord): Record<string, unknown> {
  const d = r.doc;
  const fields: Record<string, unknown> = {};
  for (const f of r.fields.values()) {
    fields[f.name] = {
      value: f.value,
      raw: f.raw,
      confidence: f.confidence,
      source: parseJson(f.source),
      origin: f.origin,
      originalValue: f.original_value,
    };
  }
  return {
    id: d.id,
    batchId: d.batch_id,
    file: d.name,
    path: d.path,
    status: d.status,
    reason: d.status_reason,
    attempts: d.attempts,
    method: d.method,
    pageCount: d.page_count,
    duplicateOf: d.duplicate_of,
    possibleDuplicateOf: d.possible_duplicate_of ?? null,
    parentId: d.parent_id ?? null,
    email: r.email ? { sender: r.email.sender, recipients: r.email.recipients, subject: r.email.subject, sentAt: r.email.sentAt } : null,
    docType: d.doc_type,
    docTypeConfidence: d.doc_type_conf,
    confidence: d.confidence,
    finishedAt: isoTime(d.finished_at),
    reviewedAt: isoTime(d.reviewed_at),
    fields,
    lineItems: r.items.map((i) => ({
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unit_price,
      amount: i.amount,
      source: parseJson(i.source),
    })),
    issues: r.issues.map((i) => ({ field: i.field, code: i.code, message: i.message, severity: i.severity })),
    corrections: r.corrections.map((c) => ({ field: c.field, oldValue: c.old_value, newValue: c.new_value, at: isoTime(c.at) })),
  };
}

/** A JSON array, one object per document, written as it is read: '[', objects, ']'. */
export async function exportJson(db: Db, filter: ExportFilter, out: string): Promise<{ documents: number; file: string }> {
  const sink = await FileSink.open(out);
  let n = 0;
  try {
    await sink.write('[');
    for (const page of documentPages(db, filter, { fields: true, items: true, issues: true, corrections: true, email: true })) {
      let chunk = '';
      for (const r of page) {
        chunk += (n === 0 ? '\n' : ',\n') + JSON.stringify(documentJson(r));
        n++;
      }
      await sink.write(chunk);
      await tick();
    }
    await sink.write(n === 0 ? ']\n' : '\n]\n');
    return { documents: n, file: await sink.finish() };
  } catch (err) {
    sink.abort();
    throw err;
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WordBox } from '../../../src/contract/domain.js';
import { openDb, type Db } from '../../../src/engine/store/db.js';

/** A store in a fresh temp folder; rows are inserted with plain SQL, as the engine's writer would leave them. */
export function tempStore(): { db: Db; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-exp-'));
  const db = openDb(path.join(dir, 'data'));
  return {
    db,
    dir,
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addBatch(db: Db, name = 'batch'): number {
  return Number(db.prepare("INSERT INTO batches (name, status, created_at) VALUES (?, 'done', ?)").run(name, Date.now()).lastInsertRowid);
}

export interface SeedDoc {
  batchId: number;
  path: string;
  status?: string;
  reason?: string | null;
  attempts?: number;
  finishedAt?: number | null;
  fields?: Record<string, string | null>;
  items?: Array<{ description: string; quantity?: number | null; unitPrice?: number | null; amount?: number | null }>;
  issues?: Array<{ field: string | null; code: string; message: string; severity?: string }>;
  pages?: Array<{ method: 'text' | 'ocr'; text: string; width?: number; height?: number; dpi?: number; words?: WordBox[] }>;
}

export function addDoc(db: Db, d: SeedDoc): number {
  const f = d.fields ?? {};
  const total = f.total != null ? Number(f.total) : null;
  const id = Number(
    db
      .prepare(
        `INSERT INTO documents (batch_id, path, name, status, status_reason, attempts, queued_at, finished_at, vendor, doc_number, issue_date, total, currency, confidence, doc_type, page_count, method)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        d.batchId,
        d.path,
        path.basename(d.path),
        d.status ?? 'done',
        d.reason ?? null,
        d.attempts ?? 1,
        Date.now(),
        d.finishedAt === undefined ? Date.now() : d.finishedAt,
        f.vendor_name ?? null,
        f.document_number ?? null,
        f.issue_date ?? null,
        total,
        f.currency ?? null,
        d.fields ? 0.9 : null,
        d.fields ? 'invoice' : null,
        d.pages?.length ?? null,
        d.pages?.some((p) => p.method === 'ocr') ? 'ocr' : d.pages ? 'text' : null,
      ).lastInsertRowid,
  );
  const insF = db.prepare(
    "INSERT INTO fields (document_id, name, value, raw, confidence, source, origin) VALUES (?, ?, ?, ?, 0.9, ?, 'rules')",
  );
  for (const [name, value] of Object.entries(f)) insF.run(id, name, value, value, JSON.stringify({ page: 0, start: 0, end: 3 }));
  const insI = db.prepare('INSERT INTO line_items (document_id, idx, description, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?)');
  (d.items ?? []).forEach((it, i) => insI.run(id, i, it.description, it.quantity ?? null, it.unitPrice ?? null, it.amount ?? null));
  const insX = db.prepare('INSERT INTO issues (document_id, idx, field, code, message, severity) VALUES (?, ?, ?, ?, ?, ?)');
  (d.issues ?? []).forEach((x, i) => insX.run(id, i, x.field, x.code, x.message, x.severity ?? 'warning'));
  const insP = db.prepare(
    'INSERT INTO pages (document_id, page_index, method, confidence, width, height, dpi, rotation, words) VALUES (?, ?, ?, 0.9, ?, ?, ?, 0, ?)',
  );
  const insT = db.prepare('INSERT INTO page_text (document_id, page_index, text) VALUES (?, ?, ?)');
  (d.pages ?? []).forEach((p, i) => {
    insP.run(id, i, p.method, p.width ?? null, p.height ?? null, p.dpi ?? null, p.words ? JSON.stringify(p.words) : null);
    insT.run(id, i, p.text);
  });
  return id;
}

/** Word boxes for a line of words laid out left to right at y, 20 px per character. */
export function layoutWords(words: string[], x: number, y: number): WordBox[] {
  const out: WordBox[] = [];
  for (const w of words) {
    const width = [...w].length * 20;
    out.push({ text: w, conf: 90, x0: x, y0: y, x1: x + width, y1: y + 32 });
    x += width + 24;
  }
  return out;
}

/** The standard fixture: two batches, a mix of statuses, non-ASCII names, awkward CSV characters. */
export function seedStandard(db: Db): { b1: number; b2: number; cafe: number; acme: number; failed: number; skipped: number; yen: number } {
  const b1 = addBatch(db, 'March');
  const b2 = addBatch(db, 'April');
  const cafe = addDoc(db, {
    batchId: b1,
    path: '/in/März/café-müller.pdf',
    fields: {
      vendor_name: 'Café Müller',
      document_number: 'INV-2024-001',
      issue_date: '2024-03-15',
      due_date: '2024-04-14',
      currency: 'EUR',
      subtotal: '100.00',
      tax: '19.00',
      total: '119.00',
    },
    items: [
      { description: 'Kaffee, "Crema"\nlarge', quantity: 2, unitPrice: 25, amount: 50 },
      { description: 'Kuchen', quantity: 1, unitPrice: 50, amount: 50 },
    ],
    issues: [{ field: 'due_date', code: 'low_confidence', message: 'due date unclear' }],
    pages: [{ method: 'text', text: 'Café Müller\nRechnung INV-2024-001\nThe polyphonic espresso machine\nTotal 119.00 EUR' }],
  });
  const acme = addDoc(db, {
    batchId: b1,
    path: '/in/acme.pdf',
    status: 'needs_review',
    fields: { vendor_name: 'Acme, Inc.', document_number: '42183017', issue_date: '2024-02-01', currency: 'USD', total: '1234.5' },
    pages: [{ method: 'text', text: 'Acme, Inc. invoice 42183017 for rocket skates' }],
  });
  const failed = addDoc(db, {
    batchId: b1,
    path: '/in/broken.pdf',
    status: 'failed',
    reason: 'damaged PDF: bad xref, "trailer" missing',
    attempts: 3,
  });
  const skipped = addDoc(db, { batchId: b1, path: '/in/notes.txt', status: 'skipped', reason: 'unsupported type: text', attempts: 0 });
  const yen = addDoc(db, {
    batchId: b2,
    path: '/in/tokyo.pdf',
    fields: { vendor_name: '=HYPERLINK("x")', currency: 'JPY', total: '5000', issue_date: '2024-04-02' },
    pages: [{ method: 'text', text: 'Tokyo receipt' }],
  });
  return { b1, b2, cafe, acme, failed, skipped, yen };
}

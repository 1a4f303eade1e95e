/** The einvoices table (migration 6): a document's invoice XML as received and its structured reading. */
import { z } from 'zod';
import { EInvoiceSchema, EInvoiceTaxSchema, type EInvoice, type EInvoiceTax } from '../../contract/schemas/einvoice.js';
import type { Db } from './db.js';
import { allRows, getRow, runWrite } from './statements.js';

export interface StoredEInvoice {
  invoice: EInvoice;
  /** The XML exactly as received. */
  xml: Uint8Array;
  /** The PDF attachment's name; null for a bare XML file. */
  attachment: string | null;
}

/** Replace the document's e-invoice (inside the writer's transaction). */
export function writeEInvoice(db: Db, documentId: number, e: StoredEInvoice): void {
  runWrite(
    db,
    `INSERT INTO einvoices (document_id, syntax, profile, attachment, xml, data) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET syntax = excluded.syntax, profile = excluded.profile,
       attachment = excluded.attachment, xml = excluded.xml, data = excluded.data`,
    documentId,
    e.invoice.syntax,
    e.invoice.profile,
    e.attachment,
    Buffer.from(e.xml),
    JSON.stringify(e.invoice),
  );
}

/** A new reading found no e-invoice: drop what an earlier reading stored. */
export function deleteEInvoice(db: Db, documentId: number): void {
  // Run for every document the writer stores (most carry no e-invoice), so the statement is the cached one.
  runWrite(db, 'DELETE FROM einvoices WHERE document_id = ?', documentId);
}

/** The structured reading without the XML bytes (what the document screen needs), or null. */
export function getEInvoice(db: Db, documentId: number): (Omit<StoredEInvoice, 'xml'> & { xmlBytes: number }) | null {
  const r = getRow<{ attachment: string | null; xml_bytes: number; data: string }>(
    db,
    'SELECT attachment, length(xml) AS xml_bytes, data FROM einvoices WHERE document_id = ?',
    documentId,
  );
  if (!r) return null;
  // Parsed, not cast: the row outlives the code that wrote it, and a shape that no longer fits must say so.
  return { invoice: EInvoiceSchema.parse(JSON.parse(r.data)), attachment: r.attachment, xmlBytes: r.xml_bytes };
}

/** The XML bytes as received, or null. */
export function getEInvoiceXml(db: Db, documentId: number): { xml: Uint8Array; attachment: string | null } | null {
  const r = getRow<{ attachment: string | null; xml: Buffer }>(
    db,
    'SELECT attachment, xml FROM einvoices WHERE document_id = ?',
    documentId,
  );
  return r ? { xml: new Uint8Array(r.xml), attachment: r.attachment } : null;
}

const TaxBreakdown = z.array(EInvoiceTaxSchema);

/** The VAT breakdown (BG-23) of the e-invoices among documents lo..hi (the accounting export books per rate). */
export function taxBreakdownsInIdRange(db: Db, lo: number, hi: number): Array<{ documentId: number; taxes: EInvoiceTax[] }> {
  return allRows<{ document_id: number; taxes: string | null }>(
    db,
    "SELECT document_id, json_extract(data, '$.taxes') AS taxes FROM einvoices WHERE document_id BETWEEN ? AND ? ORDER BY document_id",
    lo,
    hi,
  ).map((r) => ({ documentId: r.document_id, taxes: r.taxes ? TaxBreakdown.parse(JSON.parse(r.taxes)) : [] }));
}

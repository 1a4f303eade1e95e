/**
 * The vendors and vendor_lessons tables (migration 4): the supplier master list and what each reviewed document
 * taught its vendor. Hints are lessons grouped by field, label and placement, counted in distinct documents.
 */
import type { FieldName } from '../../contract/domain.js';
import type { Vendor, VendorHintView } from '../../contract/schemas/vendors.js';
import type { KnownVendor, Lesson, VendorHint } from '../vendors/types.js';
import type { Db } from './db.js';
import { allRows, getRow, getValue, runWrite } from './statements.js';

interface VendorDbRow {
  id: number;
  name: string;
  name_key: string;
  tax_id: string | null;
  iban: string | null;
  currency: string | null;
  aliases: string;
  origin: Vendor['origin'];
  created_at: number;
  updated_at: number;
}

function parseAliases(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const toKnown = (r: VendorDbRow): KnownVendor => ({
  id: r.id,
  name: r.name,
  taxId: r.tax_id,
  iban: r.iban,
  currency: r.currency,
  aliases: parseAliases(r.aliases),
});

/** Every vendor, as the matcher needs them (built into an index once per change, see vendors/memory.ts). */
export function allKnownVendors(db: Db): KnownVendor[] {
  return allRows<VendorDbRow>(db, 'SELECT * FROM vendors ORDER BY id').map(toKnown);
}

export function getKnownVendor(db: Db, vendorId: number): KnownVendor | null {
  const r = getRow<VendorDbRow>(db, 'SELECT * FROM vendors WHERE id = ?', vendorId);
  return r ? toKnown(r) : null;
}

export function vendorIdByTaxId(db: Db, taxId: string): number | undefined {
  return getValue<number>(db, 'SELECT id FROM vendors WHERE tax_id = ? ORDER BY id LIMIT 1', taxId);
}

export function vendorIdByIban(db: Db, iban: string): number | undefined {
  return getValue<number>(db, 'SELECT id FROM vendors WHERE iban = ? ORDER BY id LIMIT 1', iban);
}

export function vendorIdByNameKey(db: Db, key: string): number | undefined {
  return getValue<number>(db, 'SELECT id FROM vendors WHERE name_key = ? ORDER BY id LIMIT 1', key);
}

export interface VendorWrite {
  name: string;
  nameKey: string;
  taxId: string | null;
  iban: string | null;
  currency: string | null;
  aliases: string[];
}

export function insertVendor(db: Db, v: VendorWrite, origin: Vendor['origin'], now = Date.now()): number {
  return runWrite(
    db,
    `INSERT INTO vendors (name, name_key, tax_id, iban, currency, aliases, origin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    v.name,
    v.nameKey,
    v.taxId,
    v.iban,
    v.currency,
    JSON.stringify(v.aliases),
    origin,
    now,
    now,
  ).lastInsertRowid;
}

/**
 * Overwrite a vendor's master data; `origin` records who last set it (an import over a learned vendor makes it
 * 'import'), null keeps it.
 */
export function writeVendor(db: Db, vendorId: number, v: VendorWrite, origin: Vendor['origin'] | null, now = Date.now()): boolean {
  return (
    runWrite(
      db,
      `UPDATE vendors SET name = ?, name_key = ?, tax_id = ?, iban = ?, currency = ?, aliases = ?, origin = coalesce(?, origin), updated_at = ?
       WHERE id = ?`,
      v.name,
      v.nameKey,
      v.taxId,
      v.iban,
      v.currency,
      JSON.stringify(v.aliases),
      origin,
      now,
      vendorId,
    ).changes > 0
  );
}

export function deleteVendorRow(db: Db, vendorId: number): boolean {
  return runWrite(db, 'DELETE FROM vendors WHERE id = ?', vendorId).changes > 0;
}

/** A document re-teaches by replacing what it taught before (to whichever vendor): N counts documents, not edits. */
export function replaceLessons(db: Db, documentId: number, vendorId: number | null, lessons: readonly Lesson[], now = Date.now()): void {
  runWrite(db, 'DELETE FROM vendor_lessons WHERE document_id = ?', documentId);
  if (vendorId === null) return;
  for (const l of lessons)
    runWrite(
      db,
      `INSERT INTO vendor_lessons (vendor_id, document_id, field, label, label_raw, placement, page, x, y, shape, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      vendorId,
      documentId,
      l.field,
      l.label,
      l.labelRaw,
      l.placement,
      l.page,
      l.x,
      l.y,
      l.shape,
      now,
    );
}

/** The vendor a document taught, if it taught one. */
export function vendorOfDocument(db: Db, documentId: number): number | undefined {
  return getValue<number>(db, 'SELECT vendor_id FROM vendor_lessons WHERE document_id = ? LIMIT 1', documentId);
}

/** Documents that taught a vendor (the "N" of "learned from N corrections"). */
export function documentsTaught(db: Db, vendorId: number): number {
  return getValue<number>(db, 'SELECT count(DISTINCT document_id) FROM vendor_lessons WHERE vendor_id = ?', vendorId) ?? 0;
}

interface HintRow {
  field: FieldName;
  label: string | null;
  label_raw: string | null;
  placement: Lesson['placement'];
  page: number;
  x: number | null;
  y: number | null;
  shape: string | null;
  n: number;
}

/**
 * A vendor's hints: its lessons grouped by field, label and placement, most-taught first. The position is the
 * average over the documents; the shape and printed label are the most recent.
 */
export function vendorHints(db: Db, vendorId: number): VendorHint[] {
  return allRows<HintRow>(
    db,
    `SELECT field, label, placement, min(page) AS page, avg(x) AS x, avg(y) AS y, count(DISTINCT document_id) AS n,
            (SELECT l2.label_raw FROM vendor_lessons l2 WHERE l2.vendor_id = l.vendor_id AND l2.field = l.field
               AND l2.label IS l.label AND l2.placement = l.placement ORDER BY l2.id DESC LIMIT 1) AS label_raw,
            (SELECT l2.shape FROM vendor_lessons l2 WHERE l2.vendor_id = l.vendor_id AND l2.field = l.field
               AND l2.label IS l.label AND l2.placement = l.placement ORDER BY l2.id DESC LIMIT 1) AS shape
     FROM vendor_lessons l WHERE vendor_id = ?
     GROUP BY field, label, placement ORDER BY n DESC, field`,
    vendorId,
  ).map((r) => ({
    field: r.field,
    label: r.label,
    labelRaw: r.label_raw,
    placement: r.placement,
    page: r.page,
    x: r.x,
    y: r.y,
    shape: r.shape,
    learnedFrom: r.n,
  }));
}

/** The vendors screen and `docket vendors`: vendors with their learned hints, filtered by a substring. */
export function listVendorViews(db: Db, q: { text?: string | null; limit?: number } = {}): Vendor[] {
  const limit = Math.min(Math.max(q.limit ?? 1000, 1), 10_000);
  const text = q.text?.trim();
  const rows = text
    ? allRows<VendorDbRow>(
        db,
        `SELECT * FROM vendors WHERE name LIKE @q ESCAPE '\\' OR aliases LIKE @q ESCAPE '\\' OR tax_id LIKE @q ESCAPE '\\'
           OR iban LIKE @q ESCAPE '\\' ORDER BY name COLLATE NOCASE, id LIMIT @limit`,
        { q: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit },
      )
    : allRows<VendorDbRow>(db, 'SELECT * FROM vendors ORDER BY name COLLATE NOCASE, id LIMIT ?', limit);
  return rows.map((r) => toView(db, r));
}

export function getVendorView(db: Db, vendorId: number): Vendor | null {
  const r = getRow<VendorDbRow>(db, 'SELECT * FROM vendors WHERE id = ?', vendorId);
  return r ? toView(db, r) : null;
}

function toView(db: Db, r: VendorDbRow): Vendor {
  const hints: VendorHintView[] = vendorHints(db, r.id).map((h) => ({
    field: h.field,
    label: h.labelRaw,
    placement: h.placement,
    page: h.page,
    x: h.x === null ? null : Math.round(h.x * 1000) / 1000,
    y: h.y === null ? null : Math.round(h.y * 1000) / 1000,
    learnedFrom: h.learnedFrom,
  }));
  return {
    id: r.id,
    name: r.name,
    taxId: r.tax_id,
    iban: r.iban,
    currency: r.currency,
    aliases: parseAliases(r.aliases),
    origin: r.origin,
    learnedFrom: documentsTaught(db, r.id),
    hints,
    updatedAt: r.updated_at,
  };
}

/** What learning reads of a document: its pages (text, size, word boxes) and its fields as they stand now. */
export function documentForLearning(
  db: Db,
  documentId: number,
): {
  pages: Array<{
    page_index: number;
    method: 'text' | 'ocr';
    width: number | null;
    height: number | null;
    words: string | null;
    text: string;
  }>;
  fields: Array<{ name: FieldName; value: string | null }>;
} {
  const pages = allRows<{
    page_index: number;
    method: 'text' | 'ocr';
    width: number | null;
    height: number | null;
    words: string | null;
    text: string;
  }>(
    db,
    `SELECT p.page_index, p.method, p.width, p.height, p.words, coalesce(t.text, '') AS text
     FROM pages p LEFT JOIN page_text t ON t.document_id = p.document_id AND t.page_index = p.page_index
     WHERE p.document_id = ? ORDER BY p.page_index`,
    documentId,
  );
  const fields = allRows<{ name: FieldName; value: string | null }>(db, 'SELECT name, value FROM fields WHERE document_id = ?', documentId);
  return { pages, fields };
}

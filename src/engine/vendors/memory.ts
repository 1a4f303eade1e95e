/**
 * Vendor memory against the store: importing and editing the supplier list, learning from reviewed or corrected
 * documents, and, before extraction, recognising a document's vendor and turning what it taught into candidates.
 * The matcher's index is built once per change of the vendors table (per connection), not per document.
 */
import type { ExtractionResult, FieldEvidence } from '../../contract/domain.js';
import type { Vendor, VendorImportResult, VendorPatch } from '../../contract/schemas/vendors.js';
import type { Candidate } from '../extract/candidate.js';
import type { Db } from '../store/db.js';
import {
  allKnownVendors,
  deleteVendorRow,
  documentForLearning,
  documentsTaught,
  getKnownVendor,
  getVendorView,
  insertVendor,
  replaceLessons,
  vendorHints,
  vendorIdByIban,
  vendorIdByNameKey,
  vendorIdByTaxId,
  writeVendor,
  type VendorWrite,
} from '../store/vendors.js';
import { parseVendorCsv } from './csv.js';
import { learnedCandidates, vendorCandidates } from './hints.js';
import { findIbans, normaliseIban, normaliseTaxId, withoutCountryPrefix } from './ids.js';
import { lessonsFrom } from './learn.js';
import { buildVendorIndex, indexVendor, matchVendor, type VendorIndex, type VendorMatch } from './match.js';
import { keyDistance, nameKey, sameName } from './names.js';
import type { PlacedPage } from './position.js';
import type { KnownVendor } from './types.js';

// ---- the matcher's index, rebuilt after any change ------------------------------------------------------------

const indexes = new WeakMap<Db, VendorIndex>();

export function vendorIndex(db: Db): VendorIndex {
  let ix = indexes.get(db);
  if (!ix) {
    ix = buildVendorIndex(allKnownVendors(db));
    indexes.set(db, ix);
  }
  return ix;
}

/** Called after every write to the vendors table: the next document rebuilds the index. */
function vendorsChanged(db: Db): void {
  indexes.delete(db);
}

// ---- finding a vendor for master data (import rows, reviewed documents) ---------------------------------------

/** The vendor these identifiers or this name belong to: tax id, then IBAN, then exact name key, then a misread name. */
export function findVendorId(
  db: Db,
  v: { taxId?: string | null; iban?: string | null; name?: string | null },
  ix: VendorIndex = vendorIndex(db),
): number | null {
  const tax = normaliseTaxId(v.taxId);
  if (tax) {
    const hit = vendorIdByTaxId(db, tax) ?? ix.byTaxId.get(withoutCountryPrefix(tax) ?? tax)?.id;
    if (hit !== undefined) return hit;
  }
  const iban = normaliseIban(v.iban);
  if (iban) {
    const hit = vendorIdByIban(db, iban);
    if (hit !== undefined) return hit;
  }
  if (!v.name) return null;
  const key = nameKey(v.name);
  if (!key) return null;
  const exact = vendorIdByNameKey(db, key) ?? ix.byKey.get(key)?.id;
  if (exact !== undefined) return exact;
  let best: { id: number; d: number } | null = null;
  for (const [len, list] of ix.keysByLength) {
    if (Math.abs(len - key.length) > 3) continue;
    for (const k of list) {
      const d = keyDistance(key, k.key);
      if (d !== null && (!best || d < best.d)) best = { id: k.vendor.id, d };
    }
  }
  return best?.id ?? null;
}

function toWrite(v: Omit<KnownVendor, 'id'>): VendorWrite {
  return {
    name: v.name.trim(),
    nameKey: nameKey(v.name),
    taxId: normaliseTaxId(v.taxId),
    iban: normaliseIban(v.iban) ?? (v.iban ? v.iban.toUpperCase().replace(/\s+/g, '') : null),
    currency: v.currency ? v.currency.toUpperCase() : null,
    aliases: [...new Set(v.aliases.map((a) => a.trim()).filter(Boolean))],
  };
}

// ---- supplier list: import and hand edits ---------------------------------------------------------------------

export function importVendorCsv(db: Db, text: string): VendorImportResult {
  const { rows, errors } = parseVendorCsv(text);
  const result: VendorImportResult = { added: 0, updated: 0, unchanged: 0, errors: [...errors] };
  // Rows are matched to vendors known before the import: by tax id, IBAN and exact name through the table (which
  // sees rows this import wrote), and by a misread name only against that earlier index (learned vendors whose name
  // OCR'd slightly off). Two rows of one list are never merged on a similar name: the list is the master.
  const ix = vendorIndex(db);
  try {
    db.transaction(() => {
      for (const r of rows) {
        if (r.iban && !normaliseIban(r.iban)) {
          result.errors.push({ line: r.line, message: `IBAN "${r.iban}" fails its checksum` });
          continue;
        }
        const id = findVendorId(db, r, ix);
        if (id === null) {
          insertVendor(db, toWrite(r), 'import');
          result.added++;
        } else {
          const old = getKnownVendor(db, id)!;
          // the list is the master: its values win, and what it leaves empty is kept; a learned name becomes an alias
          const merged = toWrite({
            name: r.name,
            taxId: r.taxId ?? old.taxId,
            iban: r.iban ?? old.iban,
            currency: r.currency ?? old.currency,
            aliases: [...r.aliases, ...old.aliases, ...(old.name !== r.name ? [old.name] : [])].filter((a) => a !== r.name),
          });
          const before = toWrite(old);
          if (JSON.stringify(before) === JSON.stringify(merged)) result.unchanged++;
          else {
            writeVendor(db, id, merged, 'import');
            result.updated++;
          }
        }
      }
    })();
  } finally {
    // rebuilt from the table on next use: exact after updates, and after a rollback
    vendorsChanged(db);
  }
  return result;
}

export function updateVendor(db: Db, vendorId: number, patch: VendorPatch): Vendor | null {
  const old = getKnownVendor(db, vendorId);
  if (!old) return null;
  if (patch.iban && !normaliseIban(patch.iban)) throw new RangeError(`IBAN "${patch.iban}" fails its checksum`);
  const next = toWrite({
    name: patch.name ?? old.name,
    taxId: patch.taxId !== undefined ? patch.taxId : old.taxId,
    iban: patch.iban !== undefined ? patch.iban : old.iban,
    currency: patch.currency !== undefined ? patch.currency : old.currency,
    aliases: patch.aliases ?? old.aliases,
  });
  writeVendor(db, vendorId, next, 'user');
  vendorsChanged(db);
  return getVendorView(db, vendorId);
}

export function deleteVendor(db: Db, vendorId: number): boolean {
  const gone = deleteVendorRow(db, vendorId);
  vendorsChanged(db);
  return gone;
}

// ---- learning -------------------------------------------------------------------------------------------------

/**
 * Teach the document's vendor what the document shows, as its fields stand now (after the clerk's corrections):
 * the vendor's master data where it had none, and the label and place of every field. Idempotent: a document
 * re-teaches by replacing its earlier lessons. Returns the vendor taught, or null (no vendor name on the document).
 */
export function learnFromDocument(db: Db, documentId: number): number | null {
  return db.transaction(() => {
    const { pages, fields } = documentForLearning(db, documentId);
    const value = (n: string) => fields.find((f) => f.name === n)?.value ?? null;
    const name = value('vendor_name')?.trim();
    if (!name || !pages.length) {
      replaceLessons(db, documentId, null, []);
      return null;
    }
    const placed: PlacedPage[] = pages.map((p) => ({
      index: p.page_index,
      text: p.text,
      method: p.method,
      width: p.width,
      height: p.height,
      ...(p.words ? { words: parseWords(p.words) } : {}),
    }));
    const ibans = [...new Set(placed.flatMap((p) => findIbans(p.text).map((f) => f.iban)))];
    const iban = ibans.length === 1 ? ibans[0]! : null;
    const taxId = value('vendor_tax_id');
    const currency = value('currency');
    let id = findVendorId(db, { taxId, iban, name });
    // the matcher's index changes only with the vendors table, not with lessons: a bulk review of one vendor's
    // documents must not rebuild it once per document
    let changed = false;
    if (id === null) {
      const w = toWrite({ name, taxId, iban, currency, aliases: [] });
      id = insertVendor(db, w, 'learned');
      // a new vendor joins the index in place (rebuilding it per new vendor would make a bulk review quadratic)
      indexVendor(vendorIndex(db), { id, ...w });
    } else {
      const old = getKnownVendor(db, id)!;
      const next = toWrite({
        name: old.name,
        taxId: old.taxId ?? taxId,
        iban: old.iban ?? iban,
        currency: old.currency ?? currency,
        aliases: sameName(old.name, name) || old.aliases.some((a) => sameName(a, name)) ? old.aliases : [...old.aliases, name],
      });
      // filling in what the vendor lacked does not change who set it up (import, learned or a hand edit)
      if (JSON.stringify(next) !== JSON.stringify(toWrite(old))) changed = writeVendor(db, id, next, null);
    }
    replaceLessons(db, documentId, id, lessonsFrom(placed, fields));
    if (changed) vendorsChanged(db);
    return id;
  })();
}

function parseWords(json: string): PlacedPage['words'] {
  try {
    const w = JSON.parse(json) as unknown;
    return Array.isArray(w) ? (w as PlacedPage['words']) : undefined;
  } catch {
    return undefined;
  }
}

// ---- before extraction ----------------------------------------------------------------------------------------

export interface VendorMemory {
  match: VendorMatch;
  /** Reviewed or corrected documents that taught this vendor. */
  learnedFrom: number;
  /** Learned-label candidates and the vendor record's own (name, currency, tax id), best first. */
  candidates: Candidate[];
  /**
   * What extraction is given: the best-supported candidate of each field (most documents taught its label, the
   * label read without slips, the value of the learned shape and place). One per field, so the decision step weighs
   * the memory's reading against the built-in finders', not the memory's weaker readings against each other.
   */
  proposals: Candidate[];
}

/** Recognise the document's vendor and turn what it taught into candidates; null when no known vendor matches. */
export function vendorMemoryFor(db: Db, pages: readonly PlacedPage[]): VendorMemory | null {
  const ix = vendorIndex(db);
  if (!ix.size) return null;
  const match = matchVendor(pages, ix);
  if (!match) return null;
  const learnedFrom = documentsTaught(db, match.vendor.id);
  const candidates = [
    ...vendorCandidates(pages, match.vendor, match, learnedFrom),
    ...learnedCandidates(pages, vendorHints(db, match.vendor.id)),
  ].sort((a, b) => b.score - a.score);
  const proposals: Candidate[] = [];
  for (const c of candidates) if (!proposals.some((p) => p.field === c.field)) proposals.push(c);
  return { match, learnedFrom, candidates, proposals };
}

/**
 * After extraction: the vendor field carries the canonical name, and every value a vendor-memory candidate
 * proposed says so in its evidence (its rule ids and "learned from N corrections").
 */
export function markVendorEvidence(result: ExtractionResult, memory: VendorMemory): ExtractionResult {
  const fields = result.fields.map((f) => {
    if (f.name === 'vendor_name' && f.value !== memory.match.vendor.name) {
      const c = memory.candidates.find((x) => x.field === 'vendor_name')!;
      return {
        ...f,
        value: c.value,
        raw: c.raw,
        source: c.source,
        confidence: Math.max(f.confidence, c.score),
        evidence: evidenceFrom(f.evidence, c),
      };
    }
    const c = memory.candidates.find((x) => x.field === f.name && x.value === f.value);
    return c ? { ...f, evidence: evidenceFrom(f.evidence, c) } : f;
  });
  return { ...result, fields };
}

function evidenceFrom(old: FieldEvidence | null | undefined, c: Candidate): FieldEvidence {
  return {
    rules: [...new Set([...(old?.rules ?? []), ...c.because])],
    checksPassed: old?.checksPassed ?? [],
    checksFailed: old?.checksFailed ?? [],
    ...(c.learnedFrom ? { learnedFrom: c.learnedFrom } : {}),
  };
}

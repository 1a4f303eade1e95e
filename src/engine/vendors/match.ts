/**
 * Which known vendor issued a document, before extraction: by tax id, then IBAN (both unique to a vendor), then by
 * an OCR-tolerant name match over the letterhead and footer lines. Pure: the caller brings the pages and an index
 * built once from the vendors table.
 */
import type { FieldSource } from '../../contract/domain.js';
import { fold, type PageInput } from '../extract/text.js';
import { labelRe } from '../extract/vocab.js';
import { findIbans, normaliseIban, normaliseTaxId, taxIdRuns, withoutCountryPrefix } from './ids.js';
import { allowedEdits, foldName, keyDistance, nameKey } from './names.js';
import type { KnownVendor } from './types.js';

export interface VendorIndex {
  size: number;
  byTaxId: Map<string, KnownVendor>;
  byIban: Map<string, KnownVendor>;
  byKey: Map<string, KnownVendor>;
  /** Name keys by length, for the fuzzy pass (only keys within the allowed edits of a window's length are compared). */
  keysByLength: Map<number, Array<{ key: string; vendor: KnownVendor }>>;
}

export function buildVendorIndex(vendors: readonly KnownVendor[]): VendorIndex {
  const ix: VendorIndex = { size: 0, byTaxId: new Map(), byIban: new Map(), byKey: new Map(), keysByLength: new Map() };
  for (const v of vendors) indexVendor(ix, v);
  return ix;
}

/** Add one vendor to an index (an import adds each row it writes, rather than rebuilding the index per row). */
export function indexVendor(ix: VendorIndex, v: KnownVendor): void {
  ix.size++;
  const tax = normaliseTaxId(v.taxId);
  if (tax) {
    ix.byTaxId.set(tax, v);
    // printed without its country prefix too, but only when the digits alone are long enough not to be a number
    // of another kind (a 6-digit id without "MY" could be an invoice number)
    const bare = withoutCountryPrefix(tax);
    if (bare && bare.length >= 8 && !ix.byTaxId.has(bare)) ix.byTaxId.set(bare, v);
  }
  const iban = normaliseIban(v.iban);
  if (iban) ix.byIban.set(iban, v);
  for (const name of [v.name, ...v.aliases]) {
    const key = nameKey(name);
    if (!key || ix.byKey.has(key)) continue;
    ix.byKey.set(key, v);
    const list = ix.keysByLength.get(key.length) ?? [];
    list.push({ key, vendor: v });
    ix.keysByLength.set(key.length, list);
  }
}

export interface VendorMatch {
  vendor: KnownVendor;
  by: 'tax_id' | 'iban' | 'name';
  /** The text that matched, as printed. */
  printed: string;
  source: FieldSource;
  /** Name matches: edits between the printed name and the vendor's key (0 for identifiers and exact names). */
  distance: number;
}

/** Lines where an issuer's name is printed: the letterhead and the footer of the first pages. */
const HEAD_LINES = 40;
const FOOT_LINES = 15;
const MAX_WINDOW_WORDS = 6;

interface PageLine {
  page: number;
  start: number;
  text: string;
}

function pageLines(p: PageInput): PageLine[] {
  const out: PageLine[] = [];
  let start = 0;
  for (const text of p.text.split('\n')) {
    if (/[\p{L}\p{N}]/u.test(text)) out.push({ page: p.index, start, text });
    start += text.length + 1;
  }
  return out;
}

export function matchVendor(pages: readonly PageInput[], ix: VendorIndex): VendorMatch | null {
  if (!ix.size) return null;
  const lines = pages.flatMap(pageLines);
  for (const l of lines) {
    for (const run of taxIdRuns(l.text)) {
      const v = ix.byTaxId.get(run.id);
      if (v) return hit(v, 'tax_id', l, run.start, run.end, 0);
    }
  }
  for (const l of lines) {
    for (const f of findIbans(l.text)) {
      const v = ix.byIban.get(f.iban);
      if (v) return hit(v, 'iban', l, f.start, f.end, 0);
    }
  }
  return matchName(pages, ix);
}

/**
 * Where a vendor recognised by an identifier prints its own name (for the highlight and the raw text of the vendor
 * field): the name pass over an index of that vendor alone. Null when the name is not on the page (a logo).
 */
export function findVendorName(pages: readonly PageInput[], vendor: KnownVendor): VendorMatch | null {
  return matchName(pages, buildVendorIndex([{ ...vendor, taxId: null, iban: null }]));
}

function matchName(pages: readonly PageInput[], ix: VendorIndex): VendorMatch | null {
  let best: VendorMatch | null = null;
  for (const p of pages.slice(0, 2)) {
    const pl = pageLines(p);
    const issuerLines = withoutCustomerBlocks(pl);
    const scan =
      issuerLines.length <= HEAD_LINES + FOOT_LINES
        ? issuerLines
        : [...issuerLines.slice(0, HEAD_LINES), ...issuerLines.slice(-FOOT_LINES)];
    for (const l of scan) {
      const m = matchNameInLine(l, ix);
      if (m && (!best || m.distance < best.distance)) best = m;
      if (best?.distance === 0) return best;
    }
  }
  return best;
}

/**
 * The page's lines without the bill-to / ship-to party: a line that starts with a customer label ("Bill to: Acme"),
 * and the few lines under a label that stands alone ("Ship to:" over a name and an address). The customer may be
 * in the supplier list too (a company that both buys and sells); its name there is not the issuer.
 */
function withoutCustomerBlocks(lines: readonly PageLine[]): PageLine[] {
  const out: PageLine[] = [];
  let skip = 0;
  for (const l of lines) {
    const f = fold(l.text);
    const m = labelRe('customer').exec(f);
    if (m && m.index <= 4) {
      // a label alone on its line heads a block: the name and address under it
      if (!/[a-z]{3}/.test(f.slice(m.index + m[0].length))) skip = CUSTOMER_BLOCK_LINES;
      continue;
    }
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(l);
  }
  return out;
}
const CUSTOMER_BLOCK_LINES = 3;

function hit(vendor: KnownVendor, by: VendorMatch['by'], l: PageLine, start: number, end: number, distance: number): VendorMatch {
  return { vendor, by, printed: l.text.slice(start, end), source: { page: l.page, start: l.start + start, end: l.start + end }, distance };
}

/** The best name in a line: windows of up to six words, exact key first, then keys within the allowed edits. */
function matchNameInLine(l: PageLine, ix: VendorIndex): VendorMatch | null {
  const words: Array<{ key: string; start: number; end: number }> = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(l.text))) {
    const key = foldName(m[0]).replace(/ /g, '');
    if (key) words.push({ key, start: m.index, end: m.index + m[0].length });
  }
  let best: VendorMatch | null = null;
  for (let i = 0; i < words.length; i++) {
    let key = '';
    for (let j = i; j < Math.min(words.length, i + MAX_WINDOW_WORDS); j++) {
      key += words[j]!.key;
      const exact = ix.byKey.get(key);
      if (exact) return hit(exact, 'name', l, words[i]!.start, words[j]!.end, 0);
      const max = allowedEdits(key.length);
      if (!max) continue;
      for (let len = key.length - max; len <= key.length + max; len++) {
        for (const k of ix.keysByLength.get(len) ?? []) {
          const d = keyDistance(key, k.key);
          if (d !== null && (!best || d < best.distance)) best = hit(k.vendor, 'name', l, words[i]!.start, words[j]!.end, d);
        }
      }
    }
  }
  return best;
}

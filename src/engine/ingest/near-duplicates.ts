import type { Db } from '../store/db.js';
import { getDocumentRow } from '../store/documents.js';
import { nearDuplicateCandidates, pageHashOf, setPossibleDuplicate, type NearCandidate } from '../store/intake.js';
import { normNumber } from './split.js';

/**
 * Near-duplicates: the same invoice received twice as different files (a PDF and a scan of its print-out, a
 * re-sent copy under another name). Byte-identical files are caught at ingest by their SHA-256; these share no
 * bytes, so they are recognised by how page 1 looks (a perceptual hash) and by what it says (vendor, number,
 * total, date).
 */

/** Side of the grey thumbnail the hash is taken from. */
const SIDE = 9;
/** 9 x 8 horizontal and 8 x 9 vertical gradients: 144 bits, 36 hex digits. */
const HASH_BITS = 2 * SIDE * (SIDE - 1);

/**
 * dHash of a page image: trimmed of its blank margins (a scan has wider or narrower ones than the PDF it was
 * printed from), shrunk to 9 x 9 grey pixels, and one bit per pair of neighbours saying whether brightness
 * rises to the right and below. Survives scaling, JPEG, mild blur and a change of contrast; 36 hex digits.
 */
export async function pageHash(image: Uint8Array): Promise<string> {
  const sharp = (await import('sharp')).default;
  const grey = sharp(image, { limitInputPixels: 100_000_000 }).greyscale().flatten({ background: '#ffffff' });
  let input = await grey.png().toBuffer();
  try {
    input = await sharp(input).trim({ background: '#ffffff', threshold: 40 }).png().toBuffer();
  } catch {
    /* an all-white page has nothing to trim to: hash it as it is */
  }
  const px = await sharp(input).resize(SIDE, SIDE, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  const at = (x: number, y: number) => px[y * SIDE + x]!;
  let bits = 0n;
  // Both directions: a page is mostly white, and its rows of text and table rules are wide, so left-to-right
  // gradients alone agree between any two pages on most bits; top-to-bottom ones tell their blocks apart.
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE - 1; x++) bits = (bits << 1n) | (at(x, y) < at(x + 1, y) ? 1n : 0n);
  for (let y = 0; y < SIDE - 1; y++) for (let x = 0; x < SIDE; x++) bits = (bits << 1n) | (at(x, y) < at(x, y + 1) ? 1n : 0n);
  return bits.toString(16).padStart(HASH_BITS / 4, '0');
}

/** Bits that differ between two hashes (0 = alike, 32 = unrelated on average). */
export function hashDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/** Of 144 bits, page 1 of the same invoice rendered and scanned differs by a few; another layout by thirty or more. */
export const LOOKS_ALIKE_BITS = 20;

const normVendor = (s: string) =>
  s
    .toLowerCase()
    .replace(/\b(gmbh|ltd|limited|inc|llc|bv|b\.v\.|ag|sa|s\.a\.|sarl|srl|sdn bhd|co|corp|plc)\b\.?/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** Vendors agree when one cleaned name contains the other (OCR drops or adds a legal form, a word of a slogan). */
function sameVendor(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = normVendor(a);
  const y = normVendor(b);
  return x.length >= 3 && y.length >= 3 && (x.includes(y) || y.includes(x));
}

export interface NearVerdict {
  candidate: NearCandidate;
  why: string;
  score: number;
}

/**
 * Whether a candidate is the same invoice, and why, in words a clerk can check. Field agreement decides; the
 * page hash lets fewer fields suffice (a scan whose vendor OCR misread) and never suffices alone: two invoices
 * of one vendor share a template and can hash alike.
 */
export function judgeNearDuplicate(
  doc: { vendor: string | null; docNumber: string | null; total: number | null; issueDate: string | null; phash: string | null },
  c: NearCandidate,
  /** Decide as if page 1 looked alike (true) or not (false) instead of comparing hashes: is a hash worth making? */
  assumeLooks?: boolean,
): NearVerdict | null {
  const number = !!doc.docNumber && !!c.doc_number && normNumber(doc.docNumber) === normNumber(c.doc_number);
  // Two different numbers say two invoices, unless everything else agrees and the pages look alike (a re-issue).
  const numberConflict = !!doc.docNumber && !!c.doc_number && !number;
  const total = doc.total !== null && c.total !== null && Math.abs(doc.total - c.total) < 0.005;
  const date = !!doc.issueDate && doc.issueDate === c.issue_date;
  const vendor = sameVendor(doc.vendor, c.vendor);
  const distance = assumeLooks !== undefined ? (assumeLooks ? 0 : null) : doc.phash && c.phash ? hashDistance(doc.phash, c.phash) : null;
  const looksAlike = distance !== null && distance <= LOOKS_ALIKE_BITS;
  const agree = [vendor && 'vendor', number && 'number', total && 'total', date && 'date'].filter((s): s is string => !!s);
  const fieldsSay = (vendor && number) || (!numberConflict && vendor && total && date) || (number && total && date);
  const withLooks =
    looksAlike && (number || (total && date && (!numberConflict || vendor)) || (!numberConflict && vendor && (total || date)));
  if (!fieldsSay && !withLooks) return null;
  const parts = [
    agree.length ? `same ${agree.join(', ').replace(/, ([^,]+)$/, ' and $1')}` : null,
    looksAlike ? 'page 1 looks alike' : null,
  ];
  return { candidate: c, why: parts.filter(Boolean).join('; '), score: agree.length * 2 + (looksAlike ? 3 - distance! / 5 : 0) };
}

/**
 * Flag a document just read as a possible duplicate of the best-matching earlier one in any batch (or clear an
 * old flag when nothing matches any more). Runs inside the writer's transaction, after the document's fields
 * and page hash are stored; a few indexed lookups.
 */
export function flagNearDuplicate(db: Db, documentId: number): NearVerdict | null {
  const d = getDocumentRow(db, documentId);
  if (!d) return null;
  const doc = { vendor: d.vendor, docNumber: d.doc_number, total: d.total, issueDate: d.issue_date, phash: pageHashOf(db, documentId) };
  const candidates = nearDuplicateCandidates(db, documentId, doc).filter((c) => c.id !== documentId);
  let best: NearVerdict | null = null;
  for (const c of candidates) {
    const v = judgeNearDuplicate(doc, c);
    if (v && (!best || v.score > best.score || (v.score === best.score && c.id < best.candidate.id))) best = v;
  }
  // (a document never flagged stays as it is: no write for each of a batch of distinct invoices)
  if (best || d.possible_duplicate_of != null) setPossibleDuplicate(db, documentId, best?.candidate.id ?? null, best?.why ?? null);
  return best;
}

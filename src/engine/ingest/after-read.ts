import type { ExtractionResult, ReadPage } from '../../contract/domain.js';
import type { TaskPool } from '../pipeline/pool.js';
import type { FileKind } from '../read/tasks.js';
import type { Db } from '../store/db.js';
import { getDocumentRow, listColumnsFrom } from '../store/documents.js';
import { appendEvent } from '../store/events.js';
import { finishContainer, insertSplitPart, nearDuplicateCandidates, parentLink, setPageHash } from '../store/intake.js';
import { pageGeometry } from '../store/pages.js';
import { flagNearDuplicate, judgeNearDuplicate, pageHash } from './near-duplicates.js';
import {
  describeParts,
  isBlankPage,
  MAX_SPLIT_PAGES,
  pageCue,
  pageSignals,
  readingKey,
  saveParts,
  splitBySignals,
  type SavedPart,
} from './split.js';

/**
 * The intake steps that need a document's pages read: whether a multi-page PDF or TIFF holds several documents
 * (afterRead, before extraction), and page 1's perceptual hash where a near-duplicate check needs it
 * (duplicateLooks, after extraction). Worked out on the pool and off the writer; what they found is written in
 * the writer's transaction (recordAfterRead).
 */
export interface AfterRead {
  /** This document's page-1 hash, when an earlier document shares a field with it (else not worked out). */
  pageHash: string | null;
  /** Page-1 hashes of those earlier documents that had none yet. */
  candidateHashes?: Array<{ id: number; phash: string }>;
  /** Set when the file holds several documents: the parts, saved under the data folder. */
  split: SavedPart[] | null;
  /** Why looking for several documents failed (the parts could not be saved); the file is then read as one. */
  splitProblem?: string | null;
}

/** Page images for hashing are this small: a 9 x 8 thumbnail is taken from them. */
const HASH_RENDER_SIDE = 384;

/**
 * Words a page that starts a document (other than the file's first) shows: a title or a number label, in the
 * languages the extraction vocabularies cover, or a "page 1 of" cue. A page with none of them, not blank, only
 * continues a document, so most multi-page files are judged by these regular expressions alone and the rules
 * run on no page (reading each page alone is the costly part of first-page detection).
 */
const FIRST_PAGE_HINT =
  /\b(invoice|receipt|bill|credit\s*note|rechnung|gutschrift|quittung|facture|avoir|re[cç]u|factuur|creditnota|bon|factura|recibo|fattura|ricevuta|faktura|kvitto|paragon|no\.?|nr\.?|number|n[uú]mero|numéro|nummer|numer)\b|#\s*\d/i;

/** A later page that could start a document by its own number: it names one, and no "page 2 of 3" says it continues. */
function worthReading(p: ReadPage): boolean {
  const cue = pageCue(p.text);
  return (cue === null || cue.page === 1) && FIRST_PAGE_HINT.test(p.text);
}

function worthSignals(pages: ReadPage[]): boolean {
  return pages.slice(1).some((p) => isBlankPage(p) || pageCue(p.text)?.page === 1 || worthReading(p)) && !repeatsFirstPage(pages);
}

/**
 * True when the only later pages worth reading repeat page 1 exactly (the same invoice printed on every sheet, a
 * form and its copies), with no blank page and no "page k of n" anywhere. Such a page would read as page 1 does,
 * and a page that repeats the current document's number never starts another one (splitBySignals), while the
 * pages not worth reading carry no number at all: the file is one document, and no page needs reading alone.
 */
export function repeatsFirstPage(pages: ReadPage[]): boolean {
  const first = pages[0];
  if (!first || isBlankPage(first) || pageCue(first.text)) return false;
  let key: string | null = null;
  return pages.slice(1).every((p) => {
    if (isBlankPage(p) || pageCue(p.text)) return false;
    if (!worthReading(p)) return true;
    if (p.text !== first.text) return false;
    key ??= readingKey(first);
    return readingKey(p) === key;
  });
}

export async function afterRead(
  db: Db,
  doc: { id: number; path: string; kind: FileKind },
  pages: ReadPage[],
  opts: { derivedDir: string | null; extract: (pages: ReadPage[]) => ExtractionResult; einvoice: boolean },
): Promise<AfterRead> {
  let split: SavedPart[] | null = null;
  let splitProblem: string | null = null;
  const row = getDocumentRow(db, doc.id);
  const isPart = parentLink(db, doc.id)?.origin === 'split-part';
  const splittable = pages.length >= 2 && pages.length <= MAX_SPLIT_PAGES && (doc.kind === 'pdf' || doc.kind === 'tiff');
  if (opts.derivedDir && !opts.einvoice && !isPart && row?.sha256 && splittable && worthSignals(pages)) {
    // the first page sets the current document's number; a later one is read alone only if it could start one
    const parts = splitBySignals(await pageSignals(pages, opts.extract, (p, i) => i === 0 || worthReading(p)));
    if (parts.length > 1)
      try {
        split = await saveParts({ path: doc.path, kind: doc.kind, name: row.name, sha256: row.sha256 }, parts, opts.derivedDir);
      } catch (err) {
        // a file pdfjs reads but pdf-lib cannot rewrite is still read, as one document
        splitProblem = `holds ${parts.length} documents (pages ${describeParts(parts)}) but could not be split: ${(err as Error).message}`;
      }
  }
  return { pageHash: null, split, splitProblem };
}

/** Page 1 of a document as a small image, turned as OCR saw it, hashed; null when it cannot be rendered. */
async function hashFirstPage(
  pool: TaskPool,
  d: { path: string; kind: FileKind; rotation: number | null; skew: number | null; pageIndex: number },
  maxPixels: number,
  signal?: AbortSignal,
): Promise<string | null> {
  const r = await pool.render(
    {
      path: d.path,
      kind: d.kind,
      pageIndex: d.pageIndex,
      maxSide: HASH_RENDER_SIDE,
      maxPixels,
      rotation: d.rotation ?? 0,
      skew: d.skew ?? 0,
      format: 'png',
    },
    signal,
  );
  return r.ok ? await pageHash(r.bytes).catch(() => null) : null;
}

/**
 * Page-1 hashes for the near-duplicate check, only where it has something to compare: when an earlier document
 * shares this one's number, or its total and date. Then this page and each such document's page 1 (if not
 * hashed before) are rendered small and hashed; a batch of distinct invoices renders nothing.
 */
export async function duplicateLooks(
  pool: TaskPool,
  db: Db,
  doc: { id: number; path: string; kind: FileKind },
  pages: ReadPage[],
  extraction: ExtractionResult,
  opts: { maxPixels: number },
  signal?: AbortSignal,
): Promise<Pick<AfterRead, 'pageHash' | 'candidateHashes'>> {
  const c = listColumnsFrom(extraction.fields);
  const first = pages[0];
  if (!first || doc.kind === 'xml') return { pageHash: null };
  const candidates = nearDuplicateCandidates(db, doc.id, { docNumber: c.doc_number, total: c.total, issueDate: c.issue_date, phash: null });
  // A hash is made only where it can decide: some earlier document would be a duplicate if page 1 looked alike.
  const fields = { vendor: c.vendor, docNumber: c.doc_number, total: c.total, issueDate: c.issue_date, phash: null };
  if (!candidates.some((k) => judgeNearDuplicate(fields, k, true))) return { pageHash: null };
  const own = await hashFirstPage(
    pool,
    { ...doc, rotation: first.rotation, skew: first.skew, pageIndex: first.index },
    opts.maxPixels,
    signal,
  );
  const candidateHashes: Array<{ id: number; phash: string }> = [];
  for (const k of candidates.slice(0, 5)) {
    if (k.phash || signal?.aborted) continue;
    const row = getDocumentRow(db, k.id);
    if (!row?.kind || row.kind === 'xml') continue;
    const g = pageGeometry(db, k.id, 0);
    const h = await hashFirstPage(
      pool,
      { path: row.path, kind: row.kind as FileKind, rotation: g?.rotation ?? 0, skew: g?.skew ?? 0, pageIndex: 0 },
      opts.maxPixels,
      signal,
    );
    if (h) candidateHashes.push({ id: k.id, phash: h });
  }
  return { pageHash: own, candidateHashes };
}

/**
 * Store what afterRead found, inside the writer's transaction. A split file becomes the parts' container
 * (skipped, the reason lists the parts) and each part a queued document of the same batch; any other document
 * is checked against earlier ones for a possible duplicate. Returns the container's status when it was split.
 */
export function recordAfterRead(db: Db, doc: { id: number; batch_id: number }, a: AfterRead, now: number): 'skipped' | null {
  if (a.pageHash) setPageHash(db, doc.id, a.pageHash);
  for (const c of a.candidateHashes ?? []) setPageHash(db, c.id, c.phash);
  if (a.splitProblem)
    appendEvent(db, { batchId: doc.batch_id, documentId: doc.id, level: 'warn', kind: 'document.split-failed', message: a.splitProblem });
  if (!a.split) {
    const v = flagNearDuplicate(db, doc.id);
    if (v)
      appendEvent(db, {
        batchId: doc.batch_id,
        documentId: doc.id,
        level: 'info',
        kind: 'document.possible-duplicate',
        message: `possible duplicate of ${v.candidate.name} (document ${v.candidate.id}): ${v.why}`,
      });
    return null;
  }
  const reason = `holds ${a.split.length} documents: split into pages ${describeParts(a.split)}`;
  finishContainer(db, doc.id, 'skipped', reason, now);
  for (const p of a.split)
    insertSplitPart(
      db,
      doc.batch_id,
      doc.id,
      { path: p.path, name: p.name, size: p.size, sha256: p.sha256, first: p.first + 1, last: p.last + 1 },
      now,
    );
  appendEvent(db, { batchId: doc.batch_id, documentId: doc.id, level: 'info', kind: 'document.split', message: reason });
  return 'skipped';
}

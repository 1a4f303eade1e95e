import type { ExtractionResult, ReadPage } from '../../contract/domain.js';
import type { TaskPool } from '../pipeline/pool.js';
import type { FileKind } from '../read/tasks.js';
import type { Db } from '../store/db.js';
import { getDocumentRow } from '../store/documents.js';
import { appendEvent } from '../store/events.js';
import { finishContainer, insertDocument, parentLink, setPageHash } from '../store/intake.js';
import { flagNearDuplicate, pageHash } from './near-duplicates.js';
import { describeParts, MAX_SPLIT_PAGES, pageSignals, saveParts, splitBySignals, type SavedPart } from './split.js';

/**
 * The intake steps that need a document's pages read: page 1's perceptual hash (near-duplicates) and, for a
 * multi-page PDF or TIFF, whether it holds several documents. Worked out beside reading, on the pool and off
 * the writer; what they found is written in the writer's transaction (recordAfterRead).
 */
export interface AfterRead {
  pageHash: string | null;
  /** Set when the file holds several documents: the parts, saved under the data folder. */
  split: SavedPart[] | null;
  /** Why looking for several documents failed (the parts could not be saved); the file is then read as one. */
  splitProblem?: string | null;
}

/** Page images for hashing are this small: a 9 x 8 thumbnail is taken from them. */
const HASH_RENDER_SIDE = 384;

export async function afterRead(
  pool: TaskPool,
  db: Db,
  doc: { id: number; path: string; kind: FileKind },
  pages: ReadPage[],
  opts: { derivedDir: string | null; maxPixels: number; extract: (pages: ReadPage[]) => ExtractionResult; einvoice: boolean },
  signal?: AbortSignal,
): Promise<AfterRead> {
  let hash: string | null = null;
  if (pages.length && doc.kind !== 'xml') {
    const first = pages[0]!;
    const r = await pool.render(
      {
        path: doc.path,
        kind: doc.kind,
        pageIndex: first.index,
        maxSide: HASH_RENDER_SIDE,
        maxPixels: opts.maxPixels,
        rotation: first.rotation ?? 0,
        skew: first.skew ?? 0,
        format: 'png',
      },
      signal,
    );
    // No hash is no loss beyond the near-duplicate check's page signal: the fields still speak.
    if (r.ok) hash = await pageHash(r.bytes).catch(() => null);
  }
  let split: SavedPart[] | null = null;
  let splitProblem: string | null = null;
  const row = getDocumentRow(db, doc.id);
  const isPart = parentLink(db, doc.id)?.origin === 'split-part';
  const splittable = pages.length >= 2 && pages.length <= MAX_SPLIT_PAGES && (doc.kind === 'pdf' || doc.kind === 'tiff');
  if (opts.derivedDir && !opts.einvoice && !isPart && row?.sha256 && splittable) {
    const parts = splitBySignals(await pageSignals(pages, opts.extract));
    if (parts.length > 1)
      try {
        split = await saveParts({ path: doc.path, kind: doc.kind, name: row.name, sha256: row.sha256 }, parts, opts.derivedDir);
      } catch (err) {
        // a file pdfjs reads but pdf-lib cannot rewrite is still read, as one document
        splitProblem = `holds ${parts.length} documents (pages ${describeParts(parts)}) but could not be split: ${(err as Error).message}`;
      }
  }
  return { pageHash: hash, split, splitProblem };
}

/**
 * Store what afterRead found, inside the writer's transaction. A split file becomes the parts' container
 * (skipped, the reason lists the parts) and each part a queued document of the same batch; any other document
 * is checked against earlier ones for a possible duplicate. Returns the container's status when it was split.
 */
export function recordAfterRead(db: Db, doc: { id: number; batch_id: number }, a: AfterRead, now: number): 'skipped' | null {
  setPageHash(db, doc.id, a.pageHash);
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
    insertDocument(db, {
      batch_id: doc.batch_id,
      path: p.path,
      name: p.name,
      size: p.size,
      mtime: now,
      sha256: p.sha256,
      kind: 'pdf',
      mime: 'application/pdf',
      status: 'queued',
      reason: null,
      duplicate_of: null,
      now,
      finished: null,
      parent_id: doc.id,
      origin: 'split-part',
      origin_name: null,
      first_page: p.first + 1,
      last_page: p.last + 1,
    });
  appendEvent(db, { batchId: doc.batch_id, documentId: doc.id, level: 'info', kind: 'document.split', message: reason });
  return 'skipped';
}

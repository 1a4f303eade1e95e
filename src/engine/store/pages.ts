import type { PageDetail } from '../../contract/domain.js';
import type { Db } from './db.js';
import { parseJson } from './json.js';
import { allRows, getRow, runWrite } from './statements.js';
import type { ReadPage } from '../../contract/schemas/pages.js';

/** The tables `pages` (how each page was read, its OCR word boxes) and `page_text` (its text, kept apart
 * so list queries never drag page text through the cache). */

export interface PageDbRow {
  page_index: number;
  method: 'text' | 'ocr';
  confidence: number | null;
  width: number | null;
  height: number | null;
  dpi: number | null;
  rotation: number | null;
  skew: number | null;
  ms: number | null;
  words: string | null;
  /** Per-step timings (migration 8), in ms. */
  inspect_ms: number | null;
  render_ms: number | null;
  ocr_ms: number | null;
  extract_ms: number | null;
  write_ms: number | null;
}

/** A page as the reader returned it, ready to store. */
/** A page as the readers return it; `words` may be absent where a reader kept none. */
export type PageToStore = Omit<ReadPage, 'words'> & { words?: ReadPage['words'] | undefined };

/** Replace a document's pages and their text (a re-read after retry leaves no stale page behind). */
export function replacePages(db: Db, documentId: number, pages: readonly PageToStore[]): void {
  runWrite(db, 'DELETE FROM pages WHERE document_id = ?', documentId);
  runWrite(db, 'DELETE FROM page_text WHERE document_id = ?', documentId);
  for (const p of pages) {
    runWrite(
      db,
      `INSERT INTO pages (document_id, page_index, method, confidence, width, height, dpi, rotation, skew, ms, words,
         inspect_ms, render_ms, ocr_ms, extract_ms, write_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      documentId,
      p.index,
      p.method,
      p.confidence,
      p.width,
      p.height,
      p.dpi,
      p.rotation,
      p.skew,
      p.ms,
      p.words ? JSON.stringify(p.words) : null,
      p.steps?.inspect ?? null,
      p.steps?.render ?? null,
      p.steps?.ocr ?? null,
      p.steps?.extract ?? null,
      p.steps?.write ?? null,
    );
    runWrite(db, 'INSERT INTO page_text (document_id, page_index, text) VALUES (?, ?, ?)', documentId, p.index, p.text);
  }
}

/** Every page of a document with its text, in order. */
export function pageDetails(db: Db, documentId: number): PageDetail[] {
  const rows = allRows<Omit<PageDbRow, 'dpi' | 'words'> & { text: string | null }>(
    db,
    `SELECT p.page_index, p.method, p.confidence, p.width, p.height, p.rotation, p.skew, p.ms, t.text,
       p.inspect_ms, p.render_ms, p.ocr_ms, p.extract_ms, p.write_ms
     FROM pages p LEFT JOIN page_text t ON t.document_id = p.document_id AND t.page_index = p.page_index
     WHERE p.document_id = ? ORDER BY p.page_index`,
    documentId,
  );
  return rows.map((p) => ({
    index: p.page_index,
    method: p.method,
    confidence: p.confidence,
    text: p.text ?? '',
    width: p.width,
    height: p.height,
    rotation: p.rotation,
    skew: p.skew,
    ms: p.ms,
    steps:
      p.inspect_ms === null && p.render_ms === null && p.ocr_ms === null && p.extract_ms === null && p.write_ms === null
        ? null
        : { inspect: p.inspect_ms, render: p.render_ms, ocr: p.ocr_ms, extract: p.extract_ms, write: p.write_ms },
  }));
}

/** The write step of a document's pages: each page's share of the time its rows took to write (inside the flush). */
export function setPagesWriteMs(db: Db, documentId: number, ms: number): void {
  runWrite(db, 'UPDATE pages SET write_ms = ? WHERE document_id = ?', ms, documentId);
}

/** How a page was turned and sized when OCR saw it, so a render lines up with its word boxes. */
export function pageGeometry(
  db: Db,
  documentId: number,
  pageIndex: number,
): Pick<PageDbRow, 'width' | 'height' | 'rotation' | 'skew'> | undefined {
  return getRow(db, 'SELECT width, height, rotation, skew FROM pages WHERE document_id = ? AND page_index = ?', documentId, pageIndex);
}

export function getPageWords(
  db: Db,
  documentId: number,
  pageIndex: number,
): { words: unknown[]; width: number | null; height: number | null; rotation: number | null } | null {
  const r = getRow<Pick<PageDbRow, 'words' | 'width' | 'height' | 'rotation'>>(
    db,
    'SELECT words, width, height, rotation FROM pages WHERE document_id = ? AND page_index = ?',
    documentId,
    pageIndex,
  );
  if (!r) return null;
  return { words: parseJson<unknown[]>(r.words) ?? [], width: r.width, height: r.height, rotation: r.rotation };
}

/** A document's pages for its searchable PDF: size, resolution and OCR words. */
export function pagesForPdf(
  db: Db,
  documentId: number,
): Array<Pick<PageDbRow, 'page_index' | 'method' | 'width' | 'height' | 'dpi' | 'words'>> {
  return allRows(
    db,
    'SELECT page_index, method, width, height, dpi, words FROM pages WHERE document_id = ? ORDER BY page_index',
    documentId,
  );
}

/** Pages read per method over a batch (text layer vs OCR). */
export function pageMethodCounts(db: Db, batchId: number): Array<{ method: string; n: number }> {
  // pages is a WITHOUT ROWID table whose records carry the word boxes, so one seek per document of the batch costs
  // ~30 us (36 ms for a batch of 1,000 at every progress tick), while walking the whole table costs ~0.5 us a page.
  // The walk is taken when the batch is a good share of the store (its count against the highest document id).
  const size = getRow<{ n: number; top: number | null }>(
    db,
    'SELECT (SELECT count(*) FROM documents WHERE batch_id = ?) AS n, (SELECT max(id) FROM documents) AS top',
    batchId,
  );
  const walk = !!size && size.n * 20 >= (size.top ?? 0);
  return allRows(
    db,
    walk
      ? `SELECT p.method AS method, count(*) AS n FROM pages p CROSS JOIN documents d ON d.id = p.document_id
         WHERE d.batch_id = ? GROUP BY p.method`
      : `SELECT p.method AS method, count(*) AS n FROM pages p JOIN documents d ON d.id = p.document_id
         WHERE d.batch_id = ? GROUP BY p.method`,
    batchId,
  );
}

/** A document's page texts for the search index, at most `maxPages` of them. */
export function pageTexts(db: Db, documentId: number, maxPages: number): Array<{ page_index: number; text: string }> {
  return allRows(
    db,
    'SELECT page_index, text FROM page_text WHERE document_id = ? AND page_index < ? ORDER BY page_index',
    documentId,
    maxPages,
  );
}

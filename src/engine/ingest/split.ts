import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExtractionResult, ReadPage } from '../../contract/domain.js';
import { safeFileName } from './containers.js';

/**
 * Splitting a file that holds several documents (a scanner's batch of twenty invoices in one PDF or TIFF) by
 * first-page detection. Each page is judged on its own:
 *  - a blank page separates documents (scanner operators put one between invoices) and belongs to none;
 *  - "page 1 of 3", "Seite 1 von 3", "1/3" in a page's corner start a document, "page 2 of 3" continues one;
 *  - otherwise a page starts a new document when it carries a document number of its own (different from the
 *    current document's) beside a vendor or a total that is not the current document's: the block an invoice's
 *    first page has and its second page, which repeats the same number at most, does not. A different number
 *    alone is weak (continuation pages print delivery or order numbers); a different total or vendor confirms it.
 * Conservative by design: one doubtful page stays with the document before it, and the clerk can split there.
 */

/** The page's text is this short (after OCR of a blank sheet: a few specks read as letters) and it counts as blank. */
const BLANK_MAX_CHARS = 8;

const PAGE_CUE = [
  // page 1 of 3 · Page 2/3 · p. 1 of 2 · pg 1 of 2
  /\b(?:page|pg\.?|p\.)\s*(\d{1,3})\s*(?:of|\/)\s*(\d{1,3})\b/i,
  // Seite 1 von 3 · Blatt 1/3
  /\b(?:seite|blatt)\s*(\d{1,3})\s*(?:von|\/)\s*(\d{1,3})\b/i,
  // page 1 sur 3 · pagina 1 di 3 · Pagina 2/2 · página 1 de 3 · Pág. 2/3 · pagina 1 van 3 · blz. 1/2 · strona 1 z 3 ·
  // str. 1/3 · sida 1 av 3 · side 1 af 2 · sivu 1/3 (continuation pages print it with a slash as often as with the word)
  /(?<![\p{L}\p{N}])(?:page|pagina|página|pág\.?|pag\.?|blad|blz\.?|strona|str\.|sida|side|sivu)\s*(\d{1,3})\s*(?:sur|di|de|van|z|av|af|\/)\s*(\d{1,3})\b/iu,
];

/** "page k of n" on a page, or null. The first match wins; an impossible one (k > n, n > 999) is ignored. */
export function pageCue(text: string): { page: number; of: number } | null {
  for (const re of PAGE_CUE) {
    const m = re.exec(text);
    if (!m) continue;
    const page = Number(m[1]);
    const of = Number(m[2]);
    if (page >= 1 && of >= page) return { page, of };
  }
  return null;
}

export function isBlankPage(p: Pick<ReadPage, 'text'>): boolean {
  return p.text.replace(/[\s\W_]+/gu, '').length <= BLANK_MAX_CHARS;
}

/** A document number compared as printed numbers are: case, spaces, dashes and a leading '#' or 'No' aside. */
export const normNumber = (s: string) =>
  s
    .toLowerCase()
    .replace(/^(#|no\.?|nr\.?)\s*/, '')
    .replace(/[\s\-_/.#]+/g, '');

export interface PageSignal {
  index: number;
  blank: boolean;
  cue: { page: number; of: number } | null;
  number: string | null;
  vendor: string | null;
  total: string | null;
}

/** One document's pages of a multi-document file: 0-based page indexes, inclusive; blank separators left out. */
export interface SplitPart {
  first: number;
  last: number;
}

/** What a page says about where it belongs, from its own text and a reading of that page alone. */
export function pageSignal(p: ReadPage, extract: (pages: ReadPage[]) => ExtractionResult): PageSignal {
  const blank = isBlankPage(p);
  if (blank) return { index: p.index, blank, cue: null, number: null, vendor: null, total: null };
  const x = extract([{ ...p, index: 0 }]);
  const get = (n: string) => x.fields.find((f) => f.name === n)?.value ?? null;
  return { index: p.index, blank, cue: pageCue(p.text), number: get('document_number'), vendor: get('vendor_name'), total: get('total') };
}

/**
 * What a page read alone is, as the rules see it: everything but its place in the file and its timings. Two pages
 * with the same key read alike (extraction is a function of the page), so the second is not read again.
 */
export function readingKey(p: ReadPage): string {
  const { index: _index, ms: _ms, steps: _steps, ...page } = p;
  return JSON.stringify(page);
}

/**
 * Every page's signal; the extraction of each page runs on the main thread, so the loop yields now and then.
 * Pages `worthReading` turns down get only the cheap signals (blank, page cue), never a number of their own.
 * A page that repeats an earlier one word for word (a form or a letterhead page printed again) takes its signal.
 */
export async function pageSignals(
  pages: ReadPage[],
  extract: (pages: ReadPage[]) => ExtractionResult,
  worthReading: (p: ReadPage, i: number) => boolean = () => true,
): Promise<PageSignal[]> {
  const out: PageSignal[] = [];
  const readBefore = new Map<string, PageSignal>();
  let reads = 0;
  for (const [i, p] of pages.entries()) {
    if (!worthReading(p, i)) {
      out.push({ index: p.index, blank: isBlankPage(p), cue: pageCue(p.text), number: null, vendor: null, total: null });
      continue;
    }
    const key = readingKey(p);
    const same = readBefore.get(key);
    if (same) {
      out.push({ ...same, index: p.index });
      continue;
    }
    const s = pageSignal(p, extract);
    readBefore.set(key, s);
    out.push(s);
    if (++reads % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  return out;
}

/**
 * Files longer than this are not looked at for several documents: a scanner's batch is tens of pages, and reading
 * each page alone of a 2,000-page report would hold the main thread for many seconds. The clerk can still split.
 */
export const MAX_SPLIT_PAGES = 500;

/**
 * Where the documents in a file begin, from the signals of its pages. A single document comes back as one
 * part covering every non-blank page; a file of blank pages only, as no part.
 */
export function splitBySignals(signals: PageSignal[]): SplitPart[] {
  const parts: SplitPart[] = [];
  let current = null as (SplitPart & { number: string | null; vendor: string | null; total: string | null }) | null;
  let afterBlank = false;
  for (const s of signals) {
    if (s.blank) {
      afterBlank = current !== null;
      continue;
    }
    const own = s.number ? normNumber(s.number) : null;
    const startsByCue = s.cue?.page === 1;
    const continuesByCue = s.cue !== null && s.cue.page > 1;
    const otherParty = s.vendor !== null && normName(s.vendor) !== (current?.vendor ?? null);
    const otherTotal = s.total !== null && s.total !== (current?.total ?? null);
    const startsByBlock = own !== null && own !== current?.number && (otherParty || otherTotal);
    // After a blank sheet, a page starts a document only if it looks like a first page at all: a near-empty
    // page inside one document (a signature, a photo) must not cut it.
    const looksFirst = own !== null || s.vendor !== null || s.total !== null || startsByCue;
    const starts = current === null || (afterBlank && looksFirst && !continuesByCue) || startsByCue || (!continuesByCue && startsByBlock);
    afterBlank = false;
    if (starts) {
      current = { first: s.index, last: s.index, number: own, vendor: s.vendor ? normName(s.vendor) : null, total: s.total };
      parts.push(current);
    } else {
      current!.last = s.index;
      current!.number ??= own;
      current!.vendor ??= s.vendor ? normName(s.vendor) : null;
      current!.total ??= s.total;
    }
  }
  return parts.map(({ first, last }) => ({ first, last }));
}

/** A vendor name compared without case, spacing and punctuation. */
const normName = (v: string) => v.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Parts from the 1-based first pages a clerk chose: each runs to the page before the next one. */
export function partsFromFirstPages(firstPages: number[], pageCount: number): SplitPart[] {
  const firsts = [...new Set(firstPages.filter((p) => p >= 1 && p <= pageCount))].sort((a, b) => a - b);
  if (firsts[0] !== 1) firsts.unshift(1);
  return firsts.map((f, i) => ({ first: f - 1, last: (firsts[i + 1] ?? pageCount + 1) - 2 }));
}

/** "pages 1-2, 3, 5-6": the parts as a clerk reads them. */
export function describeParts(parts: SplitPart[]): string {
  return parts.map((p) => (p.first === p.last ? `${p.first + 1}` : `${p.first + 1}-${p.last + 1}`)).join(', ');
}

/** A part saved as a file of its own under the data folder. */
export interface SavedPart extends SplitPart {
  path: string;
  name: string;
  size: number;
  sha256: string;
}

/**
 * Save each part as a PDF of its pages under derivedDir/split/<source hash>/: a PDF's pages are copied as they
 * are (text layer, images, fonts untouched); a TIFF's pages are stored losslessly as PNG images inside a PDF.
 * The source file is only read. Names are stable, so saving the same parts again rewrites the same files.
 */
export async function saveParts(
  source: { path: string; kind: string; name: string; sha256: string },
  parts: SplitPart[],
  derivedDir: string,
): Promise<SavedPart[]> {
  const { PDFDocument } = await import('pdf-lib');
  const dir = path.join(derivedDir, 'split', source.sha256);
  await fs.mkdir(dir, { recursive: true });
  const bytes = await fs.readFile(source.path);
  const stem = safeFileName(source.name).replace(/\.[^.]+$/, '');
  const src = source.kind === 'pdf' ? await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false }) : null;
  const sharp = source.kind === 'pdf' ? null : (await import('sharp')).default;
  const out: SavedPart[] = [];
  for (const part of parts) {
    const doc = await PDFDocument.create();
    const indexes = Array.from({ length: part.last - part.first + 1 }, (_, i) => part.first + i);
    if (src) for (const page of await doc.copyPages(src, indexes)) doc.addPage(page);
    else
      for (const i of indexes) {
        const img = sharp!(bytes, { page: i, limitInputPixels: 100_000_000 });
        const meta = await img.metadata();
        const png = await img.png().toBuffer();
        const embedded = await doc.embedPng(png);
        // At the scan's own resolution, so the page has its paper size (72 points per inch).
        const dpi = meta.density && meta.density > 30 ? meta.density : 200;
        const w = (embedded.width * 72) / dpi;
        const h = (embedded.height * 72) / dpi;
        doc.addPage([w, h]).drawImage(embedded, { x: 0, y: 0, width: w, height: h });
      }
    const pdf = await doc.save({ useObjectStreams: false });
    const label = part.first === part.last ? `p${part.first + 1}` : `p${part.first + 1}-${part.last + 1}`;
    const name = `${stem} (${label}).pdf`;
    const file = path.join(dir, name);
    await fs.writeFile(file, pdf);
    out.push({ ...part, path: file, name, size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
  }
  return out;
}

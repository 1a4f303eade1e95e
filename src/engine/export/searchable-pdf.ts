import fs from 'node:fs';
import path from 'node:path';
import {
  PDFDocument,
  StandardFonts,
  TextRenderingMode,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import type { WordBox } from '../../contract/domain.js';
import type { Db } from '../store/db.js';
import { nextDocumentWithOcrPage } from '../store/document-pages.js';
import { pagesForPdf } from '../store/pages.js';
import { normaliseStatuses } from './rows.js';
import { drawPngStream, pngStream } from './png-passthrough.js';
import { ExportPathError, FileSink } from './sink.js';

/** A page image as OCR saw it (same rotation, pixel size pages.width x pages.height). */
export interface RenderedPage {
  bytes: Uint8Array;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}
export type RenderPageFn = (documentId: number, pageIndex: number) => Promise<RenderedPage>;

export interface SearchablePdfOptions {
  batchId?: number | null;
  status?: string[] | null;
  outDir: string;
  renderPage: RenderPageFn;
}

export interface SearchablePdfResult {
  written: number;
  files: string[];
  /** Documents whose PDF could not be made (e.g. the original moved); the others are still written. */
  failed: Array<{ documentId: number; path: string; reason: string }>;
}

const DEFAULT_DPI = 300;

/** Characters the standard font can encode (WinAnsi); anything else would make pdf-lib throw. */
function encoderFor(font: PDFFont): (text: string) => string {
  const ok = new Set(font.getCharacterSet());
  return (text: string) => {
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (ok.has(cp)) {
        out += ch;
        continue;
      }
      // "ﬁ" → "fi", "ő" → "o": decompose and keep what the font has; drop the rest (a '?' would be
      // found by searches for '?' and break copied words).
      for (const d of ch.normalize('NFKD')) {
        const c = d.codePointAt(0)!;
        if (ok.has(c) && !/\p{M}/u.test(d)) out += d;
      }
    }
    return out;
  };
}

/** The invisible text layer: each OCR word at its box, sized to the box width (render mode 3, neither fill nor stroke). */
function textLayer(page: PDFPage, font: PDFFont, words: WordBox[], scaleX: number, scaleY: number, pageHeight: number): void {
  const encode = encoderFor(font);
  const key = page.node.newFontDictionary(font.name, font.ref);
  const ops: PDFOperator[] = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  let any = false;
  for (const w of words) {
    const text = encode(String(w.text ?? '').trim());
    if (!text) continue;
    const boxW = (w.x1 - w.x0) * scaleX;
    const boxH = (w.y1 - w.y0) * scaleY;
    if (!(boxW > 0) || !(boxH > 0)) continue;
    const unit = font.widthOfTextAtSize(text, 1);
    if (!(unit > 0)) continue;
    const size = boxW / unit;
    // Baseline a little above the box bottom (Helvetica's descender is ~0.21 em), so a selection covers the word.
    const baseline = pageHeight - w.y1 * scaleY + Math.min(size * 0.21, boxH * 0.25);
    ops.push(setFontAndSize(key, size), setTextMatrix(1, 0, 0, 1, w.x0 * scaleX, baseline), showText(font.encodeText(text + ' ')));
    any = true;
  }
  ops.push(endText(), popGraphicsState());
  if (any) page.pushOperators(...ops);
}

function parseWords(s: string | null): WordBox[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? (v.filter((w) => w && typeof w === 'object' && typeof (w as WordBox).text === 'string') as WordBox[]) : [];
  } catch {
    return [];
  }
}

/** "scan 1.tiff" → "scan 1.searchable.pdf", safe on Windows too. */
export function searchableName(originalName: string): string {
  const base = path.parse(originalName).name || 'document';
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/[. ]+$/, '') || 'document'}.searchable.pdf`;
}

/** One document → the bytes of its searchable PDF. */
export async function buildSearchablePdf(db: Db, documentId: number, title: string, renderPage: RenderPageFn): Promise<Uint8Array> {
  const pages = pagesForPdf(db, documentId);
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('Docket');
  pdf.setCreator('Docket');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const p of pages) {
    const img = await renderPage(documentId, p.page_index);
    const dpi = p.dpi && p.dpi > 0 ? p.dpi : DEFAULT_DPI;
    const w = (img.width * 72) / dpi;
    const h = (img.height * 72) / dpi;
    const page = pdf.addPage([w, h]);
    // A grey or RGB PNG goes in as its compressed bytes; only other images are decoded by pdf-lib.
    const png = img.mime === 'image/png' ? pngStream(img.bytes) : null;
    if (png) drawPngStream(pdf, page, png, w, h);
    else {
      const image = img.mime === 'image/png' ? await pdf.embedPng(img.bytes) : await pdf.embedJpg(img.bytes);
      page.drawImage(image, { x: 0, y: 0, width: w, height: h });
    }
    if (p.method === 'ocr') {
      // Words are in the OCR image's pixels (pages.width x height); the render should match, but scale anyway.
      const sx = (w / img.width) * (p.width && p.width > 0 ? img.width / p.width : 1);
      const sy = (h / img.height) * (p.height && p.height > 0 ? img.height / p.height : 1);
      textLayer(page, font, parseWords(p.words), sx, sy, h);
    }
  }
  return pdf.save({ useObjectStreams: true });
}

/**
 * A searchable PDF for every document with at least one OCR'd page: the page images with an invisible
 * text layer, named "<original base name>.searchable.pdf" in outDir. Born-digital documents (no OCR page)
 * are skipped: they are searchable already. Originals are only read, through renderPage.
 */
export async function exportSearchablePdfs(db: Db, opts: SearchablePdfOptions): Promise<SearchablePdfResult> {
  const outDir = path.resolve(opts.outDir);
  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.accessSync(outDir, fs.constants.W_OK);
  } catch (err) {
    throw new ExportPathError(`cannot write to folder ${outDir}: ${(err as Error).message}`, { cause: err });
  }
  const statuses = normaliseStatuses(opts.status);
  const selection = { batchId: opts.batchId ?? null, statuses };
  const result: SearchablePdfResult = { written: 0, files: [], failed: [] };
  const used = new Set<string>();
  let after = 0;
  for (;;) {
    const doc = nextDocumentWithOcrPage(db, selection, after);
    if (!doc) break;
    after = doc.id;
    let name = searchableName(doc.name);
    if (used.has(name.toLowerCase())) name = name.replace(/\.searchable\.pdf$/, ` (${doc.id}).searchable.pdf`);
    used.add(name.toLowerCase());
    const file = path.join(outDir, name);
    if (path.resolve(file) === path.resolve(doc.path)) {
      result.failed.push({ documentId: doc.id, path: doc.path, reason: 'the output would overwrite the original' });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await buildSearchablePdf(db, doc.id, doc.name, opts.renderPage);
    } catch (err) {
      result.failed.push({ documentId: doc.id, path: doc.path, reason: (err as Error).message ?? String(err) });
      continue;
    }
    const sink = await FileSink.open(file);
    try {
      await sink.write(bytes);
      result.files.push(await sink.finish());
      result.written++;
    } catch (err) {
      sink.abort();
      throw err;
    }
  }
  return result;
}

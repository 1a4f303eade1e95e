import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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
} from 'pdf-lib';
import sharp from 'sharp';
import type { WordBox } from '../../contract/domain.js';
import type { Db } from '../store/db.js';
import { nextDocumentWithOcrPage } from '../store/document-pages.js';
import { pagesForPdf } from '../store/pages.js';
import { normaliseStatuses } from './rows.js';
import { pngImageDict, pngStream } from './png-passthrough.js';
import { StreamingPdf, type PdfImage } from './pdf-stream-writer.js';
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

/**
 * The invisible text layer: each OCR word at its box, sized to the box width (render mode 3, neither fill nor
 * stroke), as content-stream operators naming the standard font StreamingPdf.fontName; '' when no word can be shown.
 */
function textLayer(font: PDFFont, words: WordBox[], scaleX: number, scaleY: number, pageHeight: number): string {
  const encode = encoderFor(font);
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
    ops.push(
      setFontAndSize(StreamingPdf.fontName, size),
      setTextMatrix(1, 0, 0, 1, w.x0 * scaleX, baseline),
      showText(font.encodeText(text + ' ')),
    );
    any = true;
  }
  ops.push(endText(), popGraphicsState());
  return any ? ops.map((o) => o.toString()).join('\n') + '\n' : '';
}

/**
 * A rendered page as a PDF image: a grey or RGB PNG as its own compressed bytes, a JPEG as it is (DCTDecode);
 * any other PNG (alpha, palette, 16-bit) flattened on white and deflated, one page at a time.
 */
async function pageImage(img: RenderedPage): Promise<PdfImage> {
  if (img.mime === 'image/png') {
    const png = pngStream(img.bytes);
    if (png) return { dict: pngImageDict(png), data: png.idat };
    const raw = await sharp(img.bytes).flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return {
      dict: `/Type /XObject /Subtype /Image /Width ${raw.info.width} /Height ${raw.info.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode`,
      data: zlib.deflateSync(raw.data),
    };
  }
  const meta = await sharp(img.bytes).metadata();
  const channels = meta.channels ?? 3;
  const space = channels === 1 ? '/DeviceGray' : channels === 4 ? '/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]' : '/DeviceRGB';
  return {
    dict: `/Type /XObject /Subtype /Image /Width ${meta.width} /Height ${meta.height} /ColorSpace ${space} /BitsPerComponent 8 /Filter /DCTDecode`,
    data: img.bytes,
  };
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

/** The standard font's metrics and encoding (pdf-lib's, not embedded: Helvetica is one of the 14 every reader has). */
let helvetica: Promise<PDFFont> | null = null;
const standardFont = () => (helvetica ??= PDFDocument.create().then((d) => d.embedFont(StandardFonts.Helvetica)));

/** One document's searchable PDF, page by page to `write`: one page image is in memory at a time. */
export async function writeSearchablePdf(
  db: Db,
  documentId: number,
  title: string,
  renderPage: RenderPageFn,
  write: (chunk: Uint8Array) => Promise<void>,
): Promise<void> {
  const pages = pagesForPdf(db, documentId);
  const font = await standardFont();
  const pdf = await StreamingPdf.start(write, { title, producer: 'Docket' });
  for (const p of pages) {
    const img = await renderPage(documentId, p.page_index);
    const dpi = p.dpi && p.dpi > 0 ? p.dpi : DEFAULT_DPI;
    const w = (img.width * 72) / dpi;
    const h = (img.height * 72) / dpi;
    let text = '';
    if (p.method === 'ocr') {
      // Words are in the OCR image's pixels (pages.width x height); the render should match, but scale anyway.
      const sx = (w / img.width) * (p.width && p.width > 0 ? img.width / p.width : 1);
      const sy = (h / img.height) * (p.height && p.height > 0 ? img.height / p.height : 1);
      text = textLayer(font, parseWords(p.words), sx, sy, h);
    }
    await pdf.addPage(w, h, await pageImage(img), text);
  }
  await pdf.finish();
}

/** One document → the bytes of its searchable PDF (tests and small callers; the export streams instead). */
export async function buildSearchablePdf(db: Db, documentId: number, title: string, renderPage: RenderPageFn): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await writeSearchablePdf(db, documentId, title, renderPage, async (c) => void chunks.push(c));
  return Buffer.concat(chunks);
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
    const sink = await FileSink.open(file);
    try {
      await writeSearchablePdf(db, doc.id, doc.name, opts.renderPage, (c) => sink.write(c));
    } catch (err) {
      // A page that cannot be rendered (the original moved) fails this document only; nothing is left behind.
      sink.abort();
      result.failed.push({ documentId: doc.id, path: doc.path, reason: (err as Error).message ?? String(err) });
      continue;
    }
    result.files.push(await sink.finish());
    result.written++;
  }
  return result;
}

/**
 * A pass over a PDF's bytes before pdfjs sees them, refusing what would make pdfjs spend unbounded time or
 * memory: objects nested deeper than MAX_OBJECT_DEPTH (pdfjs recurses and overflows its stack), a page tree that
 * claims more than MAX_PAGES pages, a compressed stream that inflates past MAX_INFLATED_STREAM_BYTES (a zip bomb:
 * pdfjs holds the whole inflated stream, doubling its buffer as it grows), and a content stream that saves more
 * than MAX_GRAPHICS_STATE_DEPTH graphics states without restoring them. Objects inside compressed object streams
 * are not walked here; the scheduler's per-document deadline and the threads' heap limit bound those.
 */
import zlib from 'node:zlib';
import { fail, PDF_NESTED_TOO_DEEPLY } from './failures.js';
import {
  DEFLATE_MAX_RATIO,
  formatCount,
  MAX_GRAPHICS_STATE_DEPTH,
  MAX_INFLATED_STREAM_BYTES,
  MAX_OBJECT_DEPTH,
  MAX_PAGES,
  tooManyPagesMessage,
} from './limits.js';

const WHITE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const isBoundary = (c: number | undefined): boolean => c === undefined || WHITE[c] === 1 || DELIM[c] === 1;

const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');
const ENDOBJ = Buffer.from('endobj');

function matchesAt(bytes: Uint8Array, at: number, word: Buffer): boolean {
  if (at + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

interface StreamSpan {
  /** The dictionary before the `stream` keyword (at most its last 4 KB), as latin1. */
  dict: string;
  data: Uint8Array;
}

/**
 * Walks the file's top-level syntax: strings, comments and stream data are skipped; nesting of arrays and
 * dictionaries is counted per object (reset at `endobj`, so one sloppy object cannot poison the rest).
 */
function scan(bytes: Uint8Array): StreamSpan[] {
  const streams: StreamSpan[] = [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let depth = 0;
  let objStart = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0x5b /* [ */) {
      if (++depth > MAX_OBJECT_DEPTH) nestedTooDeeply();
    } else if (c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 0x3c /* < */) {
      if (bytes[i + 1] === 0x3c) {
        if (++depth > MAX_OBJECT_DEPTH) nestedTooDeeply();
        i++;
      } else {
        // A hex string: nothing inside it nests.
        const end = bytes.indexOf(0x3e, i + 1);
        i = end < 0 ? n : end;
      }
    } else if (c === 0x3e /* > */) {
      if (bytes[i + 1] === 0x3e) {
        if (depth > 0) depth--;
        i++;
      }
    } else if (c === 0x28 /* ( */) {
      i = skipLiteralString(bytes, i);
    } else if (c === 0x25 /* % */) {
      while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
    } else if (c === 0x73 /* s */ && isBoundary(bytes[i - 1]) && matchesAt(bytes, i, STREAM)) {
      let start = i + STREAM.length;
      if (bytes[start] === 0x0d) start++;
      if (bytes[start] === 0x0a) start++;
      if (start === i + STREAM.length && !isBoundary(bytes[start])) continue;
      let end = buf.indexOf(ENDSTREAM, start);
      if (end < 0) end = n;
      const dictFrom = Math.max(objStart, i - 4096);
      streams.push({ dict: buf.subarray(dictFrom, i).toString('latin1'), data: bytes.subarray(start, end) });
      i = end + ENDSTREAM.length - 1;
      depth = 0;
    } else if (c === 0x65 /* e */ && isBoundary(bytes[i - 1]) && matchesAt(bytes, i, ENDOBJ)) {
      depth = 0;
      objStart = i + ENDOBJ.length;
      i = objStart - 1;
    }
  }
  return streams;
}

/** Index of the `)` closing the literal string opened at `open` (balanced parentheses, backslash escapes). */
function skipLiteralString(bytes: Uint8Array, open: number): number {
  let nest = 0;
  for (let i = open; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x28) nest++;
    else if (c === 0x29 && --nest === 0) return i;
  }
  return bytes.length;
}

function nestedTooDeeply(): never {
  fail('damaged', `${PDF_NESTED_TOO_DEEPLY} (more than ${formatCount(MAX_OBJECT_DEPTH)} levels)`, false);
}

/** The page count a page-tree node claims, when it claims more than MAX_PAGES (pdfjs trusts /Count for numPages). */
function claimedPageCount(bytes: Uint8Array): number | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let most: number | null = null;
  const key = Buffer.from('/Count');
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
    const m = /^\/Count\s+(\d{4,})/.exec(text.subarray(at, at + 32).toString('latin1'));
    if (!m) continue;
    const count = Number(m[1]);
    if (count <= MAX_PAGES) continue;
    // Outlines carry /Count too; only a page-tree node (/Type /Pages in the same object) says how many pages.
    const from = Math.max(0, text.lastIndexOf(Buffer.from(' obj'), at));
    const to = text.indexOf(ENDOBJ, at);
    const obj = text.subarray(from, to < 0 ? Math.min(text.length, at + 4096) : to).toString('latin1');
    if (/\/Type\s*\/Pages\b/.test(obj)) most = Math.max(most ?? 0, count);
  }
  return most;
}

/** A content stream: no /Type or /Subtype (images, fonts, forms, xref and object streams all carry one). */
const isContentDict = (dict: string): boolean =>
  !/\/(?:Type|Subtype|Length1|Length2|Length3|First|N)\b/.test(dict.slice(dict.lastIndexOf('<<')));
const isFlate = (dict: string): boolean => /\/(?:FlateDecode|Fl)\b/.test(dict);
const hasFilter = (dict: string): boolean => /\/Filter\b/.test(dict);

/** Inflates without keeping the output and says whether it passes `limit` bytes (stops reading when it does). */
export function inflatesBeyond(data: Uint8Array, limit: number): Promise<boolean> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 1024 * 1024 });
    let total = 0;
    let settled = false;
    const settle = (v: boolean): void => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(v);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) settle(true);
    });
    inflate.on('end', () => settle(false));
    // Damaged compressed data ends where it breaks; pdfjs copes with that the same way.
    inflate.on('error', () => settle(total > limit));
    inflate.end(data);
  });
}

/** Content-stream bytes as pdfjs would see them, or null when the filter is not one checked here. */
function contentBytes(span: StreamSpan): Uint8Array | null {
  if (!hasFilter(span.dict)) return span.data;
  if (!isFlate(span.dict) || /\/Filter\s*\[[^\]]*\/\w+[^\]]*\/\w+/.test(span.dict)) return null;
  try {
    return zlib.inflateSync(span.data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 64 * 1024 * 1024 });
  } catch {
    return null;
  }
}

/** The deepest run of q (save) operators not yet matched by Q (restore), strings skipped. */
export function graphicsStateDepth(content: Uint8Array): number {
  return contentNesting(content).graphicsStates;
}

/**
 * A content stream's deepest nesting: of q (save) operators not yet matched by Q (restore), and of arrays and
 * dictionaries (operands; pdfjs parses them recursively like objects). Strings are skipped.
 */
export function contentNesting(content: Uint8Array): { graphicsStates: number; objects: number } {
  let depth = 0;
  let most = 0;
  let nest = 0;
  let mostNest = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === 0x28) i = skipLiteralString(content, i);
    else if (c === 0x5b || (c === 0x3c && content[i + 1] === 0x3c)) {
      mostNest = Math.max(mostNest, ++nest);
      if (c === 0x3c) i++;
    } else if (c === 0x5d || (c === 0x3e && content[i + 1] === 0x3e)) {
      if (nest > 0) nest--;
      if (c === 0x3e) i++;
    } else if ((c === 0x71 /* q */ || c === 0x51) /* Q */ && isBoundary(content[i - 1]) && isBoundary(content[i + 1])) {
      if (c === 0x71) most = Math.max(most, ++depth);
      else if (depth > 0) depth--;
    }
  }
  return { graphicsStates: most, objects: mostNest };
}

/** Throws a TaskFailureError with the clerk's reason when the PDF is beyond the limits; resolves otherwise. */
export async function preflightPdf(bytes: Uint8Array): Promise<void> {
  const streams = scan(bytes);
  const claimed = claimedPageCount(bytes);
  if (claimed !== null) fail('too_large', tooManyPagesMessage(claimed), false);
  for (const s of streams) {
    if (isFlate(s.dict) && s.data.length * DEFLATE_MAX_RATIO > MAX_INFLATED_STREAM_BYTES) {
      if (await inflatesBeyond(s.data, MAX_INFLATED_STREAM_BYTES)) {
        fail(
          'too_large',
          `PDF holds a compression bomb: compressed data of ${formatCount(Math.ceil(s.data.length / 1024))} KB inflates to more than ${formatCount(MAX_INFLATED_STREAM_BYTES / 1024 ** 2)} MB`,
          false,
        );
      }
    }
    if (!isContentDict(s.dict)) continue;
    const content = contentBytes(s);
    if (!content) continue;
    const { graphicsStates: depth, objects } = contentNesting(content);
    if (objects > MAX_OBJECT_DEPTH) nestedTooDeeply();
    if (depth > MAX_GRAPHICS_STATE_DEPTH) {
      fail(
        'damaged',
        `damaged PDF: graphics states nested too deeply (${formatCount(depth)} levels; limit ${formatCount(MAX_GRAPHICS_STATE_DEPTH)})`,
        false,
      );
    }
  }
}

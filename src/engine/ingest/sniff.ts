import { fileTypeFromBuffer } from 'file-type';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileKind } from '../read/tasks.js';
import { INVOICE_ROOTS, xmlRootName } from '../einvoice/detect.js';

const KIND_BY_MIME: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/tiff': 'tiff',
  'image/bmp': 'bmp',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

// TIFF's own signature: little- or big-endian, classic (42) or BigTIFF (43).
const TIFF_MAGIC = ['49492a00', '4d4d002a', '49492b00', '4d4d002b'];

export type Sniffed = { kind: FileKind; mime: string } | { kind: null; mime: string | null; label: string };

/**
 * The kinds most files are (PDF, JPEG, PNG), told from their signature without file-type's parser, which costs
 * a tokenizer, a chain of promises and, for a PNG whose chunk runs past the sniffed head, an Error: 15-25 µs a
 * file, more than hashing it (issue 14). Each rule answers exactly what file-type answers for such bytes
 * (test/engine/ingest/sniff-signatures.test.ts compares them on real and crafted heads); anything it is not
 * sure of (another signature, an animated PNG, a malformed chunk) returns null and goes to file-type.
 */
export function commonSignature(head: Uint8Array): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (head.length < 8) return null;
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (b0 === 0x25 && b1 === 0x50 && b2 === 0x44 && b3 === 0x46) return 'application/pdf'; // %PDF
  // FF D8 FF is JPEG; FF D8 FF F7 is JPEG-LS, which Docket does not read.
  if (b0 === 0xff && b1 === 0xd8 && b2 === 0xff) return b3 === 0xf7 ? null : 'image/jpeg';
  if (PNG_MAGIC.every((b, i) => head[i] === b)) return pngChunksSayPng(head) ? 'image/png' : null;
  return null;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const chunkType = (h: Uint8Array, at: number) => String.fromCharCode(h[at]!, h[at + 1]!, h[at + 2]!, h[at + 3]!);

/**
 * file-type's PNG walk over a buffer, in the cases it ends in a plain PNG: an IHDR of 13 bytes first, then
 * chunks until an IDAT (an acTL before it would make it an animated PNG), a chunk longer than the whole buffer,
 * or the end of the buffer. False means "ask file-type".
 */
function pngChunksSayPng(head: Uint8Array): boolean {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 8 + 8 + 13 + 4 || view.getInt32(8) !== 13 || chunkType(head, 12) !== 'IHDR') return false;
  for (let at = 8 + 8 + 13 + 4, chunks = 1; chunks < 64; chunks++) {
    if (at + 8 >= head.length) return true; // the buffer ends: file-type stops the walk and says PNG
    const length = view.getInt32(at);
    const type = chunkType(head, at + 4);
    // An IHDR anywhere must be 13 bytes, or file-type names nothing.
    if (length < 0 || type === 'acTL' || (type === 'IHDR' && length !== 13)) return false;
    if (type === 'IDAT') return true;
    if (length + 4 > head.length) return true; // file-type's limit on a skip: it says PNG
    at += 8 + length + 4;
  }
  return false;
}

/**
 * The file's type from its first bytes, never its extension: a scan saved as .pdf that is really a JPEG is
 * read as a JPEG, and an .exe renamed .pdf is refused. PDFs may carry junk before "%PDF-" (allowed by readers
 * within the first 1 KB), which file-type does not look past, so that case is checked here.
 */
export async function sniffBytes(head: Uint8Array, fileName: string): Promise<Sniffed> {
  const known = commonSignature(head);
  if (known) return { kind: KIND_BY_MIME[known]!, mime: known };
  const ft = await fileTypeFromBuffer(head);
  if (ft && KIND_BY_MIME[ft.mime]) return { kind: KIND_BY_MIME[ft.mime]!, mime: ft.mime };
  // Scanners and ImageMagick write the pixel strips first and the directory (IFD) after them, megabytes in;
  // file-type follows that offset to tell TIFF from camera raw formats and, finding it beyond the sniffed head,
  // names nothing. The signature alone is enough here: sharp reads the file and reports it if it is no TIFF.
  if (!ft && head.length >= 8 && TIFF_MAGIC.includes(Buffer.from(head.subarray(0, 4)).toString('hex')))
    return { kind: 'tiff', mime: 'image/tiff' };
  const ascii = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  // Only when nothing else matched: a ZIP or e-mail holding a PDF shows "%PDF-" in its first bytes too.
  if (!ft && ascii.includes('%PDF-') && !/^[\w-]+: /.test(ascii)) return { kind: 'pdf', mime: 'application/pdf' };
  // XML is read when its root is an e-invoice's (UBL Invoice / CreditNote, CII); a root beyond the sniffed bytes
  // (a long licence comment first) is left to the reader to judge. Other XML is skipped, named by its root.
  const root = xmlRootName(head);
  if (root === null || (root && (INVOICE_ROOTS as readonly string[]).includes(root))) return { kind: 'xml', mime: 'application/xml' };
  if (root && root.toLowerCase() !== 'html')
    return { kind: null, mime: 'application/xml', label: `XML file (root <${root}>), not an e-invoice` };
  if (ft) return { kind: null, mime: ft.mime, label: ft.mime };
  const ext = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.')).toLowerCase() : '';
  const looksText =
    head.length > 0 && head.subarray(0, 512).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
  const label = looksText ? `text file${ext ? ` (${ext})` : ''}` : `unknown binary${ext ? ` (${ext})` : ''}`;
  return { kind: null, mime: null, label };
}

/** Bytes file-type needs to recognise every kind Docket reads. */
export const SNIFF_BYTES = 4100;

/** Sniff a file by reading only its head (ingest sniffs the head it reads while hashing instead). */
export async function sniffFile(file: string): Promise<Sniffed> {
  const fh = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return await sniffBytes(head.subarray(0, bytesRead), path.basename(file));
  } finally {
    await fh.close();
  }
}

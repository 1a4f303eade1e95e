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
 * The file's type from its first bytes, never its extension: a scan saved as .pdf that is really a JPEG is
 * read as a JPEG, and an .exe renamed .pdf is refused. PDFs may carry junk before "%PDF-" (allowed by readers
 * within the first 1 KB), which file-type does not look past, so that case is checked here.
 */
export async function sniffBytes(head: Uint8Array, fileName: string): Promise<Sniffed> {
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

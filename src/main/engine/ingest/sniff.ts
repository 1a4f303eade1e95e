import { fileTypeFromBuffer } from 'file-type';
import type { FileKind } from '../../../workers/tasks.js';

const KIND_BY_MIME: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/tiff': 'tiff',
  'image/bmp': 'bmp',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export type Sniffed = { kind: FileKind; mime: string } | { kind: null; mime: string | null; label: string };

/**
 * The file's type from its first bytes, never its extension: a scan saved as .pdf that is really a JPEG is
 * read as a JPEG, and an .exe renamed .pdf is refused. PDFs may carry junk before "%PDF-" (allowed by readers
 * within the first 1 KB), which file-type does not look past, so that case is checked here.
 */
export async function sniffBytes(head: Uint8Array, fileName: string): Promise<Sniffed> {
  const ft = await fileTypeFromBuffer(head);
  if (ft && KIND_BY_MIME[ft.mime]) return { kind: KIND_BY_MIME[ft.mime]!, mime: ft.mime };
  const ascii = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (ascii.includes('%PDF-')) return { kind: 'pdf', mime: 'application/pdf' };
  if (ft) return { kind: null, mime: ft.mime, label: ft.mime };
  const ext = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.')).toLowerCase() : '';
  const looksText = head.length > 0 && head.subarray(0, 512).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
  const label = looksText ? `text file${ext ? ` (${ext})` : ''}` : `unknown binary${ext ? ` (${ext})` : ''}`;
  return { kind: null, mime: null, label };
}

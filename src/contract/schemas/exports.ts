/** Exports: CSV, XLSX, JSON, searchable PDFs and the failure report, and what an export wrote. */
import { z } from 'zod';
import { DOCUMENT_STATUSES, EXPORT_KINDS } from '../vocabulary.js';
import { DocumentStatusSchema } from './documents.js';
import { id, nullableStr, pathStr } from './primitives.js';

export const ExportKindSchema = z.enum(EXPORT_KINDS);

export const ExportRequestSchema = z.object({
  format: ExportKindSchema,
  /** A batch, or null for every batch. */
  batchId: id.nullable(),
  status: z.array(DocumentStatusSchema).max(DOCUMENT_STATUSES.length).nullable().optional(),
  /** CSV and failure report: ';' for locales that write decimals with a comma. */
  delimiter: z.enum([',', ';']).optional(),
  /**
   * Where to write: a file (a folder for 'pdf'). Absent: a new name in the data folder's exports/ folder
   * (the browser host then offers it as a download).
   */
  out: pathStr.nullable().optional(),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const ExportResultSchema = z.object({
  format: ExportKindSchema,
  /** The file written, or the folder for 'pdf'. */
  path: z.string(),
  /** File name relative to the exports folder, when written there (for a download link). */
  exportName: nullableStr,
  documents: z.number(),
  /**
   * Every file written when an export is several: 'pdf' one per document; 'datev' one per fiscal year when the
   * bookings span several (a DATEV batch holds one fiscal year), `path` then being the first.
   */
  files: z.array(z.string()).optional(),
  /** 'datev' over several fiscal years written into the exports folder: each file's name there, for download links. */
  exportNames: z.array(z.string()).optional(),
  /** 'pdf' only: documents whose searchable PDF could not be made. */
  failed: z.array(z.object({ documentId: id, path: z.string(), reason: z.string() })).optional(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

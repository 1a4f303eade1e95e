/**
 * Intake beyond dropped folders: e-mails and archives whose contents become documents, multi-invoice files split
 * into parts, watched folders, and the duplicates found across batches.
 */
import { z } from 'zod';
import { BatchOptionsSchema } from './batches.js';
import { id, nullableNum, nullableStr, pathStr } from './primitives.js';

/** How a document came out of another one; null (absent) for a file found on disk. */
export const DocumentOriginSchema = z.enum(['attachment', 'zip-entry', 'split-part']);
export type DocumentOrigin = z.infer<typeof DocumentOriginSchema>;

/** What an .eml or .msg said about itself: kept, shown with its attachments, and exported. */
export const EmailInfoSchema = z.object({
  /** The e-mail's own document (the .eml / .msg file). */
  documentId: id,
  sender: nullableStr,
  recipients: nullableStr,
  subject: nullableStr,
  /** ISO 8601, as the message dates itself. */
  sentAt: nullableStr,
});
export type EmailInfo = z.infer<typeof EmailInfoSchema>;

/** Where a derived document came from: its parent, how, and its name or pages there. */
export const DocumentSourceSchema = z.object({
  origin: DocumentOriginSchema,
  parentId: id,
  parentName: z.string(),
  /** The attachment's file name, or the entry's path inside the archive. */
  originName: nullableStr,
  /** A split part's pages of the parent, 1-based and inclusive. */
  firstPage: nullableNum,
  lastPage: nullableNum,
  /** The e-mail the document was attached to (directly, or inside an attached archive). */
  email: EmailInfoSchema.nullable(),
});
export type DocumentSource = z.infer<typeof DocumentSourceSchema>;

/** One document derived from another: a split part, an attachment, an archive entry. */
export const DocumentPartSchema = z.object({
  id,
  name: z.string(),
  origin: DocumentOriginSchema,
  status: z.string(),
  firstPage: nullableNum,
  lastPage: nullableNum,
  vendor: nullableStr,
  docNumber: nullableStr,
  total: nullableNum,
});
export type DocumentPart = z.infer<typeof DocumentPartSchema>;

/** An earlier document this one duplicates: byte for byte (exact), or by its looks and fields (possible). */
export const DuplicateLinkSchema = z.object({
  kind: z.enum(['exact', 'possible']),
  documentId: id,
  name: z.string(),
  batchId: id,
  batchName: z.string(),
  why: z.string(),
});
export type DuplicateLink = z.infer<typeof DuplicateLinkSchema>;

/** A folder Docket takes new files from, and the options its rolling daily batches run with. */
export const WatchedFolderSchema = z.object({
  id,
  path: z.string(),
  options: BatchOptionsSchema,
  /** Copies of processed originals go here (the originals stay where they are); null: no copies. */
  archiveDir: nullableStr,
  /** Poll the folder instead of waiting for change events: network shares (SMB / UNC) often send none. */
  polling: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.number(),
});
export type WatchedFolder = z.infer<typeof WatchedFolderSchema>;

export const WatchedFolderInputSchema = z.object({
  path: pathStr,
  options: BatchOptionsSchema.optional(),
  archiveDir: pathStr.nullable().optional(),
  polling: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type WatchedFolderInput = z.infer<typeof WatchedFolderInputSchema>;

export const WatchedFolderPatchSchema = WatchedFolderInputSchema.omit({ path: true });
export type WatchedFolderPatch = z.infer<typeof WatchedFolderPatchSchema>;

/**
 * Where a multi-document file's parts begin: the 1-based first page of every part (1 always included). Sent by
 * the document screen when a clerk merges a part with the previous one or splits at a page.
 */
export const SplitPointsSchema = z.array(z.number().int().min(1).max(100_000)).min(1).max(10_000);

/** Documents: a row of the documents list, the full detail of one document, and the keyset-paged query over them. */
import { z } from 'zod';
import { DOC_TYPES, DOCUMENT_SORT_KEYS, DOCUMENT_STATUSES } from '../vocabulary.js';
import { CheckOutcomeSchema, DocTypeSchema, ExtractedFieldSchema, LineItemSchema, ValidationIssueSchema } from './fields.js';
import { DocumentOriginSchema, DocumentPartSchema, DocumentSourceSchema, DuplicateLinkSchema } from './intake.js';
import { EngineLogEntrySchema } from './log.js';
import { PageDetailSchema } from './pages.js';
import { id, nullableNum, nullableStr } from './primitives.js';

export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES);

/** How a document's text was obtained: every page from its text layer, every page by OCR, or some of each. */
/** How a document's content was read; 'e-invoice': from its invoice XML (bare, or embedded in a hybrid PDF). */
export const TextMethodSchema = z.enum(['text', 'ocr', 'mixed', 'e-invoice']);
export type TextMethod = z.infer<typeof TextMethodSchema>;

/** One row of the documents table: what the list shows, nothing heavy. */
export const DocumentRowSchema = z.object({
  id,
  batchId: id,
  path: z.string(),
  name: z.string(),
  size: nullableNum,
  kind: nullableStr,
  status: DocumentStatusSchema,
  reason: nullableStr,
  method: TextMethodSchema.nullable(),
  pageCount: nullableNum,
  attempts: z.number(),
  duplicateOf: nullableNum,
  docType: DocTypeSchema.nullable(),
  docTypeConfidence: nullableNum,
  confidence: nullableNum,
  vendor: nullableStr,
  docNumber: nullableStr,
  issueDate: nullableStr,
  total: nullableNum,
  currency: nullableStr,
  costUsd: z.number(),
  reviewedAt: nullableNum,
  elapsedMs: nullableNum,
  /** The document this one was derived from (an e-mail, an archive, a multi-invoice file) and how. */
  parentId: nullableNum.optional(),
  origin: DocumentOriginSchema.nullable().optional(),
  /** An earlier document this one looks like (same page 1, vendor, number, total or date), in any batch. */
  possibleDuplicateOf: nullableNum.optional(),
});
export type DocumentRow = z.infer<typeof DocumentRowSchema>;

/** A change a clerk made to a field; the machine's original value is kept. */
export const CorrectionSchema = z.object({
  id: z.number(),
  field: z.string(),
  oldValue: nullableStr,
  newValue: nullableStr,
  at: z.number(),
  /** edit: one cell; bulk: a bulk action on selected rows; undo: the undoing of an earlier correction. */
  kind: z.enum(['edit', 'bulk', 'undo']).optional(),
  /** Set when this correction was undone, to the correction that undid it. */
  revertedBy: nullableNum.optional(),
});
export type Correction = z.infer<typeof CorrectionSchema>;

export const DocumentDetailSchema = DocumentRowSchema.extend({
  sha256: nullableStr,
  mtime: nullableNum,
  pages: z.array(PageDetailSchema),
  fields: z.array(ExtractedFieldSchema),
  lineItems: z.array(LineItemSchema),
  issues: z.array(ValidationIssueSchema),
  /** Every check that applied to the document's values, passed or failed (absent from documents read before checks were kept). */
  checks: z.array(CheckOutcomeSchema).optional(),
  corrections: z.array(CorrectionSchema),
  events: z.array(EngineLogEntrySchema),
  /** Where a derived document came from (its e-mail's sender, subject and date included). */
  source: DocumentSourceSchema.nullable().optional(),
  /** What was derived from this document: attachments, archive entries, split parts (in page order). */
  parts: z.array(DocumentPartSchema).optional(),
  /** The earlier document this one duplicates, exactly or possibly, with its batch. */
  duplicate: DuplicateLinkSchema.nullable().optional(),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-mm-dd');

export const DocumentQuerySchema = z.object({
  batchId: id.nullable().optional(),
  status: z.array(DocumentStatusSchema).max(DOCUMENT_STATUSES.length).nullable().optional(),
  docType: z.array(DocTypeSchema).max(DOC_TYPES.length).nullable().optional(),
  /** Substring match on file name, vendor or number (full-text search is `search`). */
  text: z.string().max(500).nullable().optional(),
  /** Substring of the vendor's name. */
  vendor: z.string().max(500).nullable().optional(),
  /** Issue dates from..to, inclusive (ISO yyyy-mm-dd). */
  dateFrom: isoDay.nullable().optional(),
  dateTo: isoDay.nullable().optional(),
  /** Totals from..to, inclusive, in the document's currency. */
  totalMin: z.number().finite().nullable().optional(),
  totalMax: z.number().finite().nullable().optional(),
  /** Only documents whose confidence is below this (0..1). */
  confidenceBelow: z.number().min(0).max(1).nullable().optional(),
  /** false: leave out files that are not documents (notes, data files skipped at ingest); absent or true: list them. */
  ignored: z.boolean().optional(),
  sort: z.enum(DOCUMENT_SORT_KEYS).optional(),
  desc: z.boolean().optional(),
  /** Opaque keyset cursor returned by the previous page; null/absent for the first page. */
  after: z.string().max(2000).nullable().optional(),
  /**
   * Without `after`: start this many rows into the sorted list (a scrollbar dragged to the middle of 100k rows
   * loads the rows it shows, not every row above them). Costs a walk over the skipped rows; `after` does not.
   */
  offset: z.number().int().min(0).max(100_000_000).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type DocumentQuery = z.infer<typeof DocumentQuerySchema>;

/** A keyset page of any kind of row: the rows, the cursor for the next page, and how many match in all. */
export function keysetPageSchema<Row extends z.ZodType>(row: Row) {
  return z.object({
    rows: z.array(row),
    /** Cursor for the next page, or null when this was the last. */
    next: nullableStr,
    /** Total rows matching the query's filters (for the scrollbar). */
    total: z.number(),
  });
}

export const DocumentPageSchema = keysetPageSchema(DocumentRowSchema);

/** Totals per currency over every document a query matches (the review footer, the batch card). */
export const DocumentTotalsSchema = z.object({
  documents: z.number(),
  /** Matching documents without a total. */
  withoutTotal: z.number(),
  byCurrency: z.array(z.object({ currency: nullableStr, documents: z.number(), total: z.number() })),
});
export type DocumentTotals = z.infer<typeof DocumentTotalsSchema>;
export type DocumentPage = z.infer<typeof DocumentPageSchema>;

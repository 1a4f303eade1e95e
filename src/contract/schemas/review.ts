/** The review grid: rows with a cell per field, possible duplicates, and the bulk actions on selected rows. */
import { z } from 'zod';
import { keysetPageSchema, DocumentQuerySchema, DocumentRowSchema } from './documents.js';
import { DocTypeSchema, FieldNameSchema, FieldOriginSchema, ValidationIssueSchema } from './fields.js';
import { id, nullableNum, nullableStr } from './primitives.js';

/** One field of a review-grid row: value, confidence and the validation messages about it. */
export const ReviewCellSchema = z.object({
  value: nullableStr,
  confidence: nullableNum,
  origin: FieldOriginSchema.nullable(),
  flags: z.array(z.string()),
});
export type ReviewCell = z.infer<typeof ReviewCellSchema>;

/** Another document that looks like the same invoice (same vendor and number, or vendor, total and date). */
export const PossibleDuplicateSchema = z.object({ documentId: id, name: z.string(), batchId: id, why: z.string() });
export type PossibleDuplicate = z.infer<typeof PossibleDuplicateSchema>;

export const ReviewRowSchema = DocumentRowSchema.extend({
  cells: z.partialRecord(FieldNameSchema, ReviewCellSchema),
  /** Document-level issues (no single field). */
  issues: z.array(ValidationIssueSchema),
  duplicates: z.array(PossibleDuplicateSchema),
});
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

export const ReviewPageSchema = keysetPageSchema(ReviewRowSchema);
export type ReviewPage = z.infer<typeof ReviewPageSchema>;

/** One action on many selected rows (recorded as corrections, so history and undo cover it). */
export const BulkPatchSchema = z
  .object({
    reviewed: z.boolean().optional(),
    docType: DocTypeSchema.optional(),
    vendor: z.string().max(500).nullable().optional(),
  })
  .refine((p) => p.reviewed !== undefined || p.docType !== undefined || p.vendor !== undefined, 'an empty bulk action');
export type BulkPatch = z.infer<typeof BulkPatchSchema>;

/**
 * "Select all" in the review grid: every document the query's filters match (its sort and paging are ignored), bar
 * the rows unchecked after it. The engine resolves it in one statement, so a bulk action on 100,000 matching
 * documents is one request, not a list of ids the client would have to load first. It acts on what matches when the
 * action runs (the grid's count follows the same filter as documents change).
 */
export const MatchingSelectionSchema = z.object({
  query: DocumentQuerySchema,
  /** Rows unchecked after "select all". */
  except: z.array(id).max(100_000),
});
export type MatchingSelection = z.infer<typeof MatchingSelectionSchema>;

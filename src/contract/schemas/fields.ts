/** What extraction produces: fields with their source and evidence, line items, checks and validation issues. */
import { z } from 'zod';
import { DOC_TYPES, FIELD_NAMES } from '../vocabulary.js';
import { BoxSchema } from './pages.js';
import { nullableNum, nullableStr } from './primitives.js';

export const FieldNameSchema = z.enum(FIELD_NAMES);
export const DocTypeSchema = z.enum(DOC_TYPES);
/** What an issue or a check is about: one field, or the line items as a whole. */
export const FieldOrLineItemsSchema = z.union([FieldNameSchema, z.literal('line_items')]);

/** Who set a field's value; 'e-invoice': read exactly from the invoice XML. */
export const FieldOriginSchema = z.enum(['rules', 'llm', 'user', 'e-invoice']);
export type FieldOrigin = z.infer<typeof FieldOriginSchema>;

/** Where a field's value came from, so the UI can highlight it. */
export const FieldSourceSchema = z.object({
  page: z.number(),
  start: z.number(),
  end: z.number(),
  /** For OCR pages: word boxes in the page image's pixel coordinates. */
  boxes: z.array(BoxSchema).optional(),
});
export type FieldSource = z.infer<typeof FieldSourceSchema>;

/** Why a value was chosen, so a clerk (and `docket show --json`) can see what Docket vouches for and why. */
export const FieldEvidenceSchema = z.object({
  /** Ids of the rules that proposed the chosen value, e.g. 'total.label-same-line', 'vendor.memory-label'. */
  rules: z.array(z.string()),
  /** Ids of the checks (see ExtractionResult.checks) that this value took part in and that held. */
  checksPassed: z.array(z.string()),
  /** Ids of the checks that this value took part in and that failed. */
  checksFailed: z.array(z.string()),
  /** Vendor memory: how many reviewed or corrected documents of this vendor taught the hint that found it. */
  learnedFrom: z.number().optional(),
});
export type FieldEvidence = z.infer<typeof FieldEvidenceSchema>;

/** One check over the extracted values (sums, checksums, plausibility), with the fields it vouches for. */
export const CheckOutcomeSchema = z.object({
  /** Stable id, e.g. 'sum.subtotal-tax-total', 'id.iban-mod97', 'currency.country-agrees'. */
  id: z.string(),
  passed: z.boolean(),
  fields: z.array(FieldOrLineItemsSchema),
  /** Clerk-readable: "subtotal 25.15 + tax 0.00 = 25.15, but total is 29.15". */
  message: z.string(),
});
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

export const ExtractedFieldSchema = z.object({
  name: FieldNameSchema,
  /** Normalised value: ISO date, number as string with '.' decimals, ISO 4217 code, plain text. */
  value: nullableStr,
  /** The text as printed. */
  raw: nullableStr,
  /** 0..1 */
  confidence: z.number(),
  source: FieldSourceSchema.nullable(),
  origin: FieldOriginSchema,
  /** What vouches for the value: the rules that found it and the checks it passed or failed. */
  evidence: FieldEvidenceSchema.nullable().optional(),
});
export type ExtractedField = z.infer<typeof ExtractedFieldSchema>;

export const LineItemSchema = z.object({
  description: z.string(),
  quantity: nullableNum,
  unitPrice: nullableNum,
  amount: nullableNum,
  source: FieldSourceSchema.nullable().optional(),
});
export type LineItem = z.infer<typeof LineItemSchema>;

export const ValidationIssueSchema = z.object({
  /** Field the issue is about, or null for document-level issues. */
  field: FieldOrLineItemsSchema.nullable(),
  /** e.g. 'totals_mismatch', 'missing', 'due_before_issue', 'low_confidence' */
  code: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const ExtractionResultSchema = z.object({
  docType: DocTypeSchema,
  docTypeConfidence: z.number(),
  fields: z.array(ExtractedFieldSchema),
  lineItems: z.array(LineItemSchema),
  issues: z.array(ValidationIssueSchema),
  /** Every check that applied to this document, passed or failed. */
  checks: z.array(CheckOutcomeSchema).optional(),
  /** Overall confidence 0..1 (the weakest required field). */
  confidence: z.number(),
  needsReview: z.boolean(),
});
export type ExtractionResult = z.infer<typeof ExtractionResultSchema>;

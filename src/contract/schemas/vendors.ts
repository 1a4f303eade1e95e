/**
 * Vendor memory: the supplier master list (imported from CSV, edited by hand, or learned from reviewed documents)
 * and what each vendor's reviewed documents taught: under which label, and where on the page, each field stood.
 */
import { z } from 'zod';
import { FieldNameSchema } from './fields.js';
import { id, nullableNum, nullableStr } from './primitives.js';

export const VENDOR_ORIGINS = ['import', 'learned', 'user'] as const;
export const VendorOriginSchema = z.enum(VENDOR_ORIGINS);

/** One learned hint: documents of this vendor printed `field` after (or under) `label`, at about (x, y) of the page. */
export const VendorHintSchema = z.object({
  field: FieldNameSchema,
  /** The label as printed; null for a value that stood without one. */
  label: nullableStr,
  placement: z.enum(['after', 'below', 'alone']),
  page: z.number().int().nonnegative(),
  /** Position of the value relative to the page, 0..1 from the top-left, where known. */
  x: nullableNum,
  y: nullableNum,
  /** How many reviewed or corrected documents taught it. */
  learnedFrom: z.number().int().nonnegative(),
});
export type VendorHintView = z.infer<typeof VendorHintSchema>;

export const VendorSchema = z.object({
  id,
  name: z.string(),
  taxId: nullableStr,
  iban: nullableStr,
  currency: nullableStr,
  aliases: z.array(z.string()),
  origin: VendorOriginSchema,
  /** Reviewed or corrected documents that taught this vendor. */
  learnedFrom: z.number().int().nonnegative(),
  hints: z.array(VendorHintSchema),
  updatedAt: z.number(),
});
export type Vendor = z.infer<typeof VendorSchema>;

export const VendorQuerySchema = z.object({
  /** Substring of the name, an alias, the tax id or the IBAN. */
  text: z.string().max(200).nullable().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});
export type VendorQuery = z.infer<typeof VendorQuerySchema>;

const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'a three-letter ISO 4217 code')
  .transform((s) => s.toUpperCase());

/** A hand edit of one vendor; absent keys stay as they are, null clears. */
export const VendorPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(500).optional(),
    taxId: z.string().max(64).nullable().optional(),
    iban: z.string().max(64).nullable().optional(),
    currency: currency.nullable().optional(),
    aliases: z.array(z.string().trim().min(1).max(500)).max(50).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'an empty vendor edit');
export type VendorPatch = z.infer<typeof VendorPatchSchema>;

/** The text of a supplier master list: CSV with a header naming the columns (name, VAT id, IBAN, currency, aliases). */
export const VendorCsvSchema = z.string().min(1).max(20_000_000);

export const VendorImportResultSchema = z.object({
  added: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  /** Rows that were not imported, by line number of the file, with the reason. */
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type VendorImportResult = z.infer<typeof VendorImportResultSchema>;

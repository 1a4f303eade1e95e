/**
 * A page of a document as the engine read it, and the OCR word boxes on it. Declared once here: the worker
 * tasks (engine/read), the pipeline, extraction and the document view all use these shapes or a Pick of them.
 */
import { z } from 'zod';
import { nullableNum } from './primitives.js';

/** A recognised word with its box in the page image's pixel coordinates (after the rotation fix). */
export const WordBoxSchema = z.object({
  text: z.string(),
  /** Tesseract's word confidence, 0..100. */
  conf: z.number(),
  x0: z.number(),
  y0: z.number(),
  x1: z.number(),
  y1: z.number(),
});
export type WordBox = z.infer<typeof WordBoxSchema>;

/** Just the rectangle of a word box (a field's highlight). */
export const BoxSchema = WordBoxSchema.pick({ x0: true, y0: true, x1: true, y1: true });
export type Box = z.infer<typeof BoxSchema>;

/** How a page's text was obtained: its PDF text layer or OCR of its image. */
export const PageMethodSchema = z.enum(['text', 'ocr']);
export type PageMethod = z.infer<typeof PageMethodSchema>;

/**
 * Where a page's time went, in milliseconds: reading its text layer, rendering its image for OCR, OCR, and its
 * share of the document's extraction and store write. null where the step did not run or was not measured.
 */
export const PageStepsSchema = z.object({
  inspect: nullableNum,
  render: nullableNum,
  ocr: nullableNum,
  extract: nullableNum,
  write: nullableNum,
});
export type PageSteps = z.infer<typeof PageStepsSchema>;

/**
 * One page as read. Text-layer pages have no confidence or word boxes and measure in PDF points at 72 dpi;
 * OCR pages measure in pixels of the image the word boxes refer to.
 */
export const ReadPageSchema = z.object({
  /** 0-based. */
  index: z.number(),
  method: PageMethodSchema,
  text: z.string(),
  /** Mean OCR word confidence 0..100; null for text-layer pages. */
  confidence: nullableNum,
  width: nullableNum,
  height: nullableNum,
  dpi: nullableNum,
  /** Clockwise rotation applied to make the page upright (0/90/180/270). */
  rotation: nullableNum,
  /** Deskew angle in degrees. */
  skew: nullableNum,
  /** Time spent reading the page. */
  ms: nullableNum,
  words: z.array(WordBoxSchema).nullable(),
  /** Per-step timings (absent on pages read before they were kept). */
  steps: PageStepsSchema.nullable().optional(),
});
export type ReadPage = z.infer<typeof ReadPageSchema>;

/** A page as the document view gets it: the word boxes and dpi stay in the store (highlights, searchable PDF). */
export const PageDetailSchema = ReadPageSchema.omit({ dpi: true, words: true });
export type PageDetail = z.infer<typeof PageDetailSchema>;

/** A page image for the viewer (PNG/JPEG bytes as base64), rotated like the OCR saw it. */
export const PageImageSchema = z.object({ mime: z.string(), base64: z.string(), width: z.number(), height: z.number() });
export type PageImage = z.infer<typeof PageImageSchema>;

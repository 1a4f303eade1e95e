/** Batches: the options a batch runs with, its counts and progress summary, the request that starts one, and its cost estimate. */
import { z } from 'zod';
import { BATCH_STATUSES, EXTRACT_MODES } from '../vocabulary.js';
import { id, nullableNum, pathStr } from './primitives.js';

export const BatchStatusSchema = z.enum(BATCH_STATUSES);
export const ExtractModeSchema = z.enum(EXTRACT_MODES);

export const BatchOptionsSchema = z.object({
  workers: z.number().int().min(1).max(64).optional(),
  /** tesseract language(s), e.g. "eng". */
  ocrLang: z
    .string()
    .regex(/^[a-z_]{3,8}(\+[a-z_]{3,8})*$/i)
    .optional(),
  extract: ExtractModeSchema.optional(),
  /** Day-first vs month-first default for ambiguous dates ("en-GB", "en-US", ...). */
  locale: z.string().max(20).optional(),
  /** A key field whose confidence is under this (0..1) sends the document to review; 0.6 when absent. */
  reviewThreshold: z.number().min(0).max(1).optional(),
  llm: z.object({ baseUrl: z.string().max(500).optional(), model: z.string().max(200).optional() }).optional(),
  /** Hard cap on LLM spend for the batch, in USD. */
  budgetUsd: z.number().nonnegative().optional(),
  /** Files above this many bytes are skipped with a reason. */
  maxFileBytes: z.number().int().positive().optional(),
  /** An urgent batch's documents are claimed first and jump the scale-out queue (the head of BullMQ's waiting list). */
  priority: z.enum(['normal', 'urgent']).optional(),
});
export type BatchOptions = z.infer<typeof BatchOptionsSchema>;

export const BatchCountsSchema = z.object({
  total: z.number(),
  queued: z.number(),
  processing: z.number(),
  done: z.number(),
  needs_review: z.number(),
  failed: z.number(),
  skipped: z.number(),
});
export type BatchCounts = z.infer<typeof BatchCountsSchema>;

/** Duplicates in a batch: files identical to one seen before, and documents that look like an earlier one. */
export const DuplicateCountsSchema = z.object({ exact: z.number(), possible: z.number() });
export type DuplicateCounts = z.infer<typeof DuplicateCountsSchema>;

export const BatchSummarySchema = z.object({
  id,
  name: z.string(),
  status: BatchStatusSchema,
  createdAt: z.number(),
  finishedAt: nullableNum,
  counts: BatchCountsSchema,
  pages: z.number(),
  pagesByMethod: z.object({ text: z.number(), ocr: z.number() }),
  /** Processing time so far (sum of run intervals), for rate and ETA. */
  elapsedMs: z.number(),
  pagesPerSec: z.number(),
  etaMs: nullableNum,
  /** 0..1 over pages: pages read of the pages to read (files skipped in a second do not count as work done). */
  progress: z.number().optional(),
  /** Pages still to read (estimated from the pages per document so far while files are unopened). */
  pagesLeft: z.number().optional(),
  /** Files skipped because they are not documents at all (notes, data files beside the scans); part of counts.skipped. */
  ignored: z.number().optional(),
  costUsd: z.number(),
  budgetUsd: nullableNum,
  options: BatchOptionsSchema,
  /** Exact duplicates (skipped) and possible duplicates (read, flagged) among the batch's documents. */
  duplicates: DuplicateCountsSchema.optional(),
  /** The watched folder whose rolling daily batch this is. */
  watchedFolderId: nullableNum.optional(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const NewBatchRequestSchema = z.object({
  name: z.string().max(200).optional(),
  paths: z.array(pathStr).min(1).max(10_000),
  options: BatchOptionsSchema.optional(),
});
export type NewBatchRequest = z.infer<typeof NewBatchRequestSchema>;

/** What a batch of these files would cost with the LLM, before it runs. */
export const EstimateSchema = z.object({
  documents: z.number(),
  pages: z.number(),
  ocrPages: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  model: z.string(),
});
export type Estimate = z.infer<typeof EstimateSchema>;

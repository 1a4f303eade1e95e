/**
 * The domain's words and shapes in one import, for the engine, the hosts and the renderer. Nothing is declared
 * here: the word lists live in vocabulary.ts (zod-free, so importing them never pulls zod into the renderer or
 * the preload) and each shape is a zod schema in schemas/ with its type inferred from it; this file only
 * re-exports the types.
 */
export * from './vocabulary.js';
export type { BatchCounts, BatchOptions, BatchSummary, Estimate, NewBatchRequest } from './schemas/batches.js';
export type { Correction, DocumentDetail, DocumentRow, TextMethod } from './schemas/documents.js';
export type { EngineEvent } from './schemas/events.js';
export type {
  CheckOutcome,
  ExtractedField,
  ExtractionResult,
  FieldEvidence,
  FieldOrigin,
  FieldSource,
  LineItem,
  ValidationIssue,
} from './schemas/fields.js';
export type { EngineLogEntry } from './schemas/log.js';
export type { Box, PageDetail, PageMethod, ReadPage, WordBox } from './schemas/pages.js';

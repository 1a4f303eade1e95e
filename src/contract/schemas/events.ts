/** Events the engine pushes to its hosts (CLI progress bar, UI). Coalesced: a few per second per batch. */
import { z } from 'zod';
import { BatchSummarySchema } from './batches.js';
import { DocumentStatusSchema } from './documents.js';
import { EngineLogEntrySchema } from './log.js';
import { id } from './primitives.js';

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('batch.progress'), batch: BatchSummarySchema }),
  z.object({ type: z.literal('batch.finished'), batch: BatchSummarySchema }),
  z.object({ type: z.literal('document.finished'), documentId: id, batchId: id, status: DocumentStatusSchema }),
  z.object({ type: z.literal('document.failed'), documentId: id, batchId: id, reason: z.string() }),
  z.object({ type: z.literal('log'), entry: EngineLogEntrySchema }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;

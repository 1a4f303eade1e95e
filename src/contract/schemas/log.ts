/** The engine's log: what happened to a batch or document, in words a clerk can read (and `docket log` prints). */
import { z } from 'zod';
import { nullableNum } from './primitives.js';

export const EngineLogEntrySchema = z.object({
  id: z.number(),
  batchId: nullableNum,
  documentId: nullableNum,
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  kind: z.string(),
  message: z.string(),
});
export type EngineLogEntry = z.infer<typeof EngineLogEntrySchema>;

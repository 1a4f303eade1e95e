/** Full-text search over page text, field values and file names. */
import { z } from 'zod';
import { id, nullableNum, nullableStr } from './primitives.js';

export const SearchHitSchema = z.object({
  documentId: id,
  batchId: id,
  name: z.string(),
  path: z.string(),
  /** 0-based page index for page-text hits; null for field and name hits. */
  page: nullableNum,
  field: nullableStr,
  /** Text around the hit with the match wrapped in «» (the UI turns them into <mark>). */
  snippet: z.string(),
  rank: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

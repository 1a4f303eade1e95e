/** Scale-out: the Redis queue's depth and the `docket worker` processes online, as the UI and `docket status --queue` show them. */
import { z } from 'zod';

export const QueueWorkerSchema = z.object({
  name: z.string(),
  host: z.string(),
  threads: z.number().int().positive(),
  /** Pages read (OCR and text-layer pages) per minute over the last five minutes. */
  pagesPerMin: z.number().nonnegative(),
  /** When the worker last reported, ms since the epoch; a worker silent for 30 s drops off the list. */
  lastSeen: z.number(),
  jobsDone: z.number().int().nonnegative(),
  jobsFailed: z.number().int().nonnegative(),
});
export type QueueWorker = z.infer<typeof QueueWorkerSchema>;

export const QueueCountsSchema = z.object({
  /** Jobs no worker has taken yet (BullMQ's waiting and prioritized jobs). */
  waiting: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  /** Jobs waiting out a retry's backoff. */
  delayed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const ScaleOutStatusSchema = z.object({
  /** The Redis URL without its password; null when this Docket reads on its own threads (no queue). */
  queue: z.string().nullable(),
  connected: z.boolean(),
  /** Why the queue could not be read (Redis down, wrong password), for the screen. */
  error: z.string().nullable(),
  counts: QueueCountsSchema.nullable(),
  workers: z.array(QueueWorkerSchema),
});
export type ScaleOutStatus = z.infer<typeof ScaleOutStatusSchema>;

/** Taskbar progress and the end-of-batch notification, from engine events. */
import type { BatchSummary, EngineEvent } from '../../contract/domain.js';

export interface ProgressSink {
  setProgress(fraction: number): void; // -1 removes the bar
  notify(title: string, body: string): void;
}

/**
 * The running batches' progress over pages still to read (the engine's pagesLeft), so duplicates skipped in a second
 * do not fill the taskbar bar; files finished for a summary without page figures.
 */
export function overallProgress(batches: Iterable<BatchSummary>): number {
  let total = 0;
  let finished = 0;
  for (const b of batches) {
    if (b.status !== 'running' && b.status !== 'ingesting') continue;
    if (b.pagesLeft !== undefined && b.progress !== undefined) {
      // pages read = progress * (read + left)
      const all = b.progress < 1 ? b.pagesLeft / (1 - b.progress) : b.pagesLeft;
      total += all;
      finished += all - b.pagesLeft;
      continue;
    }
    const c = b.counts;
    total += c.total;
    finished += c.done + c.needs_review + c.failed + c.skipped;
  }
  return total ? Math.min(1, finished / total) : -1;
}

export function createProgressTracker(sink: ProgressSink): (event: EngineEvent) => void {
  const active = new Map<number, BatchSummary>();
  return (event) => {
    if (event.type === 'batch.progress') {
      active.set(event.batch.id, event.batch);
      sink.setProgress(overallProgress(active.values()));
    } else if (event.type === 'batch.finished') {
      active.delete(event.batch.id);
      sink.setProgress(overallProgress(active.values()));
      const c = event.batch.counts;
      const parts = [`${c.done} done`];
      if (c.needs_review) parts.push(`${c.needs_review} to review`);
      if (c.failed) parts.push(`${c.failed} failed`);
      sink.notify(`Batch “${event.batch.name}” ${event.batch.status === 'cancelled' ? 'cancelled' : 'finished'}`, parts.join(', '));
    }
  };
}

import type { BatchSummary } from '../../contract/domain.js';

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '--:--';
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/**
 * One terminal line: [#####-----] 120/400 docs  38 pages left  3.2 pages/s  ETA 1:27. The bar fills over pages read,
 * not files finished, so duplicates skipped in a second do not make a batch look two-thirds done.
 */
export function progressLine(b: BatchSummary, width = 28): string {
  const c = b.counts;
  const done = c.done + c.needs_review + c.failed + c.skipped;
  const frac = b.progress ?? (c.total ? done / c.total : 0);
  const filled = Math.round(Math.min(1, Math.max(0, frac)) * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const parts = [`[${bar}] ${done}/${c.total} docs`];
  if (b.pagesLeft !== undefined && b.pagesLeft > 0) parts.push(`${b.pagesLeft} page${b.pagesLeft === 1 ? '' : 's'} left`);
  parts.push(`${b.pagesPerSec.toFixed(1)} pages/s`, `ETA ${formatDuration(b.etaMs)}`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (b.costUsd > 0) parts.push(`$${b.costUsd.toFixed(4)}`);
  return parts.join('  ');
}

export function summaryText(b: BatchSummary, extra: { byType: Record<string, number> }): string {
  const c = b.counts;
  // files beside the scans that are not documents (notes, data files) are not counted as documents
  const ignored = b.ignored ?? 0;
  const lines = [
    `Batch ${b.id} "${b.name}": ${b.status}`,
    `  documents  ${c.total - ignored}  (done ${c.done}, needs review ${c.needs_review}, failed ${c.failed}, skipped ${c.skipped - ignored}${c.queued + c.processing ? `, unfinished ${c.queued + c.processing}` : ''})${ignored ? `; ${ignored} other file${ignored === 1 ? '' : 's'} ignored (not documents)` : ''}`,
    `  pages      ${b.pages}  (text layer ${b.pagesByMethod.text}, OCR ${b.pagesByMethod.ocr})`,
    `  elapsed    ${formatDuration(b.elapsedMs)}  (${b.pagesPerSec.toFixed(2)} pages/s)`,
  ];
  const types = Object.entries(extra.byType).filter(([, n]) => n > 0);
  if (types.length) lines.push(`  types      ${types.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  const dup = b.duplicates;
  if (dup && (dup.exact || dup.possible)) lines.push(`  duplicates ${dup.exact} exact (skipped), ${dup.possible} possible (flagged)`);
  if (b.costUsd > 0 || b.budgetUsd !== null)
    lines.push(`  LLM cost   $${b.costUsd.toFixed(4)}${b.budgetUsd !== null ? ` of $${b.budgetUsd.toFixed(4)} budget` : ''}`);
  return lines.join('\n');
}

import type { PageSteps } from '../../contract/schemas/pages.js';
import type { PageResult } from './process-document.js';

const NO_STEPS: PageSteps = { inspect: null, render: null, ocr: null, extract: null, write: null };

/**
 * A document-wide step (extraction) recorded on its pages: each page gets an equal share, so the steps of a
 * document's pages add up to what the document cost, and a benchmark can sum them per step.
 */
export function withDocumentStep(pages: PageResult[], step: 'extract', ms: number): PageResult[] {
  if (!pages.length) return pages;
  const share = ms / pages.length;
  return pages.map((p) => ({ ...p, steps: { ...(p.steps ?? NO_STEPS), [step]: share } }));
}

import type { Estimate } from '../../../contract/engine-api.js';
import type { Db } from '../../store/db.js';
import { countTokens } from './tokens.js';
import { buildPrompt, MAX_DOCUMENT_TOKENS, TYPICAL_OUTPUT_TOKENS } from '../prompt.js';
import { costNanos, loadPrices, nanosToUsd, resolvePrice, type PriceTable } from './prices.js';

/**
 * A scanned page has no text until OCR has run, so its tokens are assumed: a typical invoice page OCRs to
 * ~1,800 characters, about 450 tokens. It is an assumption, not a count — the estimate says how many pages
 * it applied to (ocrPages).
 */
export const TYPICAL_OCR_PAGE_TOKENS = 450;

export interface EstimateDoc {
  pages: Array<{ text: string | null; needsOcr: boolean }>;
}

export interface EstimateOptions {
  /** Decides whether an unknown model is a free local one or an error (see resolvePrice). */
  baseUrl?: string | null;
  locale?: string;
}

/**
 * Pre-flight estimate: tokens of the exact prompt extract() would send for each document (same builder, so
 * truncation and framing match) plus a typical answer. Throws UnknownModelPriceError for an unknown model
 * on a remote (or unspecified) server rather than guessing a price.
 */
export function estimateFromTexts(docs: readonly EstimateDoc[], model: string, prices: PriceTable, opts: EstimateOptions = {}): Estimate {
  const price = resolvePrice(prices, model, opts.baseUrl);
  let pages = 0;
  let ocrPages = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  for (const doc of docs) {
    pages += doc.pages.length;
    const known = doc.pages.map((p, index) => ({ index, text: p.needsOcr && !p.text ? '' : (p.text ?? '') }));
    const pending = doc.pages.filter((p) => p.needsOcr && !p.text).length;
    ocrPages += pending;
    const hasText = known.some((p) => p.text.trim());
    // extract() sends nothing for a document without text; OCR pages will have text by then.
    if (!hasText && pending === 0) continue;
    const prompt = buildPrompt(known, model, opts.locale);
    // OCR text joins the known text under the same truncation cap the prompt builder applies.
    const textRoom = prompt.truncated ? 0 : Math.max(0, MAX_DOCUMENT_TOKENS - countTokens(prompt.text, model));
    tokensIn += prompt.promptTokens + Math.min(pending * TYPICAL_OCR_PAGE_TOKENS, textRoom);
    tokensOut += TYPICAL_OUTPUT_TOKENS;
  }
  return {
    documents: docs.length,
    pages,
    ocrPages,
    tokensIn,
    tokensOut,
    costUsd: nanosToUsd(costNanos(price, tokensIn, tokensOut)),
    model,
  };
}

/** Same, with the price table read from the store (defaults + the user's 'prices' overrides). */
export function estimateWithStore(db: Db | null, docs: readonly EstimateDoc[], model: string, opts: EstimateOptions = {}): Estimate {
  return estimateFromTexts(docs, model, loadPrices(db), opts);
}

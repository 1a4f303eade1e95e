/**
 * The settings the UI edits, in the engine's own keys: 'defaults' holds the BatchOptions every new batch
 * starts from (engine.createBatch merges them under the request's options); 'prices' holds only the user's
 * price overrides (USD per million tokens), so built-in prices keep tracking new releases.
 */
import type { BatchOptions } from '../contract/domain.js';
import type { PriceTable } from '../contract/schemas/settings.js';

export interface Defaults {
  workers: number;
  ocrLang: string;
  extract: 'rules' | 'llm-review' | 'llm-all';
  llmBaseUrl: string;
  llmModel: string;
  budgetUsd: number | null;
  /** '' (settled from each document) or a locale such as 'en-GB', 'de-DE'. */
  locale: string;
  /** 0..1: a key field under this confidence sends its document to review. */
  reviewThreshold: number;
}

/** The engine's own default (extract/validate.ts DEFAULT_REVIEW_THRESHOLD). */
export const DEFAULT_REVIEW_THRESHOLD = 0.6;

export type { PriceTable };

export function readDefaults(s: Record<string, unknown>): Defaults {
  const d = (s.defaults && typeof s.defaults === 'object' ? s.defaults : {}) as BatchOptions;
  return {
    workers: typeof d.workers === 'number' ? d.workers : 2,
    ocrLang: d.ocrLang || 'eng',
    extract: d.extract ?? 'rules',
    llmBaseUrl: d.llm?.baseUrl || 'https://api.openai.com/v1',
    llmModel: d.llm?.model || 'gpt-4o-mini',
    budgetUsd: typeof d.budgetUsd === 'number' ? d.budgetUsd : null,
    locale: typeof d.locale === 'string' ? d.locale : '',
    reviewThreshold: typeof d.reviewThreshold === 'number' ? d.reviewThreshold : DEFAULT_REVIEW_THRESHOLD,
  };
}

export function defaultsToOptions(d: Defaults): BatchOptions {
  return {
    workers: d.workers,
    ocrLang: d.ocrLang,
    extract: d.extract,
    llm: { baseUrl: d.llmBaseUrl, model: d.llmModel },
    ...(d.budgetUsd !== null ? { budgetUsd: d.budgetUsd } : {}),
    ...(d.locale ? { locale: d.locale } : {}),
    reviewThreshold: d.reviewThreshold,
  };
}

export function readPriceOverrides(s: Record<string, unknown>): PriceTable {
  const raw = (s.prices && typeof s.prices === 'object' ? s.prices : {}) as Record<string, unknown>;
  const out: PriceTable = {};
  for (const [model, v] of Object.entries(raw)) {
    const o = (v ?? {}) as Record<string, unknown>;
    if (typeof o.input === 'number' && typeof o.output === 'number') out[model] = { input: o.input, output: o.output };
  }
  return out;
}

/** What to store: entries the user changed or added, plus the overrides that already existed. */
export function priceOverrides(edited: PriceTable, initial: PriceTable, existing: PriceTable): PriceTable {
  const out: PriceTable = {};
  for (const [m, p] of Object.entries(edited)) {
    const was = initial[m];
    if (existing[m] || !was || was.input !== p.input || was.output !== p.output) out[m] = p;
  }
  return out;
}

import type { Db } from '../../store/db.js';
import { readSettingJson, writeSetting } from '../../store/settings.js';

import type { PriceTable } from '../../../contract/schemas/settings.js';

export type { PriceTable };
/** USD per million tokens. */
export type ModelPrice = PriceTable[string];

/**
 * Published list prices (USD / 1M tokens, standard tier, no cached-input discount since we never rely on it).
 * Editable on purpose: prices change more often than releases, so users override them in the `settings` table
 * under key 'prices' (see loadPrices) instead of waiting for an update.
 */
export const DEFAULT_PRICES: Readonly<PriceTable> = Object.freeze({
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'o3-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  o1: { input: 15, output: 60 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
});

/** Used when a remote model is missing from the table: the dearest common rate, so a budget still caps spend. */
export const CONSERVATIVE_PRICE: Readonly<ModelPrice> = Object.freeze({ input: 15, output: 60 });

export const PRICES_SETTING_KEY = 'prices';

export class UnknownModelPriceError extends Error {
  override name = 'UnknownModelPriceError';
  constructor(readonly model: string) {
    super(
      `no price known for model "${model}" on a remote server; add it to the price table ` +
        `(setting "prices": {"${model}": {"input": <USD per 1M tokens>, "output": <USD per 1M tokens>}})`,
    );
  }
}

function isPrice(v: unknown): v is ModelPrice {
  const p = v as ModelPrice;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.input === 'number' &&
    typeof p.output === 'number' &&
    Number.isFinite(p.input) &&
    Number.isFinite(p.output) &&
    p.input >= 0 &&
    p.output >= 0
  );
}

/** Defaults with the user's overrides from settings('prices') merged over them; malformed entries are ignored
 * rather than fatal, because a typo in a setting must not stop a batch. */
export function loadPrices(db: Db | null): PriceTable {
  const table: PriceTable = { ...DEFAULT_PRICES };
  if (!db) return table;
  const json = readSettingJson(db, PRICES_SETTING_KEY);
  if (json === undefined) return table;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return table;
  }
  return mergePrices(table, parsed);
}

export function mergePrices(base: PriceTable, overrides: unknown): PriceTable {
  const out: PriceTable = { ...base };
  if (!overrides || typeof overrides !== 'object') return out;
  for (const [model, p] of Object.entries(overrides as Record<string, unknown>)) {
    if (isPrice(p)) out[model.toLowerCase()] = { input: p.input, output: p.output };
  }
  return out;
}

/** Writes the user's overrides (only the overrides: defaults keep tracking new releases). */
export function savePriceOverrides(db: Db, overrides: PriceTable): void {
  writeSetting(db, PRICES_SETTING_KEY, overrides);
}

export function isLocalBaseUrl(baseUrl: string | null | undefined): boolean {
  if (!baseUrl) return false;
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Exact name first, then the longest table key the model name starts with, so dated snapshots
 * ("gpt-4o-mini-2024-07-18") price like their family while "gpt-4o-mini" never matches "gpt-4o". */
export function findPrice(table: PriceTable, model: string): ModelPrice | null {
  const m = model.toLowerCase().replace(/^openai\//, '');
  const exact = table[m];
  if (exact) return exact;
  let best: string | null = null;
  for (const k of Object.keys(table)) {
    if (m.startsWith(`${k}-`) && (best === null || k.length > best.length)) best = k;
  }
  return best ? table[best]! : null;
}

export interface ResolvedPrice extends ModelPrice {
  /** How the price was chosen, for logs and the estimate. */
  basis: 'table' | 'local' | 'conservative';
}

/**
 * A known model is priced from the table even on a local URL (it may be a proxy to the paid API); an unknown
 * model on a local server is a local model and free. An unknown remote model throws unless `conservative`.
 */
export function resolvePrice(
  table: PriceTable,
  model: string,
  baseUrl: string | null | undefined,
  opts: { conservative?: boolean } = {},
): ResolvedPrice {
  const p = findPrice(table, model);
  if (p) return { ...p, basis: 'table' };
  if (isLocalBaseUrl(baseUrl)) return { input: 0, output: 0, basis: 'local' };
  if (opts.conservative) return { ...CONSERVATIVE_PRICE, basis: 'conservative' };
  throw new UnknownModelPriceError(model);
}

/**
 * Cost in nano-dollars (integer): the budget adds and compares integers so a cap of $0.003 holds exactly five
 * $0.0006 calls instead of four-and-a-rounding-error.
 */
export function costNanos(price: ModelPrice, tokensIn: number, tokensOut: number): number {
  return Math.round(tokensIn * price.input * 1000) + Math.round(tokensOut * price.output * 1000);
}

export const nanosToUsd = (n: number): number => n / 1e9;
export const usdToNanos = (usd: number): number => Math.round(usd * 1e9);

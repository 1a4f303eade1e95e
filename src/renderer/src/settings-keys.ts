/**
 * The settings keys the UI edits (engine.getSettings/setSettings). Batch defaults live under these names;
 * unknown keys are shown read-only so nothing the engine stores is hidden.
 */
export interface Defaults {
  workers: number;
  ocrLang: string;
  extract: 'rules' | 'llm-review' | 'llm-all';
  llmBaseUrl: string;
  llmModel: string;
  budgetUsd: number | null;
}

export type PriceTable = Record<string, { inputPerM: number; outputPerM: number }>;

export function readDefaults(s: Record<string, unknown>): Defaults {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const str = (v: unknown, d: string) => (typeof v === 'string' && v ? v : d);
  const llm = (s.llm && typeof s.llm === 'object' ? s.llm : {}) as Record<string, unknown>;
  const extract = s.extract === 'llm-review' || s.extract === 'llm-all' ? s.extract : 'rules';
  return {
    workers: num(s.workers, 2),
    ocrLang: str(s.ocrLang, 'eng'),
    extract,
    llmBaseUrl: str(s.llmBaseUrl ?? llm.baseUrl, 'https://api.openai.com/v1'),
    llmModel: str(s.llmModel ?? llm.model, 'gpt-4o-mini'),
    budgetUsd: typeof s.budgetUsd === 'number' ? s.budgetUsd : null,
  };
}

export function readPrices(s: Record<string, unknown>): PriceTable {
  const raw = (s.prices && typeof s.prices === 'object' ? s.prices : {}) as Record<string, unknown>;
  const out: PriceTable = {};
  for (const [model, v] of Object.entries(raw)) {
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    const i = Number(o.inputPerM ?? o.input ?? o.in);
    const p = Number(o.outputPerM ?? o.output ?? o.out);
    if (Number.isFinite(i) && Number.isFinite(p)) out[model] = { inputPerM: i, outputPerM: p };
  }
  return out;
}

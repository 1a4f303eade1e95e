import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchBudget } from '../../../../src/engine/llm/cost/budget.js';
import { estimateFromTexts, estimateWithStore, TYPICAL_OCR_PAGE_TOKENS } from '../../../../src/engine/llm/cost/estimate.js';
import { recordLlmCall } from '../../../../src/engine/llm/cost/ledger.js';
import {
  costNanos,
  DEFAULT_PRICES,
  findPrice,
  isLocalBaseUrl,
  loadPrices,
  resolvePrice,
  savePriceOverrides,
  UnknownModelPriceError,
} from '../../../../src/engine/llm/cost/prices.js';
import { countTokens, encodingFor } from '../../../../src/engine/llm/cost/tokens.js';
import { buildPrompt, TYPICAL_OUTPUT_TOKENS } from '../../../../src/engine/llm/prompt.js';
import { registerEstimateCommand } from '../../../../src/hosts/cli/estimate.js';
import { openDb, type Db } from '../../../../src/engine/store/db.js';
import { tempDir } from '../helpers.js';

let dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs) if (d.open) d.close();
  dbs = [];
  vi.restoreAllMocks();
});
const freshDb = () => {
  const db = openDb(tempDir());
  dbs.push(db);
  return db;
};

describe('prices', () => {
  it('has the published gpt-4o-mini price and prices dated snapshots like their family', () => {
    expect(DEFAULT_PRICES['gpt-4o-mini']).toEqual({ input: 0.15, output: 0.6 });
    expect(findPrice(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(findPrice(DEFAULT_PRICES, 'gpt-4o-2024-08-06')).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(findPrice(DEFAULT_PRICES, 'gpt-4.1-nano')).toEqual({ input: 0.1, output: 0.4 });
    expect(findPrice(DEFAULT_PRICES, 'mystery')).toBeNull();
  });

  it('computes exact costs in integer nano-dollars', () => {
    expect(costNanos({ input: 0.15, output: 0.6 }, 2000, 500)).toBe(600_000);
    expect(5 * costNanos({ input: 0.15, output: 0.6 }, 2000, 500)).toBe(3_000_000);
  });

  it('tells local servers apart and prices them', () => {
    for (const u of ['http://localhost:11434/v1', 'http://127.0.0.1:8080/v1', 'http://[::1]:1234/v1']) expect(isLocalBaseUrl(u)).toBe(true);
    for (const u of ['https://api.openai.com/v1', 'http://10.0.0.5/v1', 'not a url']) expect(isLocalBaseUrl(u)).toBe(false);
    expect(resolvePrice(DEFAULT_PRICES, 'llama3.1:8b', 'http://localhost:11434/v1')).toEqual({ input: 0, output: 0, basis: 'local' });
    // a known model behind a local URL may be a proxy to the paid API: table price
    expect(resolvePrice(DEFAULT_PRICES, 'gpt-4o-mini', 'http://127.0.0.1:9/v1')).toMatchObject({ input: 0.15, basis: 'table' });
    expect(() => resolvePrice(DEFAULT_PRICES, 'mystery-model', 'https://api.example.com/v1')).toThrow(UnknownModelPriceError);
    expect(resolvePrice(DEFAULT_PRICES, 'mystery-model', 'https://api.example.com/v1', { conservative: true }).basis).toBe('conservative');
  });

  it('merges user overrides from settings over the defaults and ignores malformed ones', () => {
    const db = freshDb();
    savePriceOverrides(db, { 'gpt-4o-mini': { input: 1, output: 2 }, 'my-model': { input: 3, output: 4 } });
    const t = loadPrices(db);
    expect(t['gpt-4o-mini']).toEqual({ input: 1, output: 2 });
    expect(t['my-model']).toEqual({ input: 3, output: 4 });
    expect(t['gpt-4o']).toEqual(DEFAULT_PRICES['gpt-4o']);
    db.prepare("UPDATE settings SET value = ? WHERE key = 'prices'").run(
      JSON.stringify({ 'gpt-4o': { input: 'x' }, ok: { input: 0, output: 1 } }),
    );
    expect(loadPrices(db)['gpt-4o']).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(loadPrices(db).ok).toEqual({ input: 0, output: 1 });
    db.prepare("UPDATE settings SET value = 'not json' WHERE key = 'prices'").run();
    expect(loadPrices(db)).toEqual({ ...DEFAULT_PRICES });
  });
});

describe('budget', () => {
  it('reserves worst cases so concurrent calls cannot overshoot, and settles on real usage', () => {
    const b = new BatchBudget(0.003);
    const r1 = b.tryReserve(1_000_000);
    const r2 = b.tryReserve(1_000_000);
    const r3 = b.tryReserve(1_000_000);
    expect([r1, r2, r3].every((r) => typeof r === 'object')).toBe(true);
    expect(b.tryReserve(1)).toBe('wait');
    b.settle(r1 as never, 600_000);
    b.settle(r2 as never, 600_000);
    b.release(r3 as never);
    expect(b.spentUsd).toBeCloseTo(0.0012, 12);
    expect(b.reservedUsd).toBe(0);
    expect(b.tryReserve(1_800_001)).toBe('exhausted');
    expect(typeof b.tryReserve(1_800_000)).toBe('object');
  });

  it('waits for in-flight reservations before refusing', async () => {
    const b = new BatchBudget(0.002);
    const r1 = b.tryReserve(1_500_000) as never;
    const pending = b.reserve(1_000_000);
    b.settle(r1, 600_000);
    const r2 = await pending;
    expect(r2).toMatchObject({ nanos: 1_000_000 });
    b.settle(r2!, 1_000_000);
    expect(await b.reserve(1_000_000)).toBeNull();
  });

  it('raises reservations when the server bills more prompt tokens than counted', () => {
    const b = new BatchBudget(null);
    const price = { input: 0.15, output: 0.6 };
    const before = b.worstCaseNanos(price, 500, 1000);
    b.observe(500, { tokensIn: 2000, tokensOut: 500 });
    expect(b.worstCaseNanos(price, 500, 1000)).toBeGreaterThan(before);
    expect(b.worstCaseNanos(price, 500, 1000)).toBeGreaterThanOrEqual(costNanos(price, 2000, 1000));
  });

  it('starts from the ledger after a restart', () => {
    const dir = tempDir();
    let db = openDb(dir);
    recordLlmCall(db, {
      batchId: 7,
      documentId: null,
      model: 'gpt-4o-mini',
      tokensIn: 2000,
      tokensOut: 500,
      costUsd: 0.0006,
      requestId: 'r',
      cached: false,
    });
    recordLlmCall(db, {
      batchId: 7,
      documentId: null,
      model: 'gpt-4o-mini',
      tokensIn: 2000,
      tokensOut: 500,
      costUsd: 0,
      requestId: null,
      cached: true,
    });
    recordLlmCall(db, {
      batchId: 8,
      documentId: null,
      model: 'gpt-4o-mini',
      tokensIn: 1,
      tokensOut: 1,
      costUsd: 1,
      requestId: null,
      cached: false,
    });
    db.close();
    db = openDb(dir);
    dbs.push(db);
    const b = BatchBudget.forBatch(db, 7, 0.001);
    expect(b.spentUsd).toBeCloseTo(0.0006, 12);
    expect(b.tryReserve(400_001)).toBe('exhausted');
  });
});

describe('estimate', () => {
  it('counts the exact prompt tokens with the model family tokenizer plus a typical answer', () => {
    expect(encodingFor('gpt-4o-mini')).toBe('o200k_base');
    expect(encodingFor('gpt-3.5-turbo')).toBe('cl100k_base');
    const text = 'ACME GmbH\nRechnung Nr. 2024-001\nDatum 01.03.2024\nSumme 1.234,56 EUR\n';
    const e = estimateFromTexts([{ pages: [{ text, needsOcr: false }] }], 'gpt-4o-mini', DEFAULT_PRICES);
    const p = buildPrompt([{ index: 0, text }], 'gpt-4o-mini');
    expect(e.tokensIn).toBe(p.promptTokens);
    expect(p.promptTokens).toBeGreaterThan(countTokens(text, 'gpt-4o-mini'));
    expect(e).toMatchObject({ documents: 1, pages: 1, ocrPages: 0, tokensOut: TYPICAL_OUTPUT_TOKENS, model: 'gpt-4o-mini' });
    expect(e.costUsd).toBeCloseTo(costNanos(DEFAULT_PRICES['gpt-4o-mini']!, e.tokensIn, e.tokensOut) / 1e9, 15);
  });

  it('assumes a typical page for scans not yet OCRed and skips documents with nothing to send', () => {
    const model = 'gpt-4o';
    const one = estimateFromTexts([{ pages: [{ text: null, needsOcr: true }] }], model, DEFAULT_PRICES);
    const empty = buildPrompt([{ index: 0, text: '' }], model).promptTokens;
    expect(one).toMatchObject({ pages: 1, ocrPages: 1, tokensIn: empty + TYPICAL_OCR_PAGE_TOKENS });
    const none = estimateFromTexts([{ pages: [{ text: '', needsOcr: false }] }], model, DEFAULT_PRICES);
    expect(none).toMatchObject({ documents: 1, tokensIn: 0, tokensOut: 0, costUsd: 0 });
  });

  it('uses price overrides from the store, is free for local models, and refuses unknown remote ones', () => {
    const db = freshDb();
    const docs = [{ pages: [{ text: 'Invoice 1 total 10.00', needsOcr: false }] }];
    const base = estimateWithStore(db, docs, 'gpt-4o-mini');
    savePriceOverrides(db, { 'gpt-4o-mini': { input: 1.5, output: 6 } });
    const dear = estimateWithStore(db, docs, 'gpt-4o-mini');
    expect(dear.costUsd).toBeCloseTo(base.costUsd * 10, 12);
    expect(estimateWithStore(db, docs, 'qwen2.5', { baseUrl: 'http://localhost:11434/v1' }).costUsd).toBe(0);
    expect(() => estimateWithStore(db, docs, 'qwen2.5')).toThrow(/no price known for model "qwen2.5"/);
  });
});

describe('docket estimate', () => {
  async function run(args: string[]) {
    const program = new Command().exitOverride();
    const calls: unknown[] = [];
    registerEstimateCommand(program, {
      estimateForPaths: async (paths, model, opts) => {
        calls.push({ paths, model, opts });
        return { documents: 3, pages: 5, ocrPages: 2, tokensIn: 4200, tokensOut: 1050, costUsd: 0.00126, model };
      },
    });
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(((s: string) => ((out += s), true)) as never);
    await program.parseAsync(['node', 'docket', 'estimate', ...args]);
    vi.restoreAllMocks();
    return { out, calls };
  }

  it('prints one JSON object with --json', async () => {
    const { out, calls } = await run(['a.pdf', 'dir', '--llm-model', 'gpt-4.1-mini', '--data', '/tmp/d', '--json']);
    expect(calls).toEqual([{ paths: ['a.pdf', 'dir'], model: 'gpt-4.1-mini', opts: { dataDir: '/tmp/d' } }]);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({
      documents: 3,
      pages: 5,
      ocrPages: 2,
      tokensIn: 4200,
      tokensOut: 1050,
      costUsd: 0.00126,
      model: 'gpt-4.1-mini',
    });
  });

  it('prints a table by default with gpt-4o-mini', async () => {
    const { out } = await run(['a.pdf']);
    expect(out).toMatch(/model\s+gpt-4o-mini/);
    expect(out).toMatch(/documents\s+3/);
    expect(out).toMatch(/tokens in\s+4,200/);
    expect(out).toMatch(/estimated cost\s+\$0\.00126\n/);
  });
});

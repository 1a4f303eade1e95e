import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/engine/store/db.js';
import { createLlmExtractor, type LlmExtractorConfig } from '../../../src/engine/llm/extractor.js';
import { ledgerRows } from '../../../src/engine/llm/cost/ledger.js';
import { listEvents } from '../../../src/engine/store/events.js';
import { INVOICE_ANSWER, invoiceText, startFakeOpenAI, type FakeServer } from './fake-openai.js';
import { docCostSum, ledgerSum, openDb, seed, tempDir } from './helpers.js';

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const CALL = 0.0006; // 2000 in × $0.15/M + 500 out × $0.60/M

let servers: FakeServer[] = [];
let dbs: Db[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  for (const d of dbs) if (d.open) d.close();
  servers = [];
  dbs = [];
});

async function setup(fallback?: FakeServer['fallback']) {
  const srv = await startFakeOpenAI(fallback);
  servers.push(srv);
  const dir = tempDir();
  const db = openDb(dir);
  dbs.push(db);
  return { srv, db, dir };
}

function cfg(srv: FakeServer, batchId: number, extra: Partial<LlmExtractorConfig> = {}): LlmExtractorConfig {
  return { batchId, baseUrl: srv.url, model: 'gpt-4o-mini', apiKey: 'test-key', retry: FAST, ...extra };
}

const input = (batchId: number, documentId: number, text = invoiceText(documentId)) => ({
  batchId,
  documentId,
  pages: [{ index: 0, text }],
  rules: null,
});

describe('LLM extractor', () => {
  it('answers, maps to an ExtractionResult with origin llm and located sources, and records the ledger', async () => {
    const { srv, db } = await setup();
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cached).toBe(false);
    expect(r.costUsd).toBeCloseTo(CALL, 12);
    expect(r.result.docType).toBe('invoice');
    const total = r.result.fields.find((f) => f.name === 'total')!;
    expect(total).toMatchObject({ value: '121.00', origin: 'llm', confidence: 0.9 });
    expect(total.source).toMatchObject({ page: 0 });
    expect(invoiceText(docIds[0]!).slice(total.source!.start, total.source!.end)).toContain('121.00');
    expect(r.result.fields.find((f) => f.name === 'issue_date')).toMatchObject({ value: '2024-03-01' });
    expect(r.result.needsReview).toBe(false);

    const body = srv.received[0]!.body;
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    expect(body.max_tokens).toBeGreaterThan(0);
    expect(srv.received[0]!.headers['x-stainless-retry-count']).toBe('0');

    const rows = ledgerRows(db, { batchId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      documentId: docIds[0],
      model: 'gpt-4o-mini',
      tokensIn: 2000,
      tokensOut: 500,
      cached: false,
      requestId: 'req_1',
    });
    expect(docCostSum(db, batchId)).toBeCloseTo(CALL, 12);
    expect(x.spentUsd()).toBeCloseTo(CALL, 12);
  });

  it('never exceeds the budget with many concurrent extract() calls, and the ledger equals real usage', async () => {
    const { srv, db } = await setup({ kind: 'answer', content: INVOICE_ANSWER, delayMs: 80 });
    const { batchId, docIds } = seed(db, 12);
    const x = createLlmExtractor(db, cfg(srv, batchId, { budgetUsd: 0.003, concurrency: 4 }));
    const outcomes = await Promise.all(docIds.map((id) => x.extract(input(batchId, id))));
    const ok = outcomes.filter((o) => o.ok);
    expect(srv.answered).toBeGreaterThanOrEqual(1);
    expect(srv.answered).toBeLessThanOrEqual(5);
    expect(srv.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(srv.maxInFlight).toBeLessThanOrEqual(4);
    expect(ok).toHaveLength(srv.answered);
    const spent = ledgerSum(db, batchId);
    expect(spent).toBeLessThanOrEqual(0.003 + 1e-12);
    expect(Math.abs(spent - srv.answered * CALL)).toBeLessThan(1e-9);
    expect(Math.abs(docCostSum(db, batchId) - spent)).toBeLessThan(1e-12);
    for (const o of outcomes) if (!o.ok) expect(o.reason).toMatch(/^budget reached/);
  });

  it('holds the budget against the acceptance scenario: flaky server (500 / 429 retry-after 1s), 2 workers', async () => {
    const { srv, db } = await setup((k) =>
      k % 3 === 0
        ? k % 2
          ? { kind: 'error', status: 500, message: 'upstream failure' }
          : { kind: 'error', status: 429, message: 'rate limited', headers: { 'retry-after': '1' } }
        : { kind: 'answer', content: { ...INVOICE_ANSWER, vendor: 'Acme' }, delayMs: 50 },
    );
    const { batchId, docIds } = seed(db, 8);
    const x = createLlmExtractor(db, {
      batchId,
      baseUrl: srv.url,
      model: 'gpt-4o-mini',
      apiKey: 'test-key',
      budgetUsd: 0.003,
      concurrency: 2,
    });
    // two scheduler workers: two documents in flight at a time
    const queue = [...docIds];
    const results: boolean[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) results.push((await x.extract(input(batchId, id))).ok);
      }),
    );
    const spent = ledgerSum(db, batchId);
    expect(srv.answered).toBeGreaterThanOrEqual(1);
    expect(srv.answered).toBeLessThanOrEqual(5);
    expect(spent).toBeLessThanOrEqual(0.003 + 1e-12);
    expect(Math.abs(spent - srv.answered * CALL)).toBeLessThan(1e-6);
    expect(results.filter(Boolean)).toHaveLength(srv.answered);
  });

  it('serves a duplicate from the cache after a restart (new extractor, re-opened db) without paying', async () => {
    const { srv, db, dir } = await setup();
    const { batchId, docIds } = seed(db, 1);
    const a = createLlmExtractor(db, cfg(srv, batchId));
    expect((await a.extract(input(batchId, docIds[0]!, invoiceText('same')))).ok).toBe(true);
    a.close();
    db.close();

    const db2 = openDb(dir);
    dbs.push(db2);
    const { batchId: b2, docIds: d2 } = seed(db2, 1);
    const b = createLlmExtractor(db2, cfg(srv, b2));
    const r = await b.extract(input(b2, d2[0]!, invoiceText('same')));
    expect(r).toMatchObject({ ok: true, cached: true, costUsd: 0 });
    expect(srv.answered).toBe(1);
    expect(ledgerRows(db2, { batchId: b2 })).toMatchObject([{ cached: true, costUsd: 0, tokensIn: 2000 }]);
    expect(ledgerSum(db2, b2)).toBe(0);
  });

  it('pays once for concurrent duplicates in one batch', async () => {
    const { srv, db } = await setup({ kind: 'answer', content: INVOICE_ANSWER, delayMs: 50 });
    const { batchId, docIds } = seed(db, 3);
    const x = createLlmExtractor(db, cfg(srv, batchId, { concurrency: 3 }));
    const rs = await Promise.all(docIds.map((id) => x.extract(input(batchId, id, invoiceText('dup')))));
    expect(rs.every((r) => r.ok)).toBe(true);
    expect(srv.answered).toBe(1);
    expect(rs.filter((r) => r.ok && r.cached)).toHaveLength(2);
    expect(ledgerSum(db, batchId)).toBeCloseTo(CALL, 12);
  });

  it('retries 500 and 429 (honouring Retry-After) and then succeeds, paying only the answered call', async () => {
    const { srv, db } = await setup();
    srv.script.push(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'error', status: 503 },
    );
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r.ok).toBe(true);
    expect(srv.received).toHaveLength(4);
    expect(srv.received[2]!.at - srv.received[1]!.at).toBeGreaterThanOrEqual(990);
    expect(ledgerRows(db, { batchId })).toHaveLength(1);
    expect(ledgerSum(db, batchId)).toBeCloseTo(CALL, 12);
  });

  it('retries a malformed response body and a timeout; the possibly-billed attempts are charged at worst case', async () => {
    const { srv, db } = await setup();
    srv.script.push({ kind: 'raw', status: 200, body: '{"id": "x", "choices": [' }, { kind: 'hang' });
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId, { timeoutMs: 300 }));
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r.ok).toBe(true);
    expect(srv.received).toHaveLength(3);
    const rows = ledgerRows(db, { batchId });
    expect(rows).toHaveLength(3);
    expect(rows.slice(0, 2).every((row) => row.requestId === null && row.costUsd > CALL / 2)).toBe(true);
    expect(rows[2]).toMatchObject({ tokensIn: 2000, tokensOut: 500, requestId: 'req_3' });
    expect(Math.abs(ledgerSum(db, batchId) - x.spentUsd())).toBeLessThan(1e-9);
  });

  it('gives up after bounded retries on a refused connection without charging anything', async () => {
    const { srv, db } = await setup();
    const url = srv.url;
    await srv.close();
    servers = [];
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, {
      batchId,
      baseUrl: url,
      model: 'gpt-4o-mini',
      retry: { ...FAST, maxAttempts: 3 },
      breaker: { threshold: 10 },
    });
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/LLM unavailable: connection failed.*after 3 attempts/);
    expect(ledgerRows(db, { batchId })).toHaveLength(0);
  });

  it('opens the circuit breaker after repeated failures, logs why, refuses at once, and closes after a probe', async () => {
    const { srv, db } = await setup({ kind: 'error', status: 500, message: 'upstream failure' });
    const { batchId, docIds } = seed(db, 4);
    const x = createLlmExtractor(db, cfg(srv, batchId, { retry: { ...FAST, maxAttempts: 2 }, breaker: { threshold: 3, cooldownMs: 300 } }));
    const r1 = await x.extract(input(batchId, docIds[0]!));
    expect(r1).toMatchObject({ ok: false });
    const r2 = await x.extract(input(batchId, docIds[1]!));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.reason).toMatch(/^LLM unavailable: circuit open after 3 failures \(last: 500 upstream failure\)/);
    const before = srv.received.length;
    const r3 = await x.extract(input(batchId, docIds[2]!));
    expect(r3.ok).toBe(false);
    expect(srv.received.length).toBe(before);

    const opened = listEvents(db, { batchId }).filter((e) => e.kind === 'llm.circuit_open');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.message).toMatch(/circuit open after 3 failures.*paused/);
    expect(ledgerRows(db, { batchId })).toHaveLength(0);

    srv.fallback = { kind: 'answer', content: INVOICE_ANSWER };
    await new Promise((r) => setTimeout(r, 350));
    const r4 = await x.extract(input(batchId, docIds[3]!));
    expect(r4.ok).toBe(true);
    expect(listEvents(db, { batchId }).some((e) => e.kind === 'llm.circuit_closed')).toBe(true);
  });

  it('stops for good on an authentication failure', async () => {
    const { srv, db } = await setup({ kind: 'error', status: 401, message: 'Incorrect API key provided' });
    const { batchId, docIds } = seed(db, 2);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    const r1 = await x.extract(input(batchId, docIds[0]!));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.reason).toMatch(/LLM unavailable: 401 Incorrect API key/);
    await x.extract(input(batchId, docIds[1]!));
    expect(srv.received).toHaveLength(1);
    expect(listEvents(db, { batchId }).some((e) => e.kind === 'llm.circuit_open' && /401/.test(e.message))).toBe(true);
  });

  it('re-asks once when the answer breaks the schema, then gives up with that reason (both calls paid)', async () => {
    const { srv, db } = await setup();
    srv.script.push(
      { kind: 'answer', content: 'Sure! The vendor is Acme.' },
      { kind: 'answer', content: { document_type: 'invoice', total: { amount: 121 } } },
    );
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^LLM answer did not match the schema twice/);
    expect(srv.answered).toBe(2);
    expect(ledgerSum(db, batchId)).toBeCloseTo(2 * CALL, 12);
    expect(listEvents(db, { batchId }).filter((e) => e.kind === 'llm.schema')).toHaveLength(2);
  });

  it('accepts the re-asked answer when the second one is valid, and reports the cost of both', async () => {
    const { srv, db } = await setup();
    srv.script.push({ kind: 'answer', content: '[1, 2, 3]' });
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.costUsd).toBeCloseTo(2 * CALL, 12);
  });

  it('falls back to json_object when the server rejects json_schema', async () => {
    const { srv, db } = await setup();
    srv.script.push({ kind: 'error', status: 400, message: "response_format 'json_schema' is not supported by this server" });
    const { batchId, docIds } = seed(db, 2);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    expect((await x.extract(input(batchId, docIds[0]!))).ok).toBe(true);
    expect((await x.extract(input(batchId, docIds[1]!))).ok).toBe(true);
    expect(srv.received.map((r) => (r.body.response_format as { type: string }).type)).toEqual([
      'json_schema',
      'json_object',
      'json_object',
    ]);
  });

  it('keeps rules fields the model left empty, and validates with the rules validator', async () => {
    const { srv, db } = await setup({ kind: 'answer', content: { ...INVOICE_ANSWER, vendor_tax_id: null, subtotal: 90 } });
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    const rules = {
      docType: 'invoice' as const,
      docTypeConfidence: 0.8,
      fields: [
        {
          name: 'vendor_tax_id' as const,
          value: 'GB123456789',
          raw: 'GB123456789',
          confidence: 0.95,
          source: null,
          origin: 'rules' as const,
        },
      ],
      lineItems: [],
      issues: [],
      confidence: 0.5,
      needsReview: true,
    };
    const r = await x.extract({ ...input(batchId, docIds[0]!), rules });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.fields.find((f) => f.name === 'vendor_tax_id')).toMatchObject({ origin: 'rules', value: 'GB123456789' });
    expect(r.result.issues.map((i) => i.code)).toContain('totals_mismatch');
    expect(r.result.needsReview).toBe(true);
  });

  it('resumes the budget from the ledger after a restart', async () => {
    const { srv, db, dir } = await setup();
    const { batchId, docIds } = seed(db, 3);
    const a = createLlmExtractor(db, cfg(srv, batchId, { budgetUsd: 0.0012 }));
    expect((await a.extract(input(batchId, docIds[0]!))).ok).toBe(true);
    db.close();
    const db2 = openDb(dir);
    dbs.push(db2);
    const b = createLlmExtractor(db2, cfg(srv, batchId, { budgetUsd: 0.0012 }));
    expect(b.spentUsd()).toBeCloseTo(CALL, 12);
    // $0.0006 spent; the next worst case (~500 prompt tokens + 1200 output cap ≈ $0.0008) no longer fits
    const r = await b.extract(input(batchId, docIds[1]!));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^budget reached \(\$0\.0006 of \$0\.0012 spent/);
    expect(srv.received).toHaveLength(1);
    expect(ledgerSum(db2, batchId)).toBeCloseTo(CALL, 12);
  });

  it('close() ends pending calls with ok:false and no further requests', async () => {
    const { srv, db } = await setup({ kind: 'hang' });
    const { batchId, docIds } = seed(db, 2);
    const x = createLlmExtractor(db, cfg(srv, batchId, { concurrency: 1 }));
    const p = Promise.all(docIds.map((id) => x.extract(input(batchId, id))));
    await new Promise((r) => setTimeout(r, 100));
    x.close();
    const rs = await p;
    expect(rs.every((r) => !r.ok && r.reason === 'LLM extraction stopped')).toBe(true);
    expect(srv.received).toHaveLength(1);
  });

  it('refuses a document with no text without calling the server', async () => {
    const { srv, db } = await setup();
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, cfg(srv, batchId));
    expect(await x.extract(input(batchId, docIds[0]!, '  \n'))).toEqual({ ok: false, reason: 'no text to send to the LLM' });
    expect(srv.received).toHaveLength(0);
  });

  it('prices an unknown model on a local server at zero and sends a dummy key', async () => {
    const { srv, db } = await setup();
    const { batchId, docIds } = seed(db, 1);
    const x = createLlmExtractor(db, { batchId, baseUrl: srv.url, model: 'llama3.1:8b', budgetUsd: 0, retry: FAST });
    const r = await x.extract(input(batchId, docIds[0]!));
    expect(r).toMatchObject({ ok: true, costUsd: 0 });
    expect(srv.received[0]!.headers.authorization).toMatch(/^Bearer \S+/);
    expect(ledgerRows(db, { batchId })).toMatchObject([{ costUsd: 0, tokensIn: 2000 }]);
  });
});

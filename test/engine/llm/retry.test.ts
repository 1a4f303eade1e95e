import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/engine/llm/breaker.js';
import { backoffDelay, classifyError, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../../src/engine/llm/retry.js';
import { ANSWER_JSON_SCHEMA, buildPrompt, MAX_DOCUMENT_TOKENS, PROMPT_VERSION } from '../../../src/engine/llm/prompt.js';
import { parseAnswer } from '../../../src/engine/llm/answer.js';
import { countTokens } from '../../../src/engine/llm/cost/tokens.js';

const apiError = (status: number, message: string, headers: Record<string, string> = {}, code?: string) =>
  APIError.generate(status, { error: { message, ...(code ? { code } : {}) } }, undefined, new Headers(headers));

describe('retry classification', () => {
  it('reads retry-after-ms, Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers())).toBeNull();
  });

  it('retries 429 / 5xx / timeouts / connection errors / malformed bodies, not bad keys or bad requests', () => {
    expect(classifyError(apiError(429, 'slow down', { 'retry-after': '1' }))).toMatchObject({
      kind: 'rate_limit',
      retryable: true,
      retryAfterMs: 1000,
      maybeBilled: false,
    });
    expect(classifyError(apiError(429, 'quota', {}, 'insufficient_quota'))).toMatchObject({ kind: 'fatal', retryable: false });
    expect(classifyError(apiError(503, 'busy'))).toMatchObject({ kind: 'server', retryable: true });
    expect(classifyError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'timeout', retryable: true, maybeBilled: true });
    const refused = new APIConnectionError({ cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(classifyError(refused)).toMatchObject({ kind: 'connection', retryable: true, maybeBilled: false });
    expect(classifyError(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ kind: 'malformed', retryable: true });
    expect(classifyError(apiError(401, 'bad key'))).toMatchObject({ kind: 'fatal', retryable: false });
    expect(classifyError(apiError(404, 'model not found'))).toMatchObject({ kind: 'fatal' });
    expect(classifyError(apiError(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported"))).toMatchObject({
      kind: 'format_rejected',
    });
    expect(classifyError(apiError(400, 'context length exceeded'))).toMatchObject({ kind: 'rejected', retryable: false });
  });

  it('backs off exponentially with jitter, capped, and never waits less than Retry-After', () => {
    const p = DEFAULT_RETRY_POLICY;
    for (const r of [0, 0.5, 0.999]) {
      const d1 = backoffDelay(1, { retryAfterMs: null }, p, () => r);
      const d3 = backoffDelay(3, { retryAfterMs: null }, p, () => r);
      expect(d1).toBeGreaterThanOrEqual(p.baseDelayMs / 2);
      expect(d1).toBeLessThanOrEqual(p.baseDelayMs);
      expect(d3).toBeGreaterThanOrEqual(2 * p.baseDelayMs);
      expect(backoffDelay(30, { retryAfterMs: null }, p, () => r)).toBeLessThanOrEqual(p.maxDelayMs);
      expect(backoffDelay(1, { retryAfterMs: 1000 }, p, () => r)).toBeGreaterThanOrEqual(1000);
    }
  });
});

describe('circuit breaker', () => {
  const fail = { kind: 'server' as const, retryable: true, retryAfterMs: null, maybeBilled: false, status: 500, message: '500 boom' };

  it('opens after N consecutive failures, half-opens one probe after the cooldown, and resets on success', () => {
    let now = 0;
    const opened: string[] = [];
    let closed = 0;
    const b = new CircuitBreaker({
      threshold: 3,
      cooldownMs: 1000,
      now: () => now,
      onOpen: (r) => opened.push(r),
      onClose: () => closed++,
    });
    b.failure(fail);
    b.failure(fail);
    b.success();
    b.failure(fail);
    b.failure(fail);
    expect(b.current).toBe('closed');
    b.failure(fail);
    expect(b.current).toBe('open');
    expect(opened).toEqual(['LLM unavailable: circuit open after 3 failures (last: 500 boom)']);
    expect(b.acquire()).toEqual({ ok: false, reason: opened[0] });
    now = 1000;
    expect(b.acquire()).toEqual({ ok: true, probe: true });
    expect(b.acquire().ok).toBe(false);
    b.failure(fail);
    expect(b.current).toBe('open');
    expect(opened).toHaveLength(2);
    now = 2000;
    expect(b.acquire()).toEqual({ ok: true, probe: true });
    b.success();
    expect(b.current).toBe('closed');
    expect(closed).toBe(1);
  });

  it('stays open for good on a fatal error', () => {
    let now = 0;
    const b = new CircuitBreaker({ now: () => now, cooldownMs: 10 });
    b.failure({ ...fail, kind: 'fatal', message: '401 bad key' });
    now = 1e9;
    expect(b.acquire()).toEqual({ ok: false, reason: 'LLM unavailable: 401 bad key' });
  });
});

describe('prompt', () => {
  it('is versioned, asks for a strict JSON schema built from zod, and truncates huge documents', () => {
    expect(PROMPT_VERSION).toMatch(/^extract-v\d+$/);
    expect(ANSWER_JSON_SCHEMA).toMatchObject({ type: 'object', additionalProperties: false });
    expect(ANSWER_JSON_SCHEMA.$schema).toBeUndefined();
    expect((ANSWER_JSON_SCHEMA.required as string[]).sort()).toEqual(Object.keys(ANSWER_JSON_SCHEMA.properties as object).sort());
    const huge = buildPrompt([{ index: 0, text: 'Invoice line 12.00 EUR widget\n'.repeat(10_000) }], 'gpt-4o-mini');
    expect(huge.truncated).toBe(true);
    expect(countTokens(huge.text, 'gpt-4o-mini')).toBeLessThanOrEqual(MAX_DOCUMENT_TOKENS);
  });

  it('accepts fenced JSON and lenient shapes, rejects broken ones', () => {
    expect(parseAnswer('```json\n{"document_type":"invoice","total":"121.00"}\n```').ok).toBe(true);
    expect(parseAnswer('{"vendor":"Acme","invoice_number":"1"}').ok).toBe(true);
    expect(parseAnswer('not json').ok).toBe(false);
    expect(parseAnswer('[1,2]').ok).toBe(false);
    expect(parseAnswer('{"total":{"amount":1}}').ok).toBe(false);
    expect(parseAnswer('{"line_items":"none"}').ok).toBe(false);
  });
});

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { MalformedResponseError } from './client.js';

export type FailureKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'malformed'
  /** The server does not support the response_format we asked for; ask the next way, not again. */
  | 'format_rejected'
  /** Will fail the same way for every document (bad key, unknown model, bad URL): stop the batch's LLM use. */
  | 'fatal'
  /** Bad request for this document only (e.g. context too long). */
  | 'rejected'
  | 'aborted';

export interface Failure {
  kind: FailureKind;
  retryable: boolean;
  /** Server-requested wait (Retry-After / retry-after-ms), if any. */
  retryAfterMs: number | null;
  /** The request may have reached the model and been billed even though we got no usable usage figures. */
  maybeBilled: boolean;
  status: number | null;
  message: string;
}

export interface RetryPolicy {
  /** Total attempts per document, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for (the breaker takes over instead of stalling the batch). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

function header(h: unknown, name: string): string | null {
  if (!h) return null;
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name);
  const v = (h as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** retry-after-ms (OpenAI's, precise) wins over Retry-After (seconds or an HTTP date). */
export function parseRetryAfter(headers: unknown, now = Date.now()): number | null {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = header(headers, 'retry-after');
  if (ra === null || ra.trim() === '') return null;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
function causeCode(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function errorText(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  const m = typeof body?.message === 'string' ? body.message : err.message;
  return `${err.status ?? ''} ${m}`.trim();
}

export function classifyError(err: unknown): Failure {
  const base = { retryAfterMs: null, maybeBilled: false, status: null } as const;
  if (err instanceof APIUserAbortError || (err as Error)?.name === 'AbortError') {
    return { ...base, kind: 'aborted', retryable: false, message: 'cancelled' };
  }
  if (err instanceof APIConnectionTimeoutError) {
    // The server may have finished (and billed) the request after we stopped waiting.
    return { ...base, kind: 'timeout', retryable: true, maybeBilled: true, message: 'request timed out' };
  }
  if (err instanceof APIConnectionError) {
    const code = causeCode(err);
    const notSent = code !== null && NOT_SENT_CODES.has(code);
    return { ...base, kind: 'connection', retryable: true, maybeBilled: !notSent, message: `connection failed${code ? ` (${code})` : ''}` };
  }
  if (err instanceof MalformedResponseError || err instanceof SyntaxError) {
    return { ...base, kind: 'malformed', retryable: true, maybeBilled: true, message: `malformed response: ${(err as Error).message}` };
  }
  if (err instanceof APIError) {
    const status = err.status ?? null;
    const message = errorText(err);
    if (status === 429) {
      // insufficient_quota is a 429 too, but waiting never fixes it.
      if (err.code === 'insufficient_quota') return { ...base, kind: 'fatal', retryable: false, status, message };
      return { ...base, kind: 'rate_limit', retryable: true, status, retryAfterMs: parseRetryAfter(err.headers), message };
    }
    if (status !== null && (status >= 500 || status === 408 || status === 409)) {
      return { ...base, kind: 'server', retryable: true, status, retryAfterMs: parseRetryAfter(err.headers), message };
    }
    if (status === 400 || status === 422) {
      if (/response_format|json_schema|json_object|structured|strict/i.test(message)) {
        return { ...base, kind: 'format_rejected', retryable: true, status, message };
      }
      return { ...base, kind: 'rejected', retryable: false, status, message };
    }
    if (status === 401 || status === 403 || status === 404) return { ...base, kind: 'fatal', retryable: false, status, message };
    return { ...base, kind: 'rejected', retryable: false, status, message };
  }
  return { ...base, kind: 'rejected', retryable: false, message: (err as Error)?.message ?? String(err) };
}

/**
 * Exponential backoff with full jitter (spreads concurrent workers so they do not hammer a recovering server
 * in lockstep); a server-requested wait is a floor, never shortened by jitter.
 */
export function backoffDelay(
  attempt: number,
  failure: Pick<Failure, 'retryAfterMs'>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  if (failure.retryAfterMs !== null) return failure.retryAfterMs + random() * Math.min(250, exp / 2);
  return jittered;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

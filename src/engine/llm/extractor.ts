import type { ExtractionResult } from '../../contract/domain.js';
import { BatchBudget, type Reservation } from './cost/budget.js';
import { recordLlmCall } from './cost/ledger.js';
import { costNanos, loadPrices, nanosToUsd, resolvePrice } from './cost/prices.js';
import { countTokens } from './cost/tokens.js';
import type { Db } from '../store/db.js';
import { appendEvent } from '../store/events.js';
import { parseAnswer, toExtraction } from './answer.js';
import { CircuitBreaker } from './breaker.js';
import { cacheKey, getCached, putCached, textHash } from './cache.js';
import { createLlmClient, DEFAULT_TIMEOUT_MS, type Completion, type LlmClient, type ResponseFormatMode } from './client.js';
import { buildPrompt, maxOutputTokens, PROMPT_VERSION, type BuiltPrompt } from './prompt.js';
import { scrubSecrets } from './scrub.js';
import { backoffDelay, classifyError, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry.js';

export interface LlmDocumentInput {
  batchId: number;
  documentId: number;
  pages: Array<{ index: number; text: string }>;
  rules: ExtractionResult | null;
  /** Optional: the scheduler's per-document cancel signal (pause/cancel stops waiting on the LLM). */
  signal?: AbortSignal;
}

export type LlmOutcome = { ok: true; result: ExtractionResult; costUsd: number; cached: boolean } | { ok: false; reason: string };

export interface LlmExtractorConfig {
  batchId: number;
  baseUrl: string;
  model: string;
  apiKey?: string;
  budgetUsd?: number | null;
  concurrency?: number;
  timeoutMs?: number;
  locale?: string;
  /** Tests and tuning; defaults suit a real API. */
  retry?: Partial<RetryPolicy>;
  breaker?: { threshold?: number; cooldownMs?: number };
  /** Tests inject a client; production builds one from baseUrl/model/apiKey. */
  client?: LlmClient;
}

export interface LlmExtractor {
  extract(input: LlmDocumentInput): Promise<LlmOutcome>;
  /** The batch's LLM spend so far (ledger, including earlier runs of the batch). */
  spentUsd(): number;
  /** Stops new calls and aborts in-flight ones; pending extract() calls resolve with ok:false. */
  close(): void;
}

/** Simple FIFO semaphore: the concurrency cap on simultaneous HTTP calls, independent of scheduler workers. */
class Semaphore {
  private queue: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.queue.push(r));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    };
  }
}

const NEXT_FORMAT: Record<ResponseFormatMode, ResponseFormatMode | null> = { json_schema: 'json_object', json_object: 'none', none: null };
const fmtUsd = (usd: number): string => `$${usd.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`;

export function createLlmExtractor(db: Db, cfg: LlmExtractorConfig): LlmExtractor {
  const { batchId, model } = cfg;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...cfg.retry };
  const price = resolvePrice(loadPrices(db), model, cfg.baseUrl, { conservative: true });
  const budget = BatchBudget.forBatch(db, batchId, cfg.budgetUsd);
  const client =
    cfg.client ?? createLlmClient({ baseUrl: cfg.baseUrl, model, apiKey: cfg.apiKey, timeoutMs: cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const maxOut = maxOutputTokens(model);
  const sem = new Semaphore(Math.max(1, cfg.concurrency ?? 2));
  const abort = new AbortController();
  const inflight = new Map<string, Promise<LlmOutcome>>();
  let format: ResponseFormatMode = 'json_schema';
  let closed = false;

  // Every text that leaves the step (reasons, events, their data) passes through here: providers quote keys.
  const scrub = (text: string) => scrubSecrets(text, cfg.apiKey);
  const log = (level: 'info' | 'warn' | 'error', kind: string, message: string, documentId: number | null = null, data?: unknown) => {
    if (closed) return;
    const scrubbedData = data === undefined ? undefined : (JSON.parse(scrub(JSON.stringify(data))) as unknown);
    appendEvent(db, { batchId, documentId, level, kind, message: scrub(message), data: scrubbedData });
  };

  if (price.basis === 'conservative') {
    log(
      'warn',
      'llm.price_unknown',
      `no price known for model ${model}; costs are counted at a conservative $${price.input}/$${price.output} per million tokens until it is added to the price table`,
    );
  }

  const breaker = new CircuitBreaker({
    threshold: cfg.breaker?.threshold,
    cooldownMs: cfg.breaker?.cooldownMs,
    onOpen: (reason, d) =>
      log(
        'error',
        'llm.circuit_open',
        `${reason}; LLM calls paused for this batch${d.permanent ? '' : ` for ${Math.round((cfg.breaker?.cooldownMs ?? 30_000) / 1000)}s`}`,
        null,
        {
          failures: d.failures,
          last: d.last,
        },
      ),
    onClose: () => log('info', 'llm.circuit_closed', 'LLM answering again; circuit closed'),
  });

  const stopped = (): LlmOutcome => ({ ok: false, reason: 'LLM extraction stopped' });

  function charge(documentId: number, tokensIn: number, tokensOut: number, nanos: number, requestId: string | null, r: Reservation): void {
    // Ledger first, then the in-memory budget: if the write throws, the reservation stays held (safe side).
    recordLlmCall(db, { batchId, documentId, model, tokensIn, tokensOut, costUsd: nanosToUsd(nanos), requestId, cached: false });
    budget.settle(r, nanos);
  }

  function fromCache(input: LlmDocumentInput, key: string): LlmOutcome | null {
    const hit = getCached(db, key);
    if (!hit) return null;
    const parsed = parseAnswer(hit.response);
    if (!parsed.ok) return null;
    // A cache hit leaves a zero-cost row so the ledger shows every document the LLM answered, and what it saved.
    recordLlmCall(db, {
      batchId,
      documentId: input.documentId,
      model,
      tokensIn: hit.tokensIn,
      tokensOut: hit.tokensOut,
      costUsd: 0,
      requestId: null,
      cached: true,
    });
    return { ok: true, result: toExtraction(parsed.answer, input.pages, input.rules, cfg.locale), costUsd: 0, cached: true };
  }

  async function call(input: LlmDocumentInput, prompt: BuiltPrompt, key: string, signal: AbortSignal): Promise<LlmOutcome> {
    let paid = 0;
    let schemaFailures = 0;
    let attempt = 0;
    const release = await sem.acquire();
    try {
      for (;;) {
        if (closed || signal.aborted) return stopped();
        const gate = breaker.acquire();
        if (!gate.ok) return { ok: false, reason: gate.reason };
        const worst = budget.worstCaseNanos(price, prompt.promptTokens, maxOut);
        const reservation = await budget.reserve(worst, signal);
        if (!reservation) {
          breaker.release();
          if (closed || signal.aborted) return stopped();
          return {
            ok: false,
            reason: `budget reached (${fmtUsd(budget.spentUsd)} of ${fmtUsd(budget.limitUsd ?? 0)} spent; this document would need up to ${fmtUsd(nanosToUsd(worst))})`,
          };
        }
        attempt++;
        let completion: Completion;
        try {
          completion = await client.complete(prompt.messages, { format, maxTokens: maxOut, signal });
        } catch (err) {
          const f = classifyError(err);
          f.message = scrub(f.message);
          if (closed || f.kind === 'aborted' || signal.aborted) {
            budget.release(reservation);
            breaker.release();
            return stopped();
          }
          // Unknown usage but possibly billed (timeout, cut-off body): count the worst case so the cap holds.
          if (f.maybeBilled) charge(input.documentId, Math.ceil(prompt.promptTokens), maxOut, worst, null, reservation);
          else budget.release(reservation);
          if (f.kind === 'format_rejected') {
            breaker.release();
            const next = NEXT_FORMAT[format];
            if (next) {
              log(
                'warn',
                'llm.format_fallback',
                `the server rejected response_format ${format} (${f.message}); asking with ${next} instead`,
              );
              format = next;
              attempt--;
              continue;
            }
            return { ok: false, reason: `LLM rejected the request: ${f.message}` };
          }
          if (f.kind === 'rejected') {
            breaker.release();
            return { ok: false, reason: `LLM rejected the request: ${f.message}` };
          }
          breaker.failure(f);
          log('warn', 'llm.retry', `LLM call failed (attempt ${attempt}/${policy.maxAttempts}): ${f.message}`, input.documentId);
          if (!f.retryable || attempt >= policy.maxAttempts) {
            const open = breaker.acquire();
            if (!open.ok) return { ok: false, reason: open.reason };
            breaker.release();
            return { ok: false, reason: `LLM unavailable: ${f.message} after ${attempt} attempt${attempt === 1 ? '' : 's'}` };
          }
          if (f.retryAfterMs !== null && f.retryAfterMs > policy.maxRetryAfterMs) {
            return { ok: false, reason: `LLM rate limited: server asks to wait ${Math.round(f.retryAfterMs / 1000)}s` };
          }
          await sleep(backoffDelay(attempt, f, policy), signal);
          continue;
        }

        breaker.success();
        const usage = completion.usage ?? { tokensIn: prompt.promptTokens, tokensOut: countTokens(completion.content, model) };
        const nanos = costNanos(price, usage.tokensIn, usage.tokensOut);
        budget.observe(prompt.promptTokens, usage);
        if (closed) {
          budget.settle(reservation, nanos);
          return stopped();
        }
        charge(input.documentId, usage.tokensIn, usage.tokensOut, nanos, completion.requestId, reservation);
        paid += nanos;

        const parsed = parseAnswer(completion.content);
        if (parsed.ok) {
          putCached(db, {
            key,
            model,
            promptVersion: PROMPT_VERSION,
            response: completion.content,
            tokensIn: usage.tokensIn,
            tokensOut: usage.tokensOut,
          });
          return {
            ok: true,
            result: toExtraction(parsed.answer, input.pages, input.rules, cfg.locale),
            costUsd: nanosToUsd(paid),
            cached: false,
          };
        }
        schemaFailures++;
        log(
          'warn',
          'llm.schema',
          `LLM answer did not match the schema (${parsed.error})${completion.finishReason === 'length' ? ' (cut off at the output cap)' : ''}`,
          input.documentId,
        );
        if (schemaFailures >= 2) return { ok: false, reason: `LLM answer did not match the schema twice (${parsed.error})` };
        // A fresh question gets a fresh set of transport retries.
        attempt = 0;
      }
    } finally {
      release();
    }
  }

  async function extract(input: LlmDocumentInput): Promise<LlmOutcome> {
    if (closed) return stopped();
    if (!input.pages.some((p) => p.text && p.text.trim())) return { ok: false, reason: 'no text to send to the LLM' };
    const prompt = buildPrompt(input.pages, model, cfg.locale);
    const key = cacheKey(textHash(prompt.text, cfg.locale), model, PROMPT_VERSION);
    try {
      // Duplicates in one batch: the second waits for the first's answer instead of paying for its own.
      for (let i = 0; i < 2; i++) {
        const hit = fromCache(input, key);
        if (hit) return hit;
        const pending = inflight.get(key);
        if (!pending) break;
        await pending.catch(() => undefined);
        if (closed) return stopped();
      }
      const signal = input.signal ? AbortSignal.any([abort.signal, input.signal]) : abort.signal;
      const p = call(input, prompt, key, signal);
      inflight.set(key, p);
      try {
        return await p;
      } finally {
        if (inflight.get(key) === p) inflight.delete(key);
      }
    } catch (err) {
      // A batch must never die on its LLM step: anything unexpected becomes a review reason.
      if (closed) return stopped();
      return { ok: false, reason: scrub(`LLM step failed: ${(err as Error)?.message ?? String(err)}`) };
    }
  }

  return {
    extract,
    spentUsd: () => budget.spentUsd,
    close() {
      if (closed) return;
      closed = true;
      abort.abort();
    },
  };
}

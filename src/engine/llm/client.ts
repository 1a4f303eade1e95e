import OpenAI from 'openai';
import type { ChatMessage } from './cost/tokens.js';
import { ANSWER_JSON_SCHEMA, ANSWER_SCHEMA_NAME, isReasoningModel } from './prompt.js';

/** How we ask for JSON; servers that reject one are asked the next way (see LlmExtractor). */
export type ResponseFormatMode = 'json_schema' | 'json_object' | 'none';

export interface LlmClientConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

export interface Completion {
  content: string;
  /** null when the server did not report usage (some local servers): the caller then bills the counted prompt. */
  usage: { tokensIn: number; tokensOut: number } | null;
  requestId: string | null;
  finishReason: string | null;
}

export interface LlmClient {
  readonly model: string;
  complete(messages: ChatMessage[], opts: { format: ResponseFormatMode; maxTokens: number; signal?: AbortSignal }): Promise<Completion>;
}

export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
  constructor(
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_MS = 60_000;

export function createLlmClient(cfg: LlmClientConfig): LlmClient {
  const sdk = new OpenAI({
    baseURL: cfg.baseUrl,
    // Local servers (llama.cpp, Ollama, LM Studio) need no key, but the SDK refuses to start without one.
    apiKey: cfg.apiKey || 'sk-no-key-required',
    timeout: cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Retries are ours (retry.ts): the budget must reserve before every attempt and the breaker must see each failure.
    maxRetries: 0,
  });
  const reasoning = isReasoningModel(cfg.model);
  return {
    model: cfg.model,
    async complete(messages, opts) {
      const response_format =
        opts.format === 'json_schema'
          ? { type: 'json_schema' as const, json_schema: { name: ANSWER_SCHEMA_NAME, schema: ANSWER_JSON_SCHEMA, strict: true } }
          : opts.format === 'json_object'
            ? { type: 'json_object' as const }
            : undefined;
      const { data, request_id } = await sdk.chat.completions
        .create(
          {
            model: cfg.model,
            messages,
            ...(response_format ? { response_format } : {}),
            // Reasoning models reject max_tokens and temperature; everything else (incl. local servers) knows max_tokens.
            ...(reasoning ? { max_completion_tokens: opts.maxTokens } : { max_tokens: opts.maxTokens, temperature: 0 }),
          },
          { signal: opts.signal },
        )
        .withResponse();
      // A 200 whose body is not a chat completion (proxy error page, truncated stream) is a transport failure,
      // not the model's answer: retry it instead of re-prompting.
      if (!data || typeof data !== 'object' || !Array.isArray((data as { choices?: unknown }).choices)) {
        throw new MalformedResponseError('the server answered 200 but the body is not a chat completion', request_id ?? null);
      }
      const choice = data.choices[0];
      const u = data.usage;
      return {
        content: choice?.message?.content ?? '',
        usage: u && typeof u.prompt_tokens === 'number' ? { tokensIn: u.prompt_tokens, tokensOut: u.completion_tokens ?? 0 } : null,
        requestId: request_id ?? data.id ?? null,
        finishReason: choice?.finish_reason ?? null,
      };
    },
  };
}

/** A client that sends nothing and fails every call with reason: for a batch that may not have the key it needs. */
export function refusingLlmClient(model: string, reason: string): LlmClient {
  return {
    model,
    async complete() {
      throw new Error(reason);
    },
  };
}

import { Tiktoken } from 'js-tiktoken/lite';
import cl100k_base from 'js-tiktoken/ranks/cl100k_base';
import o200k_base from 'js-tiktoken/ranks/o200k_base';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** gpt-4o, gpt-4.1, o-series and gpt-5 use o200k; older and unknown (often local llama-style) models get cl100k,
 * which is close enough for an estimate and a budget reservation that adds a margin anyway. */
export function encodingFor(model: string): EncodingName {
  const m = model.toLowerCase().replace(/^openai\//, '');
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o)/.test(m) ? 'o200k_base' : 'cl100k_base';
}

// Building a rank table takes ~100 ms and tens of MB; build each once, only when first needed.
const encoders = new Map<EncodingName, Tiktoken>();
function encoder(name: EncodingName): Tiktoken {
  let e = encoders.get(name);
  if (!e) {
    e = new Tiktoken(name === 'o200k_base' ? o200k_base : cl100k_base);
    encoders.set(name, e);
  }
  return e;
}

export function countTokens(text: string, model: string): number {
  if (!text) return 0;
  return encoder(encodingFor(model)).encode(text).length;
}

/** Cuts text to at most maxTokens tokens (on a token boundary). */
export function truncateToTokens(text: string, maxTokens: number, model: string): string {
  const enc = encoder(encodingFor(model));
  const ids = enc.encode(text);
  if (ids.length <= maxTokens) return text;
  return enc.decode(ids.slice(0, maxTokens));
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Prompt tokens as the chat API bills them: the contents plus OpenAI's per-message framing (3 tokens a
 * message + the role, 3 to prime the reply), plus the response_format schema, which the server injects into
 * the prompt and bills as input.
 */
export function countChatTokens(messages: readonly ChatMessage[], model: string, responseSchema?: unknown): number {
  let n = 3;
  for (const m of messages) n += 3 + countTokens(m.role, model) + countTokens(m.content, model);
  if (responseSchema !== undefined) n += countTokens(JSON.stringify(responseSchema), model);
  return n;
}

import { createHash } from 'node:crypto';
import type { Db } from '../store/db.js';
import { getCachedAnswer, putCachedAnswer } from '../store/llm-cache.js';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Hash of everything about the document that shapes the prompt besides the model and prompt version. */
export function textHash(text: string, locale: string | undefined): string {
  return sha256(`${locale ?? ''}\u0000${text}`);
}

export function cacheKey(textHashHex: string, model: string, promptVersion: string): string {
  return sha256(`${textHashHex}\u0000${model}\u0000${promptVersion}`);
}

export interface CachedResponse {
  response: string;
  tokensIn: number;
  tokensOut: number;
}

export function getCached(db: Db, key: string): CachedResponse | null {
  const r = getCachedAnswer(db, key);
  return r ? { response: r.response, tokensIn: r.tokens_in, tokensOut: r.tokens_out } : null;
}

/** Only answers that passed the schema are stored: a cached broken answer would be served forever. */
export function putCached(db: Db, e: { key: string; model: string; promptVersion: string } & CachedResponse): void {
  putCachedAnswer(db, {
    key: e.key,
    model: e.model,
    prompt_version: e.promptVersion,
    response: e.response,
    tokens_in: e.tokensIn,
    tokens_out: e.tokensOut,
    created_at: Date.now(),
  });
}

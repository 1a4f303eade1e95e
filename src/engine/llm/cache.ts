import { createHash } from 'node:crypto';
import type { Db } from '../store/db.js';

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
  const r = db.prepare('SELECT response, tokens_in, tokens_out FROM llm_cache WHERE key = ?').get(key) as
    { response: string; tokens_in: number; tokens_out: number } | undefined;
  return r ? { response: r.response, tokensIn: r.tokens_in, tokensOut: r.tokens_out } : null;
}

/** Only answers that passed the schema are stored: a cached broken answer would be served forever. */
export function putCached(db: Db, e: { key: string; model: string; promptVersion: string } & CachedResponse): void {
  db.prepare(
    `INSERT INTO llm_cache (key, model, prompt_version, response, tokens_in, tokens_out, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET response = excluded.response, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, created_at = excluded.created_at`,
  ).run(e.key, e.model, e.promptVersion, e.response, e.tokensIn, e.tokensOut, Date.now());
}

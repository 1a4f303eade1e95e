import type { Db } from './db.js';
import { getRow, runWrite } from './statements.js';

/** A row of llm_cache: a schema-valid LLM answer, keyed by a hash of (text, model, prompt version). */
export interface LlmCacheDbRow {
  key: string;
  model: string;
  prompt_version: string;
  response: string;
  tokens_in: number;
  tokens_out: number;
  created_at: number;
}

export function getCachedAnswer(db: Db, key: string): Pick<LlmCacheDbRow, 'response' | 'tokens_in' | 'tokens_out'> | undefined {
  return getRow(db, 'SELECT response, tokens_in, tokens_out FROM llm_cache WHERE key = ?', key);
}

export function putCachedAnswer(db: Db, r: LlmCacheDbRow): void {
  runWrite(
    db,
    `INSERT INTO llm_cache (key, model, prompt_version, response, tokens_in, tokens_out, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET response = excluded.response, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, created_at = excluded.created_at`,
    r.key,
    r.model,
    r.prompt_version,
    r.response,
    r.tokens_in,
    r.tokens_out,
    r.created_at,
  );
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where a key goes when nothing else is named: the OpenAI API. */
export const DEFAULT_LLM_BASE_URL = 'https://api.openai.com/v1';

/**
 * An API key with the one base URL it may be sent to. A key is the user's to spend, so it goes only where they
 * entered it for: any client of the browser bridge can name a batch's llm.baseUrl, and must not be able to point
 * the key at a server of its own.
 */
export interface ApiKeyGrant {
  key: string;
  baseUrl: string;
}

/** Where the engine gets the LLM API key. The desktop shell backs it with Electron safeStorage. */
export interface SecretStore {
  get(): ApiKeyGrant | undefined;
  /** Stores the key for baseUrl (default: the OpenAI API); null clears it. */
  set(value: string | null, baseUrl?: string): void;
  has(): boolean;
}

/** A base URL in one spelling: scheme and host lower-cased, default port and trailing slashes dropped. */
export function normalizeBaseUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host}${path}${u.search}`;
  } catch {
    return url.trim();
  }
}

/** A stored secret in its current shape, or a bare key from before keys were bound (entered for the default URL). */
export function parseStoredGrant(text: string): ApiKeyGrant | undefined {
  if (!text) return undefined;
  if (text.startsWith('{')) {
    try {
      const g = JSON.parse(text) as Partial<ApiKeyGrant>;
      if (typeof g.key === 'string' && g.key && typeof g.baseUrl === 'string') return { key: g.key, baseUrl: normalizeBaseUrl(g.baseUrl) };
    } catch {
      /* not JSON after all: a bare key */
    }
  }
  return { key: text, baseUrl: DEFAULT_LLM_BASE_URL };
}

export function serializeGrant(key: string, baseUrl: string | undefined): string {
  return JSON.stringify({ key, baseUrl: normalizeBaseUrl(baseUrl || DEFAULT_LLM_BASE_URL) });
}

/**
 * The CLI's secret store: the key encrypted with AES-256-GCM in `secrets.enc`, the data key in a separate
 * owner-only file. It keeps the API key out of the database, its backups and logs; it does not protect
 * against someone who can read the user's whole profile (that is what the desktop app's safeStorage adds).
 */
export class FileSecretStore implements SecretStore {
  private readonly keyFile: string;
  private readonly dataFile: string;

  constructor(dataDir: string) {
    this.keyFile = path.join(dataDir, 'secret.key');
    this.dataFile = path.join(dataDir, 'secrets.enc');
  }

  private dataKey(create: boolean): Buffer | null {
    if (fs.existsSync(this.keyFile)) return fs.readFileSync(this.keyFile);
    if (!create) return null;
    const k = crypto.randomBytes(32);
    fs.writeFileSync(this.keyFile, k, { mode: 0o600 });
    return k;
  }

  get(): ApiKeyGrant | undefined {
    try {
      const key = this.dataKey(false);
      if (!key || !fs.existsSync(this.dataFile)) return undefined;
      const buf = fs.readFileSync(this.dataFile);
      const iv = buf.subarray(0, 12);
      const tag = buf.subarray(12, 28);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return parseStoredGrant(Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8'));
    } catch {
      return undefined;
    }
  }

  set(value: string | null, baseUrl?: string): void {
    if (value === null || value === '') {
      fs.rmSync(this.dataFile, { force: true });
      return;
    }
    const key = this.dataKey(true)!;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    const enc = Buffer.concat([cipher.update(serializeGrant(value, baseUrl), 'utf8'), cipher.final()]);
    fs.writeFileSync(this.dataFile, Buffer.concat([iv, cipher.getAuthTag(), enc]), { mode: 0o600 });
  }

  has(): boolean {
    return this.get() !== undefined;
  }
}

/**
 * The key in force and the URL it is bound to: the environment wins (scripts, CI) and is bound to
 * DOCKET_LLM_BASE_URL or, without it, the default URL; then the host's store, bound to the URL the key was
 * entered for. Never logged.
 */
export function resolveApiKey(store: SecretStore | null, env: NodeJS.ProcessEnv = process.env): ApiKeyGrant | undefined {
  const fromEnv = env.DOCKET_API_KEY || env.OPENAI_API_KEY;
  if (fromEnv) return { key: fromEnv, baseUrl: normalizeBaseUrl(env.DOCKET_LLM_BASE_URL || DEFAULT_LLM_BASE_URL) };
  return store?.get() || undefined;
}

/**
 * The key for a batch that calls baseUrl: the key when it was entered for that URL, no key when none is set
 * (local servers need none), and a refusal otherwise. The refusal names only the URLs, never the key.
 */
export function apiKeyFor(
  grant: ApiKeyGrant | undefined,
  baseUrl: string,
): { ok: true; apiKey: string | undefined } | { ok: false; reason: string } {
  if (!grant) return { ok: true, apiKey: undefined };
  const wanted = normalizeBaseUrl(baseUrl);
  if (normalizeBaseUrl(grant.baseUrl) === wanted) return { ok: true, apiKey: grant.key };
  return {
    ok: false,
    reason: `the API key was saved for ${grant.baseUrl}; enter it again for ${wanted} in the desktop app's Settings`,
  };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyFor, DEFAULT_LLM_BASE_URL, FileSecretStore, normalizeBaseUrl, resolveApiKey } from '../../src/engine/secrets.js';
import { tmpDir } from '../helpers/tmp.js';

const KEY = 'sk-test-abcdefghijklmnop';

describe('API key bound to a base URL', () => {
  it('stores the key encrypted with the URL it was entered for', () => {
    const dir = tmpDir('docket-secrets-');
    const store = new FileSecretStore(dir);
    store.set(KEY, 'HTTP://LocalHost:80/v1/');
    expect(store.get()).toEqual({ key: KEY, baseUrl: 'http://localhost/v1' });
    expect(fs.readFileSync(path.join(dir, 'secrets.enc')).includes(Buffer.from(KEY))).toBe(false);
    store.set(KEY);
    expect(store.get()).toEqual({ key: KEY, baseUrl: DEFAULT_LLM_BASE_URL });
    store.set(null);
    expect(store.has()).toBe(false);
  });

  it('a key stored before binding (a bare key) counts as entered for the default URL', () => {
    const dir = tmpDir('docket-secrets-');
    // The old format: the bare key, AES-256-GCM under the data key in secret.key.
    const dataKey = crypto.randomBytes(32);
    fs.writeFileSync(path.join(dir, 'secret.key'), dataKey);
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', dataKey, iv);
    const enc = Buffer.concat([cipher.update(KEY, 'utf8'), cipher.final()]);
    fs.writeFileSync(path.join(dir, 'secrets.enc'), Buffer.concat([iv, cipher.getAuthTag(), enc]));
    expect(resolveApiKey(new FileSecretStore(dir), {})).toEqual({ key: KEY, baseUrl: DEFAULT_LLM_BASE_URL });
  });

  it('environment keys apply to DOCKET_LLM_BASE_URL, else the default URL, and win over the store', () => {
    const store = new FileSecretStore(tmpDir('docket-secrets-'));
    store.set('sk-stored-000000000000', 'http://127.0.0.1:9000/v1');
    expect(resolveApiKey(store, { OPENAI_API_KEY: KEY })).toEqual({ key: KEY, baseUrl: DEFAULT_LLM_BASE_URL });
    expect(resolveApiKey(store, { DOCKET_API_KEY: KEY, DOCKET_LLM_BASE_URL: 'http://127.0.0.1:1234/v1/' })).toEqual({
      key: KEY,
      baseUrl: 'http://127.0.0.1:1234/v1',
    });
    expect(resolveApiKey(store, {})).toEqual({ key: 'sk-stored-000000000000', baseUrl: 'http://127.0.0.1:9000/v1' });
    expect(resolveApiKey(null, {})).toBeUndefined();
  });

  it('gives the key only to its own URL, and says how to use another', () => {
    const grant = { key: KEY, baseUrl: DEFAULT_LLM_BASE_URL };
    expect(apiKeyFor(grant, 'https://api.openai.com/v1/')).toEqual({ ok: true, apiKey: KEY });
    expect(apiKeyFor(grant, 'https://API.openai.com:443/v1')).toEqual({ ok: true, apiKey: KEY });
    for (const other of [
      'https://api.openai.com.evil.example/v1',
      'http://api.openai.com/v1',
      'https://api.openai.com/v2',
      'https://evil.example/v1',
    ]) {
      const r = apiKeyFor(grant, other);
      expect(r.ok, other).toBe(false);
      if (!r.ok) {
        expect(r.reason).toBe(
          `the API key was saved for https://api.openai.com/v1; enter it again for ${normalizeBaseUrl(other)} in the desktop app's Settings`,
        );
        expect(r.reason).not.toContain(KEY);
      }
    }
    // No key at all: local servers need none, and nothing can leak.
    expect(apiKeyFor(undefined, 'http://127.0.0.1:11434/v1')).toEqual({ ok: true, apiKey: undefined });
  });
});

import { describe, expect, it } from 'vitest';
import { bindEnvKeyToFlag } from '../../../src/hosts/cli/main.js';
import { apiKeyFor, resolveApiKey } from '../../../src/engine/secrets.js';

describe('the environment key on the command line', () => {
  it('goes to the server the same command names with --llm-base-url', () => {
    const env: NodeJS.ProcessEnv = { OPENAI_API_KEY: 'sk-test-123' };
    bindEnvKeyToFlag('http://127.0.0.1:8080/v1', env);
    expect(apiKeyFor(resolveApiKey(null, env), 'http://127.0.0.1:8080/v1')).toEqual({ ok: true, apiKey: 'sk-test-123' });
    // ... and to no other
    expect(apiKeyFor(resolveApiKey(null, env), 'https://evil.example/v1').ok).toBe(false);
  });

  it('keeps a binding DOCKET_LLM_BASE_URL already made, and binds nothing without a key or a flag', () => {
    const env: NodeJS.ProcessEnv = { DOCKET_API_KEY: 'sk-test-123', DOCKET_LLM_BASE_URL: 'https://api.openai.com/v1' };
    bindEnvKeyToFlag('http://127.0.0.1:8080/v1', env);
    expect(env.DOCKET_LLM_BASE_URL).toBe('https://api.openai.com/v1');
    expect(apiKeyFor(resolveApiKey(null, env), 'http://127.0.0.1:8080/v1').ok).toBe(false);
    const none: NodeJS.ProcessEnv = {};
    bindEnvKeyToFlag('http://127.0.0.1:8080/v1', none);
    expect(none.DOCKET_LLM_BASE_URL).toBeUndefined();
    const noFlag: NodeJS.ProcessEnv = { OPENAI_API_KEY: 'k' };
    bindEnvKeyToFlag(undefined, noFlag);
    expect(noFlag.DOCKET_LLM_BASE_URL).toBeUndefined();
  });
});

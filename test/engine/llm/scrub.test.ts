import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../../src/engine/llm/scrub.js';

describe('scrubSecrets', () => {
  it('cuts OpenAI-style keys, bearer tokens, named key values and the key itself out of provider texts', () => {
    const key = 'sk-proj-AbCdEf0123456789';
    expect(scrubSecrets(`401 Incorrect API key provided: ${key}. You can find your API key at ...`, key)).toBe(
      '401 Incorrect API key provided: [redacted]. You can find your API key at ...',
    );
    expect(scrubSecrets('Incorrect API key provided: sk-proj-********************6789.')).toBe(
      'Incorrect API key provided: sk-[redacted].',
    );
    expect(scrubSecrets('Incorrect API key provided: abc***xyz.')).toBe('Incorrect API key provided: [redacted].');
    expect(scrubSecrets('upstream said: Authorization: Bearer eyJhbGciOi.x.y rejected')).toBe(
      'upstream said: Authorization: Bearer [redacted] rejected',
    );
    expect(scrubSecrets('bad request (api_key=abc123def456)')).toBe('bad request (api_key=[redacted])');
    expect(scrubSecrets('token sk-ant-api03-XYZxyz in header')).toBe('token sk-[redacted] in header');
    // A key that looks like nothing in particular is still found, as the key itself.
    expect(scrubSecrets('proxy echoed LocalKey-9f8e7d6c5b4a', 'LocalKey-9f8e7d6c5b4a')).toBe('proxy echoed [redacted]');
  });

  it('leaves ordinary messages alone, and does not treat a short dummy key as a word to cut', () => {
    const msg = '429 Rate limit reached for gpt-4o-mini in organization org-123 on tokens per min. Please try again in 2s.';
    expect(scrubSecrets(msg, 'x')).toBe(msg);
    expect(scrubSecrets('500 internal error: task-1234 failed', undefined)).toBe('500 internal error: task-1234 failed');
  });
});

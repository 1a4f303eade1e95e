/**
 * Provider error texts quote what they were sent ("401 Incorrect API key provided: sk-proj-...", echoed
 * Authorization headers). They become failure reasons, events and log lines that clients of the bridge read and
 * the store keeps, so anything key-like is cut out before a text leaves the LLM step.
 */
const KEY_LIKE: ReadonlyArray<[RegExp, string]> = [
  // Authorization: Bearer <token> / Basic <token>, however the provider quotes it.
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]'],
  // OpenAI-style keys (sk-, sk-proj-, sk-ant-), possibly already masked by the provider (sk-abc***xyz).
  [/\bsk-[A-Za-z0-9_\-*.]{2,}[A-Za-z0-9_\-*]/g, 'sk-[redacted]'],
  // "api key provided: X", "api_key=X", "x-api-key: X": whatever follows the name.
  // A value already cut above is left as it is; a sentence's full stop is not part of the value.
  [/\b(api[ _-]?key(?:\s+provided)?\s*[:=]\s*)(?!(?:sk-)?\[redacted\])[^\s"',;)]*[^\s"',;.)]/gi, '$1[redacted]'],
];

/** The text with every key-like token, and the key itself in any spelling it was quoted, replaced. */
export function scrubSecrets(text: string, ...keys: Array<string | undefined | null>): string {
  let out = text;
  for (const key of keys) {
    // Very short "keys" (a local server's dummy) would cut ordinary words out of messages.
    if (key && key.length >= 8) out = out.split(key).join('[redacted]');
  }
  for (const [re, to] of KEY_LIKE) out = out.replace(re, to);
  return out;
}

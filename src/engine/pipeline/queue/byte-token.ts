/**
 * The byte server's credential. The shared secret itself never crosses the network: a request carries
 * `<expiry>.<HMAC-SHA256(secret, "<sha256>.<expiry>")>`, good for one file and a few minutes, so a token read
 * off an unencrypted LAN opens nothing else and soon nothing at all.
 */
import crypto from 'node:crypto';

export const TOKEN_HEADER = 'x-docket-token';
const TOKEN_LIFETIME_MS = 5 * 60_000;

function mac(secret: string, sha256: string, expiry: number): string {
  return crypto.createHmac('sha256', secret).update(`${sha256}.${expiry}`).digest('hex');
}

export function makeByteToken(secret: string, sha256: string, now = Date.now()): string {
  const expiry = now + TOKEN_LIFETIME_MS;
  return `${expiry}.${mac(secret, sha256, expiry)}`;
}

/** True only for a token made with this secret, for this file, not yet expired and not from far in the future. */
export function checkByteToken(secret: string, sha256: string, token: string | undefined, now = Date.now()): boolean {
  const m = /^(\d{13})\.([0-9a-f]{64})$/.exec(token ?? '');
  if (!m) return false;
  const expiry = Number(m[1]);
  if (expiry < now || expiry > now + 2 * TOKEN_LIFETIME_MS) return false;
  const want = Buffer.from(mac(secret, sha256, expiry), 'hex');
  const got = Buffer.from(m[2]!, 'hex');
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** A secret too short to resist guessing is refused at start rather than trusted. */
export function checkSecret(secret: string | undefined): string {
  if (!secret || secret.length < 16)
    throw new Error('the queue needs a shared secret of at least 16 characters (DOCKET_QUEUE_SECRET or --secret-file)');
  return secret;
}

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

/** Where the queue's own secret is kept when none was given: in the Redis every coordinator and worker shares. */
export const SECRET_KEY = 'docket-queue-secret';

/** The few Redis commands the secret needs (ioredis' client has them). */
interface SecretStore {
  set(key: string, value: string, nx: 'NX'): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/**
 * The shared secret: the one given (DOCKET_QUEUE_SECRET or a secret file), else the queue's own, made by whichever
 * coordinator or worker comes first (SET NX) and read by the rest from the same Redis. With no secret of its own, the
 * byte server's guard is then the Redis itself: whoever can read it can fetch documents, so a Redis reachable beyond
 * this office's machines needs a password (docs/SCALE-OUT.md), or a secret given apart from it.
 */
export async function sharedSecret(store: SecretStore, given: string | undefined): Promise<string> {
  if (given) return checkSecret(given);
  await store.set(SECRET_KEY, crypto.randomBytes(32).toString('hex'), 'NX');
  return checkSecret((await store.get(SECRET_KEY)) ?? undefined);
}

/** A secret too short to resist guessing is refused at start rather than trusted. */
export function checkSecret(secret: string | undefined): string {
  if (!secret || secret.length < 16)
    throw new Error('the queue needs a shared secret of at least 16 characters (DOCKET_QUEUE_SECRET or --secret-file)');
  return secret;
}

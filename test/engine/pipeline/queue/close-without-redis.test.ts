/**
 * A coordinator closes whatever state its Redis is in: stopped, or restarted a moment ago (its connections still
 * reconnecting). BullMQ's close waits for a connection to say it ended, which one caught reconnecting never says;
 * before the pool bounded each step, Engine.close() hung here for good (the desktop app could not quit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/engine/engine.js';
import { startTestRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { tmpDir } from '../../../helpers/tmp.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

async function openConnected(): Promise<Engine> {
  const engine = await Engine.open({
    dataDir: tmpDir('docket-close-'),
    queue: { url: redis.url, secret: 'close-test-secret-0123456789abcd', bytesHost: '127.0.0.1', bytesPort: 0 },
  });
  expect((await engine.scaleOutStatus()).connected).toBe(true); // the pool is up: byte server, queue, events
  return engine;
}

/** How long close() took, or Infinity when it had not returned after `limit` ms. */
async function closeTime(engine: Engine, limit: number): Promise<number> {
  const t0 = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = await Promise.race([
    engine.close().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), limit);
    }),
  ]);
  clearTimeout(timer);
  return done ? Date.now() - t0 : Infinity;
}

describe('closing a coordinator', () => {
  it('with its Redis stopped', async () => {
    const engine = await openConnected();
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await closeTime(engine, 30_000)).toBeLessThan(30_000);
    await redis.start();
  }, 60_000);

  it('just after its Redis restarted', async () => {
    const engine = await openConnected();
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    expect(await closeTime(engine, 30_000)).toBeLessThan(30_000);
  }, 60_000);
});

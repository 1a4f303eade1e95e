/**
 * A coordinator closes whatever state its Redis is in: stopped, or restarted a moment ago (its connections still
 * reconnecting). BullMQ's close waits for a connection to say it ended, which one caught reconnecting never says;
 * before the pool bounded each step, Engine.close() hung here for good (the desktop app could not quit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/engine/engine.js';
import { startTestRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { tmpDir } from '../../../helpers/tmp.js';
import { closeWithin } from '../../../helpers/engine.js';

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

describe('closing a coordinator', () => {
  it('with its Redis stopped', async () => {
    const engine = await openConnected();
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await closeWithin(engine, 30_000)).toBeNull();
    await redis.start();
  }, 60_000);

  it('just after its Redis restarted', async () => {
    const engine = await openConnected();
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    expect(await closeWithin(engine, 30_000)).toBeNull();
  }, 60_000);
});

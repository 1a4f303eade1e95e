/**
 * The API key goes only to the base URL it was entered for, whatever a client of the browser bridge names, and
 * never comes back out: not in replies, pushed events, the store's bytes or the logs, even when the provider
 * quotes it in its error text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WsReply } from '../../../src/contract/contract.js';
import { Engine } from '../../../src/engine/engine.js';
import { FileSecretStore } from '../../../src/engine/secrets.js';
import { startServer, type RunningServer } from '../../../src/hosts/browser/server.js';
import { startFakeOpenAI, type FakeServer } from '../../engine/llm/fake-openai.js';
import { textPdf } from '../../engine/read/fixtures.js';
import { tmpDir } from '../../helpers/tmp.js';

const KEY = 'sk-proj-DocketTestKey0123456789abcdefXYZ';

let saved: FakeServer;
let elsewhere: FakeServer;
let engine: Engine;
let server: RunningServer;
let ws: WebSocket;
let dataDir: string;
let docsDir: string;
/** Every frame the bridge sent, replies and pushed events alike, as the client received it. */
const frames: string[] = [];
/** Everything written to the console or stderr while the test ran. */
const logged: string[] = [];
let nextId = 1;

function call(name: string, ...args: unknown[]): Promise<WsReply> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as WsReply;
      if ('id' in msg && msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg);
      }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, name, args }));
  });
}

function llmBatch(baseUrl: string) {
  return { paths: [docsDir], options: { extract: 'llm-all', llm: { baseUrl, model: 'gpt-4o-mini' } } };
}

beforeAll(async () => {
  vi.stubEnv('DOCKET_API_KEY', '');
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('DOCKET_LLM_BASE_URL', '');
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const orig = console[m].bind(console);
    vi.spyOn(console, m).mockImplementation((...a: unknown[]) => {
      logged.push(a.map(String).join(' '));
      orig(...a);
    });
  }
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write);

  // The provider the key was entered for rejects it and, like OpenAI does, quotes it back in several spellings.
  saved = await startFakeOpenAI({
    kind: 'error',
    status: 401,
    message: `Incorrect API key provided: ${KEY}. Authorization: Bearer ${KEY}; api_key=${KEY.slice(0, 12)}***${KEY.slice(-4)}`,
  });
  elsewhere = await startFakeOpenAI();

  dataDir = tmpDir('docket-keybind-');
  docsDir = tmpDir('docket-keybind-docs-');
  fs.writeFileSync(path.join(docsDir, 'a.pdf'), await textPdf());
  const secrets = new FileSecretStore(dataDir);
  secrets.set(KEY, saved.url);
  engine = await Engine.open({ dataDir, workers: 1, secrets });
  await engine.start();

  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Docket</title>');
  server = await startServer({ engine, port: 0, host: '127.0.0.1', rendererDir, dataDir });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  ws.on('message', (d) => frames.push(String(d)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}, 60_000);

afterAll(async () => {
  ws?.close();
  await server?.close();
  await engine?.close();
  await saved?.close();
  await elsewhere?.close();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('API key bound to its base URL over the browser bridge', () => {
  it('refuses a batch that names another URL, and nothing is sent there', async () => {
    for (const url of [elsewhere.url, `${elsewhere.url}/`, saved.url.replace('/v1', '/v2'), 'https://api.openai.com/v1']) {
      const reply = await call('createBatch', llmBatch(url));
      // Engine errors cross the wire as kind 'engine'; the message is the reason the user reads.
      expect(reply, url).toMatchObject({ error: { kind: 'engine' } });
      if ('error' in reply) {
        expect(reply.error.message).toContain(`the API key was saved for ${saved.url}; enter it again for`);
        expect(reply.error.message).toContain("in the desktop app's Settings");
      }
    }
    expect(elsewhere.received).toHaveLength(0);
    expect((await engine.listBatches()).length).toBe(0);
  });

  it('the bridge cannot store a key (so it cannot re-bind one to its own URL)', async () => {
    const reply = await call('setApiKey', 'sk-attacker-0000000000');
    expect(reply).toMatchObject({ error: { kind: 'unavailable' } });
    expect(new FileSecretStore(dataDir).get()).toEqual({ key: KEY, baseUrl: saved.url });
  });

  it('sends the key to the URL it was saved for, and the provider echo of it is scrubbed everywhere', async () => {
    const reply = await call('createBatch', llmBatch(`${saved.url}/`));
    expect(reply).toHaveProperty('result');
    const batchId = (reply as { result: { id: number } }).result.id;
    await engine.waitForBatch(batchId);

    expect(saved.received.length).toBeGreaterThan(0);
    for (const r of saved.received) expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(elsewhere.received).toHaveLength(0);

    // What a client sees: the document's reasons and the batch log, through the bridge.
    const docs = (await call('listDocuments', { batchId, limit: 50 })) as { result: { rows: Array<{ id: number }> } };
    const detail = (await call('getDocument', docs.result.rows[0]!.id)) as { result: unknown };
    const shown = JSON.stringify(detail.result);
    expect(shown).toMatch(/Incorrect API key provided: (sk-)?\[redacted\]/);
    const log = (await call('listLog', batchId)) as { result: Array<{ message: string }> };
    expect(log.result.some((e) => /LLM unavailable: 401 Incorrect API key provided/.test(e.message))).toBe(true);

    await engine.close();
    const stored = fs
      .readdirSync(dataDir)
      .filter((f) => /\.(sqlite|db)(-wal|-shm)?$|docket/i.test(f))
      .map((f) => fs.readFileSync(path.join(dataDir, f)));
    expect(stored.length).toBeGreaterThan(0);
    const keyPieces = [KEY, KEY.slice(0, 20), KEY.slice(-16)];
    for (const bytes of stored) for (const piece of keyPieces) expect(bytes.includes(Buffer.from(piece))).toBe(false);
    const everything = [...frames, ...logged].join('\n');
    expect(frames.length).toBeGreaterThan(5);
    for (const piece of keyPieces) expect(everything).not.toContain(piece);
  }, 120_000);
});

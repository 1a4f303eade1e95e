import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  APP_CHANNELS,
  CHANNEL_NAMES,
  channels,
  ENGINE_CHANNELS,
  EngineEventSchema,
  parseArgs,
  type AppHandlers,
  type ChannelArgs,
  type ChannelResult,
  type DocketApi,
  type DocketClient,
  type EngineExtras,
  type EngineSide,
} from '../../src/contract/contract.js';
import type { EngineApi } from '../../src/contract/engine-api.js';
import type { Engine } from '../../src/engine/engine.js';
import { FakeEngine } from './fake-engine.js';
import { inProcessTransport, ipcTransport, rawRequest, wsTransport, WireFailure } from './transports.js';

type Params<K extends keyof EngineApi> = EngineApi[K] extends (...a: infer P) => unknown ? P : never;
type Ret<K extends keyof EngineApi> = EngineApi[K] extends (...a: never[]) => Promise<infer R> ? R : never;

describe('contract types', () => {
  it('has a channel for every engine method but subscribe, and nothing more', () => {
    expectTypeOf<Exclude<keyof EngineApi, 'subscribe'> | keyof EngineExtras>().toEqualTypeOf<(typeof ENGINE_CHANNELS)[number]>();
    expect(Object.keys(channels).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(new Set(CHANNEL_NAMES).size).toBe(ENGINE_CHANNELS.length + APP_CHANNELS.length);
  });

  it("keeps each channel's argument and reply types in step with EngineApi", () => {
    // The schemas' types must accept everything EngineApi callers may pass, and produce what EngineApi takes.
    expectTypeOf<Params<'listDocuments'>>().toExtend<ChannelArgs<'listDocuments'>>();
    expectTypeOf<ChannelArgs<'listDocuments'>>().toExtend<Params<'listDocuments'>>();
    expectTypeOf<ChannelArgs<'createBatch'>>().toExtend<Params<'createBatch'>>();
    expectTypeOf<Params<'createBatch'>>().toExtend<ChannelArgs<'createBatch'>>();
    expectTypeOf<ChannelArgs<'retryDocuments'>>().toExtend<Params<'retryDocuments'>>();
    expectTypeOf<ChannelArgs<'getPageImage'>>().toExtend<Params<'getPageImage'>>();
    expectTypeOf<ChannelArgs<'listLog'>>().toExtend<Params<'listLog'>>();
    expectTypeOf<ChannelArgs<'estimate'>>().toExtend<Params<'estimate'>>();
    expectTypeOf<ChannelArgs<'markReviewed'>>().toExtend<Params<'markReviewed'>>();
    expectTypeOf<ChannelResult<'listBatches'>>().toExtend<Ret<'listBatches'>>();
    expectTypeOf<Ret<'listBatches'>>().toExtend<ChannelResult<'listBatches'>>();
    expectTypeOf<Ret<'listDocuments'>>().toExtend<ChannelResult<'listDocuments'>>();
    expectTypeOf<Ret<'getDocument'>>().toExtend<ChannelResult<'getDocument'>>();
    expectTypeOf<Ret<'updateField'>>().toExtend<ChannelResult<'updateField'>>();
    expectTypeOf<Ret<'estimate'>>().toExtend<ChannelResult<'estimate'>>();
    expectTypeOf<Ret<'search'>>().toExtend<ChannelResult<'search'>>();
    type Opt<K extends keyof EngineApi> = NonNullable<EngineApi[K]> extends (...a: infer P) => Promise<infer R> ? [P, R] : never;
    expectTypeOf<ChannelArgs<'bulkUpdate'>>().toExtend<Opt<'bulkUpdate'>[0]>();
    expectTypeOf<ChannelArgs<'listReviewRows'>>().toExtend<Opt<'listReviewRows'>[0]>();
    expectTypeOf<Opt<'listReviewRows'>[1]>().toExtend<ChannelResult<'listReviewRows'>>();
    expectTypeOf<Opt<'undoCorrection'>[1]>().toExtend<ChannelResult<'undoCorrection'>>();
    type Extra<K extends keyof EngineExtras> = NonNullable<EngineExtras[K]> extends (...a: infer P) => Promise<infer R> ? [P, R] : never;
    expectTypeOf<ChannelArgs<'exportDocuments'>>().toExtend<Extra<'exportDocuments'>[0]>();
    expectTypeOf<Extra<'exportDocuments'>[1]>().toExtend<ChannelResult<'exportDocuments'>>();
    // the real engine implements it with the same types
    expectTypeOf<Engine['exportDocuments']>().toExtend<NonNullable<EngineExtras['exportDocuments']>>();
  });

  it('lets every transport satisfy the one client interface', () => {
    // The engine can stand behind the dispatcher; the derived clients are DocketClients.
    expectTypeOf<EngineApi>().toExtend<EngineSide>();
    expectTypeOf<ReturnType<typeof inProcessTransport>>().toEqualTypeOf<DocketClient>();
    expectTypeOf<ReturnType<typeof ipcTransport>['client']>().toEqualTypeOf<DocketClient>();
    expectTypeOf<Awaited<ReturnType<typeof wsTransport>>['client']>().toEqualTypeOf<DocketClient>();
    expectTypeOf<DocketClient>().toExtend<DocketApi>();
    expectTypeOf<AppHandlers['appInfo']>().returns.resolves.toHaveProperty('apiKeySet');
    // the reply of the API key channel never carries the key
    expectTypeOf<ChannelResult<'setApiKey'>>().toEqualTypeOf<{ apiKeySet: boolean }>();
  });
});

describe('contract schemas', () => {
  it('accepts well-formed arguments and omitted optionals', () => {
    expect(parseArgs('listLog', [null])).toEqual([null]);
    expect(parseArgs('getPageImage', [1, 0])).toEqual([1, 0]);
    expect(parseArgs('retryDocuments', ['all-failed', 3])).toEqual(['all-failed', 3]);
    expect(parseArgs('listDocuments', [{ batchId: 1, status: ['failed'], sort: 'vendor', desc: true, limit: 100 }])).toBeTruthy();
  });

  it.each([
    ['getBatch', ['1']],
    ['getBatch', [1, 2]],
    ['getBatch', [-1]],
    ['createBatch', [{ paths: [] }]],
    ['createBatch', [{ paths: ['/x'], options: { extract: 'magic' } }]],
    ['listDocuments', [{ sort: 'name; DROP TABLE documents' }]],
    ['listDocuments', [{ limit: 1e9 }]],
    ['updateField', [1, 'not_a_field', 'x']],
    ['retryDocuments', ['everything']],
    ['setApiKey', [42]],
    ['markReviewed', [[], true]],
  ])('rejects %s %j', (name, args) => {
    expect(() => parseArgs(name as never, args)).toThrow(/invalid arguments/);
  });

  it('describes every event the engine pushes', () => {
    const b = FakeEngine.batch(1);
    for (const e of [
      { type: 'batch.progress', batch: b },
      { type: 'batch.finished', batch: b },
      { type: 'document.finished', documentId: 1, batchId: 1, status: 'done' },
      { type: 'document.failed', documentId: 1, batchId: 1, reason: 'x' },
      { type: 'log', entry: { id: 1, batchId: null, documentId: null, at: 1, level: 'info', kind: 'k', message: 'm' } },
    ])
      expect(EngineEventSchema.safeParse(e).success).toBe(true);
  });
});

describe('the three transports stay in step', () => {
  let ws: Awaited<ReturnType<typeof wsTransport>>;
  const engines = { inproc: new FakeEngine(), ipc: new FakeEngine(), ws: new FakeEngine() };
  let clients: Record<keyof typeof engines, DocketClient>;

  beforeAll(async () => {
    for (const e of Object.values(engines)) {
      e.batches = [FakeEngine.batch(1, 'invoices')];
      e.docs = Array.from({ length: 250 }, (_, i) => FakeEngine.row(i + 1, 1, `doc-${i + 1}.pdf`, i % 50 === 0 ? 'failed' : 'done'));
    }
    ws = await wsTransport(engines.ws);
    clients = { inproc: inProcessTransport(engines.inproc), ipc: ipcTransport(engines.ipc).client, ws: ws.client };
  });
  afterAll(async () => ws?.close());

  const scenario = async (c: DocketClient) => {
    const out: unknown[] = [];
    out.push(await c.listBatches());
    const p1 = await c.listDocuments({ batchId: 1, limit: 100 });
    const p2 = await c.listDocuments({ batchId: 1, limit: 100, after: p1.next });
    out.push(p1.total, p1.rows.length, p2.rows[0]?.name, p2.next);
    out.push(await c.listDocuments({ status: ['failed'] }));
    out.push(await c.getDocument(7));
    out.push(await c.getDocument(9999));
    out.push(await c.retryDocuments('all-failed'));
    out.push(await c.listLog(null));
    out.push(await c.getPageImage(1, 0));
    out.push(await c.setSettings({ ocrLang: 'deu' }));
    out.push(await c.appInfo());
    out.push(await c.createBatch({ paths: ['/in'], options: { extract: 'rules' } }));
    return out;
  };

  it('gives the same replies through in-process, IPC and WebSocket', async () => {
    const [a, b, c] = await Promise.all([scenario(clients.inproc), scenario(clients.ipc), scenario(clients.ws)]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    // omitted optional arguments arrive omitted (JSON would otherwise turn them into null)
    for (const e of Object.values(engines)) {
      expect(e.calls.find((x) => x.name === 'listLog')?.args).toEqual([null, undefined, undefined]);
      expect(e.calls.find((x) => x.name === 'retryDocuments')?.args).toEqual(['all-failed']);
    }
  });

  it('rejects malformed payloads and unknown channels before the engine sees them', async () => {
    for (const [kind, c] of Object.entries(clients)) {
      const engine = engines[kind as keyof typeof engines];
      const before = engine.calls.length;
      await expect(c.getBatch('1' as never)).rejects.toMatchObject({ kind: 'invalid-args' });
      await expect(c.updateField(1, 'evil' as never, 'x')).rejects.toMatchObject({ kind: 'invalid-args' });
      await expect(c.listDocuments({ limit: -5 })).rejects.toMatchObject({ kind: 'invalid-args' });
      expect(engine.calls.length).toBe(before);
    }
    const unknown = await rawRequest(ws.raw, { id: 900, name: 'deleteEverything', args: [] }, 900);
    expect(unknown).toMatchObject({ id: 900, error: { kind: 'unknown-channel' } });
    const proto = await rawRequest(ws.raw, { id: 901, name: '__proto__', args: [] }, 901);
    expect(proto).toMatchObject({ id: 901, error: { kind: 'unknown-channel' } });
    const noArray = await rawRequest(ws.raw, { id: 902, name: 'getBatch', args: 1 }, 902);
    expect(noArray).toMatchObject({ id: 902, error: { kind: 'invalid-args' } });
    const notJson = await rawRequest(ws.raw, '{nope', -1);
    expect(notJson).toMatchObject({ error: { kind: 'invalid-args' } });
    const ipc = ipcTransport(engines.ipc);
    await expect(ipc.invokeRaw('docket:deleteEverything')).rejects.toThrow(/No handler/);
  });

  it('pushes engine events to every transport', async () => {
    const got: Record<string, unknown[]> = { inproc: [], ipc: [], ws: [] };
    const offs = Object.entries(clients).map(([k, c]) => c.onEvent((e) => got[k]!.push(e)));
    const ev = { type: 'batch.progress' as const, batch: FakeEngine.batch(1) };
    for (const e of Object.values(engines)) e.emit(ev);
    await new Promise((r) => setTimeout(r, 100));
    for (const off of offs) off();
    expect(got.inproc).toEqual([ev]);
    expect(got.ipc).toEqual([ev]);
    expect(got.ws).toEqual([ev]);
  });

  it('refuses a browser without the token', async () => {
    const base = `http://127.0.0.1:${ws.server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(403);
    const ok = await fetch(`${base}/?token=${ws.server.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/assets/missing.js`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/..%2f..%2fetc/passwd`, { headers: { cookie } })).status).toBe(403);
    const { default: WebSocket } = await import('ws');
    const refused = await new Promise<number>((resolve) => {
      const s = new WebSocket(`ws://127.0.0.1:${ws.server.port}/ws`);
      s.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      s.on('open', () => resolve(101));
      s.on('error', () => resolve(-1));
    });
    expect(refused).toBe(403);
    const foreign = await new Promise<number>((resolve) => {
      const s = new WebSocket(`ws://127.0.0.1:${ws.server.port}/ws?token=${ws.server.token}`, {
        headers: { origin: 'http://evil.example' },
      });
      s.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      s.on('open', () => resolve(101));
      s.on('error', () => resolve(-1));
    });
    expect(foreign).toBe(403);
  });

  it('answers "unavailable" for an optional engine capability the engine lacks', async () => {
    for (const c of Object.values(clients)) {
      await expect(c.listReviewRows({ status: ['needs_review'] })).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(c.getPriceTable()).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(c.bulkUpdate([1], {})).rejects.toMatchObject({ kind: 'invalid-args' });
      await expect(c.bulkUpdate([1], { docType: 'poem' as never })).rejects.toMatchObject({ kind: 'invalid-args' });
    }
  });

  it('errors carry their kind across the wire', async () => {
    await expect(clients.ws.pickFolder()).rejects.toBeInstanceOf(WireFailure);
    await expect(clients.ws.pickFolder()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(clients.ipc.pickFolder()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(clients.inproc.pickFolder()).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

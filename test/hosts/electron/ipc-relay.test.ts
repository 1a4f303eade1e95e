import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannelFor } from '../../../src/contract/contract.js';
import { registerIpcRelay, relayRequest } from '../../../src/hosts/electron/ipc-relay.js';
import { isTrustedSender, makeAppUrlCheck } from '../../../src/hosts/electron/security.js';
import { createDispatcher, headlessAppHandlers } from '../../../src/hosts/dispatch/dispatch.js';
import { FakeEngine } from '../../contract/fake-engine.js';
import { FakeIpcMain } from './fake-electron.js';

function setup() {
  const engine = new FakeEngine();
  engine.batches = [FakeEngine.batch(1)];
  const ipcMain = new FakeIpcMain();
  const isAppUrl = makeAppUrlCheck(null);
  const log: string[] = [];
  const dispatch = createDispatcher(engine, headlessAppHandlers({ host: 'test', dataDir: '/d' }));
  const unregister = registerIpcRelay(ipcMain as never, {
    dispatch,
    isTrustedSender: (f) => isTrustedSender(f, isAppUrl),
    log: (m) => log.push(m),
  });
  const app = { url: 'docket://app/index.html' };
  return { engine, ipcMain, app, log, unregister, dispatch };
}

describe('the IPC relay', () => {
  it('registers exactly one handler per contract channel, and removes them', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannelFor).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('relays valid requests from the app frame', async () => {
    const { ipcMain, app, engine } = setup();
    const reply = await ipcMain.invoke('docket:getBatch', app, 1);
    expect(reply).toEqual({ ok: true, result: FakeEngine.batch(1) });
    expect(engine.calls).toEqual([{ name: 'getBatch', args: [1] }]);
  });

  it('rejects malformed payloads before the engine sees them', async () => {
    const { ipcMain, app, engine } = setup();
    for (const [ch, args] of [
      ['docket:getBatch', ['1']],
      ['docket:getBatch', [{ toString: 1 }]],
      ['docket:createBatch', [{ paths: 'C:\\' }]],
      ['docket:listDocuments', [{ sort: 'name desc; --' }]],
      ['docket:updateField', [1, 'total', 5]],
      ['docket:markReviewed', [[1, 2], 'yes']],
    ] as const) {
      const reply = (await ipcMain.invoke(ch, app, ...args)) as { ok: boolean; error?: { kind: string } };
      expect(reply.ok, `${ch} ${JSON.stringify(args)}`).toBe(false);
      expect(reply.error?.kind).toBe('invalid-args');
    }
    expect(engine.calls).toEqual([]);
  });

  it('rejects unknown channels', async () => {
    const { ipcMain, app, dispatch } = setup();
    await expect(ipcMain.invoke('docket:runShell', app, 'rm -rf /')).rejects.toThrow(/No handler/);
    const reply = await relayRequest({ dispatch, isTrustedSender: () => true }, 'runShell', { senderFrame: app as never }, []);
    expect(reply).toEqual({ ok: false, error: { kind: 'unknown-channel', message: expect.stringContaining('runShell') } });
    const proto = await relayRequest({ dispatch, isTrustedSender: () => true }, 'constructor', { senderFrame: app as never }, []);
    expect(proto.ok).toBe(false);
  });

  it('checks the sender frame of every request', async () => {
    const { ipcMain, engine, log } = setup();
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'docket://app/index.html', parent: {} }, null]) {
      const reply = (await ipcMain.invoke('docket:listBatches', frame)) as { ok: boolean; error?: { kind: string } };
      expect(reply).toMatchObject({ ok: false, error: { kind: 'transport' } });
    }
    expect(engine.calls).toEqual([]);
    expect(log).toHaveLength(3);
  });
});

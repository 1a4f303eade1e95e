/**
 * The three transports, each built the way production builds it, over the same engine: in-process,
 * Electron IPC (the real relay + the preload's client against a faked ipcMain/ipcRenderer), WebSocket (the
 * real server + a Node WebSocket speaking the browser client's protocol).
 */
import WebSocket from 'ws';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IPC_EVENT_CHANNEL, ipcChannelFor, type AppHandlers, type DocketClient, type WsReply } from '../../src/contract/contract.js';
import { buildClient } from '../../src/contract/client.js';
import type { EngineEvent } from '../../src/contract/domain.js';
import { registerIpcRelay, type IpcEnvelope } from '../../src/hosts/electron/ipc-relay.js';
import { startServer, type RunningServer } from '../../src/hosts/browser/server.js';
import { createDispatcher, headlessAppHandlers } from '../../src/hosts/dispatch/dispatch.js';
import { createInProcessClient } from '../../src/hosts/dispatch/in-process.js';
import type { FakeEngine } from './fake-engine.js';

export class WireFailure extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export function appHandlers(): AppHandlers {
  return headlessAppHandlers({ host: 'test', dataDir: '/data' });
}

export function inProcessTransport(engine: FakeEngine): DocketClient {
  return createInProcessClient(engine, appHandlers());
}

/** ipcMain.handle registry + a sender frame, as Electron would pass them. */
export function ipcTransport(engine: FakeEngine, frameUrl = 'docket://app/index.html') {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = {
    handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void handlers.set(ch, fn),
    removeHandler: (ch: string) => void handlers.delete(ch),
  };
  const dispatch = createDispatcher(engine, appHandlers());
  registerIpcRelay(ipcMain as never, { dispatch, isTrustedSender: (f) => !!f && f.url.startsWith('docket://app/') });
  const frame = { url: frameUrl };
  const invokeRaw = async (channel: string, ...args: unknown[]) => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    // structuredClone: Electron's IPC serialises with the structured clone algorithm
    return structuredClone(await h({ senderFrame: frame }, ...structuredClone(args)));
  };
  const listeners = new Set<(e: EngineEvent) => void>();
  engine.subscribe((e) => {
    for (const l of listeners) l(structuredClone(e)); // webContents.send(IPC_EVENT_CHANNEL, e)
  });
  void IPC_EVENT_CHANNEL;
  const client = buildClient(
    async (name, args) => {
      const reply = (await invokeRaw(ipcChannelFor(name), ...args)) as IpcEnvelope;
      if (reply.ok) return reply.result;
      throw new WireFailure(reply.error.kind, reply.error.message);
    },
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  );
  return { client, handlers, invokeRaw, frame };
}

export async function wsTransport(
  engine: FakeEngine,
): Promise<{ client: DocketClient; server: RunningServer; raw: WebSocket; close(): Promise<void> }> {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Docket</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const server = await startServer({ engine, port: 0, host: '127.0.0.1', rendererDir, app: appHandlers() });
  const raw = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise<void>((resolve, reject) => {
    raw.once('open', () => resolve());
    raw.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners = new Set<(e: EngineEvent) => void>();
  raw.on('message', (data) => {
    const msg = JSON.parse(String(data)) as WsReply;
    if ('push' in msg) {
      for (const l of listeners) l(msg.push as EngineEvent);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if ('error' in msg) p.reject(new WireFailure(msg.error.kind, msg.error.message));
    else p.resolve(msg.result);
  });
  const client = buildClient(
    (name, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        raw.send(JSON.stringify({ id, name, args }));
      }),
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  );
  return {
    client,
    server,
    raw,
    async close() {
      raw.close();
      await server.close();
      fs.rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

/** Send a raw frame and wait for the reply with that id. */
export function rawRequest(ws: WebSocket, frame: unknown, id: number): Promise<WsReply> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as WsReply;
      if ('id' in msg && msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg);
      }
    };
    ws.on('message', onMsg);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

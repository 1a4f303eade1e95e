/**
 * The renderer's only door to the engine. In Electron the preload has put a contract client on
 * window.docket; in a browser we build the same client over the WebSocket bridge. Nothing else differs.
 */
import { WS_PATH, type WsReply } from '../contract/channels';
import type { DocketClient } from '../contract/contract';
import { buildClient } from '../contract/client';
// The error class the preload throws too, so a screen handles an engine error alike in Electron and a browser.
import { ContractError } from '../contract/errors';
import type { EngineEvent } from '../contract/domain';

declare global {
  interface Window {
    docket?: DocketClient;
  }
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void };

export function createWebSocketClient(loc: Location, onStatus: (connected: boolean) => void): DocketClient {
  const token = new URLSearchParams(loc.search).get('token') ?? '';
  const url = `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const listeners = new Set<(e: EngineEvent) => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  let retry = 250;

  const connect = () => {
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      retry = 250;
      onStatus(true);
      for (const m of queue.splice(0)) sock.send(m);
    };
    sock.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as WsReply;
      if ('push' in msg) {
        for (const l of listeners) l(msg.push as EngineEvent);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if ('error' in msg) p.reject(new ContractError(msg.error.kind, msg.error.message));
      else p.resolve(msg.result);
    };
    sock.onclose = () => {
      onStatus(false);
      for (const p of pending.values()) p.reject(new ContractError('transport', 'connection to Docket lost'));
      pending.clear();
      ws = null;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect();

  return buildClient(
    (name, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const frame = JSON.stringify({ id, name, args });
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
        else queue.push(frame);
      }),
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  );
}

let client: DocketClient | null = null;
export function getClient(onStatus: (connected: boolean) => void = () => {}): DocketClient {
  if (!client) {
    if (window.docket) {
      client = window.docket;
      onStatus(true);
    } else client = createWebSocketClient(window.location, onStatus);
  }
  return client;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '') : String(err);
}

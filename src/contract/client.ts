/**
 * The client type, and how to build one from any request function: the preload (ipcRenderer.invoke), the
 * browser (WebSocket) and tests (in-process) all use this, so the client surface is derived from the channel list.
 * zod-free on purpose (its zod imports are type-only): the sandboxed preload cannot load npm packages at run time.
 */
import type { ChannelArgs, ChannelResult } from './channel-schemas.js';
import { CHANNEL_NAMES, type ChannelName } from './channels.js';
import type { EngineEvent } from './schemas/events.js';

/** The callable surface: one async function per channel. */
export type DocketApi = { [K in ChannelName]: (...args: ChannelArgs<K>) => Promise<ChannelResult<K>> };

/** What the renderer gets as `window.docket` (Electron preload) or from the WebSocket client. */
export interface DocketClient extends DocketApi {
  /** Subscribe to engine events pushed by the host; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Electron only: the filesystem path of a dropped File (webUtils.getPathForFile). */
  pathForFile?(file: unknown): string;
}

export type Invoke = (name: ChannelName, args: unknown[]) => Promise<unknown>;

export function buildApi(invoke: Invoke): DocketApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of CHANNEL_NAMES)
    api[name] = (...args: unknown[]) => {
      // Omitted optional arguments must stay omitted: JSON would turn a trailing undefined into null.
      let n = args.length;
      while (n > 0 && args[n - 1] === undefined) n--;
      return invoke(name, n === args.length ? args : args.slice(0, n));
    };
  return api as unknown as DocketApi;
}

export function buildClient(
  invoke: Invoke,
  onEvent: (listener: (event: EngineEvent) => void) => () => void,
  extra: Partial<Pick<DocketClient, 'pathForFile'>> = {},
): DocketClient {
  return { ...buildApi(invoke), onEvent, ...extra };
}

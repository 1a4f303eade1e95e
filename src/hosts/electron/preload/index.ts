/**
 * The sandboxed preload: exposes one object, window.docket, built from the contract's channel list. It may
 * only require 'electron' (sandbox), so it imports the zod-free channel list, never the schemas.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { ContractErrorLike, IPC_EVENT_CHANNEL, ipcChannelFor, type WireError } from './wire.js';
import { buildClient } from '../../../contract/client.js';
import type { EngineEvent } from '../../../contract/domain.js';

type Envelope = { ok: true; result: unknown } | { ok: false; error: WireError };

const client = buildClient(
  async (name, args) => {
    const reply = (await ipcRenderer.invoke(ipcChannelFor(name), ...args)) as Envelope;
    if (reply.ok) return reply.result;
    throw new ContractErrorLike(reply.error);
  },
  (listener) => {
    const handler = (_e: IpcRendererEvent, event: EngineEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  { pathForFile: (file: unknown) => webUtils.getPathForFile(file as File) },
);

contextBridge.exposeInMainWorld('docket', client);

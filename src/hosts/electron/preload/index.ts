/**
 * The sandboxed preload: exposes one object, window.docket, built from the contract's channel list. It may
 * only require 'electron' (sandbox), so it imports only the contract's zod-free modules (channels, client,
 * errors) and types, never the schemas.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannelFor, type IpcEnvelope } from '../../../contract/channels.js';
import { buildClient } from '../../../contract/client.js';
import { fromWireError } from '../../../contract/errors.js';
import type { EngineEvent } from '../../../contract/schemas/events.js';

const client = buildClient(
  async (name, args) => {
    const reply = (await ipcRenderer.invoke(ipcChannelFor(name), ...args)) as IpcEnvelope;
    if (reply.ok) return reply.result;
    throw fromWireError(reply.error);
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

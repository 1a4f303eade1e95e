/**
 * The generic IPC relay: one ipcMain.handle per contract channel, all derived from the channel table. Each
 * request's sender frame is checked, its arguments validated by the contract's zod schema (in dispatch), and
 * only then does the engine see it. Replies are envelopes so error kinds survive Electron's IPC (which
 * otherwise flattens a thrown error into a message string).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, ContractError, ipcChannelFor, toWireError, type IpcEnvelope } from '../../contract/contract.js';
import type { Dispatch } from '../dispatch/dispatch.js';

export type { IpcEnvelope };

export interface RelayOptions {
  dispatch: Dispatch;
  isTrustedSender(frame: IpcMainInvokeEvent['senderFrame']): boolean;
  log?(message: string): void;
}

/** Handle one request from a renderer: sender check, then schema validation and the engine call. */
export async function relayRequest(
  opts: RelayOptions,
  name: unknown,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  args: unknown[],
): Promise<IpcEnvelope> {
  try {
    if (!opts.isTrustedSender(event.senderFrame)) {
      opts.log?.(`rejected ${String(name)} from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
      throw new ContractError('transport', 'request from an untrusted frame');
    }
    return { ok: true, result: await opts.dispatch(name, args) };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

/** Register the relay; returns a function that removes every handler (window closed, tests). */
export function registerIpcRelay(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, opts: RelayOptions): () => void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannelFor(name), (event, ...args: unknown[]) => relayRequest(opts, name, event, args));
  }
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(ipcChannelFor(name));
  };
}

export { IPC_EVENT_CHANNEL, ipcChannelFor, type WireError } from '../../../contract/channels.js';
import type { WireError } from '../../../contract/channels.js';

/** Errors crossing contextBridge keep only their message; the kind rides in it as a prefix-free field. */
export class ContractErrorLike extends Error {
  readonly kind: WireError['kind'];
  constructor(e: WireError) {
    super(e.message);
    this.name = 'ContractError';
    this.kind = e.kind;
  }
}

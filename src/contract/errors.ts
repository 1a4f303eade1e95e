/** Errors cross every transport as plain data (WireError); ContractError is their shape on either side. */
import type { WireError } from './channels.js';

export class ContractError extends Error {
  constructor(
    readonly kind: WireError['kind'],
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof ContractError) return { kind: err.kind, message: err.message };
  const msg = err instanceof Error ? err.message : String(err);
  return { kind: 'engine', message: msg };
}

export function fromWireError(e: WireError): ContractError {
  return new ContractError(e.kind, e.message);
}

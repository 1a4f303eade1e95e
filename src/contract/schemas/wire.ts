/**
 * The frames that carry the contract over each transport: errors as plain data, Electron IPC reply envelopes and
 * WebSocket frames. Their payloads (arguments, results, events) are checked against channel-schemas.ts.
 */
import { z } from 'zod';

/** Errors cross every transport as plain data. `kind` says which sort it is. */
export const WireErrorSchema = z.object({
  kind: z.enum(['unknown-channel', 'invalid-args', 'engine', 'unavailable', 'transport']),
  message: z.string(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

/** Electron IPC reply: an envelope, so the error's kind survives IPC (which flattens a thrown error into a message). */
export const IpcEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireErrorSchema }),
]);
export type IpcEnvelope = z.infer<typeof IpcEnvelopeSchema>;

/** WebSocket request frame: {id, name, args}; omitted args mean none. The bridge checks each frame against this. */
export const WsRequestSchema = z.object({ id: z.number().min(0), name: z.string(), args: z.array(z.unknown()).default([]) });
export type WsRequest = z.infer<typeof WsRequestSchema>;

/** WebSocket frames from the bridge: {id, result} | {id, error} ; pushes: {push: event}. */
export const WsReplySchema = z.union([
  z.object({ id: z.number(), result: z.unknown() }),
  z.object({ id: z.number(), error: WireErrorSchema }),
  z.object({ push: z.unknown() }),
]);
export type WsReply = z.infer<typeof WsReplySchema>;

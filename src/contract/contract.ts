/**
 * The one contract between the engine's hosts and the renderer, in one import: the channel names (channels.ts),
 * the channel table of zod schemas (channel-schemas.ts), the shapes (schemas/), the client type (client.ts), the
 * engine's and the host's side (engine-api.ts, host-api.ts) and the errors that cross the wire (errors.ts).
 * Nothing is declared here.
 */
export * from './channels.js';
export * from './channel-schemas.js';
export * from './errors.js';
export * from './client.js';
export type { EngineExtras, EngineSide } from './engine-api.js';
export type { AppHandlers } from './host-api.js';
export * from './schemas/app.js';
export * from './schemas/batches.js';
export * from './schemas/documents.js';
export * from './schemas/einvoice.js';
export * from './schemas/events.js';
export * from './schemas/exports.js';
export * from './schemas/fields.js';
export * from './schemas/log.js';
export * from './schemas/pages.js';
export * from './schemas/review.js';
export * from './schemas/search.js';
export * from './schemas/settings.js';
export * from './schemas/vendors.js';
export * from './schemas/wire.js';

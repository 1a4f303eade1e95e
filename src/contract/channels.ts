/**
 * The channel names of the contract and how each transport addresses them. Free of zod at run time (its only
 * import is type-only), so the sandboxed preload (which may not require npm packages) and the renderer can
 * import it. channel-schemas.ts checks at compile time that its table has exactly these keys.
 */
export const ENGINE_CHANNELS = [
  'listBatches',
  'getBatch',
  'createBatch',
  'pauseBatch',
  'resumeBatch',
  'cancelBatch',
  'listDocuments',
  'getDocument',
  'getPageImage',
  'updateField',
  'markReviewed',
  'retryDocuments',
  'listLog',
  'getSettings',
  'setSettings',
  'search',
  'estimate',
  'getPriceTable',
  'listReviewRows',
  'bulkUpdate',
  'bulkUpdateMatching',
  'undoCorrection',
  'exportDocuments',
  'listVendors',
  'importVendors',
  'updateVendor',
  'deleteVendor',
  'getEInvoice',
  'getEInvoiceXml',
  'saveEInvoiceXml',
  'listWatchedFolders',
  'addWatchedFolder',
  'updateWatchedFolder',
  'removeWatchedFolder',
  'splitDocument',
  'documentTotals',
  'renameBatch',
  'deleteBatch',
  'scaleOutStatus',
] as const;

/** Capabilities of the host (Electron shell, WebSocket bridge), not of the engine. */
export const APP_CHANNELS = ['appInfo', 'setApiKey', 'pickFolder', 'pickFiles', 'pickSaveTarget', 'showInFolder'] as const;

export const CHANNEL_NAMES = [...ENGINE_CHANNELS, ...APP_CHANNELS] as const;

export type EngineChannel = (typeof ENGINE_CHANNELS)[number];
export type AppChannel = (typeof APP_CHANNELS)[number];
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Electron IPC channel for a contract channel: `docket:listBatches`. */
export const IPC_PREFIX = 'docket:';
/** Electron IPC channel main uses to push EngineEvents to the renderer. */
export const IPC_EVENT_CHANNEL = 'docket:event';
/** WebSocket path of the browser bridge. */
export const WS_PATH = '/ws';

export function ipcChannelFor(name: ChannelName): string {
  return IPC_PREFIX + name;
}

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name);
}

/** The transport frames (WireError, IpcEnvelope, WsRequest, WsReply) are schemas in schemas/wire.ts; types only here. */
export type { IpcEnvelope, WireError, WsReply, WsRequest } from './schemas/wire.js';

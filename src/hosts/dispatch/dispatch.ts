/**
 * The one request handler every transport shares: look the channel up in the contract, validate the
 * arguments with its zod schema, and only then call the engine (or the host's app handlers). Unknown channels
 * and malformed payloads never reach the engine.
 */
import {
  ContractError,
  ENGINE_CHANNELS,
  isChannelName,
  parseArgs,
  type AppHandlers,
  type ChannelName,
  type EngineSide,
} from '../../contract/contract.js';

export type Dispatch = (name: unknown, args: unknown) => Promise<unknown>;

const engineChannels = new Set<string>(ENGINE_CHANNELS);

export function createDispatcher(engine: EngineSide, app: AppHandlers): Dispatch {
  return async (name, args) => {
    if (!isChannelName(name)) throw new ContractError('unknown-channel', `unknown channel ${JSON.stringify(String(name)).slice(0, 80)}`);
    const parsed = parseArgs(name, args) as unknown[];
    const target = (engineChannels.has(name) ? engine : app) as unknown as Record<ChannelName, (...a: unknown[]) => Promise<unknown>>;
    const fn = target[name];
    if (typeof fn !== 'function') throw new ContractError('unavailable', `${name} is not available in this host`);
    return fn.apply(target, parsed);
  };
}

/** App handlers for hosts without native dialogs or a secret store (browser bridge, tests). */
export function headlessAppHandlers(opts: {
  host: 'browser' | 'test';
  dataDir: string;
  version?: string;
  secrets?: { has(): boolean; set(key: string | null): void };
}): AppHandlers {
  const unavailable = async (): Promise<never> => {
    throw new ContractError('unavailable', 'native pickers are not available in the browser; type a path instead');
  };
  return {
    appInfo: async () => ({
      host: opts.host,
      version: opts.version ?? '0.1.0',
      dataDir: opts.dataDir,
      apiKeySet: opts.secrets?.has() ?? false,
      canPickPaths: false,
    }),
    setApiKey: async (key) => {
      if (!opts.secrets) throw new ContractError('unavailable', 'this host cannot store an API key; use the desktop app or DOCKET_API_KEY');
      opts.secrets.set(key);
      return { apiKeySet: opts.secrets.has() };
    },
    pickFolder: unavailable,
    pickFiles: unavailable,
    pickSaveTarget: async () => {
      throw new ContractError('unavailable', 'no save dialog in the browser: exports are written to the data folder and downloaded');
    },
    showInFolder: async () => {
      throw new ContractError('unavailable', 'the browser cannot open a file manager');
    },
  };
}

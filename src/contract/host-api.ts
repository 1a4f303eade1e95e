/** What a host (Electron shell, browser bridge, tests) implements for the app channels; the engine covers the rest. */
import type { ChannelArgs, ChannelResult } from './channel-schemas.js';
import type { AppChannel } from './channels.js';

export type AppHandlers = { [K in AppChannel]: (...args: ChannelArgs<K>) => Promise<ChannelResult<K>> };

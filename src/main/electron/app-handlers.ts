/** The host side of the contract in Electron: native pickers, the API key, facts about the app. */
import type { BrowserWindow, Dialog } from 'electron';
import type { AppHandlers } from '../../shared/contract.js';
import type { SecretStore } from './secrets.js';

export function electronAppHandlers(deps: {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  window(): BrowserWindow | null;
  secrets: SecretStore;
  dataDir: string;
  version: string;
  /** Called after the key changes so the engine's LLM client picks it up. */
  onApiKeyChanged?(key: string | null): void;
}): AppHandlers {
  const pick = async (properties: Array<'openDirectory' | 'openFile' | 'multiSelections'>, title: string) => {
    const win = deps.window();
    const opts = {
      title,
      properties,
      filters: properties.includes('openFile')
        ? [
            { name: 'Documents', extensions: ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff', 'bmp', 'webp', 'gif'] },
            { name: 'All files', extensions: ['*'] },
          ]
        : undefined,
    };
    const res = win ? await deps.dialog.showOpenDialog(win, opts) : await deps.dialog.showOpenDialog(opts);
    return res.canceled ? [] : res.filePaths;
  };
  return {
    appInfo: async () => ({ host: 'electron', version: deps.version, dataDir: deps.dataDir, apiKeySet: deps.secrets.has(), canPickPaths: true }),
    setApiKey: async (key) => {
      deps.secrets.set(key);
      deps.onApiKeyChanged?.(key);
      return { apiKeySet: deps.secrets.has() };
    },
    pickFolder: () => pick(['openDirectory', 'multiSelections'], 'Choose folders to process'),
    pickFiles: () => pick(['openFile', 'multiSelections'], 'Choose documents to process'),
  };
}

/** The host side of the contract in Electron: native pickers, the API key, facts about the app. */
import fs from 'node:fs';
import type { BrowserWindow, Dialog, Shell } from 'electron';
import type { AppHandlers } from '../../contract/contract.js';
import type { SecretStore } from './secrets.js';

const SAVE_FILTERS = {
  csv: { name: 'CSV' },
  xlsx: { name: 'Excel workbook' },
  json: { name: 'JSON' },
  xml: { name: 'XML invoice' },
} as const;

export function electronAppHandlers(deps: {
  dialog: Pick<Dialog, 'showOpenDialog'> & Partial<Pick<Dialog, 'showSaveDialog'>>;
  /** For "Show in folder" after an export. */
  shell?: Pick<Shell, 'showItemInFolder'>;
  window(): BrowserWindow | null;
  secrets: SecretStore;
  dataDir: string;
  version: string;
  /** Called after the key changes so the engine's LLM client picks it up. */
  onApiKeyChanged?(key: string | null): void;
  /** The base URL a key entered now is for (the Settings screen's LLM URL); the key is sent nowhere else. */
  keyBaseUrl?(): Promise<string | undefined>;
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
    appInfo: async () => ({
      host: 'electron',
      version: deps.version,
      dataDir: deps.dataDir,
      apiKeySet: deps.secrets.has(),
      canPickPaths: true,
    }),
    setApiKey: async (key) => {
      deps.secrets.set(key, key === null ? undefined : await deps.keyBaseUrl?.());
      deps.onApiKeyChanged?.(key);
      return { apiKeySet: deps.secrets.has() };
    },
    pickFolder: () => pick(['openDirectory', 'multiSelections'], 'Choose folders to process'),
    pickFiles: () => pick(['openFile', 'multiSelections'], 'Choose documents to process'),
    pickSaveTarget: async ({ defaultName, kind }) => {
      const win = deps.window();
      if (kind === 'folder') {
        const opts = {
          title: 'Choose a folder for the searchable PDFs',
          buttonLabel: 'Export here',
          properties: ['openDirectory' as const, 'createDirectory' as const],
        };
        const res = win ? await deps.dialog.showOpenDialog(win, opts) : await deps.dialog.showOpenDialog(opts);
        return res.canceled || !res.filePaths[0] ? null : res.filePaths[0];
      }
      if (!deps.dialog.showSaveDialog) throw new Error('no save dialog in this host');
      const filters = [
        { name: SAVE_FILTERS[kind].name, extensions: [kind] },
        { name: 'All files', extensions: ['*'] },
      ];
      const opts = { title: 'Export', defaultPath: defaultName, filters };
      const res = win ? await deps.dialog.showSaveDialog(win, opts) : await deps.dialog.showSaveDialog(opts);
      return res.canceled || !res.filePath ? null : res.filePath;
    },
    showInFolder: async (p) => {
      if (!deps.shell || !fs.existsSync(p)) return false;
      deps.shell.showItemInFolder(p);
      return true;
    },
  };
}

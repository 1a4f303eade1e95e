/**
 * The LLM API key, encrypted with Electron safeStorage (DPAPI on Windows, Keychain on macOS, libsecret on
 * Linux) in a file in userData, together with the base URL it was entered for: the engine sends it there and
 * nowhere else. The renderer can set or clear it but only ever learns whether one is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { parseStoredGrant, serializeGrant, type SecretStore } from '../../engine/secrets.js';

export type { SecretStore };

export function createSecretStore(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
  dir: string,
): SecretStore {
  const file = path.join(dir, 'api-key.enc');
  return {
    has: () => fs.existsSync(file),
    get() {
      if (!fs.existsSync(file)) return undefined;
      try {
        // A key stored before keys were bound is read as entered for the default URL.
        return parseStoredGrant(safeStorage.decryptString(fs.readFileSync(file)));
      } catch {
        return undefined;
      }
    },
    set(value, baseUrl) {
      if (value === null || value === '') {
        fs.rmSync(file, { force: true });
        return;
      }
      if (!safeStorage.isEncryptionAvailable()) throw new Error('this system offers no secure storage for the API key');
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, safeStorage.encryptString(serializeGrant(value, baseUrl)), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
  };
}

/**
 * The LLM API key, encrypted with Electron safeStorage (DPAPI on Windows, Keychain on macOS, libsecret on
 * Linux) in a file in userData. The renderer can set or clear it but only ever learns whether one is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';

export interface SecretStore {
  has(): boolean;
  get(): string | null;
  set(value: string | null): void;
}

export function createSecretStore(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
  dir: string,
): SecretStore {
  const file = path.join(dir, 'api-key.enc');
  return {
    has: () => fs.existsSync(file),
    get() {
      if (!fs.existsSync(file)) return null;
      try {
        return safeStorage.decryptString(fs.readFileSync(file));
      } catch {
        return null;
      }
    },
    set(value) {
      if (value === null) {
        fs.rmSync(file, { force: true });
        return;
      }
      if (!safeStorage.isEncryptionAvailable()) throw new Error('this system offers no secure storage for the API key');
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, safeStorage.encryptString(value), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
  };
}

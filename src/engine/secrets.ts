import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the engine gets the LLM API key. The desktop shell backs it with Electron safeStorage. */
export interface SecretStore {
  get(): string | undefined;
  set(value: string | null): void;
  has(): boolean;
}

/**
 * The CLI's secret store: the key encrypted with AES-256-GCM in `secrets.enc`, the data key in a separate
 * owner-only file. It keeps the API key out of the database, its backups and logs; it does not protect
 * against someone who can read the user's whole profile (that is what the desktop app's safeStorage adds).
 */
export class FileSecretStore implements SecretStore {
  private readonly keyFile: string;
  private readonly dataFile: string;

  constructor(dataDir: string) {
    this.keyFile = path.join(dataDir, 'secret.key');
    this.dataFile = path.join(dataDir, 'secrets.enc');
  }

  private dataKey(create: boolean): Buffer | null {
    if (fs.existsSync(this.keyFile)) return fs.readFileSync(this.keyFile);
    if (!create) return null;
    const k = crypto.randomBytes(32);
    fs.writeFileSync(this.keyFile, k, { mode: 0o600 });
    return k;
  }

  get(): string | undefined {
    try {
      const key = this.dataKey(false);
      if (!key || !fs.existsSync(this.dataFile)) return undefined;
      const buf = fs.readFileSync(this.dataFile);
      const iv = buf.subarray(0, 12);
      const tag = buf.subarray(12, 28);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  set(value: string | null): void {
    if (value === null || value === '') {
      fs.rmSync(this.dataFile, { force: true });
      return;
    }
    const key = this.dataKey(true)!;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    const enc = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    fs.writeFileSync(this.dataFile, Buffer.concat([iv, cipher.getAuthTag(), enc]), { mode: 0o600 });
  }

  has(): boolean {
    return this.get() !== undefined;
  }
}

/** The key in force: the environment wins (scripts, CI), then the host's store. Never logged. */
export function resolveApiKey(store: SecretStore | null, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DOCKET_API_KEY || env.OPENAI_API_KEY || store?.get() || undefined;
}

import os from 'node:os';
import path from 'node:path';

/**
 * The per-user data folder the desktop app also uses: %APPDATA%\Docket on Windows, ~/Library/Application
 * Support/Docket on macOS, $XDG_DATA_HOME/docket (~/.local/share/docket) elsewhere. --data or DOCKET_DATA win.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DOCKET_DATA) return env.DOCKET_DATA;
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(os.homedir(), 'AppData', 'Roaming'), 'Docket');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Docket');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'docket');
}

export function resolveDataDir(flag: string | undefined): string {
  return path.resolve(flag ?? defaultDataDir());
}

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

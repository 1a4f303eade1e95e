import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from './db.js';

const LOCK_FILE = 'docket.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One processing engine per data folder: two would each think the other's in-flight documents were left by
 * a crash. The lock holds the owner's pid; a lock whose owner is gone (SIGKILL) is taken over.
 */
export function acquireDataLock(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let i = 0; i < 3; i++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new StoreError('unusable-folder', `cannot lock data folder ${dataDir}: ${(err as Error).message}`);
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new StoreError('busy', `the data folder ${dataDir} is in use by another Docket process (pid ${pid})`);
      }
      try {
        fs.unlinkSync(file);
      } catch {
        /* raced with another taker; try again */
      }
    }
  }
  throw new StoreError('busy', `could not lock the data folder ${dataDir}`);
}

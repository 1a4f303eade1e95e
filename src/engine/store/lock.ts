import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from './db.js';

const LOCK_FILE = 'docket.lock';
/** How often the owner touches the lock file, and how old a touch may be before the owner counts as gone. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_STALE_MS = 60_000;

/** What the lock file records about its owner. */
export interface LockRecord {
  app: 'docket';
  pid: number;
  /** Random per acquisition: only the process that wrote it removes it. */
  token: string;
  /** The owner's start time as the OS counts it (Linux: /proc/<pid>/stat field 22), or null where unknown. */
  procStart: string | null;
  dataDir: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a process in clock ticks since boot (Linux), or null where /proc is not there. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall; rest starts at field 3
  } catch {
    return null;
  }
}

/** What a process runs, from /proc (Linux), or null where that cannot be seen. */
function processCommand(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

function parseRecord(text: string): LockRecord | { legacyPid: number } | null {
  const trimmed = text.trim();
  // Docket before the token format wrote only its pid.
  if (/^\d+$/.test(trimmed)) return { legacyPid: Number(trimmed) };
  try {
    const r = JSON.parse(trimmed) as Partial<LockRecord>;
    if (r.app === 'docket' && Number.isInteger(r.pid) && typeof r.token === 'string') return r as LockRecord;
  } catch {
    /* unreadable: treated as stale below */
  }
  return null;
}

/**
 * Why the lock's owner is no longer a Docket process of this folder, or null while it is. A pid alone is not
 * enough: after a reboot or a long uptime the number is reused, and a live stranger would hold the folder for
 * ever. The start time the OS reports for the pid must match the one written at lock time; where the OS does
 * not report one (Windows, macOS), the owner's heartbeat (the lock file's mtime) must be recent.
 */
export function staleReason(text: string, mtimeMs: number, now = Date.now()): string | null {
  const rec = parseRecord(text);
  if (rec === null) return 'the lock file is unreadable';
  const pid = 'legacyPid' in rec ? rec.legacyPid : rec.pid;
  if (!(pid > 0) || !alive(pid)) return `process ${pid} is gone`;
  if ('legacyPid' in rec) {
    const cmd = processCommand(pid);
    if (cmd !== null && !/docket|electron|node/i.test(cmd)) return `process ${pid} is not Docket (${cmd.trim().slice(0, 60)})`;
    return null;
  }
  if (rec.procStart !== null) {
    const current = processStartTime(pid);
    if (current !== null)
      return current === rec.procStart ? null : `process ${pid} is not the Docket that took the lock (the pid was reused)`;
  }
  return now - mtimeMs > HEARTBEAT_STALE_MS ? `process ${pid} has not renewed the lock for ${Math.round((now - mtimeMs) / 1000)} s` : null;
}

/** Moves a stale lock aside; if another process took the lock meanwhile, its fresh lock is put back. */
function removeStale(file: string, judged: string): void {
  const aside = `${file}.${crypto.randomBytes(6).toString('hex')}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // raced with another taker; the caller tries again
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== judged) fs.linkSync(aside, file);
  } catch {
    /* a newer lock is already in place */
  }
  fs.rmSync(aside, { force: true });
}

/**
 * One processing engine per data folder: two would each think the other's in-flight documents were left by
 * a crash. The lock records the owner's pid, a token and its start time; a lock whose owner is gone (SIGKILL)
 * or is not the Docket that wrote it (a reused pid) is taken over.
 */
export function acquireDataLock(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  const record: LockRecord = {
    app: 'docket',
    pid: process.pid,
    token: crypto.randomBytes(16).toString('hex'),
    procStart: processStartTime(process.pid),
    dataDir: path.resolve(dataDir),
  };
  const text = JSON.stringify(record);
  for (let i = 0; i < 3; i++) {
    try {
      fs.writeFileSync(file, text, { flag: 'wx' });
      // The heartbeat is what tells a live owner from a stranger where the OS gives no start time.
      const beat = setInterval(() => {
        try {
          const t = new Date();
          fs.utimesSync(file, t, t);
        } catch {
          /* the folder went away; release will find nothing */
        }
      }, HEARTBEAT_MS);
      beat.unref();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearInterval(beat);
        try {
          if (fs.readFileSync(file, 'utf8') === text) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new StoreError('unusable-folder', `cannot lock data folder ${dataDir}: ${(err as Error).message}`);
      let held: string;
      let mtimeMs: number;
      try {
        held = fs.readFileSync(file, 'utf8');
        mtimeMs = fs.statSync(file).mtimeMs;
      } catch {
        continue; // released between our write and read
      }
      if (staleReason(held, mtimeMs) === null) {
        const rec = parseRecord(held);
        const pid = rec && ('legacyPid' in rec ? rec.legacyPid : rec.pid);
        throw new StoreError('busy', `the data folder ${dataDir} is in use by another Docket process (pid ${pid})`);
      }
      removeStale(file, held);
    }
  }
  throw new StoreError('busy', `could not lock the data folder ${dataDir}`);
}

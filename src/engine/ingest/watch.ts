import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WatchedFolder } from '../../contract/schemas/intake.js';
import type { Db } from '../store/db.js';
import { filesToArchive, markArchived, recordWatchedFile, watchedFile } from '../store/intake.js';
import { isIgnoredName } from './walk.js';

/**
 * Watched folders: files that scanners and colleagues write into a folder are taken once each, after they are
 * complete. Change events come from chokidar (with polling for network shares, where SMB and UNC paths often
 * deliver none); a file is taken only when its size and modification time have not changed for `stableMs`
 * and it can be opened and read (a scanner still writing on Windows holds it locked; a copy over the network
 * grows in bursts). Every file taken is recorded with its size and time, so a restart's rescan of the folder
 * takes only what is new or changed, and content hashes catch the same file under another name.
 */

export interface WatchOptions {
  /** Size and time unchanged this long before a file counts as complete. */
  stableMs: number;
  /** How often files waiting to be complete are looked at again, and processed ones copied to the archive. */
  tickMs: number;
  /** Polling interval when the folder is polled (network shares). */
  pollMs: number;
}

export const DEFAULT_WATCH_OPTIONS: WatchOptions = { stableMs: 3000, tickMs: 500, pollMs: 2000 };

/** What the watcher needs from the engine: the store, and a way to hand it complete files. */
export interface WatchHost {
  db: Db;
  /** Ingest complete files of a folder into its rolling batch for the day and wake the scheduler; resolves once recorded. */
  take(folder: WatchedFolder, files: string[]): Promise<number>;
  /** Told what happened (a file taken, one copied to the archive, a folder that cannot be read). */
  log(level: 'info' | 'warn', kind: string, message: string): void;
}

interface Pending {
  size: number;
  mtimeMs: number;
  /** When size and time were last seen to change. */
  since: number;
}

/** The day a rolling batch covers, in local time: what a clerk calls "today's scans". */
export function localDay(t = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

/** One folder under watch. */
export class FolderWatcher {
  private watcher: FSWatcher | null = null;
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  private closed = false;
  private ready: Promise<void> | null = null;

  constructor(
    readonly folder: WatchedFolder,
    private readonly host: WatchHost,
    private readonly opts: WatchOptions = DEFAULT_WATCH_OPTIONS,
  ) {}

  /** Start watching; resolves once the first scan of the folder has been seen (every file in it is pending). */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const root = path.resolve(this.folder.path);
    const archive = this.folder.archiveDir ? path.resolve(this.folder.archiveDir) : null;
    this.watcher = chokidarWatch(root, {
      ignoreInitial: false,
      usePolling: this.folder.polling,
      interval: this.opts.pollMs,
      binaryInterval: this.opts.pollMs,
      // Hidden, system and temporary names (a download's .crdownload, Office's ~$ lock) are never documents;
      // an archive folder inside the watched one must not feed its copies back in.
      ignored: (p: string) =>
        p !== root && (isIgnoredName(path.basename(p)) || (archive !== null && (p === archive || p.startsWith(archive + path.sep)))),
      alwaysStat: true,
    });
    const seen = (p: string, st?: { size: number; mtimeMs: number }) => {
      if (!st) return;
      const old = this.pending.get(p);
      if (!old || old.size !== st.size || old.mtimeMs !== st.mtimeMs)
        this.pending.set(p, { size: st.size, mtimeMs: st.mtimeMs, since: Date.now() });
    };
    this.watcher.on('add', seen);
    this.watcher.on('change', seen);
    this.watcher.on('unlink', (p: string) => this.pending.delete(p));
    this.watcher.on('error', (err: unknown) => this.host.log('warn', 'watch.error', `${this.folder.path}: ${(err as Error).message}`));
    this.ready = new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs);
    return this.ready;
  }

  /** Files seen but not yet complete (tests, status). */
  get waiting(): number {
    return this.pending.size;
  }

  /** Look at every waiting file again: take the complete ones, then copy processed ones to the archive. */
  async tick(): Promise<void> {
    if (this.busy || this.closed) return;
    this.busy = true;
    try {
      const complete: string[] = [];
      const now = Date.now();
      for (const [file, p] of [...this.pending]) {
        let st;
        try {
          st = await fs.stat(file);
        } catch {
          this.pending.delete(file); // gone (renamed away, deleted)
          continue;
        }
        if (st.size !== p.size || st.mtimeMs !== p.mtimeMs) {
          this.pending.set(file, { size: st.size, mtimeMs: st.mtimeMs, since: now });
          continue;
        }
        const mtime = Math.round(st.mtimeMs);
        const known = watchedFile(this.host.db, this.folder.id, file);
        if (known && known.size === st.size && known.mtime === mtime) {
          this.pending.delete(file); // taken before (a restart's rescan sees every old file): nothing to wait for
          continue;
        }
        if (now - p.since < this.opts.stableMs || st.size === 0) continue;
        if (!(await openable(file))) {
          p.since = now; // locked by its writer: look again after another quiet spell
          continue;
        }
        this.pending.delete(file);
        complete.push(file);
      }
      if (complete.length && !this.closed) {
        const batchId = await this.host.take(this.folder, complete);
        for (const file of complete) {
          const st = await fs.stat(file).catch(() => null);
          if (st)
            recordWatchedFile(this.host.db, {
              folderId: this.folder.id,
              path: file,
              size: st.size,
              mtime: Math.round(st.mtimeMs),
              batchId,
            });
        }
        this.host.log('info', 'watch.taken', `${this.folder.path}: took ${complete.length} new file${complete.length === 1 ? '' : 's'}`);
      }
      if (this.folder.archiveDir) await this.archive();
    } catch (err) {
      this.host.log('warn', 'watch.error', `${this.folder.path}: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /** Copy processed originals into the archive folder (a dated subfolder); the originals stay untouched. */
  private async archive(): Promise<void> {
    const dir = this.folder.archiveDir!;
    for (const f of filesToArchive(this.host.db, this.folder.id)) {
      const day = localDay(new Date(f.mtime));
      const rel = path.relative(path.resolve(this.folder.path), f.path);
      const target = await freeName(path.join(dir, day, rel.startsWith('..') ? path.basename(f.path) : rel));
      try {
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(f.path, target, fs.constants.COPYFILE_EXCL);
        markArchived(this.host.db, this.folder.id, f.path, Date.now());
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT')
          markArchived(this.host.db, this.folder.id, f.path, Date.now()); // the original is gone: nothing to copy
        else this.host.log('warn', 'watch.archive-failed', `could not copy ${f.path} to ${dir}: ${(err as Error).message}`);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // a tick in progress finishes its writes before the store closes
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.watcher?.close();
  }
}

/** Whether the file can be opened and its first and last bytes read (a writer holding a lock refuses it). */
async function openable(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
    const st = await fh.stat();
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, 0);
    if (st.size > 1) await fh.read(b, 0, 1, st.size - 1);
    return true;
  } catch {
    return false;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** A name in the archive not yet taken: "a.pdf", else "a (2).pdf", "a (3).pdf"... */
async function freeName(target: string): Promise<string> {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? target : `${stem} (${n})${ext}`;
    try {
      await fs.access(candidate);
    } catch {
      return candidate;
    }
  }
}

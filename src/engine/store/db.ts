import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

/** Errors that say which kind they are, so hosts can tell the user something useful. */
export type StoreErrorKind = 'corrupt' | 'read-only' | 'busy' | 'unusable-folder' | 'too-new' | 'disk-full';
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export const DB_FILE = 'docket.db';

/** What a clerk is told when the data folder's disk fills up: processing stops, nothing is lost, resume continues. */
export const DISK_FULL_MESSAGE = 'the disk holding the data folder is full; free space and resume';

/**
 * SQLite's SQLITE_FULL (the database or its journal could not grow; also a connection's max_page_count) and the
 * file system's ENOSPC on a file the engine writes. Looks through `cause` chains, since wrappers keep the original.
 */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
    if (e instanceof StoreError && e.kind === 'disk-full') return true;
  }
  return false;
}

/** The disk-full error hosts show as it is (exit code 3 in the CLI). */
export function diskFullError(err: unknown): StoreError {
  if (err instanceof StoreError && err.kind === 'disk-full') return err;
  return new StoreError('disk-full', DISK_FULL_MESSAGE, { cause: err });
}

function classify(err: unknown, file: string): StoreError {
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (isDiskFull(err)) return diskFullError(err);
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new StoreError('corrupt', `the database ${file} is damaged (${msg})`, { cause: err });
  if (code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EROFS' || code === 'SQLITE_CANTOPEN')
    return new StoreError('read-only', `cannot write the database ${file}: ${msg}`, { cause: err });
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new StoreError('busy', `the database ${file} is in use by another process`, { cause: err });
  return new StoreError('unusable-folder', `cannot open the database ${file}: ${msg}`, { cause: err });
}

/** Make sure the data folder exists and is writable; throws StoreError('unusable-folder') otherwise. */
export function ensureDataDir(dataDir: string): void {
  try {
    if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) {
      throw new Error('it is a file, not a folder');
    }
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.R_OK);
  } catch (err) {
    throw new StoreError('unusable-folder', `data folder ${dataDir} is not usable: ${(err as Error).message}`, { cause: err });
  }
}

export function applyMigrations(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion();
  if (current > latest) {
    throw new StoreError('too-new', `the database was written by a newer Docket (schema ${current}, this build knows ${latest})`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}

export interface OpenOptions {
  /** A read-only connection: no writes, no migrations, no writer lock; readers never block the writer (WAL). */
  readonly?: boolean;
}

/**
 * The migrations a store an older Docket wrote is waiting for ({ from, to } schema versions), or null: no store yet
 * (a new one is made in milliseconds), already current, or newer than this build (openDb says so). Read through a
 * short read-only connection, so a long migration can then run where it blocks no one (migrate-in-thread.ts).
 */
export function pendingMigration(dataDir: string): { from: number; to: number } | null {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return null;
  let from: number;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      from = db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  } catch {
    return null; // unreadable: openDb reports why, with the kind of failure
  }
  const to = latestVersion();
  return from > 0 && from < to ? { from, to } : null;
}

function latestVersion(): number {
  return MIGRATIONS[MIGRATIONS.length - 1]!.version;
}

/**
 * A read-only connection to a store that another process may be writing. A store that does not exist yet, or
 * one an older Docket wrote, is first created or migrated through a short writable open: every query assumes
 * the current schema, and a read-only connection cannot bring it there. When another Docket owns the folder it
 * has already done so, and nothing is written.
 */
function openReadOnly(dataDir: string): Db {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) openDb(dataDir).close();
  for (let attempt = 0; ; attempt++) {
    let db: Db;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
      db.pragma('cache_size = -32000');
      db.pragma('temp_store = MEMORY');
    } catch (err) {
      throw classify(err, file);
    }
    let current: number;
    try {
      current = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      db.close();
      throw classify(err, file);
    }
    if (current > latestVersion()) {
      db.close();
      throw new StoreError(
        'too-new',
        `the database was written by a newer Docket (schema ${current}, this build knows ${latestVersion()})`,
      );
    }
    if (current === latestVersion()) return db;
    db.close();
    if (attempt > 0) throw new StoreError('unusable-folder', `the database ${file} is at schema ${current} and could not be migrated`);
    openDb(dataDir).close();
  }
}

/** Open (and migrate) the store in a data folder. WAL + synchronous=NORMAL: durable across a process
 * crash (SIGKILL), at most the last transactions lost on power failure, and readers never block the writer. */
export function openDb(dataDir: string, opts: OpenOptions = {}): Db {
  if (opts.readonly) return openReadOnly(dataDir);
  ensureDataDir(dataDir);
  const file = path.join(dataDir, DB_FILE);
  let db: Db;
  try {
    db = new Database(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // FIELD-NOTES: a big transaction leaves a huge WAL behind unless its size is capped.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    applyMigrations(db);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw classify(err, file);
  }
  return db;
}

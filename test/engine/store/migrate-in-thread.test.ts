import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { DB_FILE, pendingMigration, StoreError } from '../../../src/engine/store/db.js';
import { migrateInThread } from '../../../src/engine/store/migrate-in-thread.js';
import { MIGRATIONS } from '../../../src/engine/store/migrations/index.js';

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A data folder whose store an older Docket (schema `version`) wrote, with one finished document in its search index. */
function folderAtVersion(version: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-migrate-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, DB_FILE));
  db.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) db.exec(m.sql);
  db.pragma(`user_version = ${version}`);
  db.prepare("INSERT INTO batches (id, name, status, created_at) VALUES (1, 'March', 'done', 1)").run();
  db.prepare(
    "INSERT INTO documents (id, batch_id, path, name, status, queued_at, finished_at) VALUES (1, 1, '/in/a.pdf', 'a.pdf', 'done', 1, 5000)",
  ).run();
  db.prepare("INSERT INTO search_fts (rowid, text, field) VALUES (4096, 'Kaffeemaschine espresso', NULL)").run();
  db.close();
  return dir;
}

const versionOf = (dir: string) => {
  const db = new Database(path.join(dir, DB_FILE), { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('migrating a store an older Docket wrote, off the engine thread', () => {
  it('says which migrations a store waits for: none for a new or current store', () => {
    const dir = folderAtVersion(8);
    expect(pendingMigration(dir)).toEqual({ from: 8, to: LATEST });
    expect(pendingMigration(path.join(dir, 'no-store-yet'))).toBeNull();
  });

  it('migrates on a thread while this event loop keeps turning, and keeps the data', async () => {
    const dir = folderAtVersion(8);
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    await migrateInThread(dir);
    spinning = false;
    // A migration run on this thread inside the call would have given the loop no turn before the promise settled.
    expect(turns).toBeGreaterThan(0);
    expect(versionOf(dir)).toBe(LATEST);
    expect(pendingMigration(dir)).toBeNull();
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(db.prepare("SELECT rowid FROM search_fts WHERE search_fts MATCH 'espresso'").pluck().all()).toEqual([4096]);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").pluck().get()).toMatch(/prefix = '2 3'/);
    db.close();
  });

  it("reports the thread's failure as the store error openDb would throw, its kind kept", async () => {
    const dir = folderAtVersion(8);
    const db = new Database(path.join(dir, DB_FILE));
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    const err = await migrateInThread(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('too-new');
    expect((err as Error).message).toMatch(/newer Docket/);
  });

  it('Engine.open tells the host before migrating, then opens the migrated store; a current store is not migrated again', async () => {
    const dir = folderAtVersion(8);
    const told: unknown[] = [];
    const engine = await Engine.open({ dataDir: dir, onMigrate: (s) => told.push(s) });
    try {
      expect(told).toEqual([{ from: 8, to: LATEST }]);
      expect((await engine.listBatches()).map((b) => b.name)).toEqual(['March']);
    } finally {
      await engine.close();
    }
    const again = await Engine.open({ dataDir: dir, onMigrate: (s) => told.push(s) });
    await again.close();
    expect(told).toHaveLength(1);
  });

  it('a read-only open of an old store that no one owns migrates it first, the same way', async () => {
    const dir = folderAtVersion(8);
    const told: unknown[] = [];
    const engine = await Engine.open({ dataDir: dir, readOnly: true, onMigrate: (s) => told.push(s) });
    try {
      expect(told).toEqual([{ from: 8, to: LATEST }]);
      expect(versionOf(dir)).toBe(LATEST);
      expect((await engine.listBatches()).map((b) => b.name)).toEqual(['March']);
    } finally {
      await engine.close();
    }
  });
});

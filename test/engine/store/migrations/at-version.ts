import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../../src/engine/store/migrations/index.js';

/** An in-memory store whose schema is exactly what Docket at `version` left (0: an empty file). */
export function storeAtVersion(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) db.exec(m.sql);
  db.pragma(`user_version = ${version}`);
  return db;
}

export const planOf = (db: Database.Database, sql: string, ...params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');

import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * Prepared statements, compiled once per connection and reused: preparing costs a parse and a plan on every
 * call otherwise. Keyed by SQL text, so a query built from a filter (an IN list, a sort column) is cached per
 * shape; the per-connection map is emptied when it grows past MAX_CACHED, which only such shapes can cause.
 */
const cache = new WeakMap<Db, Map<string, Statement>>();
const MAX_CACHED = 500;

/** Bound parameters as better-sqlite3 takes them: positional values or one object of named ones. */
export type Params = unknown[];

function prepared(db: Db, sql: string, pluck: boolean): Statement {
  let byDb = cache.get(db);
  if (!byDb) {
    byDb = new Map();
    cache.set(db, byDb);
  }
  const key = pluck ? `pluck\u0000${sql}` : sql;
  let s = byDb.get(key);
  if (!s) {
    if (byDb.size >= MAX_CACHED) byDb.clear();
    s = db.prepare(sql);
    if (pluck) s.pluck();
    byDb.set(key, s);
  }
  return s;
}

/** One row, or undefined. */
export function getRow<T>(db: Db, sql: string, ...params: Params): T | undefined {
  return prepared(db, sql, false).get(...params) as T | undefined;
}

/** Every row. */
export function allRows<T>(db: Db, sql: string, ...params: Params): T[] {
  return prepared(db, sql, false).all(...params) as T[];
}

/** Rows one at a time; the caller must drain it before the statement is used again. */
export function iterateRows<T>(db: Db, sql: string, ...params: Params): IterableIterator<T> {
  return prepared(db, sql, false).iterate(...params) as IterableIterator<T>;
}

/** The first column of the first row, or undefined. */
export function getValue<T>(db: Db, sql: string, ...params: Params): T | undefined {
  return prepared(db, sql, true).get(...params) as T | undefined;
}

/** The first column of every row. */
export function allValues<T>(db: Db, sql: string, ...params: Params): T[] {
  return prepared(db, sql, true).all(...params) as T[];
}

/** A write: how many rows changed and the last inserted rowid. */
export function runWrite(db: Db, sql: string, ...params: Params): { changes: number; lastInsertRowid: number } {
  const r = prepared(db, sql, false).run(...params);
  return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
}

/** Drop a connection's statements (after the schema under them was replaced). */
export function forgetStatements(db: Db): void {
  cache.delete(db);
}

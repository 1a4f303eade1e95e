import type { Db } from './db.js';
import { allRows, getValue, runWrite } from './statements.js';

/** The settings table: one JSON value per key. A damaged value is skipped rather than breaking the settings screen. */
export function readSettings(db: Db): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of allRows<{ key: string; value: string }>(db, 'SELECT key, value FROM settings')) {
    try {
      out[r.key] = JSON.parse(r.value);
    } catch {
      /* a damaged value is ignored rather than breaking the settings screen */
    }
  }
  return out;
}

/** The raw JSON text of one setting, or undefined. */
export function readSettingJson(db: Db, key: string): string | undefined {
  return getValue<string>(db, 'SELECT value FROM settings WHERE key = ?', key);
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  runWrite(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    JSON.stringify(value),
  );
}

export function deleteSetting(db: Db, key: string): void {
  runWrite(db, 'DELETE FROM settings WHERE key = ?', key);
}

/** Sets and removes (null/undefined) keys in one transaction. */
export function patchSettings(db: Db, patch: Record<string, unknown>): void {
  db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === undefined) deleteSetting(db, k);
      else writeSetting(db, k, v);
    }
  })();
}

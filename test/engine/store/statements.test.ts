import { describe, expect, it, vi } from 'vitest';
import { openDb } from '../../../src/engine/store/db.js';
import { allValues, forgetStatements, getRow, getValue, runWrite } from '../../../src/engine/store/statements.js';
import { tmpDir } from '../../helpers/tmp.js';

describe('prepared statements', () => {
  it('are prepared once per connection and SQL text, row and value reads of one text kept apart', () => {
    const db = openDb(tmpDir());
    const prepare = vi.spyOn(db, 'prepare');
    for (let i = 0; i < 5; i++) runWrite(db, 'INSERT INTO settings (key, value) VALUES (?, ?)', `k${i}`, '1');
    expect(prepare).toHaveBeenCalledTimes(1);
    const sql = 'SELECT key FROM settings WHERE key = ?';
    expect(getRow(db, sql, 'k1')).toEqual({ key: 'k1' });
    expect(getValue(db, sql, 'k1')).toBe('k1');
    expect(getRow(db, sql, 'k2')).toEqual({ key: 'k2' });
    expect(prepare).toHaveBeenCalledTimes(3);
    expect(allValues(db, 'SELECT key FROM settings ORDER BY key')).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);

    forgetStatements(db);
    getRow(db, sql, 'k1');
    expect(prepare).toHaveBeenCalledTimes(5);

    // A second connection gets its own statements.
    const other = openDb(tmpDir());
    expect(getValue(other, 'SELECT count(*) FROM settings')).toBe(0);
    db.close();
    other.close();
  });
});

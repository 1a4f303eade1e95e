/**
 * Keyset pagination: a page is "rows after (sortValue, id)" in index order, so page 1000 of a 100k-row table
 * costs what page 1 costs (FIELD-NOTES: OFFSET 90000 is ~600x slower). Cursors are opaque base64url JSON
 * so the wire format can change without touching callers.
 */
export type SortValue = string | number | null;

export interface Cursor {
  v: SortValue;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string | null | undefined): Cursor | null {
  if (!s) return null;
  try {
    const [v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [SortValue, number];
    if (typeof id !== 'number' || !Number.isFinite(id)) return null;
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null;
    return { v, id };
  } catch {
    return null;
  }
}

/**
 * The WHERE fragment for "after the cursor" on column `col` (nullable) with `id` as tie-breaker. NULLs sort
 * first in SQLite ascending order, last in descending; the fragment follows that so pages never skip or repeat.
 */
export function afterClause(col: string, cursor: Cursor, desc: boolean): { sql: string; params: SortValue[] } {
  const cmp = desc ? '<' : '>';
  if (col === 'id') return { sql: `id ${cmp} ?`, params: [cursor.id] };
  if (cursor.v === null) {
    // Ascending: still inside the NULL run, then every non-NULL value. Descending: NULLs come last.
    return desc
      ? { sql: `(${col} IS NULL AND id < ?)`, params: [cursor.id] }
      : { sql: `((${col} IS NULL AND id > ?) OR ${col} IS NOT NULL)`, params: [cursor.id] };
  }
  const tail = desc ? ` OR ${col} IS NULL` : '';
  return {
    sql: `(${col} ${cmp} ? OR (${col} = ? AND id ${cmp} ?)${tail})`,
    params: [cursor.v, cursor.v, cursor.id],
  };
}

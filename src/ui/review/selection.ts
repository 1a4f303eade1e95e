/**
 * Where the grid's cursor is and what it covers: the active cell, the anchor of a Shift-extended range, and the
 * rectangle between them. Pure, so moves, clamping and ranges are tested without a browser.
 */

export interface CellPos {
  row: number;
  col: number;
}

/** The active cell and, while Shift extends a range, its other corner (null: the active cell alone). */
export interface Cursor {
  active: CellPos;
  anchor: CellPos | null;
}

/** An inclusive rectangle of cells. */
export interface CellRange {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** Keep a position on the grid: rows 0..rowCount-1 (row 0 even when empty), columns 0..colCount-1. */
export function clampPos(pos: CellPos, rowCount: number, colCount: number): CellPos {
  return {
    row: Math.min(Math.max(0, rowCount - 1), Math.max(0, pos.row)),
    col: Math.min(colCount - 1, Math.max(0, pos.col)),
  };
}

/** The cursor after moving to a cell: extending keeps (or sets) the anchor where the range started; a plain move drops it. */
export function moveCursor(cursor: Cursor, to: CellPos, extend: boolean, rowCount: number, colCount: number): Cursor {
  return { active: clampPos(to, rowCount, colCount), anchor: extend ? (cursor.anchor ?? cursor.active) : null };
}

/** The selected rectangle: between the anchor and the active cell, or the active cell alone. */
export function rangeOf({ active, anchor }: Cursor): CellRange {
  const a = anchor ?? active;
  return {
    r0: Math.min(a.row, active.row),
    r1: Math.max(a.row, active.row),
    c0: Math.min(a.col, active.col),
    c1: Math.max(a.col, active.col),
  };
}

/** True when the cursor covers more than one cell (the range is then drawn). */
export function isMultiCell(cursor: Cursor): boolean {
  const r = rangeOf(cursor);
  return cursor.anchor !== null && (r.r0 !== r.r1 || r.c0 !== r.c1);
}

export function rangeHas(range: CellRange, row: number, col: number): boolean {
  return row >= range.r0 && row <= range.r1 && col >= range.c0 && col <= range.c1;
}

/** After a paste at `start`: the pasted block is selected, cut where it runs past the grid's last row or column. */
export function pastedCursor(start: CellPos, height: number, width: number, rowCount: number, colCount: number): Cursor {
  return {
    anchor: start,
    active: {
      row: Math.min(Math.max(0, rowCount - 1), start.row + height - 1),
      col: Math.min(colCount - 1, start.col + width - 1),
    },
  };
}

import { useCallback, useMemo, useState } from 'react';
import { isMultiCell, moveCursor, clampPos, rangeOf, type CellPos, type CellRange, type Cursor } from './selection';

export interface GridCursor extends Cursor {
  /** The selected rectangle (the active cell alone without a range). */
  range: CellRange;
  /** More than one cell selected: the range is drawn. */
  multi: boolean;
  /** The active cell's editor is open. */
  editing: boolean;
  /** Text the editor starts from instead of the value (typing replaces it); null: the value, all selected. */
  initial: string | null;
  /** Move the active cell (kept on the grid, scrolled into view); `extend` grows the range from where it started. */
  moveTo: (to: CellPos, extend?: boolean) => void;
  /** A click on a cell: it becomes active; Shift+click extends the range to it. */
  click: (at: CellPos, extend: boolean) => void;
  /** Select a range (after a paste: the pasted block). */
  setCursor: (cursor: Cursor) => void;
  /** Open the editor on the active cell, or on `at` (double click). */
  startEdit: (initial: string | null, at?: CellPos) => void;
  stopEdit: () => void;
  /** Esc: the range collapses to the active cell. */
  collapse: () => void;
  /** Back to the first cell (a new query). */
  reset: () => void;
}

const START: Cursor = { active: { row: 0, col: 0 }, anchor: null };

/** The review grid's active cell, Shift range and open editor. */
export function useGridCursor(rowCount: number, colCount: number, scrollToRow: (row: number) => void): GridCursor {
  const [cursor, setCursor] = useState<Cursor>(START);
  const [edit, setEdit] = useState<{ initial: string | null } | null>(null);

  const moveTo = useCallback(
    (to: CellPos, extend = false) => {
      setCursor((c) => moveCursor(c, to, extend, rowCount, colCount));
      scrollToRow(clampPos(to, rowCount, colCount).row);
    },
    [rowCount, colCount, scrollToRow],
  );
  const click = useCallback(
    (at: CellPos, extend: boolean) => setCursor((c) => ({ active: at, anchor: extend ? (c.anchor ?? c.active) : null })),
    [],
  );
  const startEdit = useCallback((initial: string | null, at?: CellPos) => {
    setCursor((c) => ({ active: at ?? c.active, anchor: null }));
    setEdit({ initial });
  }, []);
  const stopEdit = useCallback(() => setEdit(null), []);
  const collapse = useCallback(() => setCursor((c) => ({ ...c, anchor: null })), []);
  const reset = useCallback(() => setCursor(START), []);

  const range = useMemo(() => rangeOf(cursor), [cursor]);
  return {
    ...cursor,
    range,
    multi: isMultiCell(cursor),
    editing: edit !== null,
    initial: edit?.initial ?? null,
    moveTo,
    click,
    setCursor,
    startEdit,
    stopEdit,
    collapse,
    reset,
  };
}

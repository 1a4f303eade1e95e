/**
 * Which grid action a key press asks for, as in a spreadsheet. Pure: the keyboard hook maps a press through this
 * and carries the action out, so the mapping is tested without a browser.
 */
import type { CellPos } from './selection.js';

/** The parts of a keyboard event the mapping reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** How far a PageUp/PageDown moves. */
export const PAGE_ROWS = 15;

export type GridAction =
  | { kind: 'undo' }
  | { kind: 'redo' }
  /** Ctrl+C: the browser's copy event fills the clipboard, so the key's default must run. */
  | { kind: 'copy' }
  /** Ctrl+V: left to the browser's paste event. */
  | { kind: 'paste' }
  | { kind: 'select-all-rows' }
  | { kind: 'open-document' }
  /** Move by rows/columns from the active cell; `extend` grows the range (Shift). */
  | { kind: 'move'; rows: number; cols: number; extend: boolean }
  /** Home/End: to the first or last column, of this row or (with Ctrl) the first or last row; Shift extends the range there. */
  | { kind: 'jump'; row: 'first' | 'same' | 'last'; col: 'first' | 'last'; extend?: true }
  /** Start editing the active cell: `initial` null keeps the value (Enter/F2), a string replaces it (typing, Backspace). */
  | { kind: 'edit'; initial: string | null }
  | { kind: 'clear-cell' }
  | { kind: 'toggle-row' }
  | { kind: 'collapse-range' };

/** The action a key asks for on the grid (not inside an editor), or null: the key is not the grid's. */
export function keyToAction(e: KeyPress): GridAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && (key === 'z' || key === 'y')) return key === 'z' && !e.shiftKey ? { kind: 'undo' } : { kind: 'redo' };
  if (mod && key === 'c') return { kind: 'copy' };
  if (mod && key === 'v') return { kind: 'paste' };
  if (mod && key === 'a') return { kind: 'select-all-rows' };
  if (mod && e.key === 'Enter') return { kind: 'open-document' };
  switch (e.key) {
    case 'ArrowDown':
      return { kind: 'move', rows: 1, cols: 0, extend: e.shiftKey };
    case 'ArrowUp':
      return { kind: 'move', rows: -1, cols: 0, extend: e.shiftKey };
    case 'ArrowRight':
      return { kind: 'move', rows: 0, cols: 1, extend: e.shiftKey };
    case 'ArrowLeft':
      return { kind: 'move', rows: 0, cols: -1, extend: e.shiftKey };
    case 'Tab':
      return { kind: 'move', rows: 0, cols: e.shiftKey ? -1 : 1, extend: false };
    case 'PageDown':
      return { kind: 'move', rows: PAGE_ROWS, cols: 0, extend: e.shiftKey };
    case 'PageUp':
      return { kind: 'move', rows: -PAGE_ROWS, cols: 0, extend: e.shiftKey };
    case 'Home':
      return { kind: 'jump', row: mod ? 'first' : 'same', col: 'first', ...(e.shiftKey ? { extend: true } : {}) };
    case 'End':
      return { kind: 'jump', row: mod ? 'last' : 'same', col: 'last', ...(e.shiftKey ? { extend: true } : {}) };
    case 'Enter':
    case 'F2':
      return { kind: 'edit', initial: null };
    case 'Backspace':
      return { kind: 'edit', initial: '' };
    case 'Delete':
      return { kind: 'clear-cell' };
    case ' ':
      return { kind: 'toggle-row' };
    case 'Escape':
      return { kind: 'collapse-range' };
  }
  // A printable character starts editing and replaces the value.
  if (e.key.length === 1 && !mod && !e.altKey) return { kind: 'edit', initial: e.key };
  return null;
}

/** Copy and paste keys keep their default: the browser's clipboard events do the work. Every other action owns its key. */
export function keepsBrowserDefault(action: GridAction): boolean {
  return action.kind === 'copy' || action.kind === 'paste';
}

/** Where a move or jump lands (before clamping to the grid). */
export function targetOf(
  action: Extract<GridAction, { kind: 'move' | 'jump' }>,
  active: CellPos,
  rowCount: number,
  colCount: number,
): CellPos {
  if (action.kind === 'move') return { row: active.row + action.rows, col: active.col + action.cols };
  const row = action.row === 'first' ? 0 : action.row === 'last' ? Math.max(0, rowCount - 1) : active.row;
  return { row, col: action.col === 'first' ? 0 : colCount - 1 };
}

/** How an edit ends from inside the cell editor: committed with a move (Enter down, Tab right, Shift+Tab left) or cancelled (Esc). */
export type EditorExit = 'down' | 'right' | 'left' | 'cancel';

export function editorKeyToExit(e: Pick<KeyPress, 'key' | 'shiftKey'>): EditorExit | null {
  if (e.key === 'Enter') return 'down';
  if (e.key === 'Tab') return e.shiftKey ? 'left' : 'right';
  if (e.key === 'Escape') return 'cancel';
  return null;
}

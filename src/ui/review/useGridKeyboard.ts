import { useRef, type KeyboardEvent } from 'react';
import type { FieldName } from '../../contract/domain';
import type { ReviewRow } from '../../contract/engine-api';
import { useStore } from '../store';
import { keepsBrowserDefault, keyToAction, targetOf } from './keymap';
import type { CellPos } from './selection';
import type { CellEdits } from './useCellEdits';
import type { GridClipboard } from './useGridClipboard';
import type { GridCursor } from './useGridCursor';
import type { ReviewRows } from './useReviewRows';

export interface GridKeyboardDeps {
  rows: ReviewRows;
  cursor: GridCursor;
  edits: CellEdits;
  clipboard: GridClipboard;
  /** Ctrl+Enter: open the active row's document. */
  open: (row: ReviewRow) => void;
  /** Space: check or uncheck the active row for bulk actions. */
  toggle: (id: number) => void;
  /** Ctrl+A: check every loaded row. */
  selectAll: () => void;
  /** The editable columns shown, in order. */
  fields: readonly FieldName[];
}

/** The grid's key handler: a key press becomes an action (keymap.ts), carried out on the cursor, the edits or the selection. */
export function useGridKeyboard({ rows, cursor, edits, clipboard, open, toggle, selectAll, fields }: GridKeyboardDeps) {
  const toast = useStore((s) => s.toast);
  // where the cursor is now, for a key whose row had to load first: it acts only if the cursor waited there
  const active = useRef(cursor.active);
  active.current = cursor.active;

  /**
   * Act on the active row. A row not loaded yet (the cursor jumped to it, its page is on the way) is loaded first;
   * the key then acts if the cursor is still on that cell, and is dropped if it moved on meanwhile.
   */
  const onActiveRow = (act: (row: ReviewRow, at: CellPos) => void) => {
    const at = { ...cursor.active };
    const row = rows.rowAt(at.row);
    if (row) return act(row, at);
    void rows.ensure(at.row, at.row).then((ok) => {
      const now = active.current;
      const loaded = ok ? rows.rowAt(at.row) : undefined;
      if (loaded && now.row === at.row && now.col === at.col) act(loaded, at);
    });
  };

  return (e: KeyboardEvent<HTMLElement>) => {
    // Keys inside the cell editor (or a row's checkbox) are theirs.
    if (cursor.editing || (e.target as HTMLElement).tagName === 'INPUT') return;
    const action = keyToAction(e);
    if (!action) return;
    switch (action.kind) {
      case 'undo':
        void edits.undo();
        break;
      case 'redo':
        toast('info', 'Redo is not available: edit the cell again');
        break;
      case 'copy': {
        // The copy event fills the clipboard (loading rows of the range first); the async API is a fallback where that
        // event does not fire.
        const text = clipboard.copyText();
        if (text !== null) void navigator.clipboard?.writeText(text).catch(() => {});
        break;
      }
      case 'paste':
        break; // the paste event carries the text
      case 'select-all-rows':
        selectAll();
        break;
      case 'open-document':
        onActiveRow((row) => open(row));
        break;
      case 'move':
      case 'jump':
        cursor.moveTo(targetOf(action, cursor.active, rows.count, fields.length), action.extend === true);
        break;
      case 'edit':
        onActiveRow((_, at) => cursor.startEdit(action.initial, at));
        break;
      case 'clear-cell':
        onActiveRow(() => edits.clearActive());
        break;
      case 'toggle-row':
        onActiveRow((row) => toggle(row.id));
        break;
      case 'collapse-range':
        cursor.collapse();
        break;
    }
    if (!keepsBrowserDefault(action)) e.preventDefault();
  };
}

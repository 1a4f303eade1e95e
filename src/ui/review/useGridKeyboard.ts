import type { KeyboardEvent } from 'react';
import type { FieldName } from '../../contract/domain';
import type { ReviewRow } from '../../contract/engine-api';
import { useStore } from '../store';
import { keepsBrowserDefault, keyToAction, targetOf } from './keymap';
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
  return (e: KeyboardEvent<HTMLElement>) => {
    // Keys inside the cell editor (or a row's checkbox) are theirs.
    if (cursor.editing || (e.target as HTMLElement).tagName === 'INPUT') return;
    const action = keyToAction(e);
    if (!action) return;
    const current = rows.rowAt(cursor.active.row);
    switch (action.kind) {
      case 'undo':
        void edits.undo();
        break;
      case 'redo':
        toast('info', 'Redo is not available: edit the cell again');
        break;
      case 'copy':
        // The copy event fills the clipboard; the async API is a fallback where that event does not fire.
        void navigator.clipboard?.writeText(clipboard.copyText()).catch(() => {});
        break;
      case 'paste':
        break; // the paste event carries the text
      case 'select-all-rows':
        selectAll();
        break;
      case 'open-document':
        if (current) open(current);
        break;
      case 'move':
      case 'jump':
        cursor.moveTo(targetOf(action, cursor.active, rows.count, fields.length), action.kind === 'move' && action.extend);
        break;
      case 'edit':
        if (current) cursor.startEdit(action.initial);
        break;
      case 'clear-cell':
        edits.clearActive();
        break;
      case 'toggle-row':
        if (current) toggle(current.id);
        break;
      case 'collapse-range':
        cursor.collapse();
        break;
    }
    if (!keepsBrowserDefault(action)) e.preventDefault();
  };
}

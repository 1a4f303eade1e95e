import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../client';
import type { FieldName } from '../../contract/domain';
import type { ReviewRow } from '../../contract/engine-api';
import { FIELD_LABEL } from '../format';
import { api, attempt, useStore } from '../store';
import type { EditorExit } from './keymap';
import { latestCorrection, UndoStack, type UndoStep } from './undo';
import type { GridCursor } from './useGridCursor';
import type { ReviewRows } from './useReviewRows';

export interface CellEdits {
  /**
   * Write one field through the engine and show the result in its row. Resolves to the correction it recorded
   * (null: none), or undefined when the save failed (the failure is already shown).
   */
  save: (row: ReviewRow, field: FieldName, value: string | null, what: string) => Promise<number | null | undefined>;
  /** An edit ended in the editor: the cursor moves as the key said, then a changed value is saved and can be undone. */
  commit: (rowIndex: number, field: FieldName, value: string | null, exit: Exclude<EditorExit, 'cancel'> | null) => Promise<void>;
  /** Esc (or leaving an unchanged editor): nothing is saved. */
  cancel: () => void;
  /** Delete: the active cell's field is cleared, as an undoable edit. */
  clearActive: () => void;
  /** Ctrl+Z: revert the corrections of the latest step. */
  undo: () => Promise<void>;
  /** Record corrections made together (a paste) as one undo step. */
  record: (step: UndoStep) => void;
  /** The last value the engine refused, with its reason: the cell's editor reopens on it and shows why. */
  rejected: RejectedEdit | null;
}

/** An edit the engine refused ("abc" is not an amount): shown in the cell until it is corrected or abandoned. */
export interface RejectedEdit {
  documentId: number;
  field: FieldName;
  value: string | null;
  reason: string;
}

/** Saving, committing and undoing cell edits; every change is a correction the engine records, so undo reverts it there. */
export function useCellEdits(rows: ReviewRows, cursor: GridCursor, focusGrid: () => void, fields: readonly FieldName[]): CellEdits {
  const toast = useStore((s) => s.toast);
  const undoStack = useRef(new UndoStack());
  const { applyDetail, rowAt } = rows;

  const save = useCallback(
    async (row: ReviewRow, field: FieldName, value: string | null, what: string) => {
      const d = await attempt(what, () => api().updateField(row.id, field, value));
      if (!d) return undefined;
      applyDetail(d);
      return latestCorrection(d, field);
    },
    [applyDetail],
  );

  const record = useCallback((step: UndoStep) => undoStack.current.push(step), []);

  const [rejected, setRejected] = useState<RejectedEdit | null>(null);

  const commit = async (rowIndex: number, field: FieldName, value: string | null, exit: Exclude<EditorExit, 'cancel'> | null) => {
    cursor.stopEdit();
    const col = cursor.active.col;
    if (exit === 'down') cursor.moveTo({ row: rowIndex + 1, col });
    else if (exit === 'right') cursor.moveTo({ row: rowIndex, col: col + 1 });
    else if (exit === 'left') cursor.moveTo({ row: rowIndex, col: col - 1 });
    focusGrid();
    const row = rowAt(rowIndex);
    if (!row || (row.cells[field]?.value ?? null) === value) {
      setRejected(null);
      return;
    }
    let d: Awaited<ReturnType<ReturnType<typeof api>['updateField']>>;
    try {
      d = await api().updateField(row.id, field, value);
    } catch (err) {
      // refused (not an amount, not a date ...): the editor reopens on what was typed, with the engine's reason
      setRejected({ documentId: row.id, field, value, reason: errorMessage(err) });
      cursor.startEdit(value ?? '', { row: rowIndex, col: Math.max(0, fields.indexOf(field)) });
      return;
    }
    setRejected(null);
    applyDetail(d);
    const id = latestCorrection(d, field);
    if (id != null) record({ label: `${FIELD_LABEL[field]} of ${row.name}`, edits: [{ documentId: row.id, correctionId: id }] });
  };

  const cancel = () => {
    setRejected(null);
    cursor.stopEdit();
    focusGrid();
  };

  const clearActive = () => {
    const { row, col } = cursor.active;
    if (rowAt(row)) void commit(row, fields[col]!, null, null);
  };

  const undo = async () => {
    const step = undoStack.current.pop();
    if (!step) {
      toast('info', 'Nothing to undo');
      return;
    }
    let ok = 0;
    for (const e of [...step.edits].reverse()) {
      const d = await attempt('Undo', () => api().undoCorrection(e.correctionId));
      if (d) {
        applyDetail(d);
        ok++;
      }
    }
    if (ok) toast('info', `Undone: ${step.label}`);
  };

  return { save, commit, cancel, clearActive, undo, record, rejected };
}

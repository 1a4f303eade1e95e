import { useState, type ClipboardEvent } from 'react';
import type { FieldName } from '../../contract/domain';
import { FIELD_LABEL } from '../format';
import { useStore } from '../store';
import { parseTsv, planPaste, rangeToTsv } from './clipboard';
import { pastedCursor } from './selection';
import type { UndoStep } from './undo';
import type { CellEdits } from './useCellEdits';
import type { GridCursor } from './useGridCursor';
import type { ReviewRows } from './useReviewRows';

export interface GridClipboard {
  /** The selected range as TSV, or null while some of its rows are not loaded (the copy then loads them first). */
  copyText: () => string | null;
  onCopy: (e: ClipboardEvent<HTMLElement>) => void;
  onPaste: (e: ClipboardEvent<HTMLElement>) => void;
  /** A paste is being saved cell by cell. */
  pasting: boolean;
}

/** Ctrl+C copies the selected range as TSV; Ctrl+V writes a TSV block from the active cell, each cell a correction, undone as one step. */
export function useGridClipboard(rows: ReviewRows, cursor: GridCursor, edits: CellEdits, fields: readonly FieldName[]): GridClipboard {
  const toast = useStore((s) => s.toast);
  const [pasting, setPasting] = useState(false);

  const copyText = () => (rows.has(cursor.range.r0, cursor.range.r1) ? rangeToTsv(rows.rowAt, cursor.range, fields) : null);

  /** A range reaching rows not loaded (Shift+Ctrl+End from the top of 50,000 rows): they load, then the clipboard is written. */
  const copyLoaded = async () => {
    const range = { ...cursor.range };
    if (!(await rows.ensure(range.r0, range.r1))) return;
    const n = Math.min(range.r1, rows.count - 1) - range.r0 + 1;
    try {
      await navigator.clipboard.writeText(rangeToTsv(rows.rowAt, range, fields));
      toast('info', `Copied ${n.toLocaleString()} row${n === 1 ? '' : 's'}`);
    } catch (err) {
      toast('error', `Could not copy: ${(err as Error).message}`);
    }
  };

  const paste = async (text: string) => {
    const grid = parseTsv(text);
    if (!grid.length || pasting) return;
    const start = { ...cursor.active };
    setPasting(true);
    const done: UndoStep['edits'] = [];
    let changed = 0;
    let plan: ReturnType<typeof planPaste>;
    try {
      // the rows under the block are loaded first: a cell is compared with, and written to, the row it lands on
      if (!(await rows.ensure(start.row, start.row + grid.length - 1))) return;
      plan = planPaste(grid, start, rows.rowAt, fields);
      for (const e of plan.edits) {
        const id = await edits.save(e.row, e.field, e.value, `Paste into ${FIELD_LABEL[e.field]} of ${e.row.name}`);
        if (id === undefined) continue;
        changed++;
        if (id !== null) done.push({ documentId: e.row.id, correctionId: id });
      }
    } finally {
      setPasting(false);
    }
    edits.record({ label: `paste of ${changed} cell${changed === 1 ? '' : 's'}`, edits: done });
    cursor.setCursor(pastedCursor(start, plan.height, plan.width, rows.count, fields.length));
    toast('info', `Pasted ${changed} cell${changed === 1 ? '' : 's'}${plan.outside ? ` (${plan.outside} outside the grid left out)` : ''}`);
  };

  // Inside the cell editor the input's own copy and paste apply.
  const inEditor = (e: ClipboardEvent<HTMLElement>) => cursor.editing || (e.target as HTMLElement).tagName === 'INPUT';
  const onCopy = (e: ClipboardEvent<HTMLElement>) => {
    if (inEditor(e)) return;
    const text = copyText();
    e.preventDefault();
    if (text !== null) e.clipboardData.setData('text/plain', text);
    else void copyLoaded();
  };
  const onPaste = (e: ClipboardEvent<HTMLElement>) => {
    if (inEditor(e)) return;
    const text = e.clipboardData.getData('text/plain');
    e.preventDefault();
    if (text) void paste(text);
  };

  return { copyText, onCopy, onPaste, pasting };
}

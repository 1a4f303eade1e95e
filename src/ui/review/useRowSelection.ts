import { useCallback, useState } from 'react';
import type { BulkPatch } from '../../contract/engine-api';
import { api, attempt, useStore } from '../store';

export interface RowSelection {
  /** Document ids checked for bulk actions. */
  selected: ReadonlySet<number>;
  toggle: (id: number) => void;
  /** Check exactly these rows (Ctrl+A, the header checkbox). */
  selectOnly: (ids: number[]) => void;
  clear: () => void;
  /** One patch on every checked document, as corrections the engine records; the rows in view are read again after. */
  bulk: (what: string, patch: BulkPatch) => Promise<void>;
}

/** The rows checked for bulk actions (by id: checked rows need not be loaded to be acted on), and those actions. */
export function useRowSelection(refresh: () => void): RowSelection {
  const toast = useStore((s) => s.toast);
  const [selected, setSelected] = useState<Set<number>>(new Set());

  const toggle = useCallback(
    (id: number) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );
  const selectOnly = useCallback((ids: number[]) => setSelected(new Set(ids)), []);
  const clear = useCallback(() => setSelected(new Set()), []);

  const bulk = async (what: string, patch: BulkPatch) => {
    const ids = [...selected];
    const n = await attempt(what, () => api().bulkUpdate(ids, patch));
    if (n === undefined) return;
    toast('info', `${what}: ${n} document${n === 1 ? '' : 's'} changed`);
    setSelected(new Set());
    // in place, where the grid stands (not from the top): rows that left the filter go, the others show their change
    refresh();
  };

  return { selected, toggle, selectOnly, clear, bulk };
}

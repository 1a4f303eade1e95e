import { useCallback, useState } from 'react';
import type { BulkPatch, DocumentQuery } from '../../contract/engine-api';
import { api, attempt, useStore } from '../store';

/**
 * What is checked: some rows by id, or every document the filter matches ("select all", as Gmail's "select all
 * conversations that match this search") bar the rows unchecked since. The grid loads rows page by page, so "all"
 * cannot be a list of loaded ids: the engine resolves the filter when an action runs (bulkUpdateMatching).
 */
type Checked = { all: false; ids: ReadonlySet<number> } | { all: true; except: ReadonlySet<number> };

export interface RowSelection {
  /** Every document matching the filter is checked, bar `unchecked` of them. */
  all: boolean;
  /** Rows unchecked after "select all" (0 otherwise). */
  unchecked: number;
  /** How many documents an action would touch: the rows checked, or all matching bar those unchecked. */
  count: number;
  isChecked: (id: number) => boolean;
  toggle: (id: number) => void;
  /** Check every document the filter matches, loaded or not (Ctrl+A, the header checkbox, the bar's offer). */
  selectAll: () => void;
  clear: () => void;
  /** One patch on every checked document, as corrections the engine records; the rows in view are read again after. */
  bulk: (what: string, patch: BulkPatch) => Promise<void>;
}

const NONE: Checked = { all: false, ids: new Set() };

/**
 * The rows checked for bulk actions (by id: checked rows need not be loaded to be acted on, nor need all matching
 * rows be loaded to check them all), and those actions. `total` is how many documents the query matches now.
 */
export function useRowSelection(query: DocumentQuery, total: number, refresh: () => void): RowSelection {
  const toast = useStore((s) => s.toast);
  const [checked, setChecked] = useState<Checked>(NONE);

  const toggle = useCallback(
    (id: number) =>
      setChecked((c) => {
        const set = new Set(c.all ? c.except : c.ids);
        if (set.has(id)) set.delete(id);
        else set.add(id);
        return c.all ? { all: true, except: set } : { all: false, ids: set };
      }),
    [],
  );
  const selectAll = useCallback(() => setChecked({ all: true, except: new Set() }), []);
  const clear = useCallback(() => setChecked(NONE), []);
  const isChecked = useCallback((id: number) => (checked.all ? !checked.except.has(id) : checked.ids.has(id)), [checked]);
  const count = checked.all ? Math.max(0, total - checked.except.size) : checked.ids.size;

  const bulk = async (what: string, patch: BulkPatch) => {
    const n = await attempt(what, () =>
      checked.all
        ? // resolved by the engine over the whole filter: rows never loaded are included, in one request
          api().bulkUpdateMatching({ query: matchingQuery(query), except: [...checked.except] }, patch)
        : api().bulkUpdate([...checked.ids], patch),
    );
    if (n === undefined) return;
    toast('info', `${what}: ${n.toLocaleString()} document${n === 1 ? '' : 's'} changed`);
    setChecked(NONE);
    // in place, where the grid stands (not from the top): rows that left the filter go, the others show their change
    refresh();
  };

  return { all: checked.all, unchecked: checked.all ? checked.except.size : 0, count, isChecked, toggle, selectAll, clear, bulk };
}

/** The query's filters alone: its page (cursor, offset, size) says nothing about which documents match. */
function matchingQuery(q: DocumentQuery): DocumentQuery {
  const { after: _after, offset: _offset, limit: _limit, ...filters } = q;
  return filters;
}

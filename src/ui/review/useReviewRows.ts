import { useCallback, useRef, useState } from 'react';
import type { DocumentDetail } from '../../contract/domain';
import type { DocumentQuery, ReviewRow } from '../../contract/engine-api';
import { api, useStore } from '../store';
import { rowFromDetail } from './row-from-detail';

/** Rows asked for at once; more pages load as the grid scrolls near the end of what is loaded. */
const PAGE = 200;
/** Placeholder rows drawn before the first page arrives. */
const PLACEHOLDERS = 8;

interface Cache {
  rows: ReviewRow[];
  next: string | null;
  started: boolean;
  loading: boolean;
  total: number;
}
const fresh = (): Cache => ({ rows: [], next: null, started: false, loading: false, total: 0 });

export interface ReviewRows {
  /** Rows loaded so far (index = grid row). */
  rows: ReviewRow[];
  started: boolean;
  /** More pages to load. */
  more: boolean;
  /** Documents matching the query (all of them, not only those loaded). */
  total: number;
  /** Rows the grid draws: the total, or placeholders until the first page is in. */
  count: number;
  /** The loaded row at a grid index now (async work reads through this: a reload replaces the rows). */
  rowAt: (index: number) => ReviewRow | undefined;
  /** Load pages until the row at `index` and 30 beyond it are in. */
  loadUntil: (index: number) => Promise<void>;
  /** Drop what is loaded and start from the first page. */
  reload: () => void;
  /**
   * Documents changed (a batch running): read the rows in view (first..last) again in one request, in place; rows
   * above stay as they are, rows below load again as the grid scrolls to them. No placeholders, no scroll back.
   */
  refresh: (first: number, last: number) => Promise<void>;
  /** Put a document's fresh detail into its loaded row (after an edit, a paste or an undo). */
  applyDetail: (d: DocumentDetail) => void;
  /** Bumped when a loaded row changes (an edit): views derived from the rows (totals, the page pane) refresh. */
  version: number;
}

/**
 * The review grid's rows, loaded a page at a time through the engine's listReviewRows. Kept in a ref and redrawn by
 * a tick, so an edited row is replaced in place rather than the list copied per keystroke.
 */
export function useReviewRows(query: DocumentQuery): ReviewRows {
  const toast = useStore((s) => s.toast);
  const cache = useRef<Cache>(fresh());
  const [version, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);

  const loadUntil = useCallback(
    async (index: number) => {
      const c = cache.current;
      if (c.loading) return;
      c.loading = true;
      try {
        while (cache.current === c && (!c.started || (c.next !== null && c.rows.length <= index + 30))) {
          const page = await api().listReviewRows({ ...query, after: c.next, limit: PAGE });
          if (cache.current !== c) return;
          for (const r of page.rows) c.rows.push(r);
          c.next = page.next;
          c.total = Math.max(page.total, c.rows.length);
          c.started = true;
          rerender();
        }
      } catch (err) {
        if (cache.current === c) toast('error', `Could not load the review grid: ${(err as Error).message}`);
      } finally {
        c.loading = false;
      }
    },
    [query, rerender, toast],
  );

  const reload = useCallback(() => {
    cache.current = fresh();
    rerender();
    void loadUntil(0);
  }, [loadUntil, rerender]);

  const refresh = useCallback(
    async (first: number, last: number) => {
      const c = cache.current;
      if (!c.started) return reload();
      if (c.loading) return;
      const from = Math.max(0, Math.min(first - 30, c.rows.length));
      const limit = Math.min(1000, Math.max(PAGE, last + 30 - from));
      c.loading = true;
      try {
        const page = await api().listReviewRows({ ...query, after: null, offset: from, limit });
        if (cache.current !== c) return;
        const old = c.rows;
        // a row read again unchanged keeps its object, so views keyed on row identity (totals, the page pane) stay put
        const same = (a: ReviewRow | undefined, b: ReviewRow) =>
          a !== undefined && a.id === b.id && JSON.stringify(a) === JSON.stringify(b);
        const fresh = page.rows.map((r, i) => (same(old[from + i], r) ? old[from + i]! : r));
        c.rows = old.slice(0, from).concat(fresh);
        c.next = page.next;
        c.total = Math.max(page.total, c.rows.length);
        rerender();
      } catch (err) {
        if (cache.current === c) toast('error', `Could not load the review grid: ${(err as Error).message}`);
      } finally {
        c.loading = false;
      }
    },
    [query, reload, rerender, toast],
  );

  const applyDetail = useCallback(
    (d: DocumentDetail) => {
      const rows = cache.current.rows;
      const i = rows.findIndex((r) => r.id === d.id);
      if (i >= 0) rows[i] = rowFromDetail(rows[i]!, d);
      rerender();
    },
    [rerender],
  );

  const rowAt = useCallback((index: number) => cache.current.rows[index], []);

  const c = cache.current;
  return {
    rows: c.rows,
    started: c.started,
    more: c.next !== null,
    total: c.total,
    count: c.started ? c.total : PLACEHOLDERS,
    rowAt,
    loadUntil,
    reload,
    refresh,
    applyDetail,
    version,
  };
}

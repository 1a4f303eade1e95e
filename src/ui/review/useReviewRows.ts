import { useCallback, useRef, useState } from 'react';
import type { DocumentDetail } from '../../contract/domain';
import type { DocumentQuery, ReviewRow } from '../../contract/engine-api';
import { RowPages, type FetchPage, type RowView } from '../row-pages';
import { api, useStore } from '../store';
import { rowFromDetail } from './row-from-detail';

/**
 * Rows per page asked of the engine. A review page costs more than a documents page (each row's fields, issues and
 * possible duplicates), so it is the documents table's size, not more: a jump to the end asks for two or three.
 */
const PAGE = 100;
/** Page requests in flight at once: one being answered, one on the wire; the rest wait for the scroll to settle. */
const IN_FLIGHT = 2;
/** Placeholder rows drawn before the first page arrives. */
const PLACEHOLDERS = 8;

export interface ReviewRows {
  started: boolean;
  /** Documents matching the query (all of them, not only those loaded). */
  total: number;
  /** Rows the grid draws: the total, or placeholders until the first page is in. */
  count: number;
  /** Rows loaded (anywhere in the list: pages load where the grid jumps to, not from the top). */
  loaded: number;
  /** The loaded row at a grid index now, undefined while its page is not in (async work reads through this). */
  rowAt: (index: number) => ReviewRow | undefined;
  /** Ids of the loaded rows in grid order. */
  loadedIds: () => number[];
  /** Are the rows first..last all loaded? */
  has: (first: number, last: number) => boolean;
  /** The rows the grid shows (with overscan) moved: the pages they want, and those where the scroll is going, load. */
  setView: (first: number, last: number) => void;
  /**
   * Load the rows first..last (what a copy, a paste or a key is about to act on). Resolves true once they are in,
   * false when they could not be (the failure is shown) or the query changed meanwhile.
   */
  ensure: (first: number, last: number) => Promise<boolean>;
  /** A new query: drop what is loaded and start from the first page (the query the rows already hold: nothing to drop). */
  reload: () => void;
  /**
   * Documents changed (a batch running, a bulk action): the pages in view are read again in place, the others when
   * they next come into view; unchanged rows keep their objects. No placeholders, no scroll back.
   */
  refresh: () => void;
  /** Put a document's fresh detail into its loaded row (after an edit, a paste or an undo). */
  applyDetail: (d: DocumentDetail) => void;
  /** Bumped by every applied edit or undo: views derived from the documents (totals, the page pane) read again. */
  edits: number;
}

interface Live {
  query: DocumentQuery;
  pages: RowPages<ReviewRow>;
  fetch: FetchPage<ReviewRow>;
}
const liveFor = (query: DocumentQuery): Live => ({
  query,
  pages: new RowPages<ReviewRow>(PAGE),
  fetch: (req) => api().listReviewRows({ ...query, after: null, ...req }),
});

/**
 * The review grid's rows as fixed pages loaded in any order (RowPages, as the documents table): a jump deep into a
 * 50,000-row queue loads the rows it lands on by offset, not every row above them. Kept in a ref and redrawn by a
 * tick, so an edited row is replaced in place rather than the list copied per keystroke.
 */
export function useReviewRows(query: DocumentQuery): ReviewRows {
  const toast = useStore((s) => s.toast);
  const [initial] = useState(() => liveFor(query));
  const live = useRef<Live>(initial);
  const view = useRef<RowView>({ first: 0, last: 0, velocity: 0 });
  const [, setTick] = useState(0);
  const edits = useRef(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const failed = useCallback((err: Error) => toast('error', `Could not load the review grid: ${err.message}`), [toast]);

  const pump = useCallback(() => {
    const { pages, fetch } = live.current;
    pages.fill(() => view.current, fetch, IN_FLIGHT, {
      loaded: (shown) => {
        if (shown) rerender();
      },
      failed,
    });
  }, [failed, rerender]);

  const setView = useCallback(
    (first: number, last: number) => {
      const v = view.current;
      if (v.first === first && v.last === last) return;
      view.current = { first, last, velocity: first - v.first };
      pump();
    },
    [pump],
  );

  const reload = useCallback(() => {
    // the query the rows were made for (the first mount): what is loaded or under way stands
    if (live.current.query !== query) {
      live.current.pages.dispose();
      live.current = liveFor(query);
      rerender();
    }
    // the grid scrolls back to the top with a new query
    view.current = { first: 0, last: view.current.last - view.current.first, velocity: 0 };
    pump();
  }, [query, pump, rerender]);

  const refresh = useCallback(() => {
    live.current.pages.markStale();
    pump();
  }, [pump]);

  const ensure = useCallback(
    async (first: number, last: number) => {
      const l = live.current;
      try {
        await l.pages.ensure(first, last, l.fetch);
      } catch (err) {
        if (live.current === l) failed(err as Error);
        return false;
      }
      if (live.current !== l) return false;
      rerender();
      return true;
    },
    [failed, rerender],
  );

  const applyDetail = useCallback(
    (d: DocumentDetail) => {
      live.current.pages.replace(d.id, (row) => rowFromDetail(row, d));
      // counted even when the row is not loaded (an undo of an edit scrolled away): the totals changed all the same
      edits.current++;
      rerender();
    },
    [rerender],
  );

  const rowAt = useCallback((index: number) => live.current.pages.row(index), []);
  const loadedIds = useCallback(() => live.current.pages.loadedIds(), []);
  const has = useCallback((first: number, last: number) => live.current.pages.has(first, last), []);

  const { pages } = live.current;
  return {
    started: pages.started,
    total: pages.total,
    count: pages.started ? pages.total : PLACEHOLDERS,
    loaded: pages.loaded,
    rowAt,
    loadedIds,
    has,
    setView,
    ensure,
    reload,
    refresh,
    applyDetail,
    edits: edits.current,
  };
}

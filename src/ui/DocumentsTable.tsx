import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { DocumentRow } from '../contract/domain';
import type { DocumentQuery, DocumentSortKey } from '../contract/engine-api';
import { doubtClass, fmtMoney, fmtPct, fmtUsd, STATUS_LABEL, TYPE_LABEL } from './format';
import { api, attempt, useStore, type DocFilter } from './store';

const ROW_H = 34;
const HEADER_H = 34;
const FIRST_PAGE = 100;
const PAGE = 500;

interface Column {
  key: string;
  label: string;
  width: string;
  sort?: DocumentSortKey;
  align?: 'right';
  cell(r: DocumentRow): React.ReactNode;
}

const COLUMNS: Column[] = [
  {
    key: 'name',
    label: 'File',
    width: 'minmax(200px, 2.4fr)',
    sort: 'name',
    cell: (r) => (
      <span className="file-name" title={r.path}>
        {r.name}
      </span>
    ),
  },
  { key: 'type', label: 'Type', width: '110px', cell: (r) => (r.docType ? TYPE_LABEL[r.docType] : '') },
  {
    key: 'vendor',
    label: 'Vendor',
    width: 'minmax(140px, 1.6fr)',
    sort: 'vendor',
    // a skipped or failed file has no vendor: its reason takes the space ("duplicate of ... in batch ...", "Text file (.txt) is not supported")
    cell: (r) =>
      !r.vendor && r.reason && (r.status === 'skipped' || r.status === 'failed') ? (
        <span className="muted small row-reason" title={r.reason}>
          {r.reason}
        </span>
      ) : (
        <span title={r.vendor ?? undefined}>{r.vendor ?? ''}</span>
      ),
  },
  {
    key: 'number',
    label: 'Number',
    width: 'minmax(90px, 1fr)',
    cell: (r) => <span title={r.docNumber ?? undefined}>{r.docNumber ?? ''}</span>,
  },
  { key: 'date', label: 'Date', width: '100px', sort: 'issue_date', cell: (r) => r.issueDate ?? '' },
  { key: 'total', label: 'Total', width: '110px', sort: 'total', align: 'right', cell: (r) => fmtMoney(r.total) },
  { key: 'currency', label: 'Cur.', width: '56px', cell: (r) => r.currency ?? '' },
  {
    key: 'status',
    label: 'Status',
    width: '120px',
    sort: 'status',
    cell: (r) => (
      <span className={`pill st-${r.status}`} title={r.reason ?? undefined}>
        {STATUS_LABEL[r.status] ?? r.status}
      </span>
    ),
  },
  {
    key: 'confidence',
    label: 'Conf.',
    width: '70px',
    sort: 'confidence',
    align: 'right',
    cell: (r) => <span className={doubtClass(r.confidence)}>{fmtPct(r.confidence)}</span>,
  },
  { key: 'cost', label: 'Cost', width: '76px', align: 'right', cell: (r) => (r.costUsd ? fmtUsd(r.costUsd) : '') },
];
const GRID = COLUMNS.map((c) => c.width).join(' ');

export function filterToQuery(f: DocFilter): DocumentQuery {
  return {
    batchId: f.batchId,
    status: f.status.length ? f.status : null,
    docType: f.docType.length ? f.docType : null,
    text: f.text.trim() || null,
    ...(f.showIgnored ? {} : { ignored: false }),
    sort: f.sort,
    desc: f.desc,
  };
}

/**
 * One table row. Rows are keyed by their slot (index modulo the window size), so scrolling reuses the same
 * DOM nodes and only their text changes, instead of unmounting and mounting whole rows.
 */
const Row = memo(function Row({
  row,
  index,
  top,
  selected,
  onOpen,
}: {
  row: DocumentRow | undefined;
  index: number;
  top: number;
  selected: boolean;
  onOpen: (index: number) => void;
}) {
  if (!row) {
    return (
      <div className="tr placeholder" style={{ gridTemplateColumns: GRID, transform: `translateY(${top}px)` }}>
        <div className="td">
          <span className="skeleton" />
        </div>
      </div>
    );
  }
  return (
    <div
      role="row"
      aria-selected={selected}
      className={`tr ${index % 2 ? 'odd' : ''} ${selected ? 'selected' : ''}`}
      style={{ gridTemplateColumns: GRID, transform: `translateY(${top}px)` }}
      onClick={() => onOpen(index)}
    >
      {COLUMNS.map((col) => (
        <div key={col.key} role="gridcell" className={`td ${col.align === 'right' ? 'right' : ''} col-${col.key}`}>
          {col.cell(row)}
        </div>
      ))}
    </div>
  );
});

interface Cache {
  gen: number;
  rows: DocumentRow[];
  next: string | null;
  /** false until the first page arrived */
  started: boolean;
  loading: boolean;
  total: number;
}

export function DocumentsTable({ filter, onSort, label }: { filter: DocFilter; onSort?: (key: DocumentSortKey) => void; label?: string }) {
  const go = useStore((s) => s.go);
  const setNavIds = useStore((s) => s.setNavIds);
  const docsVersion = useStore((s) => s.docsVersion);
  const query = useMemo(() => filterToQuery(filter), [filter]);
  const cache = useRef<Cache>({ gen: 0, rows: [], next: null, started: false, loading: false, total: 0 });
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const [selected, setSelected] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const loadUntil = useCallback(
    async (index: number) => {
      const c = cache.current;
      if (c.loading) return;
      c.loading = true;
      // A new query or a refresh replaces cache.current; this loop then stops writing into the old one.
      const live = () => cache.current === c;
      try {
        while (live() && (!c.started || (c.next !== null && c.rows.length <= index + 50))) {
          const page = await api().listDocuments({ ...query, after: c.next, limit: c.started ? PAGE : FIRST_PAGE });
          if (!live()) return;
          for (const r of page.rows) c.rows.push(r);
          c.next = page.next;
          c.total = Math.max(page.total, c.rows.length);
          c.started = true;
          rerender();
        }
      } catch (err) {
        if (live()) useStore.getState().toast('error', `Could not load documents: ${(err as Error).message}`);
      } finally {
        c.loading = false;
      }
    },
    [query, rerender],
  );

  // New query: start over.
  useEffect(() => {
    cache.current = { gen: cache.current.gen + 1, rows: [], next: null, started: false, loading: false, total: 0 };
    setSelected(0);
    scrollRef.current?.scrollTo({ top: 0 });
    rerender();
    void loadUntil(0);
  }, [query, loadUntil, rerender]);

  // Documents changed (pushed events): re-read what the user can see, keep the scroll position.
  const visibleEnd = useRef(0);
  useEffect(() => {
    if (docsVersion === 0) return;
    const c = cache.current;
    if (!c.started) return;
    const keep = Math.max(visibleEnd.current + 50, FIRST_PAGE);
    const gen = c.gen + 1;
    const startedFrom = c;
    void (async () => {
      let rows: DocumentRow[] = [];
      let next: string | null = null;
      let total: number;
      do {
        const page = await api().listDocuments({ ...query, after: next, limit: PAGE });
        rows = rows.concat(page.rows);
        next = page.next;
        total = page.total;
      } while (next !== null && rows.length < keep);
      if (cache.current !== startedFrom) return;
      cache.current = { gen, rows, next, started: true, loading: false, total: Math.max(total, rows.length) };
      rerender();
    })().catch(() => {});
  }, [docsVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const c = cache.current;
  const count = c.started ? c.total : 12;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 8,
    scrollMargin: HEADER_H,
  });
  const items = virtualizer.getVirtualItems();
  // Slot keys: a window of n contiguous rows keyed by index % n reuses every row node while scrolling.
  const slots = Math.max(1, items.length);
  const last = items.length ? items[items.length - 1]!.index : 0;
  visibleEnd.current = last;

  useEffect(() => {
    if (c.started && c.next !== null && last + 50 >= c.rows.length) void loadUntil(last);
  }, [last, c.started, c.next, c.rows.length, loadUntil]);

  const open = (row: DocumentRow | undefined) => {
    if (!row) return;
    setNavIds(cache.current.rows.map((r) => r.id));
    go({ name: 'document', id: row.id });
  };

  const openRef = useRef(open);
  openRef.current = open;
  const onRowClick = useCallback((index: number) => {
    setSelected(index);
    openRef.current(cache.current.rows[index]);
  }, []);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const max = Math.max(0, count - 1);
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_H) - 2);
    let to: number;
    if (e.key === 'ArrowDown') to = Math.min(max, selected + 1);
    else if (e.key === 'ArrowUp') to = Math.max(0, selected - 1);
    else if (e.key === 'PageDown') to = Math.min(max, selected + pageRows);
    else if (e.key === 'PageUp') to = Math.max(0, selected - pageRows);
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = max;
    else if (e.key === 'Enter') {
      open(c.rows[selected]);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setSelected(to);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const empty = c.started && c.total === 0;

  return (
    <div className="doc-table" role="grid" aria-label={label ?? 'Documents'} aria-rowcount={count}>
      <div className="table-scroll" ref={scrollRef} tabIndex={0} onKeyDown={onKey}>
        <div className="thead" role="row" style={{ gridTemplateColumns: GRID, height: HEADER_H }}>
          {COLUMNS.map((col) => {
            const active = col.sort && filter.sort === col.sort;
            return (
              <div
                key={col.key}
                role="columnheader"
                className={`th ${col.align === 'right' ? 'right' : ''} ${col.sort && onSort ? 'sortable' : ''} ${active ? 'active' : ''}`}
                aria-sort={active ? (filter.desc ? 'descending' : 'ascending') : undefined}
                onClick={() => col.sort && onSort?.(col.sort)}
              >
                {col.label}
                {active ? <span className="sort-arrow">{filter.desc ? ' ▼' : ' ▲'}</span> : null}
              </div>
            );
          })}
        </div>
        {empty ? (
          <div className="empty">No documents match.</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => (
              <Row
                key={item.index % slots}
                row={c.rows[item.index]}
                index={item.index}
                top={item.start - HEADER_H}
                selected={item.index === selected}
                onOpen={onRowClick}
              />
            ))}
          </div>
        )}
      </div>
      <div className="table-foot">
        {c.started ? `${c.total.toLocaleString()} document${c.total === 1 ? '' : 's'}` : 'Loading…'}
        {c.started && c.rows.length < c.total ? ` · ${c.rows.length.toLocaleString()} loaded` : ''}
      </div>
    </div>
  );
}

/** Filter bar shared by the documents screens: search, status and type filters. */
export function FilterBar({
  filter,
  onChange,
  ignoredToggle = true,
}: {
  filter: DocFilter;
  onChange: (p: Partial<DocFilter>) => void;
  /** Offer to list files that are not documents (not on the review grid, which never shows them). */
  ignoredToggle?: boolean;
}) {
  const [text, setText] = useState(filter.text);
  useEffect(() => setText(filter.text), [filter.text]);
  useEffect(() => {
    const t = setTimeout(() => {
      if (text !== filter.text) onChange({ text });
    }, 250);
    return () => clearTimeout(t);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps
  const status = filter.status[0] ?? '';
  const type = filter.docType[0] ?? '';
  return (
    <div className="filter-bar">
      <input
        type="search"
        className="search"
        placeholder="Search file, vendor or number…"
        aria-label="Search documents"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select
        aria-label="Filter by status"
        value={status}
        onChange={(e) => onChange({ status: e.target.value ? [e.target.value as DocFilter['status'][number]] : [] })}
      >
        <option value="">All statuses</option>
        {Object.entries(STATUS_LABEL)
          .slice(0, 6)
          .map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
      </select>
      {ignoredToggle ? (
        <label className="check small" title="Files beside the scans that are not documents (notes, data files)">
          <input type="checkbox" checked={!!filter.showIgnored} onChange={(e) => onChange({ showIgnored: e.target.checked })} />
          Show ignored files
        </label>
      ) : null}
      <select
        aria-label="Filter by type"
        value={type}
        onChange={(e) => onChange({ docType: e.target.value ? [e.target.value as DocFilter['docType'][number]] : [] })}
      >
        <option value="">All types</option>
        {Object.entries(TYPE_LABEL).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}

export function useSortToggle(filter: DocFilter, onChange: (p: Partial<DocFilter>) => void) {
  return (key: DocumentSortKey) => onChange(filter.sort === key ? { desc: !filter.desc } : { sort: key, desc: false });
}

export { attempt };

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { DocumentRow } from '../contract/domain';
import type { DocumentQuery, DocumentSortKey } from '../contract/engine-api';
import { doubtClass, fmtDay, fmtMoney, fmtPct, fmtUsd, STATUS_LABEL, TYPE_LABEL } from './format';
import { RowPages } from './row-pages';
import { api, attempt, useStore, type DocFilter } from './store';

const ROW_H = 34;
const HEADER_H = 34;

/**
 * A column of the documents table. A cell is one element with its text (its class and tooltip on that element), and
 * an inner element only where the look needs one (the status pill): a drag through 100k rows re-renders every visible
 * cell each frame, and each element more is layout and style work on that frame.
 */
interface Column {
  key: string;
  label: string;
  width: string;
  sort?: DocumentSortKey;
  align?: 'right';
  text(r: DocumentRow): string;
  title?(r: DocumentRow): string | undefined;
  className?(r: DocumentRow): string;
  /** the cell's content when it is more than text */
  node?(r: DocumentRow): React.ReactNode;
}

// a file with no vendor says why in its place: skipped or failed ("duplicate of ... in batch ...", "Text file (.txt) is not
// supported"), or waiting for review with nothing read ("no text found on any page"), instead of a blank row
const showsReason = (r: DocumentRow) =>
  !r.vendor && !!r.reason && (r.status === 'skipped' || r.status === 'failed' || r.status === 'needs_review');

const COLUMNS: Column[] = [
  {
    key: 'name',
    label: 'File',
    width: 'minmax(180px, 2.4fr)',
    sort: 'name',
    text: (r) => r.name,
    title: (r) => r.path,
    className: () => 'file-name',
  },
  { key: 'type', label: 'Type', width: '110px', text: (r) => (r.docType ? (TYPE_LABEL[r.docType] ?? '') : '') },
  {
    key: 'vendor',
    label: 'Vendor',
    width: 'minmax(140px, 1.6fr)',
    sort: 'vendor',
    text: (r) => (showsReason(r) ? r.reason! : (r.vendor ?? '')),
    title: (r) => (showsReason(r) ? r.reason! : (r.vendor ?? undefined)),
    className: (r) => (showsReason(r) ? 'muted small row-reason' : ''),
  },
  { key: 'number', label: 'Number', width: 'minmax(110px, 1fr)', text: (r) => r.docNumber ?? '', title: (r) => r.docNumber ?? undefined },
  { key: 'date', label: 'Date', width: '108px', sort: 'issue_date', text: (r) => fmtDay(r.issueDate) },
  { key: 'total', label: 'Total', width: '110px', sort: 'total', align: 'right', text: (r) => fmtMoney(r.total) },
  { key: 'currency', label: 'Cur.', width: '56px', text: (r) => r.currency ?? '' },
  {
    key: 'status',
    label: 'Status',
    width: '120px',
    sort: 'status',
    text: (r) => STATUS_LABEL[r.status] ?? r.status,
    title: (r) => r.reason ?? undefined,
    node: (r) => <span className={`pill st-${r.status}`}>{STATUS_LABEL[r.status] ?? r.status}</span>,
  },
  {
    key: 'confidence',
    label: 'Conf.',
    width: '70px',
    sort: 'confidence',
    align: 'right',
    text: (r) => fmtPct(r.confidence),
    className: (r) => doubtClass(r.confidence),
  },
  { key: 'cost', label: 'Cost', width: '76px', align: 'right', text: (r) => (r.costUsd ? fmtUsd(r.costUsd) : '') },
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
  // A row not loaded yet has the same cells, empty (a skeleton bar in the first): when its page arrives, or a drag
  // moves it to rows not loaded, only the cells' text changes, no elements are made or dropped.
  return (
    <div
      role={row ? 'row' : undefined}
      aria-selected={row ? selected : undefined}
      className={`tr${row ? '' : ' placeholder'}${index % 2 ? ' odd' : ''}${row && selected ? ' selected' : ''}`}
      style={{ gridTemplateColumns: GRID, transform: `translateY(${top}px)` }}
      onClick={row ? () => onOpen(index) : undefined}
    >
      {COLUMNS.map((col, i) =>
        row ? (
          <div
            key={col.key}
            role="gridcell"
            className={`td col-${col.key}${col.align === 'right' ? ' right' : ''}${col.className ? ' ' + col.className(row) : ''}`}
            title={col.title?.(row)}
          >
            {col.node ? col.node(row) : col.text(row)}
          </div>
        ) : (
          <div key={col.key} className={`td col-${col.key}`}>
            {i === 0 ? <span className="skeleton" /> : null}
          </div>
        ),
      )}
    </div>
  );
});

/** Rows per page asked of the engine: a page is ~1 ms of SQLite and ~50 KB of JSON, three screens of rows. */
const PAGE = 100;
/** Page requests in flight at once: one being answered, one on the wire; the rest wait for the scroll to settle. */
const IN_FLIGHT = 2;

function DocumentsTableBody({ filter, onSort, label }: { filter: DocFilter; onSort?: (key: DocumentSortKey) => void; label?: string }) {
  const go = useStore((s) => s.go);
  const setNavIds = useStore((s) => s.setNavIds);
  const docsVersion = useStore((s) => s.docsVersion);
  const query = useMemo(() => filterToQuery(filter), [filter]);
  const pagesRef = useRef(new RowPages<DocumentRow>(PAGE));
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const [selected, setSelected] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** The rows on screen (with overscan) at the last render and how fast they moved, for choosing what to load. */
  const view = useRef({ first: 0, last: 0, velocity: 0 });

  // Ask for the pages the view wants, a few at a time (RowPages.fill); an answer re-renders only when it brings rows
  // into view or changes the count.
  const pump = useCallback(() => {
    pagesRef.current.fill(
      () => view.current,
      (req) => api().listDocuments({ ...query, after: null, ...req }),
      IN_FLIGHT,
      {
        loaded: (shown) => {
          if (shown) rerender();
        },
        failed: (err) => useStore.getState().toast('error', `Could not load documents: ${err.message}`),
      },
    );
  }, [query, rerender]);

  // New query: start over.
  useEffect(() => {
    pagesRef.current.dispose();
    pagesRef.current = new RowPages<DocumentRow>(PAGE);
    view.current = { first: 0, last: 0, velocity: 0 };
    setSelected(0);
    scrollRef.current?.scrollTo({ top: 0 });
    rerender();
    pump();
  }, [query, pump, rerender]);

  // Documents changed (pushed events, at most once a second while a batch runs): the pages in view are read again,
  // the others when they next come into view; what is on screen stays until then.
  useEffect(() => {
    if (docsVersion === 0) return;
    pagesRef.current.markStale();
    pump();
  }, [docsVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const pages = pagesRef.current;
  const count = pages.started ? pages.total : 12;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    // rows drawn beyond the edges: enough for a wheel's few rows a frame; a drag moving more than a screen a frame
    // replaces every row anyway, so drawing more than are seen is work for nothing
    overscan: Math.abs(view.current.velocity) > 20 ? 1 : 4,
    scrollMargin: HEADER_H,
  });
  const items = virtualizer.getVirtualItems();
  // Slot keys: a window of n contiguous rows keyed by index % n reuses every row node while scrolling. n only grows:
  // the window is one row longer or shorter as a row slides in or out at the edge, and a new n would re-key (remount)
  // every row on that frame.
  const slotsRef = useRef(1);
  slotsRef.current = Math.max(slotsRef.current, items.length);
  const slots = slotsRef.current;
  const first = items.length ? items[0]!.index : 0;
  const last = items.length ? items[items.length - 1]!.index : 0;

  useEffect(() => {
    const v = view.current;
    view.current = { first, last, velocity: first - v.first };
    pump();
  }, [first, last, pump]);

  const open = (row: DocumentRow | undefined) => {
    if (!row) return;
    setNavIds(pagesRef.current.loadedIds());
    go({ name: 'document', id: row.id });
  };

  const openRef = useRef(open);
  openRef.current = open;
  const onRowClick = useCallback((index: number) => {
    setSelected(index);
    openRef.current(pagesRef.current.row(index));
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
      open(pages.row(selected));
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setSelected(to);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const empty = pages.started && pages.total === 0;

  return (
    <div className="doc-table docs-list" role="grid" aria-label={label ?? 'Documents'} aria-rowcount={count}>
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
                row={pages.row(item.index)}
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
        {pages.started ? `${pages.total.toLocaleString()} document${pages.total === 1 ? '' : 's'}` : 'Loading…'}
      </div>
    </div>
  );
}

/**
 * The documents table: 100k rows scroll at one frame each with a batch running, so a frame renders only the rows whose
 * slot changed, and the screen around it (batch progress several times a second) does not re-render it.
 */
export const DocumentsTable = memo(DocumentsTableBody);

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
  // the same function while the filter stands, so the memoised table does not re-render with its screen
  return useCallback(
    (key: DocumentSortKey) => onChange(filter.sort === key ? { desc: !filter.desc } : { sort: key, desc: false }),
    [filter, onChange],
  );
}

export { attempt };

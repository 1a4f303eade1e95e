import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { DocumentQuery, ReviewRow } from '../../contract/engine-api';
import { FilterBar } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { BulkBar } from '../review/BulkBar';
import { EvidencePane } from '../review/EvidencePane';
import { gridLayout, OPTIONAL_COLUMNS, type OptionalColumn } from '../review/grid-columns';
import { ColumnsMenu, extraToQuery, noExtraFilter, ReviewFilters, type ReviewExtraFilter } from '../review/ReviewFilters';
import { TotalsFooter } from '../review/TotalsFooter';
import { ReviewGrid } from '../review/ReviewGrid';
import { useCellEdits } from '../review/useCellEdits';
import { useGridClipboard } from '../review/useGridClipboard';
import { useGridCursor } from '../review/useGridCursor';
import { useGridKeyboard } from '../review/useGridKeyboard';
import { useGridVirtualizer } from '../review/useGridVirtualizer';
import { useReviewRows } from '../review/useReviewRows';
import { useRowSelection } from '../review/useRowSelection';
import { defaultFilter, useStore, type DocFilter } from '../store';

/** What the review screen remembers between visits: the optional columns and whether the evidence pane is open. */
const PREFS_KEY = 'docket.review.prefs';
function loadPrefs(): { columns: OptionalColumn[]; evidence: boolean } {
  try {
    const p = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as { columns?: unknown; evidence?: unknown };
    const columns = Array.isArray(p.columns) ? p.columns.filter((c): c is OptionalColumn => OPTIONAL_COLUMNS.includes(c)) : [];
    return { columns, evidence: p.evidence !== false };
  } catch {
    return { columns: [], evidence: true };
  }
}

/**
 * Review: the documents as a spreadsheet to correct from the keyboard (src/ui/review holds its parts: rows, cursor,
 * edits and undo, clipboard, keys, the grid), with bulk actions on checked rows and the export menu.
 */
export function ReviewScreen() {
  const go = useStore((s) => s.go);
  const setNavIds = useStore((s) => s.setNavIds);
  const docsVersion = useStore((s) => s.docsVersion);
  const batches = useStore((s) => s.batches);
  const [filter, setFilterState] = useState<DocFilter>({ ...defaultFilter, status: ['needs_review'] });
  const setFilter = (p: Partial<DocFilter>) => setFilterState((f) => ({ ...f, ...p }));
  const [extra, setExtra] = useState<ReviewExtraFilter>(noExtraFilter);
  const [prefs, setPrefs] = useState(loadPrefs);
  useEffect(() => localStorage.setItem(PREFS_KEY, JSON.stringify(prefs)), [prefs]);
  const layout = useMemo(() => gridLayout(new Set(prefs.columns)), [prefs.columns]);
  const query: DocumentQuery = useMemo(
    () => ({
      batchId: filter.batchId,
      status: filter.status.length ? filter.status : null,
      docType: filter.docType.length ? filter.docType : null,
      text: filter.text.trim() || null,
      ...extraToQuery(extra),
      // files that are not documents (notes, data files) are never reviewed
      ignored: false,
      sort: filter.sort,
      desc: filter.desc,
    }),
    [filter, extra],
  );

  const rows = useReviewRows(query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useGridVirtualizer(scrollRef, rows);
  const scrollToRow = useCallback((row: number) => virtualizer.scrollToIndex(row, { align: 'auto' }), [virtualizer]);
  const cursor = useGridCursor(rows.count, layout.fields.length, scrollToRow);
  const focusGrid = useCallback(() => scrollRef.current?.focus({ preventScroll: true }), []);
  const edits = useCellEdits(rows, cursor, focusGrid, layout.fields);
  const clipboard = useGridClipboard(rows, cursor, edits, layout.fields);
  const selection = useRowSelection(query, rows.total, rows.refresh);
  const open = (row: ReviewRow) => {
    setNavIds(rows.loadedIds());
    go({ name: 'document', id: row.id });
  };
  const onKeyDown = useGridKeyboard({
    rows,
    cursor,
    edits,
    clipboard,
    open,
    toggle: selection.toggle,
    selectAll: selection.selectAll,
    fields: layout.fields,
  });

  // The grid takes the keyboard when the screen opens (from the sidebar, Alt+3 or a link), so a clerk's first arrow key
  // moves the cursor drawn on the first cell instead of doing nothing; a field being typed in keeps its focus.
  useEffect(() => {
    const a = document.activeElement;
    if (!a || a === document.body || a.closest('nav')) focusGrid();
  }, [focusGrid]);

  // A new query starts at the top with nothing checked.
  const { reload } = rows;
  const { clear: clearChecked } = selection;
  const { reset: resetCursor, editing } = cursor;
  useEffect(() => {
    clearChecked();
    resetCursor();
    scrollRef.current?.scrollTo({ top: 0 });
    reload();
  }, [reload, clearChecked, resetCursor]);
  // Documents changed elsewhere (a batch running or finished, an edit on the document screen): the rows in view are
  // read again in place (not the whole list from the top, once a second while a batch runs), but not under an open editor.
  // Changes from before the screen opened are in the rows it is loading: no second read of them.
  const docsSeen = useRef(docsVersion);
  useEffect(() => {
    if (docsVersion === docsSeen.current || editing) return;
    docsSeen.current = docsVersion;
    rows.refresh();
  }, [docsVersion]); // eslint-disable-line react-hooks/exhaustive-deps
  // The cursor on a row not loaded (a jump, a move past the rows loaded): its page is asked for first; the row draws
  // as a placeholder with the cursor on it, and the page pane waits for it.
  const activeRow = rows.rowAt(cursor.active.row);
  const { ensure } = rows;
  useEffect(() => {
    if (!activeRow && rows.started && cursor.active.row < rows.total) void ensure(cursor.active.row, cursor.active.row);
  }, [activeRow, rows.started, rows.total, cursor.active.row, ensure]);

  const batchList = useMemo(() => Object.values(batches).sort((a, b) => b.id - a.id), [batches]);
  const allChecked = selection.all && selection.unchecked === 0 && rows.total > 0;
  // edits change the totals and the page pane; scrolling (loading pages) does not
  const version = docsVersion + rows.edits;

  return (
    <section className="screen review-screen">
      <div className="screen-head">
        <h1>Review</h1>
        <select
          aria-label="Batch"
          value={filter.batchId ?? ''}
          onChange={(e) => setFilter({ batchId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">All batches</option>
          {batchList.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <FilterBar filter={filter} onChange={setFilter} ignoredToggle={false} />
        <ColumnsMenu shown={new Set(prefs.columns)} onChange={(c) => setPrefs((p) => ({ ...p, columns: [...c] }))} />
        <button
          aria-pressed={prefs.evidence}
          onClick={() => setPrefs((p) => ({ ...p, evidence: !p.evidence }))}
          title="Show the page beside the grid"
        >
          {prefs.evidence ? 'Hide page' : 'Show page'}
        </button>
        <ExportMenu
          batchId={filter.batchId}
          label={filter.batchId !== null ? (batches[filter.batchId]?.name ?? `batch ${filter.batchId}`) : 'all batches'}
        />
      </div>
      <ReviewFilters value={extra} onChange={setExtra} />
      <BulkBar
        count={selection.count}
        all={selection.all}
        unchecked={selection.unchecked}
        matching={rows.total}
        onSelectAll={selection.selectAll}
        pasting={clipboard.pasting}
        onBulk={selection.bulk}
        onClear={selection.clear}
      />
      <div className={`review-body ${prefs.evidence ? 'with-pane' : ''}`} style={{ '--grid-min': `${layout.minWidth}px` } as CSSProperties}>
        <ReviewGrid
          rows={rows}
          virtualizer={virtualizer}
          scrollRef={scrollRef}
          cursor={cursor}
          edits={edits}
          clipboard={clipboard}
          onKeyDown={onKeyDown}
          isChecked={selection.isChecked}
          onToggle={selection.toggle}
          allChecked={allChecked}
          someChecked={selection.count > 0}
          onToggleAll={() => (selection.count > 0 ? selection.clear() : selection.selectAll())}
          onOpen={open}
          layout={layout}
          footer={<TotalsFooter query={query} version={version} />}
        />
        {prefs.evidence ? (
          <EvidencePane
            documentId={activeRow?.id ?? null}
            field={layout.fields[cursor.active.col] ?? 'vendor_name'}
            version={version}
            waiting={!activeRow && rows.started && cursor.active.row < rows.total}
          />
        ) : null}
      </div>
    </section>
  );
}

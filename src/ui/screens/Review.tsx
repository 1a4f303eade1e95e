import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentQuery, ReviewRow } from '../../contract/engine-api';
import { FilterBar } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { BulkBar } from '../review/BulkBar';
import { EDITABLE } from '../review/grid-columns';
import { ReviewGrid } from '../review/ReviewGrid';
import { useCellEdits } from '../review/useCellEdits';
import { useGridClipboard } from '../review/useGridClipboard';
import { useGridCursor } from '../review/useGridCursor';
import { useGridKeyboard } from '../review/useGridKeyboard';
import { useGridVirtualizer } from '../review/useGridVirtualizer';
import { useReviewRows } from '../review/useReviewRows';
import { useRowSelection } from '../review/useRowSelection';
import { defaultFilter, useStore, type DocFilter } from '../store';

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
  const query: DocumentQuery = useMemo(
    () => ({
      batchId: filter.batchId,
      status: filter.status.length ? filter.status : null,
      docType: filter.docType.length ? filter.docType : null,
      text: filter.text.trim() || null,
      sort: filter.sort,
      desc: filter.desc,
    }),
    [filter],
  );

  const rows = useReviewRows(query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useGridVirtualizer(scrollRef, rows);
  const scrollToRow = useCallback((row: number) => virtualizer.scrollToIndex(row, { align: 'auto' }), [virtualizer]);
  const cursor = useGridCursor(rows.count, EDITABLE.length, scrollToRow);
  const focusGrid = useCallback(() => scrollRef.current?.focus({ preventScroll: true }), []);
  const edits = useCellEdits(rows, cursor, focusGrid);
  const clipboard = useGridClipboard(rows, cursor, edits);
  const selection = useRowSelection(rows.reload);
  const open = (row: ReviewRow) => {
    setNavIds(rows.rows.map((r) => r.id));
    go({ name: 'document', id: row.id });
  };
  const selectAllLoaded = () => selection.selectOnly(rows.rows.map((r) => r.id));
  const onKeyDown = useGridKeyboard({ rows, cursor, edits, clipboard, open, toggle: selection.toggle, selectAll: selectAllLoaded });

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
  // Documents changed elsewhere (a batch finished, an edit on the document screen): reload, but not under an open editor.
  useEffect(() => {
    if (docsVersion && !editing) reload();
  }, [docsVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const batchList = useMemo(() => Object.values(batches).sort((a, b) => b.id - a.id), [batches]);
  const allLoadedChecked = rows.rows.length > 0 && rows.rows.every((r) => selection.selected.has(r.id));

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
        <FilterBar filter={filter} onChange={setFilter} />
        <ExportMenu
          batchId={filter.batchId}
          label={filter.batchId !== null ? (batches[filter.batchId]?.name ?? `batch ${filter.batchId}`) : 'all batches'}
        />
      </div>
      <BulkBar count={selection.selected.size} pasting={clipboard.pasting} onBulk={selection.bulk} onClear={selection.clear} />
      <ReviewGrid
        rows={rows}
        virtualizer={virtualizer}
        scrollRef={scrollRef}
        cursor={cursor}
        edits={edits}
        clipboard={clipboard}
        onKeyDown={onKeyDown}
        selected={selection.selected}
        onToggle={selection.toggle}
        allChecked={allLoadedChecked}
        onToggleAll={() => (allLoadedChecked ? selection.clear() : selectAllLoaded())}
        onOpen={open}
      />
    </section>
  );
}

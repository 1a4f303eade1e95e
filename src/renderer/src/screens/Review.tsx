import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DOC_TYPES, type DocType, type FieldName } from '../../../shared/domain';
import type { DocumentQuery, ReviewRow } from '../../../shared/engine-api';
import { FilterBar } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { confClass, FIELD_LABEL, STATUS_LABEL, TYPE_LABEL } from '../format';
import { api, attempt, defaultFilter, useStore, type DocFilter } from '../store';

const ROW_H = 36;
const HEADER_H = 34;
const PAGE = 200;

const EDITABLE: FieldName[] = ['vendor_name', 'document_number', 'issue_date', 'due_date', 'total', 'tax', 'currency'];
const GRID = ['36px', 'minmax(180px, 2fr)', '110px', ...EDITABLE.map((f) => (f === 'vendor_name' ? 'minmax(150px, 1.6fr)' : f === 'currency' ? '64px' : 'minmax(96px, 1fr)')), '150px'].join(' ');

interface Cache {
  rows: ReviewRow[];
  next: string | null;
  started: boolean;
  loading: boolean;
  total: number;
}
const fresh = (): Cache => ({ rows: [], next: null, started: false, loading: false, total: 0 });

const Cell = memo(function Cell({
  row,
  field,
  active,
  editing,
  onCommit,
  onCancel,
}: {
  row: ReviewRow;
  field: FieldName;
  active: boolean;
  editing: boolean;
  onCommit: (value: string | null) => void;
  onCancel: () => void;
}) {
  const cell = row.cells[field];
  const [draft, setDraft] = useState(cell?.value ?? '');
  useEffect(() => setDraft(cell?.value ?? ''), [cell?.value, editing]);
  const flagged = !!cell?.flags.length;
  const cls = cell?.value == null ? 'conf-none' : confClass(cell.origin === 'user' ? 1 : cell.confidence);
  return (
    <div
      role="gridcell"
      aria-selected={active}
      className={`td rcell ${cls} ${active ? 'active' : ''} ${flagged ? 'flagged' : ''} ${cell?.origin === 'user' ? 'edited' : ''}`}
      title={[cell?.flags.join('\n'), cell?.origin === 'user' ? 'edited by a person' : cell?.confidence != null ? `confidence ${Math.round(cell.confidence * 100)}%` : '']
        .filter(Boolean)
        .join('\n')}
    >
      {editing ? (
        <input
          autoFocus
          aria-label={`${FIELD_LABEL[field]} of ${row.name}`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Enter') onCommit(draft.trim() === '' ? null : draft.trim());
            if (e.key === 'Escape') onCancel();
          }}
          onBlur={() => (draft !== (cell?.value ?? '') ? onCommit(draft.trim() === '' ? null : draft.trim()) : onCancel())}
        />
      ) : (
        <span>{cell?.value ?? ''}</span>
      )}
    </div>
  );
});

export function ReviewScreen() {
  const go = useStore((s) => s.go);
  const setNavIds = useStore((s) => s.setNavIds);
  const toast = useStore((s) => s.toast);
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
  const cache = useRef<Cache>(fresh());
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [editing, setEditing] = useState(false);
  const [bulkVendor, setBulkVendor] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);

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

  useEffect(() => {
    setSelected(new Set());
    setActive({ row: 0, col: 0 });
    scrollRef.current?.scrollTo({ top: 0 });
    reload();
  }, [reload]);
  useEffect(() => {
    if (docsVersion && !editing) reload();
  }, [docsVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const c = cache.current;
  const count = c.started ? c.total : 8;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 8, scrollMargin: HEADER_H });
  const items = virtualizer.getVirtualItems();
  const last = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (c.started && c.next !== null && last + 30 >= c.rows.length) void loadUntil(last);
  }, [last, c.started, c.next, c.rows.length, loadUntil]);

  const commit = useCallback(
    async (rowIndex: number, field: FieldName, value: string | null) => {
      setEditing(false);
      const row = cache.current.rows[rowIndex];
      if (!row || (row.cells[field]?.value ?? null) === value) return;
      const d = await attempt(`Save ${FIELD_LABEL[field]}`, () => api().updateField(row.id, field, value));
      if (!d) return;
      const f = d.fields.find((x) => x.name === field);
      const updated: ReviewRow = {
        ...row,
        cells: { ...row.cells, [field]: { value: f?.value ?? value, confidence: f?.confidence ?? 1, origin: 'user', flags: [] } },
      };
      cache.current.rows[rowIndex] = updated;
      rerender();
    },
    [rerender],
  );

  const open = (row: ReviewRow) => {
    setNavIds(cache.current.rows.map((r) => r.id));
    go({ name: 'document', id: row.id });
  };

  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const bulk = async (what: string, patch: Parameters<ReturnType<typeof api>['bulkUpdate']>[1]) => {
    const ids = [...selected];
    const n = await attempt(what, () => api().bulkUpdate(ids, patch));
    if (n === undefined) return;
    toast('info', `${what}: ${n} document${n === 1 ? '' : 's'} changed`);
    setSelected(new Set());
    reload();
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const maxRow = Math.max(0, count - 1);
    const cols = EDITABLE.length;
    let { row, col } = active;
    if (e.key === 'ArrowDown') row = Math.min(maxRow, row + 1);
    else if (e.key === 'ArrowUp') row = Math.max(0, row - 1);
    else if (e.key === 'ArrowRight' || (e.key === 'Tab' && !e.shiftKey)) col = Math.min(cols - 1, col + 1);
    else if (e.key === 'ArrowLeft' || (e.key === 'Tab' && e.shiftKey)) col = Math.max(0, col - 1);
    else if (e.key === 'PageDown') row = Math.min(maxRow, row + 15);
    else if (e.key === 'PageUp') row = Math.max(0, row - 15);
    else if (e.key === 'Enter' || e.key === 'F2') {
      if (c.rows[row]) setEditing(true);
      e.preventDefault();
      return;
    } else if (e.key === ' ') {
      const r = c.rows[row];
      if (r) toggle(r.id);
      e.preventDefault();
      return;
    } else if (e.key === 'o') {
      const r = c.rows[row];
      if (r) open(r);
      return;
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      setSelected(new Set(c.rows.map((r) => r.id)));
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setActive({ row, col });
    virtualizer.scrollToIndex(row, { align: 'auto' });
  };

  const batchList = useMemo(() => Object.values(batches).sort((a, b) => b.id - a.id), [batches]);
  const allLoadedSelected = c.rows.length > 0 && c.rows.every((r) => selected.has(r.id));

  return (
    <section className="screen review-screen">
      <div className="screen-head">
        <h1>Review</h1>
        <select aria-label="Batch" value={filter.batchId ?? ''} onChange={(e) => setFilter({ batchId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">All batches</option>
          {batchList.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <FilterBar filter={filter} onChange={setFilter} />
        <ExportMenu batchId={filter.batchId} label={filter.batchId !== null ? (batches[filter.batchId]?.name ?? `batch ${filter.batchId}`) : 'all batches'} />
      </div>
      <div className={`bulk-bar ${selected.size ? 'on' : ''}`} aria-label="Bulk actions">
        {selected.size ? (
          <>
            <b>{selected.size.toLocaleString()} selected</b>
            <button className="primary" onClick={() => bulk('Mark reviewed', { reviewed: true })}>
              Mark reviewed
            </button>
            <select aria-label="Set type of selected" value="" onChange={(e) => e.target.value && bulk('Set type', { docType: e.target.value as DocType })}>
              <option value="">Set type…</option>
              {DOC_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABEL[t]}
                </option>
              ))}
            </select>
            <input aria-label="Vendor for selected" placeholder="Vendor for all selected" value={bulkVendor} onChange={(e) => setBulkVendor(e.target.value)} />
            <button disabled={!bulkVendor.trim()} onClick={() => bulk('Set vendor', { vendor: bulkVendor.trim() }).then(() => setBulkVendor(''))}>
              Set vendor
            </button>
            <button className="link" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </>
        ) : (
          <span className="muted small">
            Arrows move · Enter edits · Space selects · Ctrl+A selects all loaded · o opens the document. Values in red or amber are uncertain; a red corner marks a
            validation problem.
          </span>
        )}
      </div>
      <div className="doc-table review-grid" role="grid" aria-label="Review grid" aria-rowcount={count}>
        <div className="table-scroll" ref={scrollRef} tabIndex={0} onKeyDown={onKey}>
          <div className="thead" role="row" style={{ gridTemplateColumns: GRID, height: HEADER_H }}>
            <div className="th" role="columnheader">
              <input
                type="checkbox"
                aria-label="Select all loaded rows"
                checked={allLoadedSelected}
                onChange={() => setSelected(allLoadedSelected ? new Set() : new Set(c.rows.map((r) => r.id)))}
              />
            </div>
            <div className="th" role="columnheader">
              File
            </div>
            <div className="th" role="columnheader">
              Status
            </div>
            {EDITABLE.map((f) => (
              <div key={f} className="th" role="columnheader" title={FIELD_LABEL[f]}>
                {f === 'currency' ? 'Cur.' : FIELD_LABEL[f]}
              </div>
            ))}
            <div className="th" role="columnheader">
              Flags
            </div>
          </div>
          {c.started && c.total === 0 ? (
            <div className="empty">Nothing to review here.</div>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = c.rows[item.index];
                const top = item.start - HEADER_H;
                if (!row)
                  return (
                    <div key={`p${item.index}`} className="tr placeholder" style={{ gridTemplateColumns: GRID, transform: `translateY(${top}px)`, height: ROW_H }}>
                      <div className="td">
                        <span className="skeleton" />
                      </div>
                    </div>
                  );
                const isSel = selected.has(row.id);
                const problems = row.issues.length + row.duplicates.length;
                return (
                  <div
                    key={row.id}
                    role="row"
                    aria-selected={isSel}
                    className={`tr ${item.index % 2 ? 'odd' : ''} ${isSel ? 'checked' : ''} ${active.row === item.index ? 'current' : ''}`}
                    style={{ gridTemplateColumns: GRID, transform: `translateY(${top}px)`, height: ROW_H }}
                  >
                    <div className="td" role="gridcell">
                      <input type="checkbox" aria-label={`Select ${row.name}`} checked={isSel} onChange={() => toggle(row.id)} />
                    </div>
                    <div className="td" role="gridcell">
                      <button className="link file-name" title={row.path} onClick={() => open(row)}>
                        {row.name}
                      </button>
                    </div>
                    <div className="td" role="gridcell">
                      <span className={`pill st-${row.status}`}>{row.reviewedAt ? 'Reviewed' : STATUS_LABEL[row.status]}</span>
                    </div>
                    {EDITABLE.map((f, col) => (
                      <div
                        key={f}
                        className="cell-wrap"
                        onClick={() => setActive({ row: item.index, col })}
                        onDoubleClick={() => {
                          setActive({ row: item.index, col });
                          setEditing(true);
                        }}
                      >
                        <Cell
                          row={row}
                          field={f}
                          active={active.row === item.index && active.col === col}
                          editing={editing && active.row === item.index && active.col === col}
                          onCommit={(v) => {
                            void commit(item.index, f, v);
                            scrollRef.current?.focus();
                          }}
                          onCancel={() => {
                            setEditing(false);
                            scrollRef.current?.focus();
                          }}
                        />
                      </div>
                    ))}
                    <div className="td" role="gridcell">
                      {problems ? (
                        <span
                          className={`pill ${row.duplicates.length ? 'st-failed' : 'st-needs_review'}`}
                          title={[...row.issues.map((i) => i.message), ...row.duplicates.map((d) => `possible duplicate of ${d.name} (${d.why})`)].join('\n')}
                        >
                          {row.duplicates.length ? 'Possible duplicate' : `${row.issues.length} issue${row.issues.length === 1 ? '' : 's'}`}
                        </span>
                      ) : null}
                    </div>
                  </div>
                );
              })}
            </div>
          )}
        </div>
        <div className="table-foot">
          {c.started ? `${c.total.toLocaleString()} document${c.total === 1 ? '' : 's'}` : 'Loading…'}
          {c.started && c.rows.length < c.total ? ` · ${c.rows.length.toLocaleString()} loaded` : ''}
        </div>
      </div>
    </section>
  );
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DOC_TYPES, type DocType, type FieldName } from '../../contract/domain';
import type { DocumentQuery, ReviewRow } from '../../contract/engine-api';
import type { DocumentDetail } from '../../contract/domain';
import { FilterBar } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { confClass, FIELD_LABEL, STATUS_LABEL, TYPE_LABEL } from '../format';
import { api, attempt, defaultFilter, useStore, type DocFilter } from '../store';

const ROW_H = 36;
const HEADER_H = 34;
const PAGE = 200;

const EDITABLE: FieldName[] = ['vendor_name', 'document_number', 'issue_date', 'due_date', 'total', 'tax', 'currency'];
const COL_W: Record<string, string> = {
  vendor_name: 'minmax(130px, 1.5fr)',
  document_number: 'minmax(84px, 1fr)',
  issue_date: '102px',
  due_date: '102px',
  total: 'minmax(76px, 0.8fr)',
  tax: 'minmax(70px, 0.7fr)',
  currency: '52px',
};
// Fits a 1400px window without a horizontal scrollbar: dates and the duplicate flag are never cut.
const GRID = ['36px', 'minmax(140px, 1.7fr)', '96px', ...EDITABLE.map((f) => COL_W[f] ?? 'minmax(84px, 1fr)'), '150px'].join(' ');

interface Cache {
  rows: ReviewRow[];
  next: string | null;
  started: boolean;
  loading: boolean;
  total: number;
}
const fresh = (): Cache => ({ rows: [], next: null, started: false, loading: false, total: 0 });

type Move = 'down' | 'right' | 'left' | null;

/** The input of the cell being edited: mounted per edit, so its draft starts from the value or the typed text. */
function CellEditor({
  label,
  value,
  initial,
  onCommit,
  onCancel,
}: {
  label: string;
  value: string;
  initial: string | null;
  onCommit: (value: string | null, move: Move) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial ?? value);
  // One edit ends once: Enter/Tab/Esc settle it, so the blur that follows (the input unmounting) must not.
  const settled = useRef(false);
  const finish = (move: Move) => {
    if (settled.current) return;
    settled.current = true;
    onCommit(draft.trim() === '' ? null : draft.trim(), move);
  };
  const cancel = () => {
    if (settled.current) return;
    settled.current = true;
    onCancel();
  };
  return (
    <input
      autoFocus
      aria-label={label}
      value={draft}
      onFocus={(e) => {
        // Typing replaced the value: the caret goes after what was typed. Enter/F2: the whole value is selected.
        const el = e.currentTarget;
        if (initial !== null) el.setSelectionRange(el.value.length, el.value.length);
        else el.select();
      }}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') {
          e.preventDefault();
          finish('down');
        } else if (e.key === 'Tab') {
          e.preventDefault();
          finish(e.shiftKey ? 'left' : 'right');
        } else if (e.key === 'Escape') {
          e.preventDefault();
          cancel();
        }
      }}
      onBlur={() => (draft !== value ? finish(null) : cancel())}
    />
  );
}

const Cell = memo(function Cell({
  row,
  field,
  active,
  inRange,
  editing,
  initial,
  onCommit,
  onCancel,
}: {
  row: ReviewRow;
  field: FieldName;
  active: boolean;
  inRange: boolean;
  editing: boolean;
  /** Typing on an active cell starts editing with that text instead of the value. */
  initial: string | null;
  onCommit: (value: string | null, move: Move) => void;
  onCancel: () => void;
}) {
  const cell = row.cells[field];
  const flagged = !!cell?.flags.length;
  const cls = cell?.value == null ? 'conf-none' : confClass(cell.origin === 'user' ? 1 : cell.confidence);
  return (
    <div
      role="gridcell"
      aria-selected={active || inRange}
      data-field={field}
      className={`td rcell ${cls} ${active ? 'active' : ''} ${inRange ? 'in-range' : ''} ${flagged ? 'flagged' : ''} ${cell?.origin === 'user' ? 'edited' : ''}`}
      title={[
        cell?.flags.join('\n'),
        cell?.origin === 'user' ? 'edited by a person' : cell?.confidence != null ? `confidence ${Math.round(cell.confidence * 100)}%` : '',
      ]
        .filter(Boolean)
        .join('\n')}
    >
      {editing ? (
        <CellEditor
          label={`${FIELD_LABEL[field]} of ${row.name}`}
          value={cell?.value ?? ''}
          initial={initial}
          onCommit={onCommit}
          onCancel={onCancel}
        />
      ) : (
        <span>{cell?.value ?? ''}</span>
      )}
    </div>
  );
});

/** Cells of a row rebuilt from a document's detail (after an edit or an undo): values, origins and flags. */
function rowFromDetail(row: ReviewRow, d: DocumentDetail): ReviewRow {
  const cells: ReviewRow['cells'] = {};
  for (const f of d.fields) cells[f.name] = { value: f.value, confidence: f.confidence, origin: f.origin, flags: [] };
  for (const i of d.issues) {
    if (!i.field || i.field === 'line_items') continue;
    const cell = (cells[i.field] ??= { value: null, confidence: null, origin: null, flags: [] });
    cell.flags.push(i.message);
  }
  return {
    ...row,
    cells,
    issues: d.issues.filter((i) => !i.field || i.field === 'line_items'),
    vendor: d.vendor,
    docNumber: d.docNumber,
    issueDate: d.issueDate,
    total: d.total,
    currency: d.currency,
    reviewedAt: d.reviewedAt,
  };
}

/** The newest correction of a field in a document's detail: the one an edit just recorded. */
function latestCorrection(d: DocumentDetail, field: FieldName): number | null {
  let best: number | null = null;
  for (const c of d.corrections) if (c.field === field && c.kind !== 'undo' && !c.revertedBy && (best === null || c.id > best)) best = c.id;
  return best;
}

/** TSV as spreadsheets write it: tabs between cells, newlines between rows (no quoting; tabs/newlines in values become spaces). */
export function toTsv(rows: Array<Array<string | null>>): string {
  return rows.map((r) => r.map((v) => (v ?? '').replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
}

export function parseTsv(text: string): string[][] {
  const t = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (!t) return [];
  return t.split('\n').map((line) => line.split('\t'));
}

interface UndoStep {
  label: string;
  /** Corrections to undo (newest last). */
  edits: Array<{ documentId: number; correctionId: number }>;
}
const UNDO_LIMIT = 100;

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
  /** Shift+arrows: the other corner of the selected range (null: just the active cell). */
  const [anchor, setAnchor] = useState<{ row: number; col: number } | null>(null);
  const [initial, setInitial] = useState<string | null>(null);
  const [pasting, setPasting] = useState(false);
  const undoStack = useRef<UndoStep[]>([]);
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
    setAnchor(null);
    scrollRef.current?.scrollTo({ top: 0 });
    reload();
  }, [reload]);
  useEffect(() => {
    if (docsVersion && !editing) reload();
  }, [docsVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const c = cache.current;
  const count = c.started ? c.total : 8;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 8,
    scrollMargin: HEADER_H,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (c.started && c.next !== null && last + 30 >= c.rows.length) void loadUntil(last);
  }, [last, c.started, c.next, c.rows.length, loadUntil]);

  /** Put a document's fresh detail into its loaded row (after an edit, a paste or an undo). */
  const applyDetail = useCallback(
    (d: DocumentDetail) => {
      const rows = cache.current.rows;
      const i = rows.findIndex((r) => r.id === d.id);
      if (i >= 0) rows[i] = rowFromDetail(rows[i]!, d);
      rerender();
    },
    [rerender],
  );

  const pushUndo = (step: UndoStep) => {
    if (!step.edits.length) return;
    undoStack.current.push(step);
    if (undoStack.current.length > UNDO_LIMIT) undoStack.current.shift();
  };

  const maxRow = Math.max(0, count - 1);
  const cols = EDITABLE.length;
  const moveTo = (row: number, col: number, extend = false) => {
    const r = Math.min(maxRow, Math.max(0, row));
    const k = Math.min(cols - 1, Math.max(0, col));
    setAnchor(extend ? (anchor ?? active) : null);
    setActive({ row: r, col: k });
    virtualizer.scrollToIndex(r, { align: 'auto' });
  };

  const commit = async (rowIndex: number, field: FieldName, value: string | null, move: Move) => {
    setEditing(false);
    setInitial(null);
    if (move === 'down') moveTo(rowIndex + 1, active.col);
    else if (move === 'right') moveTo(rowIndex, active.col + 1);
    else if (move === 'left') moveTo(rowIndex, active.col - 1);
    scrollRef.current?.focus({ preventScroll: true });
    const row = cache.current.rows[rowIndex];
    if (!row || (row.cells[field]?.value ?? null) === value) return;
    const d = await attempt(`Save ${FIELD_LABEL[field]}`, () => api().updateField(row.id, field, value));
    if (!d) return;
    applyDetail(d);
    const id = latestCorrection(d, field);
    if (id !== null) pushUndo({ label: `${FIELD_LABEL[field]} of ${row.name}`, edits: [{ documentId: row.id, correctionId: id }] });
  };

  const undo = async () => {
    const step = undoStack.current.pop();
    if (!step) {
      toast('info', 'Nothing to undo');
      return;
    }
    let ok = 0;
    for (const e of [...step.edits].reverse()) {
      const d = await attempt('Undo', () => api().undoCorrection(e.correctionId));
      if (d) {
        applyDetail(d);
        ok++;
      }
    }
    if (ok) toast('info', `Undone: ${step.label}`);
  };

  /** The selected rectangle (the active cell alone without a range). */
  const range = () => {
    const a = anchor ?? active;
    return {
      r0: Math.min(a.row, active.row),
      r1: Math.max(a.row, active.row),
      c0: Math.min(a.col, active.col),
      c1: Math.max(a.col, active.col),
    };
  };

  const selectionTsv = () => {
    const { r0, r1, c0, c1 } = range();
    const out: Array<Array<string | null>> = [];
    for (let r = r0; r <= r1; r++) {
      const row = cache.current.rows[r];
      const line: Array<string | null> = [];
      for (let k = c0; k <= c1; k++) line.push(row?.cells[EDITABLE[k]!]?.value ?? null);
      out.push(line);
    }
    return toTsv(out);
  };

  const paste = async (text: string) => {
    const grid = parseTsv(text);
    if (!grid.length || pasting) return;
    const start = { ...active };
    const edits: UndoStep['edits'] = [];
    let changed = 0;
    let outside = 0;
    setPasting(true);
    try {
      for (let r = 0; r < grid.length; r++) {
        const row = cache.current.rows[start.row + r];
        for (let k = 0; k < grid[r]!.length; k++) {
          const field = EDITABLE[start.col + k];
          if (!row || !field) {
            outside++;
            continue;
          }
          const raw = grid[r]![k]!.trim();
          const value = raw === '' ? null : raw;
          if ((row.cells[field]?.value ?? null) === value) continue;
          const d = await attempt(`Paste into ${FIELD_LABEL[field]} of ${row.name}`, () => api().updateField(row.id, field, value));
          if (!d) continue;
          applyDetail(d);
          changed++;
          const id = latestCorrection(d, field);
          if (id !== null) edits.push({ documentId: row.id, correctionId: id });
        }
      }
    } finally {
      setPasting(false);
    }
    pushUndo({ label: `paste of ${changed} cell${changed === 1 ? '' : 's'}`, edits });
    const width = Math.max(...grid.map((l) => l.length));
    setAnchor(start);
    setActive({ row: Math.min(maxRow, start.row + grid.length - 1), col: Math.min(cols - 1, start.col + width - 1) });
    toast('info', `Pasted ${changed} cell${changed === 1 ? '' : 's'}${outside ? ` (${outside} outside the grid left out)` : ''}`);
  };

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
    if (editing || (e.target as HTMLElement).tagName === 'INPUT') return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const { row, col } = active;
    const current = c.rows[row];
    if (mod && (key === 'z' || key === 'y')) {
      e.preventDefault();
      if (key === 'z' && !e.shiftKey) void undo();
      else toast('info', 'Redo is not available: edit the cell again');
      return;
    }
    if (mod && key === 'c') {
      // The copy event (below) fills the clipboard; the async API is a fallback where that event does not fire.
      const tsv = selectionTsv();
      void navigator.clipboard?.writeText(tsv).catch(() => {});
      return;
    }
    if (mod && key === 'v') return; // handled by the paste event
    if (mod && key === 'a') {
      setSelected(new Set(c.rows.map((r) => r.id)));
      e.preventDefault();
      return;
    }
    if (mod && e.key === 'Enter') {
      if (current) open(current);
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        moveTo(row + 1, col, e.shiftKey);
        break;
      case 'ArrowUp':
        moveTo(row - 1, col, e.shiftKey);
        break;
      case 'ArrowRight':
        moveTo(row, col + 1, e.shiftKey);
        break;
      case 'ArrowLeft':
        moveTo(row, col - 1, e.shiftKey);
        break;
      case 'Tab':
        moveTo(row, col + (e.shiftKey ? -1 : 1));
        break;
      case 'PageDown':
        moveTo(row + 15, col, e.shiftKey);
        break;
      case 'PageUp':
        moveTo(row - 15, col, e.shiftKey);
        break;
      case 'Home':
        moveTo(mod ? 0 : row, 0);
        break;
      case 'End':
        moveTo(mod ? maxRow : row, cols - 1);
        break;
      case 'Enter':
      case 'F2':
        if (current) {
          setAnchor(null);
          setInitial(null);
          setEditing(true);
        }
        break;
      case 'Backspace':
        if (current) {
          setAnchor(null);
          setInitial('');
          setEditing(true);
        }
        break;
      case 'Delete':
        if (current) void commit(row, EDITABLE[col]!, null, null);
        break;
      case ' ':
        if (current) toggle(current.id);
        break;
      case 'Escape':
        setAnchor(null);
        break;
      default:
        // A printable character starts editing and replaces the value, as in a spreadsheet.
        if (e.key.length === 1 && !mod && !e.altKey && current) {
          setAnchor(null);
          setInitial(e.key);
          setEditing(true);
          break;
        }
        return;
    }
    e.preventDefault();
  };

  const onCopy = (e: React.ClipboardEvent<HTMLDivElement>) => {
    if (editing || (e.target as HTMLElement).tagName === 'INPUT') return;
    e.clipboardData.setData('text/plain', selectionTsv());
    e.preventDefault();
  };
  const onPaste = (e: React.ClipboardEvent<HTMLDivElement>) => {
    if (editing || (e.target as HTMLElement).tagName === 'INPUT') return;
    const text = e.clipboardData.getData('text/plain');
    e.preventDefault();
    if (text) void paste(text);
  };
  const rect = range();
  const hasRange = anchor !== null && (rect.r0 !== rect.r1 || rect.c0 !== rect.c1);

  const batchList = useMemo(() => Object.values(batches).sort((a, b) => b.id - a.id), [batches]);
  const allLoadedSelected = c.rows.length > 0 && c.rows.every((r) => selected.has(r.id));

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
      <div className={`bulk-bar ${selected.size ? 'on' : ''}`} aria-label="Bulk actions">
        {selected.size ? (
          <>
            <b>{selected.size.toLocaleString()} selected</b>
            <button className="primary" onClick={() => bulk('Mark reviewed', { reviewed: true })}>
              Mark reviewed
            </button>
            <select
              aria-label="Set type of selected"
              value=""
              onChange={(e) => e.target.value && bulk('Set type', { docType: e.target.value as DocType })}
            >
              <option value="">Set type…</option>
              {DOC_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABEL[t]}
                </option>
              ))}
            </select>
            <input
              aria-label="Vendor for selected"
              placeholder="Vendor for all selected"
              value={bulkVendor}
              onChange={(e) => setBulkVendor(e.target.value)}
            />
            <button
              disabled={!bulkVendor.trim()}
              onClick={() => bulk('Set vendor', { vendor: bulkVendor.trim() }).then(() => setBulkVendor(''))}
            >
              Set vendor
            </button>
            <button className="link" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </>
        ) : pasting ? (
          <span className="small" role="status">
            <span className="spinner" aria-hidden /> Pasting…
          </span>
        ) : (
          <span className="muted small">
            Arrows move (Shift extends) · Enter or typing edits · Tab/Enter commit · Esc cancels · Ctrl+C/Ctrl+V copy and paste cells ·
            Ctrl+Z undoes · Space selects · Ctrl+Enter opens the document. Red or amber values are uncertain; a red corner marks a
            validation problem.
          </span>
        )}
      </div>
      <div className="doc-table review-grid" role="grid" aria-label="Review grid" aria-rowcount={count}>
        <div className="table-scroll" ref={scrollRef} tabIndex={0} onKeyDown={onKey} onCopy={onCopy} onPaste={onPaste} aria-busy={pasting}>
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
                    <div
                      key={`p${item.index}`}
                      className="tr placeholder"
                      style={{ gridTemplateColumns: GRID, transform: `translateY(${top}px)`, height: ROW_H }}
                    >
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
                        onMouseDown={(e) => {
                          if (e.shiftKey) e.preventDefault(); // no text selection while extending the range
                        }}
                        onClick={(e) => {
                          if (editing && active.row === item.index && active.col === col) return;
                          setAnchor(e.shiftKey ? (anchor ?? active) : null);
                          setActive({ row: item.index, col });
                        }}
                        onDoubleClick={() => {
                          setAnchor(null);
                          setActive({ row: item.index, col });
                          setInitial(null);
                          setEditing(true);
                        }}
                      >
                        <Cell
                          row={row}
                          field={f}
                          active={active.row === item.index && active.col === col}
                          inRange={hasRange && item.index >= rect.r0 && item.index <= rect.r1 && col >= rect.c0 && col <= rect.c1}
                          editing={editing && active.row === item.index && active.col === col}
                          initial={editing && active.row === item.index && active.col === col ? initial : null}
                          onCommit={(v, move) => void commit(item.index, f, v, move)}
                          onCancel={() => {
                            setEditing(false);
                            setInitial(null);
                            scrollRef.current?.focus({ preventScroll: true });
                          }}
                        />
                      </div>
                    ))}
                    <div className="td" role="gridcell">
                      {problems ? (
                        <span
                          className={`pill ${row.duplicates.length ? 'st-failed' : 'st-needs_review'}`}
                          title={[
                            ...row.issues.map((i) => i.message),
                            ...row.duplicates.map((d) => `possible duplicate of ${d.name} (${d.why})`),
                          ].join('\n')}
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

import type { ReviewRow } from '../../contract/engine-api';
import { doubtClass, fmtPct, STATUS_LABEL, TYPE_LABEL } from '../format';
import { GridCell } from './GridCell';
import { ROW_H, type GridLayout } from './grid-columns';
import { rangeHas } from './selection';
import type { CellEdits } from './useCellEdits';
import type { GridCursor } from './useGridCursor';

/** One document's row: its checkbox, file name (opens it), status, the editable cells and the issue/duplicate flag. */
export function GridRow({
  row,
  index,
  top,
  checked,
  cursor,
  edits,
  onToggle,
  onOpen,
  layout,
}: {
  row: ReviewRow;
  index: number;
  /** Offset from the top of the rows, in px. */
  top: number;
  checked: boolean;
  cursor: GridCursor;
  edits: CellEdits;
  onToggle: (id: number) => void;
  onOpen: (row: ReviewRow) => void;
  layout: GridLayout;
}) {
  const problems = row.issues.length + row.duplicates.length;
  const isActive = (col: number) => cursor.active.row === index && cursor.active.col === col;
  return (
    <div
      role="row"
      aria-selected={checked}
      className={`tr ${index % 2 ? 'odd' : ''} ${checked ? 'checked' : ''} ${cursor.active.row === index ? 'current' : ''}`}
      style={{ gridTemplateColumns: layout.template, minWidth: layout.minWidth, transform: `translateY(${top}px)`, height: ROW_H }}
    >
      <div className="td" role="gridcell">
        <input type="checkbox" aria-label={`Select ${row.name}`} checked={checked} onChange={() => onToggle(row.id)} />
      </div>
      <div className="td" role="gridcell">
        <button className="link file-name" title={row.path} onClick={() => onOpen(row)}>
          {row.name}
        </button>
      </div>
      <div className="td" role="gridcell">
        <span className={`pill st-${row.status}`}>{row.reviewedAt ? 'Reviewed' : STATUS_LABEL[row.status]}</span>
      </div>
      {layout.fields.map((f, col) => (
        <div
          key={f}
          className="cell-wrap"
          onMouseDown={(e) => {
            if (e.shiftKey) e.preventDefault(); // no text selection while extending the range
          }}
          onClick={(e) => {
            if (cursor.editing && isActive(col)) return;
            cursor.click({ row: index, col }, e.shiftKey);
          }}
          onDoubleClick={() => cursor.startEdit(null, { row: index, col })}
        >
          <GridCell
            row={row}
            field={f}
            active={isActive(col)}
            inRange={cursor.multi && rangeHas(cursor.range, index, col)}
            editing={cursor.editing && isActive(col)}
            initial={cursor.editing && isActive(col) ? cursor.initial : null}
            error={edits.rejected && edits.rejected.documentId === row.id && edits.rejected.field === f ? edits.rejected.reason : null}
            onCommit={(v, exit) => void edits.commit(index, f, v, exit)}
            onCancel={edits.cancel}
          />
        </div>
      ))}
      {layout.extras.map((c) =>
        c === 'type' ? (
          <div key={c} className="td" role="gridcell" data-column="type">
            {row.docType ? TYPE_LABEL[row.docType] : ''}
          </div>
        ) : (
          <div key={c} className="td num" role="gridcell" data-column="confidence">
            <span className={doubtClass(row.confidence)}>{fmtPct(row.confidence)}</span>
          </div>
        ),
      )}
      <div className="td" role="gridcell">
        {problems ? (
          <span
            className={`pill ${row.duplicates.length ? 'st-failed' : 'st-needs_review'}`}
            title={[...row.issues.map((i) => i.message), ...row.duplicates.map((d) => `possible duplicate of ${d.name} (${d.why})`)].join(
              '\n',
            )}
          >
            {row.duplicates.length ? 'Possible duplicate' : `${row.issues.length} issue${row.issues.length === 1 ? '' : 's'}`}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/**
 * A row not loaded yet: the same cells at the same height, empty (a skeleton bar where the file name goes), until its
 * page arrives. The keyboard cursor may already stand on it: the row and cell show it, and what a key does there
 * waits for the row to load.
 */
export function PlaceholderRow({
  index,
  top,
  activeCol,
  layout,
}: {
  index: number;
  top: number;
  activeCol: number | null;
  layout: GridLayout;
}) {
  return (
    <div
      className={`tr placeholder ${index % 2 ? 'odd' : ''} ${activeCol !== null ? 'current' : ''}`}
      aria-busy
      style={{ gridTemplateColumns: layout.template, minWidth: layout.minWidth, transform: `translateY(${top}px)`, height: ROW_H }}
    >
      <div className="td" />
      <div className="td">
        <span className="skeleton" />
      </div>
      <div className="td" />
      {layout.fields.map((f, col) => (
        <div key={f} className="cell-wrap">
          <div className={`td rcell ${activeCol === col ? 'active' : ''}`} />
        </div>
      ))}
      {layout.extras.map((c) => (
        <div key={c} className="td" />
      ))}
      <div className="td" />
    </div>
  );
}

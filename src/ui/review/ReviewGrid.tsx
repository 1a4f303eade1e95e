import type { Virtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent, RefObject } from 'react';
import type { ReviewRow } from '../../contract/engine-api';
import { FIELD_LABEL } from '../format';
import { AMOUNT_FIELDS, HEADER_H, OPTIONAL_LABEL, type GridLayout } from './grid-columns';
import { GridRow, PlaceholderRow } from './GridRow';
import type { CellEdits } from './useCellEdits';
import type { GridClipboard } from './useGridClipboard';
import type { GridCursor } from './useGridCursor';
import type { ReviewRows } from './useReviewRows';

/** The spreadsheet of documents: a sticky header, the rows in view (virtualised), and a count of what matched and loaded. */
export function ReviewGrid({
  rows,
  virtualizer,
  scrollRef,
  cursor,
  edits,
  clipboard,
  onKeyDown,
  isChecked,
  onToggle,
  allChecked,
  someChecked,
  onToggleAll,
  onOpen,
  layout,
  footer,
}: {
  rows: ReviewRows;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  scrollRef: RefObject<HTMLDivElement | null>;
  cursor: GridCursor;
  edits: CellEdits;
  clipboard: GridClipboard;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  /** Is this row checked for bulk actions? */
  isChecked: (id: number) => boolean;
  onToggle: (id: number) => void;
  /** Every document matching the filter is checked (the header checkbox shows it). */
  allChecked: boolean;
  /** Some are checked but not all (the header checkbox shows a dash). */
  someChecked: boolean;
  /** The header checkbox: check every document the filter matches (loaded or not), or uncheck all when some are. */
  onToggleAll: () => void;
  onOpen: (row: ReviewRow) => void;
  layout: GridLayout;
  /** Below the count: the totals of the filter. */
  footer?: React.ReactNode;
}) {
  return (
    <div className="doc-table review-grid" role="grid" aria-label="Review grid" aria-rowcount={rows.count}>
      <div
        className="table-scroll"
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onCopy={clipboard.onCopy}
        onPaste={clipboard.onPaste}
        aria-busy={clipboard.pasting}
      >
        <div className="thead" role="row" style={{ gridTemplateColumns: layout.template, minWidth: layout.minWidth, height: HEADER_H }}>
          <div className="th" role="columnheader">
            <input
              type="checkbox"
              aria-label="Select all matching rows"
              title="Select every document the filter matches, loaded or not"
              checked={allChecked}
              ref={(el) => {
                if (el) el.indeterminate = someChecked && !allChecked;
              }}
              onChange={onToggleAll}
            />
          </div>
          <div className="th" role="columnheader">
            File
          </div>
          <div className="th" role="columnheader">
            Status
          </div>
          {layout.fields.map((f) => (
            <div key={f} className={`th${AMOUNT_FIELDS.has(f) ? ' num' : ''}`} role="columnheader" title={FIELD_LABEL[f]}>
              {f === 'currency' ? 'Cur.' : FIELD_LABEL[f]}
            </div>
          ))}
          {layout.extras.map((c) => (
            <div key={c} className="th" role="columnheader">
              {c === 'confidence' ? 'Conf.' : OPTIONAL_LABEL[c]}
            </div>
          ))}
          <div className="th" role="columnheader">
            Flags
          </div>
        </div>
        {rows.started && rows.total === 0 ? (
          <div className="empty">Nothing to review here.</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows.rowAt(item.index);
              const top = item.start - HEADER_H;
              if (!row)
                return (
                  <PlaceholderRow
                    key={`p${item.index}`}
                    index={item.index}
                    top={top}
                    activeCol={cursor.active.row === item.index ? cursor.active.col : null}
                    layout={layout}
                  />
                );
              return (
                <GridRow
                  key={row.id}
                  row={row}
                  index={item.index}
                  top={top}
                  checked={isChecked(row.id)}
                  cursor={cursor}
                  edits={edits}
                  onToggle={onToggle}
                  onOpen={onOpen}
                  layout={layout}
                />
              );
            })}
          </div>
        )}
      </div>
      <div className="table-foot">
        <span className="row-count">
          {rows.started ? `${rows.total.toLocaleString()} document${rows.total === 1 ? '' : 's'}` : 'Loading…'}
          {rows.started && rows.loaded < rows.total ? ` · ${rows.loaded.toLocaleString()} loaded` : ''}
        </span>
        {footer}
      </div>
    </div>
  );
}

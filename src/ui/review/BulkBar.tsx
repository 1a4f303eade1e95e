import { useState } from 'react';
import { DOC_TYPES, type DocType } from '../../contract/domain';
import type { BulkPatch } from '../../contract/engine-api';
import { TYPE_LABEL } from '../format';

/**
 * Above the grid: with rows checked, how many (all matching the filter, said so, with the count: the grid holds only
 * the rows loaded, but "select all" means every document the filter matches), the offer to check all of them, and
 * the actions on all of them (mark reviewed, set type, set vendor); while a paste saves, its progress; otherwise the
 * grid's keys.
 */
export function BulkBar({
  count,
  all,
  unchecked,
  matching,
  onSelectAll,
  pasting,
  onBulk,
  onClear,
}: {
  /** Documents checked (for "select all", those matching bar the ones unchecked since). */
  count: number;
  /** Every document matching the filter is checked ("select all"), bar `unchecked`. */
  all: boolean;
  unchecked: number;
  /** Documents the filter matches. */
  matching: number;
  /** Check every document the filter matches. */
  onSelectAll: () => void;
  pasting: boolean;
  /** Apply one patch to every checked row; resolves when done (or failed, already shown). */
  onBulk: (what: string, patch: BulkPatch) => Promise<void>;
  onClear: () => void;
}) {
  const [vendor, setVendor] = useState('');
  return (
    <div className={`bulk-bar ${count ? 'on' : ''}`} aria-label="Bulk actions">
      {count ? (
        <>
          <b role="status">
            {!all
              ? `${count.toLocaleString()} selected`
              : unchecked
                ? `${count.toLocaleString()} of all ${matching.toLocaleString()} matching selected`
                : `All ${matching.toLocaleString()} matching selected`}
          </b>
          {!all && matching > count ? (
            <button className="link" onClick={onSelectAll}>
              Select all {matching.toLocaleString()} matching
            </button>
          ) : null}
          <button className="primary" onClick={() => onBulk('Mark reviewed', { reviewed: true })}>
            Mark reviewed
          </button>
          <select
            aria-label="Set type of selected"
            value=""
            onChange={(e) => e.target.value && onBulk('Set type', { docType: e.target.value as DocType })}
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
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
          />
          <button disabled={!vendor.trim()} onClick={() => onBulk('Set vendor', { vendor: vendor.trim() }).then(() => setVendor(''))}>
            Set vendor
          </button>
          <button className="link" onClick={onClear}>
            Clear selection
          </button>
        </>
      ) : pasting ? (
        <span className="small" role="status">
          <span className="spinner" aria-hidden /> Pasting…
        </span>
      ) : (
        <span className="muted small">
          Arrows move (Shift extends) · Enter or typing edits · Tab/Enter commit · Esc cancels · Ctrl+C/Ctrl+V copy and paste cells · Ctrl+Z
          undoes · Space selects · Ctrl+A selects all matching · Ctrl+Enter opens the document. Red or amber values are uncertain; a red
          corner marks a validation problem.
        </span>
      )}
    </div>
  );
}

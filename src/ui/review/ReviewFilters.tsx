import { useEffect, useRef, useState } from 'react';
import { OPTIONAL_COLUMNS, OPTIONAL_LABEL, type OptionalColumn } from './grid-columns';
import { noExtraFilter, type ReviewExtraFilter } from './review-filter';

export { extraToQuery, noExtraFilter, type ReviewExtraFilter } from './review-filter';

/** Vendor, date range, amount range and confidence; typing settles for a moment before the grid reloads. */
export function ReviewFilters({ value, onChange }: { value: ReviewExtraFilter; onChange: (f: ReviewExtraFilter) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => onChange(draft), 300);
    return () => clearTimeout(t);
  }, [draft]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (p: Partial<ReviewExtraFilter>) => setDraft((d) => ({ ...d, ...p }));
  const any = Object.values(draft).some(Boolean);
  return (
    <div className="review-filters" role="group" aria-label="Review filters">
      <input aria-label="Vendor filter" placeholder="Vendor" value={draft.vendor} onChange={(e) => set({ vendor: e.target.value })} />
      <label className="small">
        Date <input type="date" aria-label="Date from" value={draft.dateFrom} onChange={(e) => set({ dateFrom: e.target.value })} />
      </label>
      <label className="small">
        to <input type="date" aria-label="Date to" value={draft.dateTo} onChange={(e) => set({ dateTo: e.target.value })} />
      </label>
      <label className="small">
        Amount{' '}
        <input
          className="amount-input"
          inputMode="decimal"
          aria-label="Amount from"
          placeholder="min"
          value={draft.totalMin}
          onChange={(e) => set({ totalMin: e.target.value })}
        />
      </label>
      <label className="small">
        to{' '}
        <input
          className="amount-input"
          inputMode="decimal"
          aria-label="Amount to"
          placeholder="max"
          value={draft.totalMax}
          onChange={(e) => set({ totalMax: e.target.value })}
        />
      </label>
      <select aria-label="Confidence filter" value={draft.confidenceBelow} onChange={(e) => set({ confidenceBelow: e.target.value })}>
        <option value="">Any confidence</option>
        <option value="0.9">Confidence below 90%</option>
        <option value="0.7">Confidence below 70%</option>
      </select>
      {any ? (
        <button className="link" onClick={() => setDraft(noExtraFilter)}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

/** The optional columns menu: a checkbox per column. */
export function ColumnsMenu({ shown, onChange }: { shown: ReadonlySet<OptionalColumn>; onChange: (s: Set<OptionalColumn>) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div className="columns-menu" ref={ref}>
      <button aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Columns ▾
      </button>
      {open ? (
        <div className="columns-panel" role="group" aria-label="Optional columns">
          {OPTIONAL_COLUMNS.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={shown.has(c)}
                onChange={(e) => {
                  const n = new Set(shown);
                  if (e.target.checked) n.add(c);
                  else n.delete(c);
                  onChange(n);
                }}
              />
              {OPTIONAL_LABEL[c]}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}

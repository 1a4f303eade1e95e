import { useEffect, useState } from 'react';
import type { DocumentQuery, DocumentTotals } from '../../contract/engine-api';
import { fmtMoney } from '../format';
import { api } from '../store';

/**
 * The grid's footer: totals per currency over every document the filter matches, summed by the engine (not just the
 * rows loaded so far), so 10,000 receipts add up to the cent while the grid holds 200.
 */
export function TotalsFooter({ query, version }: { query: DocumentQuery; version: number }) {
  const [totals, setTotals] = useState<DocumentTotals | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const { after: _a, limit: _l, sort: _s, desc: _d, ...filter } = query;
    api()
      .documentTotals(filter)
      .then((t) => {
        if (!cancelled) {
          setTotals(t);
          setFailed(false);
        }
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [query, version]);
  if (failed) return null;
  if (!totals) return <span className="totals muted"> · Totals…</span>;
  return (
    <span className="totals" aria-label="Totals of the filter" data-testid="totals">
      {totals.byCurrency.length ? ' · Totals: ' : ''}
      {totals.byCurrency.map((c, i) => (
        <span key={c.currency ?? '?'} className="total-chip" data-currency={c.currency ?? ''} title={`${c.documents} documents`}>
          {i ? ' · ' : ''}
          <b>{fmtMoney(c.total)}</b> {c.currency ?? '(no currency)'}
        </span>
      ))}
      {totals.withoutTotal ? <span className="muted"> · {totals.withoutTotal} without a total</span> : null}
    </span>
  );
}

import { useEffect, useMemo } from 'react';
import type { BatchSummary } from '../../contract/domain';
import { DocumentsTable, FilterBar, useSortToggle } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { fmtDate, fmtDuration, fmtUsd, STATUS_LABEL } from '../format';
import { api, attempt, useStore } from '../store';

export function BatchCard({ b, selected, onSelect }: { b: BatchSummary; selected: boolean; onSelect: () => void }) {
  const upsert = useStore((s) => s.upsertBatch);
  const c = b.counts;
  const finished = c.done + c.needs_review + c.failed + c.skipped;
  const pct = c.total ? Math.round((finished / c.total) * 100) : 0;
  const active = b.status === 'running' || b.status === 'ingesting';
  const act = (what: string, fn: () => Promise<BatchSummary>) => async (e: React.MouseEvent) => {
    e.stopPropagation();
    const r = await attempt(what, fn);
    if (r) upsert(r);
  };
  const overBudget = b.budgetUsd !== null && b.costUsd >= b.budgetUsd;
  return (
    <article
      className={`batch-card ${selected ? 'selected' : ''}`}
      tabIndex={0}
      aria-label={`Batch ${b.name}`}
      onClick={onSelect}
      onKeyDown={(e) => e.key === 'Enter' && onSelect()}
    >
      <header>
        <h3>{b.name}</h3>
        <span className={`pill bst-${b.status}`}>{STATUS_LABEL[b.status] ?? b.status}</span>
      </header>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Progress">
        <div className="bar done" style={{ width: `${c.total ? (c.done / c.total) * 100 : 0}%` }} />
        <div className="bar review" style={{ width: `${c.total ? (c.needs_review / c.total) * 100 : 0}%` }} />
        <div className="bar failed" style={{ width: `${c.total ? (c.failed / c.total) * 100 : 0}%` }} />
        <div className="bar skipped" style={{ width: `${c.total ? (c.skipped / c.total) * 100 : 0}%` }} />
      </div>
      <div className="batch-stats">
        <span>
          <b>{finished.toLocaleString()}</b> / {c.total.toLocaleString()} ({pct}%)
        </span>
        <span className="ok">{c.done.toLocaleString()} done</span>
        <span className="warn">{c.needs_review.toLocaleString()} needs review</span>
        <span className="bad">{c.failed.toLocaleString()} failed</span>
        {c.skipped ? <span className="muted">{c.skipped} skipped</span> : null}
        {b.duplicates?.possible ? (
          <span className="warn" title="Read and flagged: each looks like a document seen before (page 1, vendor, number, total, date)">
            {b.duplicates.possible} possible duplicate{b.duplicates.possible === 1 ? '' : 's'}
          </span>
        ) : null}
      </div>
      <div className="batch-stats muted">
        <span>{b.pagesPerSec ? `${b.pagesPerSec.toFixed(1)} pages/s` : `${b.pages.toLocaleString()} pages`}</span>
        <span>{active ? `ETA ${fmtDuration(b.etaMs)}` : fmtDate(b.finishedAt ?? b.createdAt)}</span>
        <span className={overBudget ? 'bad' : ''}>
          Cost {fmtUsd(b.costUsd)}
          {b.budgetUsd !== null ? ` of ${fmtUsd(b.budgetUsd)}` : ''}
        </span>
      </div>
      <div className="actions">
        {b.status === 'running' || b.status === 'ingesting' ? (
          <button onClick={act('Pause', () => api().pauseBatch(b.id))}>Pause</button>
        ) : null}
        {b.status === 'paused' ? <button onClick={act('Resume', () => api().resumeBatch(b.id))}>Resume</button> : null}
        {b.status !== 'done' && b.status !== 'cancelled' ? (
          <button className="danger" onClick={act('Cancel', () => api().cancelBatch(b.id))}>
            Cancel
          </button>
        ) : null}
        {c.failed ? (
          <button
            onClick={async (e) => {
              e.stopPropagation();
              const n = await attempt('Retry', () => api().retryDocuments('all-failed', b.id));
              if (n !== undefined) useStore.getState().toast('info', `${n} document(s) queued again`);
            }}
          >
            Retry failed
          </button>
        ) : null}
      </div>
    </article>
  );
}

export function BatchesScreen({ batchId }: { batchId?: number }) {
  const batches = useStore((s) => s.batches);
  const loaded = useStore((s) => s.batchesLoaded);
  const go = useStore((s) => s.go);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const list = useMemo(() => Object.values(batches).sort((a, b) => b.id - a.id), [batches]);
  const current = batchId && batches[batchId] ? batchId : list[0]?.id;
  useEffect(() => {
    if (current !== undefined && filter.batchId !== current) setFilter({ batchId: current });
  }, [current]); // eslint-disable-line react-hooks/exhaustive-deps
  const onSort = useSortToggle(filter, setFilter);
  const cur = current !== undefined ? batches[current] : undefined;

  return (
    <section className="screen batches-screen">
      <div className="screen-head">
        <h1>Batches</h1>
        <button className="primary" onClick={() => go({ name: 'new' })}>
          New batch
        </button>
      </div>
      {loaded && list.length === 0 ? (
        <div className="empty-hero">
          <h2>No batches yet</h2>
          <p>Start by adding a folder of invoices, receipts or scans.</p>
          <button className="primary" onClick={() => go({ name: 'new' })}>
            New batch
          </button>
        </div>
      ) : (
        <div className="batch-list">
          {list.map((b) => (
            <BatchCard key={b.id} b={b} selected={b.id === current} onSelect={() => go({ name: 'batches', batchId: b.id })} />
          ))}
        </div>
      )}
      {cur && filter.batchId === cur.id ? (
        <div className="batch-docs">
          <div className="section-head">
            <h2>Documents in {cur.name}</h2>
            <FilterBar filter={filter} onChange={setFilter} />
            <ExportMenu batchId={cur.id} label={cur.name} />
          </div>
          <DocumentsTable filter={filter} onSort={onSort} label={`Documents in ${cur.name}`} />
        </div>
      ) : null}
    </section>
  );
}

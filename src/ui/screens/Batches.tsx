import { useEffect, useMemo, useState } from 'react';
import type { BatchSummary } from '../../contract/domain';
import type { DocumentTotals } from '../../contract/engine-api';
import { DocumentsTable, FilterBar, useSortToggle } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { fmtDate, fmtDuration, fmtMoney, fmtUsd, STATUS_LABEL } from '../format';
import { api, attempt, useStore } from '../store';

/** Progress in percent over pages still to read (the engine's figure); files finished, for a summary of an older engine. */
function progressPct(b: BatchSummary): number {
  const c = b.counts;
  const finished = c.done + c.needs_review + c.failed + c.skipped;
  const frac = b.progress ?? (c.total ? finished / c.total : 0);
  return Math.round(Math.min(1, Math.max(0, frac)) * 100);
}

/** Totals per currency of a batch's documents, fetched again when more of them are finished. */
function useBatchTotals(b: BatchSummary): DocumentTotals | null {
  const [totals, setTotals] = useState<DocumentTotals | null>(null);
  const c = b.counts;
  const key = `${b.id}:${c.done}:${c.needs_review}:${c.total}`;
  useEffect(() => {
    let cancelled = false;
    api()
      .documentTotals({ batchId: b.id, ignored: false })
      .then((t) => !cancelled && setTotals(t))
      .catch(() => !cancelled && setTotals(null));
    return () => {
      cancelled = true;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return totals;
}

function TotalsLine({ totals }: { totals: DocumentTotals | null }) {
  if (!totals?.byCurrency.length) return null;
  return (
    <span className="batch-totals" aria-label="Totals per currency">
      {totals.byCurrency.map((t) => (
        <span key={t.currency ?? '?'} title={`${t.documents} documents`}>
          <b>{fmtMoney(t.total)}</b> {t.currency ?? '(no currency)'}
        </span>
      ))}
    </span>
  );
}

/** Rename in place, and delete after a confirmation that says what goes (the originals stay where they are). */
function BatchAdmin({ b }: { b: BatchSummary }) {
  const upsert = useStore((s) => s.upsertBatch);
  const loadBatches = useStore((s) => s.loadBatches);
  const go = useStore((s) => s.go);
  const toast = useStore((s) => s.toast);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(b.name);
  const [confirming, setConfirming] = useState(false);
  const running = b.status === 'running' || b.status === 'ingesting';
  const stop = (e: React.SyntheticEvent) => e.stopPropagation();
  if (renaming)
    return (
      <form
        className="batch-rename"
        onClick={stop}
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await attempt('Rename', () => api().renameBatch(b.id, name));
          if (r) {
            upsert(r);
            setRenaming(false);
          }
        }}
      >
        <input aria-label="Batch name" autoFocus value={name} maxLength={200} onChange={(e) => setName(e.target.value)} onKeyDown={stop} />
        <button type="submit" className="primary" disabled={!name.trim()}>
          Save
        </button>
        <button type="button" onClick={() => setRenaming(false)}>
          Cancel
        </button>
      </form>
    );
  if (confirming)
    return (
      <div className="batch-confirm" role="alertdialog" aria-label={`Delete ${b.name}?`} onClick={stop}>
        <span>
          Delete <b>{b.name}</b> and everything read from its {(b.counts.total - (b.ignored ?? 0)).toLocaleString()} documents? The original
          files stay where they are.
        </span>
        <button
          className="danger"
          onClick={async () => {
            const r = await attempt('Delete batch', () => api().deleteBatch(b.id));
            if (!r) return;
            toast('info', `Deleted batch "${b.name}" (${r.documents} documents)`);
            useStore.setState((s) => {
              const { [b.id]: _gone, ...rest } = s.batches;
              return { batches: rest };
            });
            await loadBatches();
            go({ name: 'batches' });
          }}
        >
          Delete
        </button>
        <button onClick={() => setConfirming(false)}>Keep</button>
      </div>
    );
  return (
    <>
      <button
        onClick={(e) => {
          stop(e);
          setName(b.name);
          setRenaming(true);
        }}
      >
        Rename
      </button>
      <button
        className="danger"
        disabled={running}
        title={running ? 'Pause or cancel the batch first' : 'Delete the batch and its data'}
        onClick={(e) => {
          stop(e);
          setConfirming(true);
        }}
      >
        Delete
      </button>
    </>
  );
}

export function BatchCard({ b, selected, onSelect }: { b: BatchSummary; selected: boolean; onSelect: () => void }) {
  const upsert = useStore((s) => s.upsertBatch);
  const c = b.counts;
  const ignored = b.ignored ?? 0;
  // files that are not documents are counted apart, not as documents done
  const finished = c.done + c.needs_review + c.failed + c.skipped - ignored;
  const docs = c.total - ignored;
  const pct = progressPct(b);
  const exactDuplicates = b.duplicates?.exact ?? 0;
  const totals = useBatchTotals(b);
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
        <div className="bar done" style={{ width: `${docs ? (c.done / docs) * 100 : 0}%` }} />
        <div className="bar review" style={{ width: `${docs ? (c.needs_review / docs) * 100 : 0}%` }} />
        <div className="bar failed" style={{ width: `${docs ? (c.failed / docs) * 100 : 0}%` }} />
        <div className="bar skipped" style={{ width: `${docs ? ((c.skipped - ignored) / docs) * 100 : 0}%` }} />
      </div>
      <div className="batch-stats">
        <span>
          <b>{finished.toLocaleString()}</b> / {docs.toLocaleString()} ({pct}%)
        </span>
        <span>{c.done.toLocaleString()} done</span>
        <span className={c.needs_review ? 'warn' : 'muted'}>{c.needs_review.toLocaleString()} needs review</span>
        <span className={c.failed ? 'bad' : 'muted'}>{c.failed.toLocaleString()} failed</span>
        {c.skipped - ignored - exactDuplicates > 0 ? <span className="muted">{c.skipped - ignored - exactDuplicates} skipped</span> : null}
        {exactDuplicates ? (
          <span className="muted">
            {exactDuplicates} duplicate{exactDuplicates === 1 ? '' : 's'}
          </span>
        ) : null}
        {b.duplicates?.possible ? (
          <span className="warn" title="Read and flagged: each looks like a document seen before (page 1, vendor, number, total, date)">
            {b.duplicates.possible} possible duplicate{b.duplicates.possible === 1 ? '' : 's'}
          </span>
        ) : null}
        {ignored ? (
          <span className="muted" title="Files that are not documents (notes, data files): hidden in the lists">
            {ignored} ignored
          </span>
        ) : null}
      </div>
      <TotalsLine totals={totals} />
      <div className="batch-stats muted">
        <span>{b.pagesPerSec ? `${b.pagesPerSec.toFixed(1)} pages/s` : `${b.pages.toLocaleString()} pages`}</span>
        <span>
          {active
            ? `ETA ${fmtDuration(b.etaMs)}${b.pagesLeft ? ` · ${b.pagesLeft.toLocaleString()} page${b.pagesLeft === 1 ? '' : 's'} left` : ''}`
            : fmtDate(b.finishedAt ?? b.createdAt)}
        </span>
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
        <span className="spacer" />
        <BatchAdmin b={b} />
      </div>
    </article>
  );
}

/** The compact view: one line per batch. */
function BatchRow({ b, selected, onSelect }: { b: BatchSummary; selected: boolean; onSelect: () => void }) {
  const c = b.counts;
  const totals = useBatchTotals(b);
  const active = b.status === 'running' || b.status === 'ingesting';
  return (
    <tr
      className={selected ? 'selected' : ''}
      onClick={onSelect}
      tabIndex={0}
      onKeyDown={(e) => e.key === 'Enter' && onSelect()}
      aria-label={`Batch ${b.name}`}
    >
      <td className="batch-name">{b.name}</td>
      <td>
        <span className={`pill bst-${b.status}`}>{STATUS_LABEL[b.status] ?? b.status}</span>
      </td>
      <td className="right">{progressPct(b)}%</td>
      <td className="right" title={b.ignored ? `${b.ignored} ignored files not counted` : undefined}>
        {(c.total - (b.ignored ?? 0)).toLocaleString()}
      </td>
      <td className="right">{c.needs_review ? <span className="warn">{c.needs_review.toLocaleString()}</span> : 0}</td>
      <td className="right">{c.failed ? <span className="bad">{c.failed.toLocaleString()}</span> : 0}</td>
      <td>
        <TotalsLine totals={totals} />
      </td>
      <td className="muted">{active ? `ETA ${fmtDuration(b.etaMs)}` : fmtDate(b.finishedAt ?? b.createdAt)}</td>
    </tr>
  );
}

const VIEW_KEY = 'docket.batches.view';

export function BatchesScreen({ batchId }: { batchId?: number }) {
  const [view, setView] = useState<'cards' | 'list'>(() => (localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'cards'));
  useEffect(() => localStorage.setItem(VIEW_KEY, view), [view]);
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
        <div className="seg" role="group" aria-label="View">
          <button aria-pressed={view === 'cards'} onClick={() => setView('cards')}>
            Cards
          </button>
          <button aria-pressed={view === 'list'} onClick={() => setView('list')}>
            List
          </button>
        </div>
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
      ) : view === 'list' ? (
        <div className="batch-table-wrap">
          <table className="batch-table">
            <thead>
              <tr>
                <th>Batch</th>
                <th>Status</th>
                <th className="right">Progress</th>
                <th className="right">Documents</th>
                <th className="right">Needs review</th>
                <th className="right">Failed</th>
                <th>Totals</th>
                <th>Finished / ETA</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <BatchRow key={b.id} b={b} selected={b.id === current} onSelect={() => go({ name: 'batches', batchId: b.id })} />
              ))}
            </tbody>
          </table>
          {cur ? <BatchCard b={cur} selected onSelect={() => undefined} /> : null}
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

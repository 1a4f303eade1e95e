import { useCallback, useEffect, useState } from 'react';
import type { DocumentRow } from '../../contract/domain';
import { api, attempt, useStore } from '../store';

const PAGE = 200;

export function FailuresScreen() {
  const go = useStore((s) => s.go);
  const docsVersion = useStore((s) => s.docsVersion);
  const toast = useStore((s) => s.toast);
  const batches = useStore((s) => s.batches);
  const [rows, setRows] = useState<DocumentRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);

  const load = useCallback(async (after: string | null) => {
    const page = await attempt('Load failures', () => api().listDocuments({ status: ['failed'], after, limit: PAGE }));
    if (!page) return;
    setRows((r) => (after ? r.concat(page.rows) : page.rows));
    setNext(page.next);
    setTotal(page.total);
  }, []);
  useEffect(() => {
    void load(null);
  }, [load, docsVersion]);

  const retry = async (ids: number[] | 'all-failed') => {
    const n = await attempt('Retry', () => api().retryDocuments(ids));
    if (n !== undefined) {
      toast('info', `${n} document${n === 1 ? '' : 's'} queued again`);
      void load(null);
    }
  };

  return (
    <section className="screen failures-screen">
      <div className="screen-head">
        <h1>Failures</h1>
        <span className="muted">{total === null ? '' : `${total.toLocaleString()} failed document${total === 1 ? '' : 's'}`}</span>
        <span className="spacer" />
        <button className="primary" disabled={!total} onClick={() => retry('all-failed')}>
          Retry all
        </button>
      </div>
      {total === 0 ? (
        <div className="empty-hero">
          <h2>Nothing failed</h2>
          <p>Documents that cannot be read end up here with the reason.</p>
        </div>
      ) : (
        <ul className="failure-list">
          {rows.map((r) => (
            <li key={r.id} className="failure">
              <div className="failure-main">
                <button className="link file-name" onClick={() => go({ name: 'document', id: r.id })}>
                  {r.name}
                </button>
                <div className="muted small path">
                  {batches[r.batchId] ? `${batches[r.batchId]!.name} · ` : ''}
                  {r.path}
                </div>
                <div className="reason">{r.reason ?? 'No reason recorded'}</div>
              </div>
              <div
                className="muted small"
                title={r.attempts ? 'times Docket tried to read it' : 'refused when the file was taken in, before any reading'}
              >
                {/* a file refused at intake (empty, not what its name says) was never read: "0 attempts" told a clerk nothing */}
                {r.attempts ? `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}` : 'at intake'}
              </div>
              <button onClick={() => retry([r.id])}>Retry</button>
            </li>
          ))}
          {next ? (
            <li>
              <button onClick={() => load(next)}>Load more</button>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

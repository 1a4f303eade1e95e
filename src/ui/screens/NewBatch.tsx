import { useEffect, useState, type DragEvent } from 'react';
import type { BatchOptions } from '../../contract/domain';
import type { Estimate } from '../../contract/engine-api';
import { errorMessage } from '../client';
import { fmtUsd } from '../format';
import { BatchOptionFields } from '../BatchOptionFields';
import { readDefaults, type Defaults } from '../settings-keys';
import { api, attempt, useStore } from '../store';

export function NewBatchScreen() {
  const info = useStore((s) => s.info);
  const go = useStore((s) => s.go);
  const upsert = useStore((s) => s.upsertBatch);
  const toast = useStore((s) => s.toast);
  const [paths, setPaths] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const [opts, setOpts] = useState<Defaults | null>(null);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [estimating, setEstimating] = useState(false);
  const [estimateError, setEstimateError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [starting, setStarting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const canPick = info?.canPickPaths ?? false;
  const canDrop = !!window.docket?.pathForFile;

  useEffect(() => {
    void attempt('Load settings', () => api().getSettings()).then((s) => setOpts(readDefaults(s ?? {})));
  }, []);

  const all = [
    ...paths,
    ...typed
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  const uniq = Array.from(new Set(all));
  const paid = opts?.extract !== 'rules';
  const key = JSON.stringify([uniq, opts?.extract, opts?.llmModel]);
  useEffect(() => {
    setEstimate(null);
    setConfirmed(false);
    setEstimateError(null);
  }, [key]);

  const add = (more: string[]) => setPaths((p) => Array.from(new Set([...p, ...more])));
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer.files);
    if (!canDrop) {
      toast('error', 'A browser cannot see where dropped files live; type or paste their folder path instead.');
      return;
    }
    add(files.map((f) => window.docket!.pathForFile!(f)).filter(Boolean));
  };

  const set = <K extends keyof Defaults>(k: K, v: Defaults[K]) => setOpts((o) => (o ? { ...o, [k]: v } : o));

  const runEstimate = async () => {
    if (!uniq.length || !opts) return;
    setEstimating(true);
    try {
      setEstimate(await api().estimate(uniq, paid ? opts.llmModel : undefined));
    } catch (err) {
      setEstimateError(errorMessage(err));
    } finally {
      setEstimating(false);
    }
  };

  const start = async () => {
    if (!opts) return;
    const options: BatchOptions = {
      workers: opts.workers,
      ocrLang: opts.ocrLang,
      extract: opts.extract,
      ...(opts.locale ? { locale: opts.locale } : {}),
      reviewThreshold: opts.reviewThreshold,
    };
    if (paid) {
      options.llm = { baseUrl: opts.llmBaseUrl, model: opts.llmModel };
      if (opts.budgetUsd !== null) options.budgetUsd = opts.budgetUsd;
    }
    setStarting(true);
    const b = await attempt('Start batch', () => api().createBatch({ name: name.trim() || undefined, paths: uniq, options }));
    setStarting(false);
    if (b) {
      upsert(b);
      go({ name: 'batches', batchId: b.id });
    }
  };

  const ready = !!estimate && (!paid || confirmed);

  return (
    <section className="screen new-screen">
      <div className="screen-head">
        <h1>New batch</h1>
      </div>
      <div className="new-grid">
        <div className="card">
          <h2>What to process</h2>
          <div
            className={`drop-zone ${dragging ? 'over' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <p>{canDrop ? 'Drop folders or files here' : 'Type or paste folder or file paths below (one per line)'}</p>
            {canPick ? (
              <div className="actions">
                <button onClick={async () => add((await attempt('Choose folder', () => api().pickFolder())) ?? [])}>Choose folder…</button>
                <button onClick={async () => add((await attempt('Choose files', () => api().pickFiles())) ?? [])}>Choose files…</button>
              </div>
            ) : null}
          </div>
          {paths.length ? (
            <ul className="path-list">
              {paths.map((p) => (
                <li key={p}>
                  <span className="mono">{p}</span>
                  <button className="link" aria-label={`Remove ${p}`} onClick={() => setPaths(paths.filter((x) => x !== p))}>
                    remove
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <label className="stack">
            Folder or file paths
            <textarea
              aria-label="Paths"
              rows={3}
              className="mono"
              placeholder={info?.host === 'electron' ? 'C:\\Invoices\\2025' : '/home/me/invoices'}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
          <label className="stack">
            Batch name (optional)
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Named after the folder" />
          </label>
        </div>
        <div className="card">
          <h2>Options</h2>
          {opts ? <BatchOptionFields value={opts} set={set} llmFields="when-used" /> : <p className="muted">Loading defaults…</p>}
        </div>
        <div className="card estimate-card">
          <h2>Pre-flight estimate</h2>
          {estimate ? (
            <dl className="estimate">
              <dt>Documents</dt>
              <dd>{estimate.documents.toLocaleString()}</dd>
              <dt>Pages</dt>
              <dd>
                {estimate.pages.toLocaleString()} ({estimate.ocrPages.toLocaleString()} need OCR)
              </dd>
              {paid ? (
                <>
                  <dt>Tokens</dt>
                  <dd>
                    {estimate.tokensIn.toLocaleString()} in · {estimate.tokensOut.toLocaleString()} out
                  </dd>
                  <dt>Model</dt>
                  <dd>{estimate.model}</dd>
                </>
              ) : null}
              <dt>Estimated cost</dt>
              <dd className="big">{paid ? fmtUsd(estimate.costUsd) : '$0.00 (no model used)'}</dd>
            </dl>
          ) : estimateError ? (
            <p className="error-text" role="alert">
              Cannot estimate: {estimateError}
            </p>
          ) : (
            <p className="muted">Add paths, then estimate before starting.</p>
          )}
          {paid && info && !info.apiKeySet ? (
            <p className="small warn">No API key is stored (Settings). A local server such as Ollama needs none.</p>
          ) : null}
          {estimate && paid ? (
            <label className="confirm">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              Send these documents to {opts?.llmModel} at about {fmtUsd(estimate.costUsd)}
              {opts?.budgetUsd !== null && opts?.budgetUsd !== undefined ? ` (hard cap ${fmtUsd(opts.budgetUsd)})` : ''}
            </label>
          ) : null}
          <div className="actions">
            <button disabled={!uniq.length || estimating || !opts} onClick={runEstimate}>
              {estimating ? 'Estimating…' : estimate ? 'Re-estimate' : 'Estimate'}
            </button>
            <button className="primary" disabled={!ready || starting} onClick={start}>
              {starting ? 'Starting…' : 'Start batch'}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}

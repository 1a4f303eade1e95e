/**
 * Settings > Workers: the Redis queue other machines read through (docs/SCALE-OUT.md), and what it holds now:
 * the workers online (name, threads, pages per minute, last seen) and the jobs waiting, running, backing off and
 * failed. The queue URL is a setting ('workers.queueUrl') the engine reads when it starts; the shared secret is
 * never typed here (DOCKET_QUEUE_SECRET or the data folder's queue.secret file).
 */
import { useEffect, useState } from 'react';
import type { ScaleOutStatus } from '../../contract/schemas/workers';
import { api, attempt, useStore } from '../store';

export const QUEUE_URL_SETTING = 'workers.queueUrl';
const POLL_MS = 5000;

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export function WorkersSettings({ settings }: { settings: Record<string, unknown> | null }) {
  const toast = useStore((s) => s.toast);
  const stored = typeof settings?.[QUEUE_URL_SETTING] === 'string' ? (settings[QUEUE_URL_SETTING] as string) : '';
  const [saved, setSaved] = useState(stored);
  const [url, setUrl] = useState(stored);
  useEffect(() => setSaved(stored), [stored]);
  const [status, setStatus] = useState<ScaleOutStatus | null>(null);
  useEffect(() => setUrl(saved), [saved]);

  useEffect(() => {
    let stop = false;
    const poll = async () => {
      const s = await api()
        .scaleOutStatus()
        .catch(() => null);
      if (!stop) setStatus(s);
    };
    void poll();
    const t = setInterval(() => void poll(), POLL_MS);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, []);

  const save = async () => {
    const v = url.trim();
    if (v && !/^rediss?:\/\/\S+$/i.test(v)) {
      toast('error', 'The queue URL must look like redis://host:6379 or rediss://:password@host:6380');
      return;
    }
    if (await attempt('Save queue', () => api().setSettings({ [QUEUE_URL_SETTING]: v }))) {
      setSaved(v);
      toast(
        'info',
        v ? 'Queue saved: Docket reads through it from its next start' : 'Queue removed: Docket reads on this PC from its next start',
      );
    }
  };

  const c = status?.counts;
  return (
    <div className="card workers-settings">
      <h2>Workers</h2>
      <p className="muted">
        Other machines running <code>docket worker</code> can read and OCR for this Docket through a Redis queue. This PC stays the only one
        that writes its data. Set <code>DOCKET_QUEUE_SECRET</code> (or a <code>queue.secret</code> file in the data folder) to the secret
        the workers use.
      </p>
      <label className="stack">
        Queue (Redis URL)
        <input
          type="text"
          placeholder="redis://:password@10.0.0.5:6379"
          title="Empty: this PC reads and OCRs on its own threads"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-label="Queue URL"
        />
      </label>
      <button onClick={() => void save()} disabled={url.trim() === saved}>
        Save queue
      </button>
      {status && status.queue === null && <p className="muted">Reading on this PC's own threads.</p>}
      {status && status.queue !== null && !status.connected && (
        <p className="error">
          Queue {status.queue} not reachable: {status.error}
        </p>
      )}
      {status && status.connected && c && (
        <>
          <p aria-label="Queue depth">
            Queue {status.queue}: <strong>{c.waiting}</strong> waiting, <strong>{c.active}</strong> running, {c.delayed} backing off,{' '}
            {c.failed} failed
          </p>
          {status.workers.length === 0 ? (
            <p className="muted">No worker online.</p>
          ) : (
            <table className="workers-table" aria-label="Workers online">
              <thead>
                <tr>
                  <th>Worker</th>
                  <th>Machine</th>
                  <th>Threads</th>
                  <th>Pages/min</th>
                  <th>Done</th>
                  <th>Failed</th>
                  <th>Last seen</th>
                </tr>
              </thead>
              <tbody>
                {status.workers.map((w) => (
                  <tr key={w.name}>
                    <td>{w.name}</td>
                    <td>{w.host}</td>
                    <td>{w.threads}</td>
                    <td>{w.pagesPerMin.toFixed(1)}</td>
                    <td>{w.jobsDone}</td>
                    <td>{w.jobsFailed}</td>
                    <td>{ago(Date.now() - w.lastSeen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

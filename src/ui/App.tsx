import { useEffect, useMemo } from 'react';
import { BatchesScreen } from './screens/Batches';
import { DocumentScreen } from './screens/Document';
import { DocumentsScreen } from './screens/Documents';
import { FailuresScreen } from './screens/Failures';
import { NewBatchScreen } from './screens/NewBatch';
import { ReviewScreen } from './screens/Review';
import { SettingsScreen } from './screens/Settings';
import { VendorsScreen } from './screens/Vendors';
import { api, attempt, startEventStream, useStore, type Route } from './store';

const NAV: Array<{ name: Route['name']; label: string; key: string }> = [
  { name: 'batches', label: 'Batches', key: '1' },
  { name: 'documents', label: 'Documents', key: '2' },
  { name: 'review', label: 'Review', key: '3' },
  { name: 'failures', label: 'Failures', key: '4' },
  { name: 'vendors', label: 'Vendors', key: '6' },
  { name: 'settings', label: 'Settings', key: '5' },
];

export function App() {
  const route = useStore((s) => s.route);
  const go = useStore((s) => s.go);
  const connected = useStore((s) => s.connected);
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismiss);
  const batches = useStore((s) => s.batches);
  const toReview = useMemo(() => Object.values(batches).reduce((n, b) => n + b.counts.needs_review, 0), [batches]);
  const failed = useMemo(() => Object.values(batches).reduce((n, b) => n + b.counts.failed, 0), [batches]);
  const running = useMemo(() => Object.values(batches).filter((b) => b.status === 'running').length, [batches]);

  useEffect(() => {
    const stop = startEventStream();
    void useStore.getState().loadBatches();
    void attempt('Connect', () => api().appInfo()).then((info) => info && useStore.setState({ info }));
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const item = NAV.find((n) => n.key === e.key);
      if (item) {
        e.preventDefault();
        useStore.getState().go({ name: item.name } as Route);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      stop();
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const section = route.name === 'document' ? 'documents' : route.name === 'new' ? 'batches' : route.name;

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <img src="./favicon.svg" alt="" width={22} height={22} /> Docket
        </div>
        {NAV.map((n) => (
          <button
            key={n.name}
            className={`nav-item ${section === n.name ? 'active' : ''}`}
            aria-current={section === n.name ? 'page' : undefined}
            title={`Alt+${n.key}`}
            onClick={() => go({ name: n.name } as Route)}
          >
            <span>{n.label}</span>
            {n.name === 'failures' && failed ? <span className="count bad">{failed}</span> : null}
            {n.name === 'review' && toReview ? <span className="count warn-count">{toReview}</span> : null}
            {n.name === 'batches' && running ? <span className="count">{running}</span> : null}
          </button>
        ))}
        <span className="spacer" />
        <div className={`conn ${connected ? 'on' : 'off'}`}>{connected ? 'Connected' : 'Reconnecting…'}</div>
      </nav>
      <main className="content">
        {route.name === 'batches' ? <BatchesScreen batchId={route.batchId} /> : null}
        {route.name === 'new' ? <NewBatchScreen /> : null}
        {route.name === 'documents' ? <DocumentsScreen batchId={route.batchId} /> : null}
        {route.name === 'document' ? <DocumentScreen id={route.id} /> : null}
        {route.name === 'review' ? <ReviewScreen /> : null}
        {route.name === 'failures' ? <FailuresScreen /> : null}
        {route.name === 'vendors' ? <VendorsScreen /> : null}
        {route.name === 'settings' ? <SettingsScreen /> : null}
      </main>
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`} onClick={() => dismiss(t.id)}>
            {t.text}
          </div>
        ))}
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { DatevSettings } from '../DatevSettings';
import { BatchOptionFields } from '../BatchOptionFields';
import { defaultsToOptions, priceOverrides, readDefaults, readPriceOverrides, type Defaults, type PriceTable } from '../settings-keys';
import { api, attempt, useStore } from '../store';
import { VendorImportButton } from './Vendors';
import { WatchedFolders } from '../intake/WatchedFolders';
import { QUEUE_URL_SETTING, WorkersSettings } from '../workers/WorkersSettings';

export function SettingsScreen() {
  const info = useStore((s) => s.info);
  const toast = useStore((s) => s.toast);
  const [raw, setRaw] = useState<Record<string, unknown> | null>(null);
  const [d, setD] = useState<Defaults | null>(null);
  const [prices, setPrices] = useState<PriceTable>({});
  const [initialPrices, setInitialPrices] = useState<PriceTable>({});
  const [newModel, setNewModel] = useState('');
  const [key, setKey] = useState('');
  const [keySet, setKeySet] = useState(info?.apiKeySet ?? false);
  useEffect(() => setKeySet(info?.apiKeySet ?? false), [info?.apiKeySet]);

  useEffect(() => {
    void (async () => {
      const s = await attempt('Load settings', () => api().getSettings());
      if (!s) return;
      setRaw(s);
      setD(readDefaults(s));
      // The effective table (built-in prices + overrides) when the engine offers it, else the overrides alone.
      const table = await api()
        .getPriceTable()
        .catch(() => readPriceOverrides(s));
      setPrices(table);
      setInitialPrices(table);
    })();
  }, []);

  const save = async () => {
    if (!d) return;
    const patch = { defaults: defaultsToOptions(d), prices: priceOverrides(prices, initialPrices, readPriceOverrides(raw ?? {})) };
    const s = await attempt('Save settings', () => api().setSettings(patch));
    if (s) {
      setRaw(s);
      toast('info', 'Settings saved');
    }
  };
  const saveKey = async (value: string | null) => {
    const r = await attempt('Save API key', () => api().setApiKey(value));
    if (r) {
      setKeySet(r.apiKeySet);
      setKey('');
      useStore.setState((s) => ({ info: s.info ? { ...s.info, apiKeySet: r.apiKeySet } : s.info }));
      toast('info', r.apiKeySet ? 'API key stored' : 'API key removed');
    }
  };
  const set = <K extends keyof Defaults>(k: K, v: Defaults[K]) => setD((o) => (o ? { ...o, [k]: v } : o));
  const known = new Set(['defaults', 'prices', QUEUE_URL_SETTING, 'datev']);
  const others = raw ? Object.entries(raw).filter(([k]) => !known.has(k)) : [];

  return (
    <section className="screen settings-screen">
      <div className="screen-head">
        <h1>Settings</h1>
        <span className="spacer" />
        <button className="primary" disabled={!d} onClick={save}>
          Save
        </button>
      </div>
      <div className="settings-grid">
        <div className="card">
          <h2>Defaults for new batches</h2>
          {d ? <BatchOptionFields value={d} set={set} llmFields="always" /> : <p className="muted">Loading…</p>}
        </div>
        <div className="card">
          <h2>Model prices (USD per million tokens)</h2>
          <table className="prices">
            <thead>
              <tr>
                <th>Model</th>
                <th className="right">Input</th>
                <th className="right">Output</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(prices).map(([m, p]) => (
                <tr key={m}>
                  <td className="mono">{m}</td>
                  <td className="right">
                    <input
                      type="number"
                      step="0.01"
                      min={0}
                      aria-label={`${m} input price`}
                      value={p.input}
                      onChange={(e) => setPrices({ ...prices, [m]: { ...p, input: Number(e.target.value) } })}
                    />
                  </td>
                  <td className="right">
                    <input
                      type="number"
                      step="0.01"
                      min={0}
                      aria-label={`${m} output price`}
                      value={p.output}
                      onChange={(e) => setPrices({ ...prices, [m]: { ...p, output: Number(e.target.value) } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.keys(prices).length === 0 ? (
            <p className="muted small">The built-in list prices apply. Add a model to override its price.</p>
          ) : null}
          <div className="row">
            <input placeholder="model name" value={newModel} onChange={(e) => setNewModel(e.target.value)} aria-label="New model" />
            <button
              disabled={!newModel.trim()}
              onClick={() => {
                setPrices({ ...prices, [newModel.trim()]: { input: 0, output: 0 } });
                setNewModel('');
              }}
            >
              Add model
            </button>
          </div>
        </div>
        <WatchedFolders />
        <WorkersSettings settings={raw} />
        <div className="card">
          <h2>Supplier list</h2>
          <p className="muted small">
            A CSV with a header row: name, VAT id, IBAN, currency, aliases (separated by |). Documents are matched to these vendors by tax
            id, IBAN or name, and the vendor field carries the name from the list.
          </p>
          <div className="row">
            <VendorImportButton />
            <button onClick={() => useStore.getState().go({ name: 'vendors' })}>Open vendors</button>
          </div>
        </div>
        <div className="card">
          <h2>API key</h2>
          <p className="muted small">
            Stored encrypted on this computer{info?.host === 'electron' ? ' (operating-system keychain)' : ''}. It is never shown again.
          </p>
          <p>
            Status: <b>{keySet ? 'a key is set' : 'no key set'}</b>
          </p>
          <div className="row">
            <input
              type="password"
              autoComplete="off"
              placeholder="sk-…"
              aria-label="API key"
              value={key}
              onChange={(e) => setKey(e.target.value)}
            />
            <button className="primary" disabled={!key.trim()} onClick={() => saveKey(key.trim())}>
              Save key
            </button>
            {keySet ? (
              <button className="danger" onClick={() => saveKey(null)}>
                Remove
              </button>
            ) : null}
          </div>
        </div>
        <DatevSettings />
        <div className="card">
          <h2>Data folder</h2>
          <p className="mono path-box">{info?.dataDir ?? '…'}</p>
          {others.length ? (
            <>
              <h3>Other settings</h3>
              <dl className="kv">
                {others.map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd className="mono">{JSON.stringify(v)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { readDefaults, readPrices, type Defaults, type PriceTable } from '../settings-keys';
import { api, attempt, useStore } from '../store';

export function SettingsScreen() {
  const info = useStore((s) => s.info);
  const toast = useStore((s) => s.toast);
  const [raw, setRaw] = useState<Record<string, unknown> | null>(null);
  const [d, setD] = useState<Defaults | null>(null);
  const [prices, setPrices] = useState<PriceTable>({});
  const [newModel, setNewModel] = useState('');
  const [key, setKey] = useState('');
  const [keySet, setKeySet] = useState(info?.apiKeySet ?? false);
  useEffect(() => setKeySet(info?.apiKeySet ?? false), [info?.apiKeySet]);

  useEffect(() => {
    void attempt('Load settings', () => api().getSettings()).then((s) => {
      if (!s) return;
      setRaw(s);
      setD(readDefaults(s));
      setPrices(readPrices(s));
    });
  }, []);

  const save = async () => {
    if (!d) return;
    const patch = { ...d, llm: { baseUrl: d.llmBaseUrl, model: d.llmModel }, prices };
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
  const known = new Set(['workers', 'ocrLang', 'extract', 'llmBaseUrl', 'llmModel', 'llm', 'budgetUsd', 'prices']);
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
          {d ? (
            <div className="form-grid">
              <label>
                Workers
                <input type="number" min={1} max={64} value={d.workers} onChange={(e) => set('workers', Math.max(1, Number(e.target.value) || 1))} />
              </label>
              <label>
                OCR language
                <input value={d.ocrLang} onChange={(e) => set('ocrLang', e.target.value)} />
              </label>
              <label>
                Extraction
                <select value={d.extract} onChange={(e) => set('extract', e.target.value as Defaults['extract'])}>
                  <option value="rules">Rules only</option>
                  <option value="llm-review">Rules + LLM review</option>
                  <option value="llm-all">LLM for all</option>
                </select>
              </label>
              <label>
                LLM base URL
                <input value={d.llmBaseUrl} onChange={(e) => set('llmBaseUrl', e.target.value)} />
              </label>
              <label>
                Model
                <input value={d.llmModel} onChange={(e) => set('llmModel', e.target.value)} />
              </label>
              <label>
                Budget per batch (USD)
                <input
                  type="number"
                  min={0}
                  step="0.01"
                  placeholder="no limit"
                  value={d.budgetUsd ?? ''}
                  onChange={(e) => set('budgetUsd', e.target.value === '' ? null : Math.max(0, Number(e.target.value)))}
                />
              </label>
            </div>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </div>
        <div className="card">
          <h2>Model prices (USD per million tokens)</h2>
          <table className="prices">
            <thead>
              <tr>
                <th>Model</th>
                <th className="right">Input</th>
                <th className="right">Output</th>
                <th />
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
                      value={p.inputPerM}
                      onChange={(e) => setPrices({ ...prices, [m]: { ...p, inputPerM: Number(e.target.value) } })}
                    />
                  </td>
                  <td className="right">
                    <input
                      type="number"
                      step="0.01"
                      min={0}
                      aria-label={`${m} output price`}
                      value={p.outputPerM}
                      onChange={(e) => setPrices({ ...prices, [m]: { ...p, outputPerM: Number(e.target.value) } })}
                    />
                  </td>
                  <td>
                    <button
                      className="link"
                      onClick={() => {
                        const { [m]: _, ...rest } = prices;
                        setPrices(rest);
                      }}
                    >
                      remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <input placeholder="model name" value={newModel} onChange={(e) => setNewModel(e.target.value)} aria-label="New model" />
            <button
              disabled={!newModel.trim()}
              onClick={() => {
                setPrices({ ...prices, [newModel.trim()]: { inputPerM: 0, outputPerM: 0 } });
                setNewModel('');
              }}
            >
              Add model
            </button>
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
            <input type="password" autoComplete="off" placeholder="sk-…" aria-label="API key" value={key} onChange={(e) => setKey(e.target.value)} />
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

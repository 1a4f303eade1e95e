import { useEffect, useState } from 'react';
import { api, attempt, useStore } from './store';

/** Settings key the engine's DATEV export reads (engine/export/accounting.ts datevOptions; SKR03 defaults). */
const KEY = 'datev';

interface Datev {
  advisor: string;
  client: string;
  expenseAccount: string;
  creditorAccount: string;
}

const DEFAULTS: Datev = { advisor: '1001', client: '1', expenseAccount: '4980', creditorAccount: '1600' };

function read(s: Record<string, unknown>): Datev {
  const d = (s[KEY] && typeof s[KEY] === 'object' ? s[KEY] : {}) as Record<string, unknown>;
  const str = (v: unknown, fallback: string) => (typeof v === 'number' || typeof v === 'string' ? String(v) : fallback);
  return {
    advisor: str(d.advisor, DEFAULTS.advisor),
    client: str(d.client, DEFAULTS.client),
    expenseAccount: str(d.expenseAccount, DEFAULTS.expenseAccount),
    creditorAccount: str(d.creditorAccount, DEFAULTS.creditorAccount),
  };
}

/**
 * The numbers a DATEV booking batch carries: the tax advisor's and the client's number, and the accounts invoices are
 * booked on and against (SKR03 by default). Saved under Settings 'datev'; the export uses them.
 */
export function DatevSettings() {
  const toast = useStore((s) => s.toast);
  const [d, setD] = useState<Datev | null>(null);
  useEffect(() => {
    void attempt('Load settings', () => api().getSettings()).then((s) => setD(read(s ?? {})));
  }, []);
  if (!d) return null;
  const set = (p: Partial<Datev>) => setD({ ...d, ...p });
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 9);
  const save = async () => {
    const value = {
      advisor: Number(d.advisor) || Number(DEFAULTS.advisor),
      client: Number(d.client) || Number(DEFAULTS.client),
      expenseAccount: d.expenseAccount || DEFAULTS.expenseAccount,
      creditorAccount: d.creditorAccount || DEFAULTS.creditorAccount,
    };
    const s = await attempt('Save DATEV settings', () => api().setSettings({ [KEY]: value }));
    if (s) toast('info', 'DATEV settings saved');
  };
  return (
    <div className="card">
      <h2>DATEV export</h2>
      <p className="muted small">Used by Export → DATEV (Buchungsstapel). Input-tax keys 9 (19%) and 8 (7%) are set by rate.</p>
      <div className="form-grid">
        <label>
          Advisor number (Beraternummer)
          <input inputMode="numeric" value={d.advisor} onChange={(e) => set({ advisor: digits(e.target.value) })} />
        </label>
        <label>
          Client number (Mandantennummer)
          <input inputMode="numeric" value={d.client} onChange={(e) => set({ client: digits(e.target.value) })} />
        </label>
        <label>
          Expense account
          <input inputMode="numeric" value={d.expenseAccount} onChange={(e) => set({ expenseAccount: digits(e.target.value) })} />
        </label>
        <label>
          Creditor account
          <input inputMode="numeric" value={d.creditorAccount} onChange={(e) => set({ creditorAccount: digits(e.target.value) })} />
        </label>
      </div>
      <button onClick={save}>Save DATEV settings</button>
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Vendor, VendorImportResult, VendorPatch } from '../../contract/schemas/vendors';
import { api, attempt, useStore } from '../store';
import './vendors.css';

const FIELD_NAMES: Record<string, string> = {
  vendor_tax_id: 'Tax id',
  document_number: 'Number',
  po_number: 'PO number',
  issue_date: 'Date',
  due_date: 'Due date',
  subtotal: 'Subtotal',
  tax: 'Tax',
  total: 'Total',
};

/**
 * Import a supplier list: the browser reads the chosen CSV file and hands its text to the engine, so the same
 * button works in the desktop app and in a browser tab (which has no file paths).
 */
export function VendorImportButton({ onImported }: { onImported?: (r: VendorImportResult) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const toast = useStore((s) => s.toast);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    const r = await attempt('Import supplier list', () => api().importVendors(text));
    if (input.current) input.current.value = '';
    if (!r) return;
    toast(
      r.errors.length ? 'error' : 'info',
      `Supplier list: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged` +
        (r.errors.length ? `; ${r.errors.length} row${r.errors.length === 1 ? '' : 's'} refused` : ''),
    );
    onImported?.(r);
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        hidden
        aria-label="Supplier list CSV"
        onChange={(e) => void pick(e.target.files?.[0])}
      />
      <button className="primary" onClick={() => input.current?.click()}>
        Import supplier list (CSV)
      </button>
    </>
  );
}

export function VendorsScreen() {
  const [text, setText] = useState('');
  const [vendors, setVendors] = useState<Vendor[] | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [refused, setRefused] = useState<VendorImportResult['errors']>([]);

  const load = useCallback(async (q: string) => {
    const list = await attempt('Load vendors', () => api().listVendors({ text: q || null, limit: 2000 }));
    if (list) setVendors(list);
  }, []);
  useEffect(() => {
    const t = setTimeout(() => void load(text), text ? 200 : 0);
    return () => clearTimeout(t);
  }, [load, text]);

  return (
    <section className="screen vendors-screen">
      <div className="screen-head">
        <h1>Vendors</h1>
        <span className="muted">{vendors ? `${vendors.length.toLocaleString()} vendor${vendors.length === 1 ? '' : 's'}` : ''}</span>
        <span className="spacer" />
        <input
          className="search"
          type="search"
          placeholder="Find name, alias, tax id, IBAN"
          aria-label="Find vendor"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <VendorImportButton
          onImported={(r) => {
            setRefused(r.errors);
            void load(text);
          }}
        />
      </div>
      <p className="muted small">
        Docket recognises a document&apos;s vendor by tax id, IBAN or name (OCR slips tolerated) and reads it with what reviewed documents
        of that vendor taught: under which label and where each field stood.
      </p>
      {refused.length ? (
        <div className="card vendor-refused">
          <h2>Rows not imported</h2>
          <ul>
            {refused.map((e) => (
              <li key={e.line}>
                line {e.line}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {vendors && vendors.length === 0 ? (
        <div className="empty-hero">
          <h2>{text ? 'No vendor matches' : 'No vendors yet'}</h2>
          <p>Import your supplier list, or review documents: every reviewed or corrected document teaches its vendor.</p>
        </div>
      ) : (
        <table className="vendor-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Tax id</th>
              <th>IBAN</th>
              <th>Currency</th>
              <th>Learned from</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {(vendors ?? []).map((v) => (
              <VendorRow
                key={v.id}
                v={v}
                open={open === v.id}
                toggle={() => setOpen(open === v.id ? null : v.id)}
                changed={() => void load(text)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VendorRow({ v, open, toggle, changed }: { v: Vendor; open: boolean; toggle: () => void; changed: () => void }) {
  return (
    <>
      <tr className={`vendor-row ${open ? 'open' : ''}`} onClick={toggle} aria-expanded={open}>
        <td>
          <span className="vendor-name">{v.name}</span>
          {v.aliases.length ? <span className="muted small"> also {v.aliases.join(', ')}</span> : null}
        </td>
        <td className="mono">{v.taxId ?? '—'}</td>
        <td className="mono">{v.iban ?? '—'}</td>
        <td>{v.currency ?? '—'}</td>
        <td>{v.learnedFrom ? `${v.learnedFrom} document${v.learnedFrom === 1 ? '' : 's'}` : '—'}</td>
        <td>
          <span className={`pill origin-${v.origin}`}>
            {v.origin === 'import' ? 'supplier list' : v.origin === 'learned' ? 'learned' : 'edited'}
          </span>
        </td>
      </tr>
      {open ? (
        <tr className="vendor-detail">
          <td colSpan={6}>
            <VendorEditor v={v} changed={changed} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function VendorEditor({ v, changed }: { v: Vendor; changed: () => void }) {
  const toast = useStore((s) => s.toast);
  const [name, setName] = useState(v.name);
  const [taxId, setTaxId] = useState(v.taxId ?? '');
  const [iban, setIban] = useState(v.iban ?? '');
  const [currency, setCurrency] = useState(v.currency ?? '');
  const [aliases, setAliases] = useState(v.aliases.join(', '));

  const save = async () => {
    const patch: VendorPatch = {
      name: name.trim(),
      taxId: taxId.trim() || null,
      iban: iban.trim() || null,
      currency: currency.trim() || null,
      aliases: aliases
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    };
    if (await attempt('Save vendor', () => api().updateVendor(v.id, patch))) {
      toast('info', `Saved ${patch.name}`);
      changed();
    }
  };
  const remove = async () => {
    if (!window.confirm(`Forget ${v.name} and what its documents taught?`)) return;
    if (await attempt('Delete vendor', () => api().deleteVendor(v.id))) changed();
  };
  const hints = v.hints.filter((h) => h.label);

  return (
    <div className="vendor-editor">
      <div className="form-grid">
        <label className="wide">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Tax id
          <input value={taxId} onChange={(e) => setTaxId(e.target.value)} />
        </label>
        <label>
          IBAN
          <input value={iban} onChange={(e) => setIban(e.target.value)} />
        </label>
        <label>
          Currency
          <input value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value)} />
        </label>
        <label className="wide">
          Other names (comma separated)
          <input value={aliases} onChange={(e) => setAliases(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <button className="primary" disabled={!name.trim()} onClick={save}>
          Save
        </button>
        <button className="danger" onClick={remove}>
          Delete
        </button>
      </div>
      <h3>What its documents taught</h3>
      {hints.length ? (
        <table className="hint-table">
          <thead>
            <tr>
              <th>Field</th>
              <th>Label</th>
              <th>Where</th>
              <th>Learned from</th>
            </tr>
          </thead>
          <tbody>
            {hints.map((h) => (
              <tr key={`${h.field}-${h.label}-${h.placement}`}>
                <td>{FIELD_NAMES[h.field] ?? h.field}</td>
                <td>
                  <span className="muted small">{h.placement === 'below' ? 'under' : 'after'}</span> <b>&ldquo;{h.label}&rdquo;</b>
                </td>
                <td className="muted small">
                  page {h.page + 1}
                  {h.x !== null && h.y !== null ? `, ${Math.round(h.x * 100)}% across, ${Math.round(h.y * 100)}% down` : ''}
                </td>
                <td>
                  {h.learnedFrom} reviewed document{h.learnedFrom === 1 ? '' : 's'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">Nothing yet: review or correct a document of this vendor.</p>
      )}
    </div>
  );
}

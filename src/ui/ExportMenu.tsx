/**
 * Export a batch (or every batch): CSV with a delimiter choice, XLSX, JSON, searchable PDFs and the failure
 * report. Electron asks where to save (native dialog) and offers "Show in folder"; the browser lets the engine
 * write into the data folder's exports/ and downloads the file from the server's /exports/ route.
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import type { ExportKind, ExportResult } from '../contract/engine-api';
import { errorMessage } from './client';
import { api, useStore } from './store';

const KINDS: Array<{ kind: ExportKind; label: string; hint: string }> = [
  { kind: 'csv', label: 'CSV', hint: 'One row per document, UTF-8 with BOM (opens in Excel)' },
  { kind: 'xlsx', label: 'Excel (XLSX)', hint: 'Documents and line items as sheets' },
  { kind: 'json', label: 'JSON', hint: 'Every field with its confidence and source' },
  { kind: 'pdf', label: 'Searchable PDFs', hint: 'Scans with an invisible text layer, one file per document' },
  { kind: 'failures', label: 'Failure report', hint: 'CSV of every failed and skipped document: path, reason, attempts' },
  { kind: 'ledger', label: 'Ledger', hint: 'Accounting: date, vendor, number, net and tax per VAT rate, gross, currency' },
  { kind: 'datev', label: 'DATEV (Buchungsstapel)', hint: 'Accounting: DATEV booking batch (EXTF) for German bookkeeping' },
];

const EXT: Record<ExportKind, 'csv' | 'xlsx' | 'json' | 'folder'> = {
  csv: 'csv',
  xlsx: 'xlsx',
  json: 'json',
  pdf: 'folder',
  failures: 'csv',
  ledger: 'csv',
  datev: 'csv',
};

function slug(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'export'
  );
}

/** Start a browser download of a file the engine wrote into the exports folder. */
export function downloadExport(exportName: string): void {
  const a = document.createElement('a');
  a.href = `./exports/${encodeURIComponent(exportName)}`;
  a.download = exportName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function ExportMenu({ batchId, label }: { batchId: number | null; label: string }) {
  const info = useStore((s) => s.info);
  const toast = useStore((s) => s.toast);
  const [open, setOpen] = useState(false);
  const [delimiter, setDelimiter] = useState<',' | ';'>(',');
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const place = usePanelPlace(open, ref);
  const native = !!info?.canPickPaths;

  useEffect(() => {
    setResult(null);
    setError(null);
  }, [batchId]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (ref.current && !ref.current.contains(t) && !panelRef.current?.contains(t) && !busy) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !busy && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, busy]);

  const run = async (kind: ExportKind) => {
    setBusy(kind);
    setError(null);
    setResult(null);
    try {
      let out: string | null = null;
      if (native) {
        const what =
          kind === 'failures' || kind === 'ledger'
            ? kind
            : kind === 'pdf'
              ? 'searchable'
              : kind === 'datev'
                ? 'EXTF_Buchungsstapel'
                : 'documents';
        const base = `${slug(label)}-${what}`;
        out = await api().pickSaveTarget({ defaultName: EXT[kind] === 'folder' ? base : `${base}.${EXT[kind]}`, kind: EXT[kind] });
        if (!out) return; // cancelled
      }
      const r = await api().exportDocuments({
        format: kind,
        batchId,
        ...(kind === 'csv' || kind === 'failures' || kind === 'ledger' ? { delimiter } : {}),
        ...(out ? { out } : {}),
      });
      setResult(r);
      // DATEV over several fiscal years is a file per year: each is downloaded
      if (!native && r.format !== 'pdf') for (const name of r.exportNames ?? (r.exportName ? [r.exportName] : [])) downloadExport(name);
      toast('info', `Exported ${r.documents.toLocaleString()} document${r.documents === 1 ? '' : 's'}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-menu" ref={ref}>
      <button aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((o) => !o)} disabled={!!busy && !open}>
        {busy ? 'Exporting…' : 'Export'} ▾
      </button>
      {open
        ? createPortal(
            <div className="export-panel" ref={panelRef} style={place} role="group" aria-label={`Export ${label}`}>
              <div className="export-head">
                <b>Export {label}</b>
                <label className="small">
                  CSV delimiter{' '}
                  <select
                    aria-label="CSV delimiter"
                    value={delimiter}
                    onChange={(e) => setDelimiter(e.target.value as ',' | ';')}
                    disabled={!!busy}
                  >
                    <option value=",">Comma ( , )</option>
                    <option value=";">Semicolon ( ; )</option>
                  </select>
                </label>
              </div>
              <div className="export-kinds">
                {KINDS.map((k) => (
                  <button key={k.kind} title={k.hint} disabled={!!busy} aria-busy={busy === k.kind} onClick={() => void run(k.kind)}>
                    {busy === k.kind ? <span className="spinner" aria-hidden /> : null}
                    {k.label}
                  </button>
                ))}
              </div>
              {busy ? (
                <div className="export-status muted small" role="status">
                  Exporting {KINDS.find((k) => k.kind === busy)?.label}…
                </div>
              ) : null}
              {error ? (
                <div className="export-status error-text" role="alert">
                  Export failed: {error}
                </div>
              ) : null}
              {result ? (
                <div className="export-status" role="status">
                  <span>
                    Exported {result.documents.toLocaleString()} document{result.documents === 1 ? '' : 's'} to{' '}
                    {result.format === 'datev' && result.files && result.files.length > 1 ? (
                      <>
                        {result.files.length} files, one per fiscal year:
                        {result.files.map((f) => (
                          <code key={f} className="path" style={{ display: 'block' }}>
                            {f}
                          </code>
                        ))}
                      </>
                    ) : (
                      <code className="path">{result.path}</code>
                    )}
                  </span>
                  {result.format === 'pdf' && result.documents === 0 && !result.failed?.length ? (
                    <div className="muted small">No scanned documents here: text PDFs are searchable already.</div>
                  ) : null}
                  {result.failed?.length ? (
                    <div className="warn small">{result.failed.length} could not be made searchable (see the log)</div>
                  ) : null}
                  <div className="export-actions">
                    {native ? (
                      <button
                        className="link"
                        onClick={() =>
                          void api()
                            .showInFolder(result.path)
                            .catch((e) => setError(errorMessage(e)))
                        }
                      >
                        Show in folder
                      </button>
                    ) : result.exportName && result.format !== 'pdf' ? (
                      <button className="link" onClick={() => (result.exportNames ?? [result.exportName!]).forEach(downloadExport)}>
                        Download again
                      </button>
                    ) : null}
                  </div>
                </div>
              ) : null}
            </div>,
            document.body,
          )
        : null}
    </div>
  );
}

/** Room kept between the panel and the window's (or the sidebar's) edge. */
const EDGE = 8;

/**
 * Where the open panel goes: under the button, right-aligned to it, but always inside the content area. The panel
 * lives in a portal on <body> with fixed coordinates, so no screen's overflow clips it and the sidebar never covers
 * it, whatever the window width (the Export button wraps to the left edge of a narrow header).
 */
function usePanelPlace(open: boolean, anchor: React.RefObject<HTMLDivElement | null>): CSSProperties {
  const [place, setPlace] = useState<CSSProperties>({ visibility: 'hidden' });
  useLayoutEffect(() => {
    if (!open) return;
    const update = () => {
      const btn = anchor.current?.getBoundingClientRect();
      if (!btn) return;
      const content = document.querySelector('main.content')?.getBoundingClientRect();
      const minLeft = (content?.left ?? 0) + EDGE;
      const width = Math.min(460, window.innerWidth - minLeft - EDGE);
      const left = Math.max(minLeft, Math.min(btn.right - width, window.innerWidth - width - EDGE));
      setPlace({ position: 'fixed', top: btn.bottom + 4, left, width, right: 'auto', maxHeight: window.innerHeight - btn.bottom - 12 });
    };
    update();
    window.addEventListener('resize', update);
    window.addEventListener('scroll', update, true);
    return () => {
      window.removeEventListener('resize', update);
      window.removeEventListener('scroll', update, true);
    };
  }, [open, anchor]);
  return place;
}

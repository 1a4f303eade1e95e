/**
 * Export a batch (or every batch): CSV with a delimiter choice, XLSX, JSON, searchable PDFs and the failure
 * report. Electron asks where to save (native dialog) and offers "Show in folder"; the browser lets the engine
 * write into the data folder's exports/ and downloads the file from the server's /exports/ route.
 */
import { useEffect, useRef, useState } from 'react';
import type { ExportKind, ExportResult } from '../contract/engine-api';
import { errorMessage } from './client';
import { api, useStore } from './store';

const KINDS: Array<{ kind: ExportKind; label: string; hint: string }> = [
  { kind: 'csv', label: 'CSV', hint: 'One row per document, UTF-8 with BOM (opens in Excel)' },
  { kind: 'xlsx', label: 'Excel (XLSX)', hint: 'Documents and line items as sheets' },
  { kind: 'json', label: 'JSON', hint: 'Every field with its confidence and source' },
  { kind: 'pdf', label: 'Searchable PDFs', hint: 'Scans with an invisible text layer, one file per document' },
  { kind: 'failures', label: 'Failure report', hint: 'CSV of every failed and skipped document: path, reason, attempts' },
];

const EXT: Record<ExportKind, 'csv' | 'xlsx' | 'json' | 'folder'> = {
  csv: 'csv',
  xlsx: 'xlsx',
  json: 'json',
  pdf: 'folder',
  failures: 'csv',
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
  const native = !!info?.canPickPaths;

  useEffect(() => {
    setResult(null);
    setError(null);
  }, [batchId]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !busy) setOpen(false);
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
        const base = `${slug(label)}-${kind === 'failures' ? 'failures' : kind === 'pdf' ? 'searchable' : 'documents'}`;
        out = await api().pickSaveTarget({ defaultName: EXT[kind] === 'folder' ? base : `${base}.${EXT[kind]}`, kind: EXT[kind] });
        if (!out) return; // cancelled
      }
      const r = await api().exportDocuments({
        format: kind,
        batchId,
        ...(kind === 'csv' || kind === 'failures' ? { delimiter } : {}),
        ...(out ? { out } : {}),
      });
      setResult(r);
      if (!native && r.exportName && r.format !== 'pdf') downloadExport(r.exportName);
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
      {open ? (
        <div className="export-panel" role="group" aria-label={`Export ${label}`}>
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
                <code className="path">{result.path}</code>
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
                  <button className="link" onClick={() => downloadExport(result.exportName!)}>
                    Download again
                  </button>
                ) : null}
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

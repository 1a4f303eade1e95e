/**
 * Settings > Watched folders: folders Docket takes new files from while it runs. Each file is processed once it
 * is complete, into one batch per folder and day; polling serves network shares whose change events never
 * arrive; an archive folder receives a copy of each processed original (the originals stay where they are).
 */
import { useEffect, useState } from 'react';
import type { WatchedFolder } from '../../contract/engine-api';
import { EXTRACT_MODES, type ExtractMode } from '../../contract/vocabulary';
import { EXTRACT_LABEL } from '../format';
import { api, attempt, useStore } from '../store';
import './intake.css';

export function WatchedFolders() {
  const info = useStore((s) => s.info);
  const toast = useStore((s) => s.toast);
  const canPick = info?.canPickPaths ?? false;
  const [folders, setFolders] = useState<WatchedFolder[] | null>(null);
  const [newPath, setNewPath] = useState('');

  const load = async () => setFolders((await attempt('Load watched folders', () => api().listWatchedFolders())) ?? []);
  useEffect(() => {
    void load();
  }, []);

  const add = async (p: string) => {
    if (!p.trim()) return;
    const f = await attempt('Watch folder', () => api().addWatchedFolder({ path: p.trim() }));
    if (f) {
      setNewPath('');
      toast('info', `Watching ${f.path}${f.polling ? ' (polling)' : ''}`);
      await load();
    }
  };
  const patch = async (f: WatchedFolder, p: Parameters<ReturnType<typeof api>['updateWatchedFolder']>[1]) => {
    const r = await attempt('Change watched folder', () => api().updateWatchedFolder(f.id, p));
    if (r) setFolders((list) => (list ?? []).map((x) => (x.id === r.id ? r : x)));
  };
  const remove = async (f: WatchedFolder) => {
    if (await attempt('Stop watching', () => api().removeWatchedFolder(f.id))) await load();
  };
  const chooseArchive = async (f: WatchedFolder) => {
    const picked = canPick
      ? ((await attempt('Choose archive folder', () => api().pickFolder())) ?? [])[0]
      : window.prompt('Archive folder', f.archiveDir ?? '');
    if (picked !== undefined && picked !== null) await patch(f, { archiveDir: picked.trim() || null });
  };

  return (
    <div className="card watched-folders">
      <h2>Watched folders</h2>
      <p className="muted small">
        New files in these folders are processed once they are complete (unchanged for a few seconds and readable), into one batch per
        folder and day. Use polling for network shares. Originals are never changed; an archive folder receives copies after processing.
      </p>
      {folders === null ? (
        <p className="muted">Loading…</p>
      ) : folders.length ? (
        <ul className="watched-list">
          {folders.map((f) => (
            <li key={f.id}>
              <div className="path mono">{f.path}</div>
              <div className="watched-controls">
                <span>
                  <label title="Watch this folder while Docket runs">
                    <input type="checkbox" checked={f.enabled} onChange={(e) => void patch(f, { enabled: e.target.checked })} /> on
                  </label>
                </span>
                <span>
                  <label title="Look for new files every few seconds instead of waiting for change events (SMB / UNC shares)">
                    <input type="checkbox" checked={f.polling} onChange={(e) => void patch(f, { polling: e.target.checked })} /> poll
                  </label>
                </span>
                <span>
                  <select
                    aria-label="Extraction"
                    value={f.options.extract ?? 'rules'}
                    onChange={(e) => void patch(f, { options: { ...f.options, extract: e.target.value as ExtractMode } })}
                  >
                    {EXTRACT_MODES.map((m) => (
                      <option key={m} value={m}>
                        {EXTRACT_LABEL[m] ?? m}
                      </option>
                    ))}
                  </select>
                </span>
                <span>
                  <input
                    aria-label="Locale"
                    title="Date order and decimal mark of this folder's documents, e.g. en-GB or de-DE (empty: from each document)"
                    placeholder="Locale"
                    size={8}
                    defaultValue={f.options.locale ?? ''}
                    onBlur={(e) => {
                      const locale = e.target.value.trim();
                      const { locale: _old, ...rest } = f.options;
                      if (locale !== (f.options.locale ?? '')) void patch(f, { options: locale ? { ...rest, locale } : rest });
                    }}
                  />
                </span>
                <span>
                  <input
                    aria-label="Budget (USD per day)"
                    title="Most this folder may spend on the LLM per day, in USD (empty: no limit)"
                    placeholder="$ / day"
                    size={6}
                    defaultValue={f.options.budgetUsd ?? ''}
                    onBlur={(e) => {
                      const v = e.target.value.trim();
                      const n = Number(v);
                      const { budgetUsd: _old, ...rest } = f.options;
                      if (v === '') void patch(f, { options: rest });
                      else if (Number.isFinite(n) && n >= 0) void patch(f, { options: { ...rest, budgetUsd: n } });
                    }}
                  />
                </span>
                <span>
                  <button onClick={() => void chooseArchive(f)} title={f.archiveDir ?? 'No archive copies'}>
                    {f.archiveDir ? 'Archive: ' + f.archiveDir : 'Archive folder…'}
                  </button>
                </span>
                <span>
                  <button onClick={() => void remove(f)}>Remove</button>
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No folder is watched.</p>
      )}
      <div className="actions">
        {canPick ? (
          <button onClick={async () => void add(((await attempt('Choose folder', () => api().pickFolder())) ?? [])[0] ?? '')}>
            Watch a folder…
          </button>
        ) : (
          <>
            <input
              placeholder="Folder to watch (its path)"
              title="A folder on the machine running Docket"
              aria-label="Folder to watch"
              value={newPath}
              onChange={(e) => setNewPath(e.target.value)}
            />
            <button disabled={!newPath.trim()} onClick={() => void add(newPath)}>
              Watch
            </button>
          </>
        )}
      </div>
    </div>
  );
}

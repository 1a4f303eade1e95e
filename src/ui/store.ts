import { create } from 'zustand';
import type { AppInfo } from '../contract/contract';
import type { BatchSummary, DocType, DocumentStatus, EngineEvent } from '../contract/domain';
import type { DocumentSortKey } from '../contract/engine-api';
import { errorMessage, getClient } from './client';

export type Route =
  | { name: 'batches'; batchId?: number }
  | { name: 'new' }
  | { name: 'documents'; batchId?: number }
  | { name: 'document'; id: number }
  | { name: 'review' }
  | { name: 'failures' }
  | { name: 'vendors' }
  | { name: 'settings' };

export interface DocFilter {
  batchId: number | null;
  status: DocumentStatus[];
  docType: DocType[];
  text: string;
  sort: DocumentSortKey;
  desc: boolean;
  /** List files that are not documents (notes, data files skipped at ingest); hidden unless asked for. */
  showIgnored?: boolean;
}

export const defaultFilter: DocFilter = { batchId: null, status: [], docType: [], text: '', sort: 'id', desc: false };

interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface State {
  route: Route;
  connected: boolean;
  info: AppInfo | null;
  batches: Record<number, BatchSummary>;
  batchesLoaded: boolean;
  /** Bumped (throttled) when documents of a batch change, so open tables refresh. */
  docsVersion: number;
  filter: DocFilter;
  /** Ids of the rows the documents table has loaded, in order: next/previous in the document view. */
  navIds: number[];
  toasts: Toast[];
  go(route: Route): void;
  setFilter(patch: Partial<DocFilter>): void;
  setNavIds(ids: number[]): void;
  loadBatches(): Promise<void>;
  upsertBatch(b: BatchSummary): void;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

export function routeToHash(r: Route): string {
  switch (r.name) {
    case 'batches':
      return r.batchId ? `#/batches/${r.batchId}` : '#/batches';
    case 'documents':
      return r.batchId ? `#/documents/${r.batchId}` : '#/documents';
    case 'document':
      return `#/document/${r.id}`;
    default:
      return `#/${r.name}`;
  }
}

export function hashToRoute(hash: string): Route {
  const [, name, arg] = hash.replace(/^#/, '').split('/');
  const n = arg ? Number(arg) : undefined;
  const num = n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
  switch (name) {
    case 'new':
    case 'review':
    case 'failures':
    case 'vendors':
    case 'settings':
      return { name };
    case 'documents':
      return { name: 'documents', batchId: num };
    case 'document':
      return num ? { name: 'document', id: num } : { name: 'batches' };
    case 'batches':
      return { name: 'batches', batchId: num };
    default:
      return { name: 'batches' };
  }
}

let toastId = 1;

export const useStore = create<State>((set, get) => ({
  route: hashToRoute(typeof location !== 'undefined' ? location.hash : ''),
  connected: false,
  info: null,
  batches: {},
  batchesLoaded: false,
  docsVersion: 0,
  filter: defaultFilter,
  navIds: [],
  toasts: [],
  go(route) {
    const hash = routeToHash(route);
    if (location.hash !== hash) history.pushState({ docket: true }, '', hash);
    set({ route });
  },
  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
  },
  setNavIds(ids) {
    set({ navIds: ids });
  },
  async loadBatches() {
    try {
      const list = await api().listBatches();
      const batches: Record<number, BatchSummary> = {};
      for (const b of list) batches[b.id] = b;
      set({ batches, batchesLoaded: true });
    } catch (err) {
      get().toast('error', `Could not load batches: ${errorMessage(err)}`);
    }
  },
  upsertBatch(b) {
    set({ batches: { ...get().batches, [b.id]: b } });
  },
  toast(kind, text) {
    const id = toastId++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 8000 : 4000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** Back within the app when we came from one of its screens, else to the documents list (never off the app). */
export function goBack() {
  if ((history.state as { docket?: boolean } | null)?.docket) history.back();
  else useStore.getState().go({ name: 'documents' });
}

export function api() {
  return getClient((connected) => {
    const was = useStore.getState().connected;
    useStore.setState({ connected });
    // After a reconnect, re-read the truth from the engine.
    if (connected && !was) void useStore.getState().loadBatches();
  });
}

/** Run an action, turning failures into a toast instead of an unhandled rejection. */
export async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    useStore.getState().toast('error', `${what}: ${errorMessage(err)}`);
    return undefined;
  }
}

let docsTimer: ReturnType<typeof setTimeout> | null = null;
function bumpDocs(now = false) {
  if (now) {
    if (docsTimer) clearTimeout(docsTimer);
    docsTimer = null;
    useStore.setState((s) => ({ docsVersion: s.docsVersion + 1 }));
    return;
  }
  if (docsTimer) return;
  docsTimer = setTimeout(() => {
    docsTimer = null;
    useStore.setState((s) => ({ docsVersion: s.docsVersion + 1 }));
  }, 1000);
}

export function startEventStream(): () => void {
  return api().onEvent((ev: EngineEvent) => {
    const s = useStore.getState();
    switch (ev.type) {
      case 'batch.progress':
        s.upsertBatch(ev.batch);
        bumpDocs();
        break;
      case 'batch.finished':
        s.upsertBatch(ev.batch);
        bumpDocs(true);
        s.toast(
          'info',
          `Batch “${ev.batch.name}” finished: ${ev.batch.counts.done} done, ${ev.batch.counts.needs_review} to review, ${ev.batch.counts.failed} failed`,
        );
        break;
      case 'document.finished':
      case 'document.failed':
        bumpDocs();
        break;
      default:
        break;
    }
  });
}

window.addEventListener('popstate', () => useStore.setState({ route: hashToRoute(location.hash) }));

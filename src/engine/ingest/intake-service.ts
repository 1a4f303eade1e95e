import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BatchOptions } from '../../contract/domain.js';
import type { WatchedFolder, WatchedFolderInput, WatchedFolderPatch } from '../../contract/schemas/intake.js';
import type { Db } from '../store/db.js';
import { getDocumentRow } from '../store/documents.js';
import { appendEvent } from '../store/events.js';
import {
  clearExtraction,
  deleteDocuments,
  deleteWatchedFolder,
  documentIdByPath,
  finishContainer,
  getWatchedFolder,
  insertSplitPart,
  insertWatchBatch,
  insertWatchedFolder,
  listWatchedFolders,
  parentLink,
  requeueChangedFile,
  resetSplitPart,
  splitParts,
  updateWatchedFolder,
  watchBatchId,
  watchedFolderByPath,
} from '../store/intake.js';
import { describeParts, partsFromFirstPages, saveParts } from './split.js';
import { DEFAULT_WATCH_OPTIONS, FolderWatcher, localDay, type WatchOptions } from './watch.js';

/** What the intake service needs from the engine it serves. */
export interface IntakeHost {
  db: Db;
  derivedDir: string;
  /** Record files into a batch (ingest), resolving once they are in the store. */
  ingest(batchId: number, files: string[]): Promise<void>;
  /** A batch has new queued documents: make it run and wake the scheduler. */
  wake(batchId: number): void;
  /** The options new batches start with (Settings defaults). */
  defaultOptions(): Promise<BatchOptions>;
}

/** An error a host shows as it is (a usage mistake: no such folder, a page beyond the document). */
export class IntakeError extends Error {
  constructor(
    readonly kind: 'not-found' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}

/**
 * Watched folders and manual split points, behind the engine facade: the folders' settings (store), their
 * watchers (watch.ts) and rolling daily batches, and re-splitting a multi-document file where the clerk says.
 */
export class IntakeService {
  private readonly watchers = new Map<number, FolderWatcher>();
  private closed = false;
  /** Set once a host asked to watch: folders added or switched on later are watched at once. */
  private active = false;

  constructor(
    private readonly host: IntakeHost,
    private readonly watchOptions: WatchOptions = DEFAULT_WATCH_OPTIONS,
  ) {}

  listFolders(): WatchedFolder[] {
    return listWatchedFolders(this.host.db);
  }

  addFolder(input: WatchedFolderInput): WatchedFolder {
    const p = path.resolve(input.path);
    if (!fs.existsSync(p) || !fs.statSync(p).isDirectory()) throw new IntakeError('invalid', `not a folder: ${p}`);
    const archiveDir = input.archiveDir ? path.resolve(input.archiveDir) : null;
    if (archiveDir && archiveDir === p) throw new IntakeError('invalid', 'the archive folder cannot be the watched folder itself');
    const existing = watchedFolderByPath(this.host.db, p);
    if (existing) return this.updateFolder(existing.id, input);
    const id = insertWatchedFolder(this.host.db, {
      path: p,
      options: input.options ?? {},
      archiveDir,
      polling: input.polling ?? looksLikeNetworkShare(p),
      enabled: input.enabled ?? true,
    });
    const f = getWatchedFolder(this.host.db, id)!;
    if (this.active && f.enabled) void this.restart(f);
    return f;
  }

  updateFolder(id: number, patch: WatchedFolderPatch): WatchedFolder {
    const f = getWatchedFolder(this.host.db, id);
    if (!f) throw new IntakeError('not-found', `no watched folder ${id}`);
    const archiveDir = patch.archiveDir === undefined ? f.archiveDir : patch.archiveDir ? path.resolve(patch.archiveDir) : null;
    updateWatchedFolder(this.host.db, id, {
      options: patch.options ?? f.options,
      archiveDir,
      polling: patch.polling ?? f.polling,
      enabled: patch.enabled ?? f.enabled,
    });
    const now = getWatchedFolder(this.host.db, id)!;
    // A folder being watched picks up its new settings at once (switched off: it stops; on: it starts).
    if (this.watchers.has(id) || (this.active && now.enabled)) void this.restart(now);
    return now;
  }

  async removeFolder(id: number): Promise<boolean> {
    await this.watchers.get(id)?.close();
    this.watchers.delete(id);
    return deleteWatchedFolder(this.host.db, id);
  }

  /** Start watching (every enabled folder, or the ones named); resolves once each has scanned what is there. */
  async startWatching(ids?: number[]): Promise<WatchedFolder[]> {
    this.active = true;
    const folders = this.listFolders().filter((f) => (ids ? ids.includes(f.id) : f.enabled));
    for (const f of folders) if (!this.watchers.has(f.id)) await this.restart(f);
    return folders;
  }

  /** Folders being watched now. */
  get watching(): number[] {
    return [...this.watchers.keys()];
  }

  private async restart(f: WatchedFolder): Promise<void> {
    await this.watchers.get(f.id)?.close();
    this.watchers.delete(f.id);
    if (this.closed || !f.enabled) return;
    const w = new FolderWatcher(
      f,
      {
        db: this.host.db,
        take: (folder, files) => this.take(folder, files),
        log: (level, kind, message) => appendEvent(this.host.db, { level, kind, message }),
      },
      this.watchOptions,
    );
    this.watchers.set(f.id, w);
    await w.start();
  }

  /** Complete files of a watched folder go into its batch for today (made on the first file of the day). */
  private async take(folder: WatchedFolder, files: string[]): Promise<number> {
    const day = localDay();
    let batchId = watchBatchId(this.host.db, folder.id, day);
    if (batchId === undefined) {
      const options: BatchOptions = { ...(await this.host.defaultOptions()), ...folder.options };
      batchId = insertWatchBatch(this.host.db, {
        name: `${path.basename(folder.path) || folder.path} ${day}`,
        folder: folder.path,
        folderId: folder.id,
        day,
        options,
      });
      appendEvent(this.host.db, {
        batchId,
        level: 'info',
        kind: 'batch.created',
        message: `rolling batch of watched folder ${folder.path} for ${day}`,
      });
    }
    // A file taken earlier today and saved again under its name is read again (ingest would see its path as done).
    const fresh: string[] = [];
    for (const file of files) {
      const id = documentIdByPath(this.host.db, batchId, file);
      if (id === undefined) {
        fresh.push(file);
        continue;
      }
      const bytes = await fs.promises.readFile(file);
      const st = await fs.promises.stat(file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 === getDocumentRow(this.host.db, id)?.sha256) continue;
      requeueChangedFile(this.host.db, id, { size: st.size, mtime: Math.round(st.mtimeMs), sha256 });
      appendEvent(this.host.db, { batchId, documentId: id, level: 'info', kind: 'watch.changed', message: `${file} changed: read again` });
    }
    if (fresh.length) await this.host.ingest(batchId, fresh);
    this.host.wake(batchId);
    return batchId;
  }

  /**
   * Split a multi-document file where the clerk says: `firstPages` are the 1-based first pages of its parts.
   * Parts whose pages are unchanged keep their reading and review; changed ones are read again; parts no
   * longer wanted are removed (merge). The file itself is never changed: parts are new PDFs in the data folder.
   */
  async split(documentId: number, firstPages: number[]): Promise<void> {
    const db = this.host.db;
    const d = getDocumentRow(db, documentId);
    if (!d) throw new IntakeError('not-found', `no document ${documentId}`);
    if (!d.page_count || !d.kind || !d.sha256) throw new IntakeError('invalid', `${d.name} has not been read yet`);
    if (d.kind !== 'pdf' && d.kind !== 'tiff')
      throw new IntakeError('invalid', `${d.name} is not a PDF or TIFF: only those can hold several documents`);
    const link = parentLink(db, documentId);
    if (link?.origin === 'split-part')
      throw new IntakeError('invalid', `${d.name} is a part of a split file: change the split points on document ${link.parent_id}`);
    if (firstPages.some((p) => p > d.page_count!))
      throw new IntakeError('invalid', `${d.name} has ${d.page_count} page${d.page_count === 1 ? '' : 's'}`);
    const existing = splitParts(db, documentId);
    if (existing.length === 0 && d.status !== 'done' && d.status !== 'needs_review' && d.status !== 'skipped')
      throw new IntakeError('invalid', `${d.name} is still being processed`);
    const wanted = partsFromFirstPages(firstPages, d.page_count);
    const keep = new Set<number>();
    const fresh: typeof wanted = [];
    for (const w of wanted) {
      const same = existing.find((e) => e.first_page === w.first + 1 && e.last_page === w.last + 1);
      if (same) keep.add(same.id);
      else fresh.push(w);
    }
    if (existing.length === 0 && wanted.length === 1) return; // one document, as it already is
    const saved = await saveParts({ path: d.path, kind: d.kind, name: d.name, sha256: d.sha256 }, fresh, this.host.derivedDir);
    const spare = existing.filter((e) => !keep.has(e.id));
    const now = Date.now();
    db.transaction(() => {
      for (const s of saved) {
        const reuse = spare.shift();
        const row = { path: s.path, name: s.name, size: s.size, sha256: s.sha256, first: s.first + 1, last: s.last + 1 };
        if (reuse) resetSplitPart(db, reuse.id, row);
        else insertSplitPart(db, d.batch_id, documentId, row, now);
      }
      deleteDocuments(
        db,
        spare.map((e) => e.id),
      );
      // read as one until now: what it said as a whole is now said by its parts
      if (existing.length === 0) clearExtraction(db, documentId);
      const reason = `holds ${wanted.length} document${wanted.length === 1 ? '' : 's'}: split by hand into pages ${describeParts(wanted)}`;
      finishContainer(db, documentId, 'skipped', reason, now);
      appendEvent(db, { batchId: d.batch_id, documentId, level: 'info', kind: 'document.split', message: reason });
    })();
    this.host.wake(d.batch_id);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
  }
}

/** UNC paths (\\server\share) and mounted SMB / NFS shares rarely deliver change events: poll them. */
export function looksLikeNetworkShare(p: string): boolean {
  return /^(\\\\|\/\/)/.test(p) || /^\/(mnt|media|net|Volumes)\//.test(p);
}

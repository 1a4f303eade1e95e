import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Names that are never documents: OS and editor droppings a clerk never meant to include. */
const SYSTEM_NAMES = new Set([
  'thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  '.ds_store',
  'icon\r',
  '$recycle.bin',
  'system volume information',
]);

/** Hidden, system and temporary files: dot-files, Office lock files (~$x.docx), editor temp files. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SYSTEM_NAMES.has(lower)) return true;
  if (name.startsWith('.')) return true;
  if (name.startsWith('~$')) return true;
  if (lower.endsWith('.tmp') || lower.endsWith('.temp') || lower.endsWith('.crdownload') || lower.endsWith('.partial')) return true;
  if (name.startsWith('~') && lower.endsWith('.tmp')) return true;
  return false;
}

export type WalkEntry = { path: string; size: number; mtime: number; error?: undefined } | { path: string; error: string; code?: string };

export function describeFsError(err: unknown): { error: string; code?: string } {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { error: 'cannot read file: permission denied', code };
    case 'ENOENT':
      return { error: 'file not found (moved or deleted?)', code };
    case 'ELOOP':
      return { error: 'symbolic link loop', code };
    default:
      return { error: `cannot read file: ${(err as Error).message}`, ...(code ? { code } : {}) };
  }
}

/** A file the walk found, not yet opened: its size and time come from the read (one fstat on the open file). */
export type FoundFile = { path: string; error?: undefined } | { path: string; error: string; code?: string };

/** Files gathered before the walk hands them on: a directory listing is one call, its files go on in batches. */
const FOUND_BATCH = 512;

/**
 * Every candidate file under the given paths, depth first in name order (stable, so a resumed ingest walks
 * the same files in the same order), in batches. One readdir with file types per directory and no stat per
 * file: the type comes from the directory entry (Node lstat-s an entry the file system gives no type for), and
 * only inputs and symbolic links are stat-ed to learn what they point to. Directories that cannot be listed,
 * inputs that do not exist and broken links are reported as entries with an error.
 */
export async function* walkFiles(inputs: string[]): AsyncGenerator<FoundFile[]> {
  const seen = new Set<string>();
  let out: FoundFile[] = [];
  const addFile = (p: string, explicit: boolean) => {
    if (!explicit && isIgnoredName(path.basename(p))) return;
    if (seen.has('f:' + p)) return;
    seen.add('f:' + p);
    out.push({ path: p });
  };
  /**
   * A folder's files, and its subfolders' in place. `knownReal` is its real path when known: a subfolder reached
   * by a plain directory entry is its parent's real path plus its name, so only inputs and links are resolved.
   */
  async function* listDir(p: string, knownReal: string | null): AsyncGenerator<FoundFile[]> {
    // Guard against symlink cycles by real path.
    let real = knownReal ?? p;
    if (knownReal === null) {
      try {
        real = await fs.realpath(p);
      } catch {
        /* keep p */
      }
    }
    if (seen.has('d:' + real)) return;
    seen.add('d:' + real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(p, { withFileTypes: true });
    } catch (err) {
      out.push({ path: p, ...describeFsError(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const child = path.join(p, e.name);
      if (e.isFile()) addFile(child, false);
      else if (e.isDirectory()) yield* listDir(child, path.join(real, e.name));
      else if (e.isSymbolicLink()) yield* visit(child, false);
      // Sockets, FIFOs and devices are never documents (and opening a FIFO would block).
      if (out.length >= FOUND_BATCH) {
        yield out;
        out = [];
      }
    }
  }
  /** An input or a symbolic link: stat-ed (following the link) to learn whether it is a file or a folder. */
  async function* visit(p: string, explicit: boolean): AsyncGenerator<FoundFile[]> {
    let st;
    try {
      st = await fs.stat(p);
    } catch (err) {
      out.push({ path: p, ...describeFsError(err) });
      return;
    }
    if (st.isDirectory()) yield* listDir(p, null);
    else if (st.isFile()) addFile(p, explicit);
  }
  for (const input of inputs) yield* visit(path.resolve(input), true);
  if (out.length) yield out;
}

/**
 * Every candidate file under the given paths with its size and modification time, one at a time, in the order
 * of walkFiles. For callers that want the sizes before reading (the cost estimate); ingest reads them itself.
 */
export async function* walkInputs(inputs: string[]): AsyncGenerator<WalkEntry> {
  for await (const batch of walkFiles(inputs)) {
    for (const f of batch) {
      if (f.error !== undefined) {
        yield f;
        continue;
      }
      try {
        const st = await fs.stat(f.path);
        yield { path: f.path, size: st.size, mtime: Math.round(st.mtimeMs) };
      } catch (err) {
        yield { path: f.path, ...describeFsError(err) };
      }
    }
  }
}

/** True when walking the inputs finds at least one file (or an entry that cannot be read, which is reported). */
export async function hasAnyFile(inputs: string[]): Promise<boolean> {
  for await (const entry of walkInputs(inputs)) {
    void entry;
    return true;
  }
  return false;
}

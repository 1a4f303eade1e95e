import type { Dirent } from 'node:fs';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The walk itself, with blocking calls: it runs in a walker thread (walk.ts starts it; reader-thread.ts runs it),
 * never on the engine's thread, where a folder on a hung network share would freeze the window. Node built-ins only,
 * so the reader thread's bundle stays small.
 */

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
export const FOUND_BATCH = 512;

/**
 * Every candidate file under the given paths, depth first in name order (stable, so a resumed ingest walks
 * the same files in the same order), in batches. One readdir with file types per directory and no stat per
 * file: the type comes from the directory entry (Node lstat-s an entry the file system gives no type for), and
 * only inputs and symbolic links are stat-ed to learn what they point to. Directories that cannot be listed,
 * inputs that do not exist and broken links are reported as entries with an error. Blocking: run it in a thread.
 */
export function* walkTree(inputs: string[]): Generator<FoundFile[]> {
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  let out: FoundFile[] = [];
  const addFile = (p: string, explicit: boolean) => {
    if (!explicit && isIgnoredName(path.basename(p))) return;
    if (seenFiles.has(p)) return;
    seenFiles.add(p);
    out.push({ path: p });
  };
  /**
   * A folder's files, and its subfolders' in place. `knownReal` is its real path when known: a subfolder reached
   * by a plain directory entry is its parent's real path plus its name, so only inputs and links are resolved.
   */
  function* listDir(p: string, knownReal: string | null): Generator<FoundFile[]> {
    // Guard against symlink cycles by real path.
    let real = knownReal ?? p;
    if (knownReal === null) {
      try {
        real = fs.realpathSync.native(p);
      } catch {
        /* keep p */
      }
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = fs.readdirSync(p, { withFileTypes: true });
    } catch (err) {
      out.push({ path: p, ...describeFsError(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // What path.join gives for a plain entry name under a normalised folder path, without normalising again per file.
    const under = p.endsWith(path.sep) ? p : p + path.sep;
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const child = under + e.name;
      // Names the walk skips were left out above, so a file is added without its name being tested again.
      if (e.isFile()) {
        if (!seenFiles.has(child)) {
          seenFiles.add(child);
          out.push({ path: child });
        }
      } else if (e.isDirectory()) yield* listDir(child, (real.endsWith(path.sep) ? real : real + path.sep) + e.name);
      else if (e.isSymbolicLink()) yield* visit(child, false);
      // Sockets, FIFOs and devices are never documents (and opening a FIFO would block).
      if (out.length >= FOUND_BATCH) {
        yield out;
        out = [];
      }
    }
  }
  /** An input or a symbolic link: stat-ed (following the link) to learn whether it is a file or a folder. */
  function* visit(p: string, explicit: boolean): Generator<FoundFile[]> {
    let st;
    try {
      st = fs.statSync(p);
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

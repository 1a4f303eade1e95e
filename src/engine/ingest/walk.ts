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

function describeFsError(err: unknown): { error: string; code?: string } {
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

/**
 * Every candidate file under the given paths, depth first in name order (stable, so a resumed ingest walks
 * the same files in the same order). Directories that cannot be listed are reported as entries with an error.
 */
export async function* walkInputs(inputs: string[]): AsyncGenerator<WalkEntry> {
  const seen = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(input);
    yield* walkOne(abs, seen, true);
  }
}

async function* walkOne(p: string, seen: Set<string>, explicit: boolean): AsyncGenerator<WalkEntry> {
  let st;
  try {
    st = await fs.stat(p);
  } catch (err) {
    yield { path: p, ...describeFsError(err) };
    return;
  }
  if (st.isDirectory()) {
    // Guard against symlink cycles by real path.
    let real = p;
    try {
      real = await fs.realpath(p);
    } catch {
      /* keep p */
    }
    if (seen.has('d:' + real)) return;
    seen.add('d:' + real);
    let names: string[];
    try {
      names = await fs.readdir(p);
    } catch (err) {
      yield { path: p, ...describeFsError(err) };
      return;
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      if (isIgnoredName(name)) continue;
      yield* walkOne(path.join(p, name), seen, false);
    }
    return;
  }
  if (!st.isFile()) return;
  if (!explicit && isIgnoredName(path.basename(p))) return;
  if (seen.has('f:' + p)) return;
  seen.add('f:' + p);
  yield { path: p, size: st.size, mtime: Math.round(st.mtimeMs) };
}

/** True when walking the inputs finds at least one file (or an entry that cannot be read, which is reported). */
export async function hasAnyFile(inputs: string[]): Promise<boolean> {
  for await (const entry of walkInputs(inputs)) {
    void entry;
    return true;
  }
  return false;
}

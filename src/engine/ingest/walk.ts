import fs from 'node:fs/promises';
import { walkInThread } from './read-files.js';
import { describeFsError, type FoundFile, type WalkEntry } from './walk-tree.js';

export { describeFsError, isIgnoredName, type FoundFile, type WalkEntry } from './walk-tree.js';

/**
 * Every candidate file under the given paths, depth first in name order, in batches: walk-tree.ts's walk, run in a
 * thread of its own (read-files.ts, walkInThread). Stopping early (a `break` or `return` in the loop) ends the thread.
 */
export async function* walkFiles(inputs: string[]): AsyncGenerator<FoundFile[]> {
  const walk = walkInThread(inputs);
  try {
    for (let batch = await walk.next(); batch; batch = await walk.next()) yield batch;
  } finally {
    walk.stop();
  }
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

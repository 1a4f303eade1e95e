import path from 'node:path';
import type { FileKind } from '../read/tasks.js';
import { containerKind, expandFile, type DerivedFile } from './containers.js';
import { DEFAULT_MAX_FILE_BYTES } from './ingest.js';
import { readFiles } from './read-files.js';
import { SNIFF_BYTES, sniffBytes } from './sniff.js';
import { walkFiles } from './walk.js';

/**
 * The documents a batch of these paths would read, for the cost estimate: each file Docket reads, and what the
 * e-mails (.eml, .msg) and ZIP archives among them hold, opened as ingest opens them (found by the same walk, read
 * by the same reader threads: size, hash and first bytes in one read; the same limits, nested containers too) but
 * saved under `scratchDir`, which the caller removes: an estimate writes nothing to the data folder. Files it
 * cannot read or does not take are left out, as a batch would skip them.
 */
export async function documentFilesFor(paths: string[], scratchDir: string): Promise<Array<{ path: string; kind: FileKind }>> {
  const out: Array<{ path: string; kind: FileKind }> = [];
  const take = (files: DerivedFile[]) => {
    for (const f of files) {
      if (f.sniffed.kind) out.push({ path: f.path, kind: f.sniffed.kind });
      if (f.expanded?.ok) take(f.expanded.files);
    }
  };
  for await (const found of walkFiles(paths)) {
    const files = found.filter((f) => f.error === undefined).map((f) => f.path);
    const reads = await readFiles(files, DEFAULT_MAX_FILE_BYTES, SNIFF_BYTES);
    for (const [i, read] of reads.entries()) {
      if (!read.ok || read.size === 0 || read.sha256 === null) continue;
      const file = files[i]!;
      const name = path.basename(file);
      const sniffed = await sniffBytes(read.head, name);
      if (sniffed.kind) {
        out.push({ path: file, kind: sniffed.kind });
        continue;
      }
      const kind = containerKind(sniffed, name, read.head);
      if (!kind) continue;
      const x = await expandFile(kind, file, read.sha256, { derivedDir: scratchDir, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
      if (x.ok) take(x.files);
    }
  }
  return out;
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileKind } from '../read/tasks.js';
import { containerKind, expandFile, type DerivedFile } from './containers.js';
import { DEFAULT_MAX_FILE_BYTES } from './ingest.js';
import { SNIFF_BYTES, sniffBytes } from './sniff.js';
import { walkInputs } from './walk.js';

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function headOf(file: string): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * The documents a batch of these paths would read, for the cost estimate: each file Docket reads, and what the
 * e-mails (.eml, .msg) and ZIP archives among them hold, opened as ingest opens them (the same limits, nested
 * containers too) but saved under `scratchDir`, which the caller removes: an estimate writes nothing to the data
 * folder. Files it cannot read or does not take are left out, as a batch would skip them.
 */
export async function documentFilesFor(paths: string[], scratchDir: string): Promise<Array<{ path: string; kind: FileKind }>> {
  const out: Array<{ path: string; kind: FileKind }> = [];
  const take = (files: DerivedFile[]) => {
    for (const f of files) {
      if (f.sniffed.kind) out.push({ path: f.path, kind: f.sniffed.kind });
      if (f.expanded?.ok) take(f.expanded.files);
    }
  };
  for await (const e of walkInputs(paths)) {
    if (e.error !== undefined || e.size === 0) continue;
    const head = await headOf(e.path).catch(() => null);
    if (!head) continue;
    const sniffed = await sniffBytes(head, path.basename(e.path));
    if (sniffed.kind) {
      out.push({ path: e.path, kind: sniffed.kind });
      continue;
    }
    const kind = containerKind(sniffed, path.basename(e.path), head);
    if (!kind) continue;
    const x = await expandFile(kind, e.path, await sha256Of(e.path), { derivedDir: scratchDir, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    if (x.ok) take(x.files);
  }
  return out;
}

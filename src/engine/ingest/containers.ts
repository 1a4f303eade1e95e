import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { emailText, parseEml, parseMsg, type ParsedEmail } from './email.js';
import { extensionOf } from './formats.js';
import { sniffBytes, SNIFF_BYTES, type Sniffed } from './sniff.js';
import { isIgnoredName } from './walk.js';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from './zip.js';

/** Files that hold other files: their contents become documents linked to them. */
export type ContainerKind = 'eml' | 'msg' | 'zip';

/** An archive in an e-mail in an archive...: beyond this depth, contents are not opened. */
export const MAX_CONTAINER_DEPTH = 3;

/** Header names an RFC 5322 message starts with (an .eml saved without its extension, or a .txt). */
const MAIL_HEADER =
  /^(return-path|received|from|to|subject|date|message-id|mime-version|delivered-to|x-[\w-]+|reply-to|dkim-signature|arc-[\w-]+|authentication-results):/i;

/** Whether a file Docket does not read as a document is an e-mail or an archive whose contents it takes. */
export function containerKind(sniffed: Sniffed, fileName: string, head: Uint8Array): ContainerKind | null {
  if (sniffed.kind !== null) return null;
  const ext = extensionOf(fileName);
  // A .docx / .xlsx is a ZIP to the sniff too: only a file named .zip, or unnamed, is opened as an archive.
  if (sniffed.mime === 'application/zip' && (ext === '.zip' || ext === '')) return 'zip';
  if (sniffed.mime === 'application/x-cfb' && ext === '.msg') return 'msg';
  if (ext === '.eml' || sniffed.mime === 'message/rfc822') return 'eml';
  const start = Buffer.from(head.subarray(0, 200)).toString('latin1');
  if (!sniffed.mime && MAIL_HEADER.test(start) && /\n(from|subject|date):/i.test('\n' + Buffer.from(head).toString('latin1'))) return 'eml';
  return null;
}

/** One file taken out of a container, saved under the data folder. */
export interface DerivedFile {
  origin: 'attachment' | 'zip-entry';
  /** The attachment's file name, or the entry's path inside the archive. */
  originName: string;
  /** Where its bytes were saved: under the data folder's derived/, named by content, never by the entry's path. */
  path: string;
  name: string;
  size: number;
  sha256: string;
  sniffed: Sniffed;
  /** The file is itself a container, opened in turn (an archive attached to an e-mail). */
  expanded: Expansion | null;
}

export type Expansion =
  | { kind: 'eml' | 'msg'; ok: true; email: Omit<ParsedEmail, 'attachments'>; text: string; files: DerivedFile[]; leftOut: string[] }
  | { kind: 'zip'; ok: true; files: DerivedFile[]; leftOut: string[]; refused: Array<{ name: string; reason: string }> }
  | { kind: ContainerKind; ok: false; reason: string };

export interface ExpandOptions {
  /** The data folder's derived/ directory. */
  derivedDir: string;
  /** Entries above this are left out (the batch's file size limit). */
  maxFileBytes: number;
  zipLimits?: ZipLimits;
  depth?: number;
}

/** A file name safe on every file system, kept recognisable: the base name only, odd characters replaced. */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^\.+/, '_')
    .slice(-120);
  return cleaned.trim() || 'file';
}

/**
 * Save one contained file under derivedDir/<its sha256>/<container>-<n>-<name>. The directory is the content
 * hash and the name is a base name with nothing but safe characters, so no entry name reaches outside it. The
 * container's hash in the name keeps the same attachment of two e-mails apart (both are recorded; the second
 * as a duplicate of the first).
 */
async function saveDerived(
  bytes: Uint8Array,
  name: string,
  containerSha: string,
  index: number,
  derivedDir: string,
): Promise<{ path: string; sha256: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = path.join(derivedDir, sha256.slice(0, 2), sha256);
  const file = path.join(dir, `${containerSha.slice(0, 12)}-${index + 1}-${safeFileName(name)}`);
  const rel = path.relative(derivedDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to write outside the data folder: ${name}`);
  await fs.mkdir(dir, { recursive: true });
  // Written once: a file already there holds these very bytes (its folder is their hash).
  await fs.writeFile(file, bytes, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return { path: file, sha256 };
}

/** Saves contained files one at a time, numbering them, and collects what was taken and what was left out. */
class Deriver {
  readonly files: DerivedFile[] = [];
  readonly leftOut: string[] = [];
  private index = 0;

  constructor(
    private readonly origin: DerivedFile['origin'],
    private readonly containerSha: string,
    private readonly opts: ExpandOptions,
  ) {}

  async add(item: { name: string; bytes: Uint8Array }): Promise<void> {
    const i = this.index++;
    const opts = this.opts;
    const base = safeFileName(item.name);
    if (isIgnoredName(base)) return void this.leftOut.push(`${item.name} (hidden or system file)`);
    if (item.bytes.length === 0) return void this.leftOut.push(`${item.name} (empty)`);
    if (item.bytes.length > opts.maxFileBytes) return void this.leftOut.push(`${item.name} (too large)`);
    const saved = await saveDerived(item.bytes, item.name, this.containerSha, i, opts.derivedDir);
    const sniffed = await sniffBytes(item.bytes.subarray(0, SNIFF_BYTES), base);
    const depth = (opts.depth ?? 0) + 1;
    const kind = containerKind(sniffed, base, item.bytes.subarray(0, SNIFF_BYTES));
    const expanded =
      kind === null
        ? null
        : depth >= MAX_CONTAINER_DEPTH
          ? ({ kind, ok: false, reason: `nested ${MAX_CONTAINER_DEPTH} levels deep: not opened` } as const)
          : await expandBytes(kind, item.bytes, saved.sha256, { ...opts, depth });
    this.files.push({
      origin: this.origin,
      originName: item.name,
      path: saved.path,
      name: base,
      size: item.bytes.length,
      sha256: saved.sha256,
      sniffed,
      expanded,
    });
  }
}

/** A ZIP read from a file or from memory; each entry is saved as it inflates, so memory holds one entry at a time. */
async function expandZip(source: Uint8Array | string, sha256: string, opts: ExpandOptions): Promise<Expansion> {
  const d = new Deriver('zip-entry', sha256, opts);
  const z = await readZip(source, { ...(opts.zipLimits ?? DEFAULT_ZIP_LIMITS), maxEntryBytes: opts.maxFileBytes }, (f) => d.add(f));
  if (!z.ok) return { kind: 'zip', ok: false, reason: z.reason };
  return { kind: 'zip', ok: true, files: d.files, leftOut: d.leftOut, refused: z.refused };
}

/** Open a container held in memory and save what it holds. Never throws: a damaged container says why. */
export async function expandBytes(kind: ContainerKind, bytes: Uint8Array, sha256: string, opts: ExpandOptions): Promise<Expansion> {
  try {
    if (kind === 'zip') return await expandZip(bytes, sha256, opts);
    const parsed = kind === 'eml' ? await parseEml(bytes) : parseMsg(bytes);
    const { attachments, ...email } = parsed;
    const d = new Deriver('attachment', sha256, opts);
    for (const a of attachments) await d.add(a);
    return { kind, ok: true, email, text: emailText(parsed), files: d.files, leftOut: d.leftOut };
  } catch (err) {
    const what = kind === 'zip' ? 'ZIP archive' : kind === 'msg' ? 'Outlook message' : 'e-mail';
    return { kind, ok: false, reason: `damaged ${what}: ${(err as Error).message}` };
  }
}

/** Read a container from disk (read-only) and open it; a ZIP is read in place, not loaded whole. */
export async function expandFile(kind: ContainerKind, file: string, sha256: string, opts: ExpandOptions): Promise<Expansion> {
  if (kind === 'zip')
    return expandZip(file, sha256, opts).catch(
      (err: Error) => ({ kind, ok: false, reason: `damaged ZIP archive: ${err.message}` }) as const,
    );
  const bytes = await fs.readFile(file);
  return expandBytes(kind, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), sha256, opts);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The container's own status and reason once its contents are recorded. */
export function containerVerdict(x: Expansion): ['skipped' | 'failed', string] {
  if (!x.ok) return ['failed', x.reason];
  const taken = x.files.length;
  const out = [...x.leftOut, ...(x.kind === 'zip' ? x.refused.map((r) => `${r.name} (${r.reason})`) : [])];
  const tail = out.length ? `; left out: ${out.slice(0, 5).join(', ')}${out.length > 5 ? ` and ${out.length - 5} more` : ''}` : '';
  if (x.kind === 'zip') return ['skipped', `ZIP archive: ${plural(taken, 'file')} taken as documents${tail}`];
  const from = x.email.sender ? ` from ${x.email.sender}` : '';
  const subject = x.email.subject ? ` "${x.email.subject}"` : '';
  return ['skipped', `e-mail${from}${subject}: ${plural(taken, 'attachment')} taken as documents${tail}`];
}

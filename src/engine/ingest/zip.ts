import yauzl from 'yauzl';

/**
 * Limits on what one archive may hold. A ZIP is hostile input: its central directory may promise small files
 * that inflate to gigabytes (a zip bomb), hold millions of entries, or name entries "../../x" or "C:\x" to land
 * outside the folder they are unpacked into. Entries here are read into memory and written only under the data
 * folder by their content hash, never by their name.
 */
export interface ZipLimits {
  /** Entries (files and folders) in one archive. */
  maxEntries: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry (the batch's file size limit). */
  maxEntryBytes: number;
  /** Uncompressed / compressed size of one entry; checked for entries above RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxEntryBytes: 500 * 1024 * 1024,
  // PDFs and scans barely compress (1-3x); XML and text 5-20x. A thousandfold is only ever a bomb.
  maxRatio: 200,
};

/** Small entries are allowed any ratio: a 40 KB run of spaces is no threat and some tools produce it. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface ZipEntryFile {
  /** The entry's path inside the archive, as stored ("invoices/2024/a.pdf"). */
  name: string;
  bytes: Uint8Array;
}

export interface ZipRefusedEntry {
  name: string;
  reason: string;
}

export type ZipReading =
  /** `files` is empty when an onFile callback took each entry as it came. */
  | { ok: true; files: ZipEntryFile[]; refused: ZipRefusedEntry[] }
  /** The whole archive is refused: a bomb, too many entries, damaged. */
  | { ok: false; reason: string };

/** Why an entry's name may not be used, or null: absolute, a drive letter, "..", or a NUL byte. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'entry name holds a NUL byte';
  const norm = name.replace(/\\/g, '/');
  if (norm.startsWith('/') || /^[a-z]:/i.test(norm)) return 'entry name is an absolute path';
  if (norm.split('/').includes('..')) return 'entry name climbs out of the archive (../)';
  return null;
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function open(source: Uint8Array | string): Promise<yauzl.ZipFile> {
  // Names are decoded here, not by yauzl: its strict check fails the whole archive on one bad name.
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile) => (err || !zip ? reject(err ?? new Error('cannot open')) : resolve(zip));
    if (typeof source === 'string') yauzl.open(source, options, done);
    else yauzl.fromBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options, done);
  });
}

/** The entry's name: UTF-8 when the archive says so (bit 11), else code page 437 approximated by Latin-1. */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** Inflate one entry, counting the bytes that actually come out: a header that lies about the size is caught. */
function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('cannot read entry'));
      const chunks: Buffer[] = [];
      let n = 0;
      stream.on('data', (c: Buffer) => {
        n += c.length;
        if (n > maxBytes) {
          stream.destroy(new Error(`expands beyond ${mb(maxBytes)}`));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}

/**
 * Every file entry of a ZIP held in memory, within the limits. Folders are walked through (their files keep
 * their path as the name); unsafe names, encrypted and symbolic-link entries are left out with a reason. A
 * limit crossed refuses the whole archive with the reason, before anything inflates where the central
 * directory already tells (count, declared sizes, ratio), and while inflating where it lied.
 */
export async function readZip(
  source: Uint8Array | string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  /** Takes each entry as it is inflated (saving it), so memory holds one at a time; without it, all are returned. */
  onFile?: (f: ZipEntryFile) => Promise<void>,
): Promise<ZipReading> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(source);
  } catch (err) {
    return { ok: false, reason: `damaged ZIP archive: ${(err as Error).message}` };
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    return { ok: false, reason: `ZIP archive holds ${zip.entryCount} entries (limit ${limits.maxEntries})` };
  }
  const files: ZipEntryFile[] = [];
  const refused: ZipRefusedEntry[] = [];
  let total = 0;
  return new Promise<ZipReading>((resolve) => {
    let done = false;
    const finish = (r: ZipReading) => {
      if (done) return;
      done = true;
      zip.close();
      resolve(r);
    };
    zip.on('error', (err: Error) => finish({ ok: false, reason: `damaged ZIP archive: ${err.message}` }));
    zip.on('end', () => finish({ ok: true, files, refused }));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entryName(entry);
      const next = () => zip.readEntry();
      if (name.endsWith('/') || name.endsWith('\\')) return next();
      const unsafe = unsafeEntryName(name);
      if (unsafe) {
        refused.push({ name, reason: `${unsafe}: not extracted` });
        return next();
      }
      // Unix mode in the high bits of the external attributes: 0o120000 is a symbolic link.
      if (((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000) {
        refused.push({ name, reason: 'symbolic link: not followed' });
        return next();
      }
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        refused.push({ name, reason: 'encrypted entry: cannot be read without its password' });
        return next();
      }
      const size = entry.uncompressedSize;
      if (size > limits.maxEntryBytes) {
        refused.push({ name, reason: `file too large: ${mb(size)} (limit ${mb(limits.maxEntryBytes)})` });
        return next();
      }
      const ratio = entry.compressedSize > 0 ? size / entry.compressedSize : size > 0 ? Infinity : 1;
      if (size > RATIO_FLOOR_BYTES && ratio > limits.maxRatio)
        return finish({
          ok: false,
          reason: `ZIP archive refused: "${name}" would expand ${Number.isFinite(ratio) ? Math.round(ratio) : 'without limit'} times (limit ${limits.maxRatio}), the mark of a zip bomb`,
        });
      if (total + size > limits.maxTotalBytes)
        return finish({ ok: false, reason: `ZIP archive refused: its files add up to more than ${mb(limits.maxTotalBytes)}` });
      // The declared size bounds the inflation (yauzl checks the count matches), and so does the ratio's worth.
      const bound = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total, Math.max(size, RATIO_FLOOR_BYTES));
      readEntry(zip, entry, bound)
        .then(async (data) => {
          total += data.length;
          if (onFile) await onFile({ name, bytes: data });
          else files.push({ name, bytes: data });
        })
        .then(
          () => next(),
          (err: Error) =>
            finish({
              ok: false,
              reason: `ZIP archive refused: "${name}" ${err.message.includes('expands') ? err.message : `cannot be read (${err.message})`}`,
            }),
        );
    });
    zip.readEntry();
  });
}

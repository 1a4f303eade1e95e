/**
 * A worker's copy of a job's file. The path itself when this machine can see it (a UNC share, the same disk)
 * and its bytes hash to the job's sha256; otherwise a download from the coordinator's byte server, bounded in
 * size, checked against the hash, and kept in a small cache so a scan's ten page jobs fetch it once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeByteToken, TOKEN_HEADER } from './byte-token.js';
import type { JobSource } from './protocol.js';

/**
 * Why a job's bytes could not be had. `permanent`: no retry can fix it (too large). `unreachable`: the
 * coordinator is not answering (restarting, network): the job waits for it without using up its tries.
 */
export class FileAccessError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly unreachable = false,
  ) {
    super(message);
    this.name = 'FileAccessError';
  }
}

export interface WorkerFilesOptions {
  secret: string;
  cacheDir: string;
  /** Never read the job's path directly, always download (a worker whose view of the paths is not trusted). */
  fetchOnly?: boolean;
  maxBytes: number;
  /** Bytes kept in the download cache before the least recently used files go. */
  cacheBytes?: number;
  /**
   * The byte server's address as the coordinator last published it: a restarted coordinator may listen
   * elsewhere than the URL a queued job was given. Null falls back to the job's URL.
   */
  coordinatorUrl?: () => Promise<string | null>;
}

async function sha256OfFile(p: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(p)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export class WorkerFiles {
  private readonly inflight = new Map<string, Promise<string>>();
  /** Downloaded files, least recently used first (Map keeps insertion order). */
  private readonly cached = new Map<string, number>();
  private cachedBytes = 0;
  /** Hashes of paths read directly, by path + size + mtime, so a ten-page scan is hashed once. */
  private readonly directHashes = new Map<string, string>();
  /** Files fetched over HTTP and bytes moved, for the worker's log line. */
  downloads = 0;
  downloadedBytes = 0;

  constructor(private readonly opts: WorkerFilesOptions) {
    fs.mkdirSync(opts.cacheDir, { recursive: true });
  }

  /** A local path holding exactly the bytes the job names. */
  async localPath(source: JobSource): Promise<string> {
    if (source.size > this.opts.maxBytes)
      throw new FileAccessError(`the file is ${source.size} bytes, above this worker's limit of ${this.opts.maxBytes}`, true);
    if (!this.opts.fetchOnly) {
      const direct = await this.directPath(source);
      if (direct) return direct;
    }
    const hit = this.cached.get(source.sha256);
    const file = path.join(this.opts.cacheDir, source.sha256);
    if (hit !== undefined && fs.existsSync(file)) {
      this.cached.delete(source.sha256);
      this.cached.set(source.sha256, hit);
      return file;
    }
    let p = this.inflight.get(source.sha256);
    if (!p) {
      p = this.download(source, file).finally(() => this.inflight.delete(source.sha256));
      this.inflight.set(source.sha256, p);
    }
    return p;
  }

  private async directPath(source: JobSource): Promise<string | null> {
    try {
      const st = await fs.promises.stat(source.path);
      if (!st.isFile() || st.size !== source.size) return null;
      const key = `${source.path}\0${st.size}\0${st.mtimeMs}`;
      let sha = this.directHashes.get(key);
      if (!sha) {
        sha = await sha256OfFile(source.path);
        if (this.directHashes.size > 10_000) this.directHashes.clear();
        this.directHashes.set(key, sha);
      }
      return sha === source.sha256 ? source.path : null;
    } catch {
      return null;
    }
  }

  private async download(source: JobSource, file: string): Promise<string> {
    const base = await this.opts.coordinatorUrl?.().catch(() => null);
    const url = base ? `${base.replace(/\/$/, '')}/v1/bytes/${source.sha256}` : source.url;
    const res = await fetch(url, {
      headers: { [TOKEN_HEADER]: makeByteToken(this.opts.secret, source.sha256) },
      signal: AbortSignal.timeout(120_000),
    }).catch((err: unknown) => {
      throw new FileAccessError(`the coordinator's byte server did not answer (${(err as Error).message})`, false, true);
    });
    if (res.status === 403) {
      await res.body?.cancel();
      throw new FileAccessError("the coordinator refused this worker's shared secret (403): check DOCKET_QUEUE_SECRET", true);
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new FileAccessError(`the coordinator's byte server answered ${res.status} for the file`, res.status === 413);
    }
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.part`;
    const out = fs.createWriteStream(tmp);
    const h = crypto.createHash('sha256');
    let n = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        n += chunk.byteLength;
        if (n > source.size || n > this.opts.maxBytes)
          throw new FileAccessError(
            n > this.opts.maxBytes
              ? 'the byte server sent more bytes than this worker accepts'
              : 'the byte server sent more bytes than the file had when it was added (the file changed since it was added?)',
            false,
          );
        h.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (h.digest('hex') !== source.sha256)
        throw new FileAccessError(
          'the bytes the coordinator sent do not match the content hash (the file changed since it was added?)',
          false,
        );
      fs.renameSync(tmp, file);
    } catch (err) {
      out.destroy();
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    this.downloads += 1;
    this.downloadedBytes += n;
    this.remember(source.sha256, n);
    return file;
  }

  private remember(sha: string, size: number): void {
    this.cached.set(sha, size);
    this.cachedBytes += size;
    const cap = this.opts.cacheBytes ?? 2 * 1024 * 1024 * 1024;
    for (const [old, oldSize] of this.cached) {
      if (this.cachedBytes <= cap || old === sha) break;
      this.cached.delete(old);
      this.cachedBytes -= oldSize;
      fs.rmSync(path.join(this.opts.cacheDir, old), { force: true });
    }
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

/** The output path is unusable (missing folder, no permission, a folder where a file should be). */
export class ExportPathError extends Error {
  override name = 'ExportPathError';
}

/**
 * An output file written under a temporary name and renamed into place on success, so an interrupted or
 * failed export never leaves a truncated file that looks finished. write() waits for the disk when the
 * stream's buffer is full: that is what keeps a 100k-document export in bounded memory.
 */
export class FileSink {
  readonly stream: fs.WriteStream;
  private readonly tmp: string;
  private failed: Error | null = null;

  private constructor(
    readonly file: string,
    tmp: string,
    stream: fs.WriteStream,
  ) {
    this.tmp = tmp;
    this.stream = stream;
    stream.on('error', (err) => {
      this.failed = err;
    });
  }

  static async open(file: string): Promise<FileSink> {
    const abs = path.resolve(file);
    const dir = path.dirname(abs);
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(abs);
    } catch {
      /* a new file */
    }
    if (st?.isDirectory()) throw new ExportPathError(`cannot write ${abs}: it is a folder`);
    try {
      if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new ExportPathError(`cannot write ${abs}: folder ${dir} does not exist`);
    }
    const tmp = path.join(dir, `.${path.basename(abs)}.${process.pid}.part`);
    const stream = fs.createWriteStream(tmp);
    try {
      await once(stream, 'open');
    } catch (err) {
      throw new ExportPathError(`cannot write ${abs}: ${(err as Error).message}`, { cause: err });
    }
    return new FileSink(abs, tmp, stream);
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(chunk)) await this.drain();
  }

  /** Wait until the stream has flushed what it holds (used by writers that push into the stream themselves). */
  async drain(): Promise<void> {
    if (this.failed) throw this.failed;
    // events.once rejects if 'error' fires first.
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async finish(): Promise<string> {
    if (this.failed) throw this.failed;
    if (!this.stream.writableEnded) {
      this.stream.end();
    }
    if (!this.stream.closed) await once(this.stream, 'close');
    if (this.failed) throw this.failed;
    try {
      fs.renameSync(this.tmp, this.file);
    } catch (err) {
      fs.rmSync(this.tmp, { force: true });
      // Windows refuses to replace a file that Excel has open.
      throw new ExportPathError(`cannot replace ${this.file} (is it open in another program?): ${(err as Error).message}`, { cause: err });
    }
    return this.file;
  }

  abort(): void {
    this.stream.destroy();
    try {
      fs.rmSync(this.tmp, { force: true });
    } catch {
      /* best effort */
    }
  }
}

/** Lets I/O callbacks and stream pipes run between synchronous bursts of rows. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

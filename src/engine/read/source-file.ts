/** Reads an input file whole, mapping I/O errors and zero-byte files to failures. */
import { readFile } from 'node:fs/promises';
import { fail, TaskFailureError, fromFsError } from './failures.js';

export async function readSourceFile(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new TaskFailureError(fromFsError(err, path));
  }
  if (bytes.length === 0) fail('empty', 'the file is empty (0 bytes)');
  return bytes;
}

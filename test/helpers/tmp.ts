import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder removed after the test file finishes (call in beforeAll / per test). */
export function tmpDir(prefix = 'docket-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const EVAL = path.resolve(ROOT, '..', 'shared', 'eval');
export const BIN = path.join(ROOT, 'bin', 'docket.js');

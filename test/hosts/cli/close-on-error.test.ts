import { describe, expect, it } from 'vitest';
import { closeOpenEngines, openEngine, openReadOnly } from '../../../src/hosts/cli/open-engine.js';
import { tmpDir } from '../../helpers/tmp.js';

// main() closes what a failing command left open before it returns its exit code: a process that exits while a
// worker thread still loads its module aborts Node (exit 134) instead of printing the error it had.
describe('closeOpenEngines (the CLI error path)', () => {
  it('closes every engine the commands opened, started or not, and releases the data folder', async () => {
    const data = tmpDir();
    const writer = await openEngine(data, { workers: 1 });
    await writer.start();
    const reader = await openReadOnly(data);
    await closeOpenEngines();
    // closed: their connections refuse work, and the folder's lock is free for the next command at once
    await expect(writer.listBatches()).rejects.toThrow();
    await expect(reader.listBatches()).rejects.toThrow();
    const next = await openEngine(data, { workers: 1 });
    expect(await next.listBatches()).toEqual([]);
    await closeOpenEngines();
    await expect(next.listBatches()).rejects.toThrow();
  });

  it('leaves nothing to do when every engine was closed by its command', async () => {
    const e = await openEngine(tmpDir(), { workers: 1 });
    await e.close();
    await expect(closeOpenEngines()).resolves.toBeUndefined();
  });
});

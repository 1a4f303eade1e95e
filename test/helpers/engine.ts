import { Engine } from '../../src/engine/engine.js';
import type { DocumentRow } from '../../src/contract/domain.js';
import { tmpDir } from './tmp.js';

/** Process paths in a fresh data folder with the real engine (built worker bundle) and return every row. */
export async function processPaths(paths: string[], opts: { workers?: number; dataDir?: string } = {}) {
  const engine = await Engine.open({ dataDir: opts.dataDir ?? tmpDir('docket-engine-'), workers: opts.workers ?? 2 });
  await engine.start();
  const batch = await engine.createBatch({ paths });
  await engine.waitForBatch(batch.id);
  const rows: DocumentRow[] = [];
  let after: string | null = null;
  do {
    const page = await engine.listDocuments({ batchId: batch.id, after, limit: 200 });
    rows.push(...page.rows);
    after = page.next;
  } while (after);
  return { engine, batchId: batch.id, rows, summary: engine.getBatchSync(batch.id)! };
}

/**
 * Close the engine; the error when it does not close in time, returned rather than thrown so that a test's own
 * failure, when there is one, is what it reports.
 */
export async function closeWithin(engine: Engine, ms: number): Promise<Error | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    engine.close().then(() => null),
    new Promise<Error>((resolve) => {
      timer = setTimeout(() => resolve(new Error(`the coordinator did not close within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

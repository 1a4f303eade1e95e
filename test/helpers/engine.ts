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

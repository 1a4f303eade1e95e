import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

// How the engine teaches: a few reviewed documents at once (the next document already benefits), a large bulk
// review in background slices, and whatever is still queued when the engine closes before it closes.

function seed(engine: Engine, n: number): number[] {
  const db = engine.db;
  db.prepare("INSERT INTO batches (id, name, created_at) VALUES (1, 'b', 1)").run();
  const ids: number[] = [];
  for (let id = 1; id <= n; id++) {
    db.prepare("INSERT INTO documents (id, batch_id, path, name, status, queued_at) VALUES (?, 1, ?, ?, 'needs_review', 1)").run(
      id,
      `/d/${id}.pdf`,
      `${id}.pdf`,
    );
    db.prepare("INSERT INTO pages (document_id, page_index, method) VALUES (?, 0, 'text')").run(id);
    db.prepare('INSERT INTO page_text (document_id, page_index, text) VALUES (?, 0, ?)').run(
      id,
      `FJORDWERK PAPIERHANDEL\nRechnungsbeleg Kennung: FW-${1000 + id}\nSumme fällig: ${id},00 EUR`,
    );
    const field = db.prepare("INSERT INTO fields (document_id, name, value, origin) VALUES (?, ?, ?, 'rules')");
    field.run(id, 'vendor_name', 'Fjordwerk Papierhandel');
    field.run(id, 'document_number', `FW-${1000 + id}`);
    field.run(id, 'total', `${id}.00`);
    ids.push(id);
  }
  return ids;
}

describe('teaching vendors from review actions', () => {
  it('teaches a single correction at once, and a bulk review of many in background slices', async () => {
    const engine = await Engine.open({ dataDir: path.join(tmpDir('docket-teach-'), 'data') });
    const ids = seed(engine, 120);
    await engine.updateField(1, 'total', '1.00');
    expect((await engine.listVendors())[0]).toMatchObject({ name: 'Fjordwerk Papierhandel', learnedFrom: 1 });
    await engine.markReviewed(ids, true);
    // answered before all 120 were taught; the rest follow without blocking the engine
    expect((await engine.listVendors())[0]!.learnedFrom).toBeLessThan(120);
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    const [v] = await engine.listVendors();
    expect(v!.learnedFrom).toBe(120);
    expect(v!.hints.find((h) => h.field === 'total')).toMatchObject({ label: 'Summe fällig', learnedFrom: 120 });
    await engine.close();
  });

  it('teaches what is still queued before closing', async () => {
    const dir = path.join(tmpDir('docket-teach-'), 'data');
    const engine = await Engine.open({ dataDir: dir });
    const ids = seed(engine, 80);
    await engine.markReviewed(ids, true);
    await engine.close();
    const again = await Engine.open({ dataDir: dir, readOnly: true });
    expect((await again.listVendors())[0]!.learnedFrom).toBe(80);
    await again.close();
  });
});

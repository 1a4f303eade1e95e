import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { processPaths } from '../../helpers/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

let engine: Engine;
let batchId: number;
beforeAll(async () => {
  const dir = tmpDir('docket-exp-');
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(dir, `inv-${i}.pdf`), await makeInvoicePdf(100 + i));
  fs.writeFileSync(path.join(dir, 'broken.pdf'), '%PDF-1.4\ngarbage');
  const r = await processPaths([dir], { workers: 1 });
  engine = r.engine;
  batchId = r.batchId;
});
afterAll(async () => engine?.close());

describe('engine exports (what the UI buttons call)', () => {
  it('writes each format into the data folder exports/ with a download name', async () => {
    const csv = await engine.exportDocuments({ format: 'csv', batchId });
    expect(csv.exportName).toMatch(/^batch-\d+-documents-.*\.csv$/);
    expect(csv.path).toBe(path.join(engine.exportsDir, csv.exportName!));
    const text = fs.readFileSync(csv.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('INV-00101');
    expect(csv.documents).toBe(4);
    const xlsx = await engine.exportDocuments({ format: 'xlsx', batchId, status: ['done', 'needs_review'] });
    expect(fs.statSync(xlsx.path).size).toBeGreaterThan(1000);
    expect(xlsx.documents).toBe(3);
    const fails = await engine.exportDocuments({ format: 'failures', batchId });
    expect(fs.readFileSync(fails.path, 'utf8')).toContain('broken.pdf');
    const pdf = await engine.exportDocuments({ format: 'pdf', batchId });
    // Born-digital documents need no searchable copy.
    expect(pdf.documents).toBe(0);
  });

  it('refuses unknown batches and formats with a clear error', async () => {
    await expect(engine.exportDocuments({ format: 'csv', batchId: 999 })).rejects.toThrow(/no batch 999/);
    await expect(engine.exportDocuments({ format: 'docx' as never, batchId })).rejects.toThrow(/unknown export format/);
  });
});

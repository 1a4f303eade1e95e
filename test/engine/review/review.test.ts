import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { processPaths } from '../../helpers/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

let engine: Engine;
let batchId: number;
let ids: Record<string, number>;

beforeAll(async () => {
  const dir = tmpDir('docket-review-');
  const inv = await makeInvoicePdf(7, { vendor: 'Northwind Traders Ltd' });
  fs.writeFileSync(path.join(dir, 'invoice-7.pdf'), inv);
  // The same invoice saved again as a different file (different bytes, same content): not a byte duplicate.
  fs.writeFileSync(path.join(dir, 'invoice-7 scanned copy.pdf'), Buffer.concat([Buffer.from(inv), Buffer.from('\n% re-saved\n')]));
  fs.writeFileSync(path.join(dir, 'invoice-8.pdf'), await makeInvoicePdf(8, { vendor: 'Contoso GmbH', total: '120.00' }));
  const r = await processPaths([dir], { workers: 1 });
  engine = r.engine;
  batchId = r.batchId;
  ids = Object.fromEntries(r.rows.map((d) => [d.name, d.id]));
});
afterAll(async () => engine?.close());

describe('review grid (engine side)', () => {
  it('lists rows with fields as cells, validation flags and possible duplicates across files', async () => {
    const page = await engine.listReviewRows({ batchId, limit: 50 });
    expect(page.total).toBe(3);
    const a = page.rows.find((r) => r.name === 'invoice-7.pdf')!;
    const b = page.rows.find((r) => r.name === 'invoice-7 scanned copy.pdf')!;
    const c = page.rows.find((r) => r.name === 'invoice-8.pdf')!;
    expect(a.cells.document_number?.value).toBe('INV-00007');
    expect(a.cells.total?.value).toBe('300.00');
    expect(a.duplicates).toEqual([expect.objectContaining({ documentId: b.id, why: 'same vendor and number' })]);
    expect(b.duplicates.map((d) => d.documentId)).toEqual([a.id]);
    // invoice-8's total (120.00) does not match subtotal + tax (250 + 50): flagged on its cell.
    expect(c.duplicates).toEqual([]);
    expect((c.cells.total?.flags ?? []).concat(c.issues.map((i) => i.message)).join(' ')).toMatch(/total|sum|add up/i);
  });

  it('reads a page by offset as the documents list does (a jump deep into the grid), cells included', async () => {
    const all = await engine.listReviewRows({ batchId, limit: 50, sort: 'name' });
    const page = await engine.listReviewRows({ batchId, offset: 1, limit: 1, sort: 'name' });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.id)).toEqual([all.rows[1]!.id]);
    expect(page.rows[0]!.cells).toEqual(all.rows[1]!.cells);
    // the cursor after it continues from there
    const next = await engine.listReviewRows({ batchId, after: page.next, limit: 5, sort: 'name' });
    expect(next.rows.map((r) => r.id)).toEqual([all.rows[2]!.id]);
    expect(next.next).toBeNull();
  });

  it('bulk-marks reviewed, sets type and vendor with history, and undoes', async () => {
    const sel = [ids['invoice-7.pdf']!, ids['invoice-8.pdf']!];
    expect(await engine.bulkUpdate(sel, { docType: 'credit_note', vendor: 'Fabrikam Inc', reviewed: true })).toBe(2);
    const d = (await engine.getDocument(ids['invoice-8.pdf']!))!;
    expect(d.docType).toBe('credit_note');
    expect(d.vendor).toBe('Fabrikam Inc');
    expect(d.reviewedAt).not.toBeNull();
    expect(d.status).toBe('done');
    const vendorEdit = d.corrections.find((c) => c.field === 'vendor_name')!;
    expect(vendorEdit).toMatchObject({ oldValue: 'Contoso', newValue: 'Fabrikam Inc', kind: 'bulk' });
    expect(d.fields.find((f) => f.name === 'vendor_name')).toMatchObject({ value: 'Fabrikam Inc', origin: 'user' });

    const undone = await engine.undoCorrection(vendorEdit.id);
    expect(undone.vendor).toBe('Contoso');
    // Back to the machine's reading: origin and confidence as extracted, not a clerk's entry.
    const restored = undone.fields.find((f) => f.name === 'vendor_name')!;
    expect(restored.origin).toBe('rules');
    expect(restored.confidence).toBeLessThan(1);
    expect(undone.corrections.find((c) => c.id === vendorEdit.id)!.revertedBy).toBeGreaterThan(vendorEdit.id);
    expect(undone.corrections.at(-1)).toMatchObject({ kind: 'undo', oldValue: 'Fabrikam Inc', newValue: 'Contoso' });
    await expect(engine.undoCorrection(vendorEdit.id)).rejects.toThrow(/already undone/);
    const typeEdit = undone.corrections.find((c) => c.field === 'doc_type')!;
    expect((await engine.undoCorrection(typeEdit.id)).docType).toBe('invoice');
    // The edit is searchable, the undo too.
    expect((await engine.search('Contoso')).some((h) => h.documentId === ids['invoice-8.pdf'])).toBe(true);
  });

  it('refuses to undo an edit that a later edit has overwritten', async () => {
    const id = ids['invoice-7 scanned copy.pdf']!;
    await engine.updateField(id, 'document_number', 'INV-X1');
    const d = await engine.updateField(id, 'document_number', 'INV-X2');
    const first = d.corrections.find((c) => c.newValue === 'INV-X1')!;
    await expect(engine.undoCorrection(first.id)).rejects.toThrow(/changed again/);
    const fld = d.fields.find((f) => f.name === 'document_number')!;
    expect(fld.value).toBe('INV-X2');
  });
});

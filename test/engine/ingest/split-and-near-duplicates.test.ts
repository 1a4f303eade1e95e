import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../../src/contract/domain.js';
import { Engine } from '../../../src/engine/engine.js';
import { EVAL, tmpDir } from '../../helpers/tmp.js';

const INVOICES = path.join(EVAL, 'invoices');

/**
 * A scanner's batch, made at test time from real invoices: six documents in one PDF, two of them two pages long
 * and a blank separator sheet between the fourth and the fifth.
 */
async function sixInvoicePdf(): Promise<Buffer> {
  const out = await PDFDocument.create();
  const add = async (file: string) => {
    const src = await PDFDocument.load(fs.readFileSync(path.join(INVOICES, file)), { ignoreEncryption: true });
    for (const p of await out.copyPages(src, src.getPageIndices())) out.addPage(p);
  };
  await add('AmazonWebServices.pdf'); // page 1
  await add('AzureInterior.pdf'); // 2
  await add('QualityHosting.pdf'); // 3-4
  await add('coolblue1.pdf'); // 5
  out.addPage([595, 842]); // 6: blank separator
  await add('NetpresseInvoice.pdf'); // 7
  await add('free_fiber.pdf'); // 8-9 ("page 2 of 2")
  return Buffer.from(await out.save());
}

let engine: Engine;
let inbox: string;
let scans: string;
let original: Buffer;

async function rowsOf(batchId: number): Promise<DocumentRow[]> {
  return (await engine.listDocuments({ batchId, limit: 1000 })).rows;
}

beforeAll(async () => {
  inbox = tmpDir('docket-split-in-');
  scans = tmpDir('docket-scan-in-');
  original = await sixInvoicePdf();
  fs.writeFileSync(path.join(inbox, 'scanner batch.pdf'), original);
  engine = await Engine.open({ dataDir: tmpDir('docket-split-data-'), workers: 2 });
  await engine.start();
});

afterAll(async () => {
  await engine?.close();
});

describe('splitting a multi-invoice PDF', () => {
  let batchId: number;
  let containerId: number;

  it('splits a 6-invoice PDF into 6 documents by first-page detection and reads each', async () => {
    const b = await engine.createBatch({
      name: 'scanner',
      paths: [path.join(inbox, 'scanner batch.pdf'), path.join(INVOICES, 'coolblue2.pdf')],
    });
    batchId = b.id;
    await engine.waitForBatch(b.id);
    const rows = await rowsOf(b.id);
    const container = rows.find((r) => r.name === 'scanner batch.pdf')!;
    containerId = container.id;
    expect(container.status).toBe('skipped');
    expect(container.reason).toBe('holds 6 documents: split into pages 1, 2, 3-4, 5, 7, 8-9');
    const d = (await engine.getDocument(container.id))!;
    expect(d.parts!.map((p) => [p.firstPage, p.lastPage, p.origin, p.docNumber])).toEqual([
      [1, 1, 'split-part', '42183017'],
      [2, 2, 'split-part', 'INV/2023/03/0008'],
      [3, 4, 'split-part', '30064443'],
      [5, 5, 'split-part', '993548900'],
      [7, 7, 'split-part', '2022089083'],
      [8, 9, 'split-part', '562044387'],
    ]);
    for (const p of d.parts!) expect(['done', 'needs_review']).toContain(p.status);
    const part = (await engine.getDocument(d.parts![2]!.id))!;
    expect(part.pageCount).toBe(2);
    expect(part.source).toMatchObject({
      origin: 'split-part',
      parentId: container.id,
      parentName: 'scanner batch.pdf',
      firstPage: 3,
      lastPage: 4,
    });
    // a part is extracted from the pages read with the file, not read (for a scan: OCR'd) again
    expect(part.events.map((e) => e.message)).toContain(
      'pages read with scanner batch.pdf, the file this part was split from; not read again',
    );
    expect(part.pages.map((p) => p.text)).toEqual(d.pages.slice(2, 4).map((p) => p.text));
    // the original is only read
    expect(fs.readFileSync(path.join(inbox, 'scanner batch.pdf')).equals(original)).toBe(true);
  }, 120_000);

  it('merges a part with the previous one and splits it again where the clerk says, keeping untouched parts', async () => {
    const before = (await engine.getDocument(containerId))!.parts!;
    const merged = await engine.splitDocument(containerId, [1, 3, 5, 7, 8]);
    expect(merged.parts!.map((p) => [p.firstPage, p.lastPage])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 7],
      [8, 9],
    ]);
    // parts whose pages did not change keep their id and reading
    expect(merged.parts!.find((p) => p.firstPage === 3)!.id).toBe(before[2]!.id);
    expect(merged.parts!.find((p) => p.firstPage === 8)!.id).toBe(before[5]!.id);
    await engine.waitForBatch(batchId);
    const again = await engine.splitDocument(containerId, [1, 2, 3, 5, 7, 8]);
    expect(again.parts!.map((p) => [p.firstPage, p.lastPage])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
      [5, 6],
      [7, 7],
      [8, 9],
    ]);
    expect(again.reason).toBe('holds 6 documents: split by hand into pages 1, 2, 3-4, 5-6, 7, 8-9');
    await engine.waitForBatch(batchId);
    const parts = (await engine.getDocument(containerId))!.parts!;
    expect(parts.map((p) => p.docNumber)).toEqual(['42183017', 'INV/2023/03/0008', '30064443', '993548900', '2022089083', '562044387']);
    await expect(engine.splitDocument(containerId, [1, 12])).rejects.toThrow(/has 9 pages/);
    await expect(engine.splitDocument(parts[0]!.id, [1])).rejects.toThrow(/is a part of a split file: change the split points on document/);
  }, 120_000);

  it('splits a document read as one where the clerk says; what the whole said goes to its parts', async () => {
    const b = await engine.createBatch({ name: 'two pages', paths: [path.join(INVOICES, 'free_fiber.pdf')] });
    await engine.waitForBatch(b.id);
    const [doc] = await rowsOf(b.id);
    expect(doc!.vendor).not.toBeNull();
    const d = await engine.splitDocument(doc!.id, [1, 2]);
    expect(d.status).toBe('skipped');
    expect(d.fields).toEqual([]);
    expect(d.vendor).toBeNull();
    expect(d.pages).toHaveLength(2);
    await engine.waitForBatch(b.id);
    const parts = (await engine.getDocument(doc!.id))!.parts!;
    expect(parts.map((p) => [p.firstPage, p.lastPage, p.status === 'done' || p.status === 'needs_review'])).toEqual([
      [1, 1, true],
      [2, 2, true],
    ]);
  }, 120_000);

  it('flags a scan of an invoice whose PDF is already in the store as a possible duplicate, naming its batch', async () => {
    // The "scan": page 1 of the PDF drawn at 150 dpi, a little soft and saved as JPEG, like a scanner's output.
    const first = (await rowsOf(batchId)).find((r) => r.name === 'coolblue2.pdf')!;
    const page = await engine.getPageImage(first.id, 0, 1700);
    const scan = await sharp(Buffer.from(page.base64, 'base64')).blur(0.6).jpeg({ quality: 80 }).toBuffer();
    fs.writeFileSync(path.join(scans, 'scan0001.jpg'), scan);
    const b = await engine.createBatch({ name: 'scans', paths: [scans] });
    await engine.waitForBatch(b.id);
    const [row] = await rowsOf(b.id);
    expect(row!.possibleDuplicateOf).toBe(first.id);
    const d = (await engine.getDocument(row!.id))!;
    expect(d.duplicate).toMatchObject({ kind: 'possible', documentId: first.id, name: 'coolblue2.pdf', batchId, batchName: 'scanner' });
    expect(d.duplicate!.why).toMatch(/same .*number/);
    expect(d.duplicate!.why).toMatch(/page 1 looks alike/);
    expect(engine.getBatchSync(b.id)!.duplicates).toEqual({ exact: 0, possible: 1 });
    // the PDF itself is not a duplicate of anything
    expect((await engine.getDocument(first.id))!.duplicate).toBeNull();
  }, 120_000);
});

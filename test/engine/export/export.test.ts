import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportPathError, exportDocuments, exportFailureReport } from '../../../src/engine/export/index.js';
import { updateField } from '../../../src/engine/store/fields.js';
import type { Db } from '../../../src/engine/store/db.js';
import { addBatch, addDoc, seedStandard, tempStore } from './seed.js';

let db: Db;
let dir: string;
let cleanup: () => void;
let ids: ReturnType<typeof seedStandard>;

beforeEach(() => {
  ({ db, dir, cleanup } = tempStore());
  ids = seedStandard(db);
  updateField(db, ids.cafe, 'vendor_name', 'Café Müller GmbH');
});
afterEach(() => cleanup());

const readCsv = (file: string, delimiter = ',') => {
  const raw = fs.readFileSync(file);
  return { raw, rows: parse(raw, { bom: true, delimiter, columns: true, relax_column_count: false }) as Array<Record<string, string>> };
};

describe('csv', () => {
  it('writes a BOM, CRLF records and quotes what needs quoting', async () => {
    const out = path.join(dir, 'out.csv');
    const r = await exportDocuments(db, { format: 'csv', batchId: ids.b1, out });
    expect(r).toEqual({ documents: 4, file: out });
    const { raw, rows } = readCsv(out);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString('utf8')).toContain('\r\n');
    expect(rows.map((x) => Number(x.id))).toEqual([ids.cafe, ids.acme, ids.failed, ids.skipped]);
    const cafe = rows[0]!;
    expect(cafe.vendor).toBe('Café Müller GmbH');
    expect(cafe.path).toBe('/in/März/café-müller.pdf');
    expect(cafe.issue_date).toBe('2024-03-15');
    expect(cafe.total).toBe('119.00');
    expect(cafe.currency).toBe('EUR');
    expect(cafe.issues).toBe('low_confidence(due_date)');
    expect(rows[1]!.vendor).toBe('Acme, Inc.');
    expect(rows[1]!.document_number).toBe('42183017');
    expect(rows[2]!.reason).toBe('damaged PDF: bad xref, "trailer" missing');
    expect(raw.toString('utf8')).toContain('"damaged PDF: bad xref, ""trailer"" missing"');
  });

  it("';' delimiter writes decimals with ','", async () => {
    const out = path.join(dir, 'semi.csv');
    await exportDocuments(db, { format: 'csv', batchId: ids.b1, out, delimiter: ';' });
    const { raw, rows } = readCsv(out, ';');
    expect(raw.toString('utf8').split('\r\n')[0]).toContain('id;batch;file');
    expect(rows[0]!.total).toBe('119,00');
    expect(rows[0]!.subtotal).toBe('100,00');
    expect(rows[1]!.total).toBe('1234,5');
    expect(rows[1]!.vendor).toBe('Acme, Inc.');
  });

  it('quotes newlines and neutralises formulas', async () => {
    addDoc(db, { batchId: ids.b2, path: '/in/x.pdf', status: 'failed', reason: 'line one\nline two\r\nthree' });
    const out = path.join(dir, 'b2.csv');
    await exportDocuments(db, { format: 'csv', batchId: ids.b2, out });
    const { rows } = readCsv(out);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.vendor).toBe(`'=HYPERLINK("x")`);
    expect(rows[1]!.reason).toBe('line one\nline two\r\nthree');
  });

  it('filters by status across all batches', async () => {
    const out = path.join(dir, 'done.csv');
    const r = await exportDocuments(db, { format: 'csv', batchId: null, status: ['done', 'needs_review'], out });
    expect(r.documents).toBe(3);
    expect(readCsv(out).rows.map((x) => x.status)).toEqual(['done', 'needs_review', 'done']);
    await expect(exportDocuments(db, { format: 'csv', status: ['bogus'], out })).rejects.toThrow(/unknown status/);
  });

  it('pages through more documents than one keyset page', async () => {
    const b = addBatch(db, 'big');
    const ins = db.transaction(() => {
      for (let i = 0; i < 1203; i++) addDoc(db, { batchId: b, path: `/big/${i}.pdf`, fields: { total: `${i}.5` } });
    });
    ins();
    const out = path.join(dir, 'big.csv');
    const r = await exportDocuments(db, { format: 'csv', batchId: b, out });
    expect(r.documents).toBe(1203);
    const { rows } = readCsv(out);
    expect(rows).toHaveLength(1203);
    expect(rows[1202]!.total).toBe('1202.5');
  });

  it('reports an unusable output path and leaves nothing behind', async () => {
    await expect(exportDocuments(db, { format: 'csv', out: path.join(dir, 'missing', 'x.csv') })).rejects.toBeInstanceOf(ExportPathError);
    await expect(exportDocuments(db, { format: 'json', out: dir })).rejects.toThrow(/is a folder/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

describe('failure report', () => {
  it('lists failed and skipped documents with reason and attempts', async () => {
    const out = path.join(dir, 'failures.csv');
    const r = await exportFailureReport(db, { batchId: ids.b1, out });
    expect(r.documents).toBe(2);
    const { raw, rows } = readCsv(out);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows.map((x) => [x.path, x.status, x.reason, x.attempts])).toEqual([
      ['/in/broken.pdf', 'failed', 'damaged PDF: bad xref, "trailer" missing', '3'],
      ['/in/notes.txt', 'skipped', 'unsupported type: text', '0'],
    ]);
  });
});

describe('xlsx', () => {
  it('writes typed Documents, Line items and Failures sheets', async () => {
    const out = path.join(dir, 'out.xlsx');
    const r = await exportDocuments(db, { format: 'xlsx', out });
    expect(r.documents).toBe(5);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Documents', 'Line items', 'Failures']);

    const docs = wb.getWorksheet('Documents')!;
    const head = (docs.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => head.indexOf(name) + 1;
    expect(docs.rowCount).toBe(6);
    const cafe = docs.getRow(2);
    expect(cafe.getCell(col('Vendor')).value).toBe('Café Müller GmbH');
    const issue = cafe.getCell(col('Issue date'));
    expect(issue.value).toBeInstanceOf(Date);
    expect((issue.value as Date).toISOString()).toBe('2024-03-15T00:00:00.000Z');
    expect(issue.type).toBe(ExcelJS.ValueType.Date);
    const total = cafe.getCell(col('Total'));
    expect(total.value).toBe(119);
    expect(total.type).toBe(ExcelJS.ValueType.Number);
    expect(total.numFmt).toContain('€');
    const acme = docs.getRow(3);
    expect(acme.getCell(col('Number')).value).toBe('42183017');
    expect(acme.getCell(col('Total')).value).toBe(1234.5);
    expect(acme.getCell(col('Total')).numFmt).toContain('$');
    const yen = docs.getRow(6);
    expect(yen.getCell(col('Total')).numFmt).toBe('"¥"#,##0;-"¥"#,##0');
    // A formula-looking vendor is a plain string cell in XLSX, never a formula.
    expect(yen.getCell(col('Vendor')).type).toBe(ExcelJS.ValueType.String);
    expect(docs.getRow(4).getCell(col('Status')).value).toBe('failed');

    const items = wb.getWorksheet('Line items')!;
    expect(items.rowCount).toBe(3);
    expect(items.getRow(2).getCell(6).value).toBe('Kaffee, "Crema"\nlarge');
    expect(items.getRow(2).getCell(9).value).toBe(50);
    expect(items.getRow(2).getCell(9).type).toBe(ExcelJS.ValueType.Number);

    const failures = wb.getWorksheet('Failures')!;
    expect(failures.rowCount).toBe(3);
    expect((failures.getRow(2).values as unknown[]).slice(1)).toEqual([
      ids.failed,
      'broken.pdf',
      '/in/broken.pdf',
      'failed',
      'damaged PDF: bad xref, "trailer" missing',
      3,
    ]);
    expect(failures.getRow(3).getCell(4).value).toBe('skipped');
  });
});

describe('json', () => {
  it('writes one object per document with fields, corrections, items and issues', async () => {
    const out = path.join(dir, 'out.json');
    const r = await exportDocuments(db, { format: 'json', batchId: ids.b1, out });
    expect(r.documents).toBe(4);
    const docs = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<Record<string, any>>;
    expect(docs).toHaveLength(4);
    const cafe = docs[0]!;
    expect(cafe.path).toBe('/in/März/café-müller.pdf');
    expect(cafe.status).toBe('done');
    expect(cafe.fields.vendor_name).toMatchObject({ value: 'Café Müller GmbH', origin: 'user', originalValue: 'Café Müller' });
    expect(cafe.fields.total).toMatchObject({ value: '119.00', confidence: 0.9, origin: 'rules', source: { page: 0, start: 0, end: 3 } });
    expect(cafe.corrections).toEqual([
      expect.objectContaining({ field: 'vendor_name', oldValue: 'Café Müller', newValue: 'Café Müller GmbH' }),
    ]);
    expect(cafe.lineItems[0]).toMatchObject({ description: 'Kaffee, "Crema"\nlarge', amount: 50 });
    expect(cafe.issues[0]).toMatchObject({ code: 'low_confidence', field: 'due_date' });
    expect(docs[2]).toMatchObject({ status: 'failed', reason: 'damaged PDF: bad xref, "trailer" missing', attempts: 3 });
  });

  it('writes a valid empty array when nothing matches', async () => {
    const out = path.join(dir, 'empty.json');
    const r = await exportDocuments(db, { format: 'json', batchId: 999, out });
    expect(r.documents).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual([]);
  });
});

/**
 * The accounting preset: the ledger CSV (net and tax per VAT rate, gross, currency) and the DATEV booking batch
 * (EXTF header, Buchungsstapel columns, Windows-1252, DDMM dates, tax keys by rate), plus the XLSX autofilter.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datevDocField, datevOptions, exportDatev, exportLedger, rateOf, ratesOfBreakdown } from '../../../src/engine/export/accounting.js';
import { ExportResultSchema } from '../../../src/contract/schemas/exports.js';
import { Engine } from '../../../src/engine/engine.js';
import { encodeWindows1252 } from '../../../src/engine/export/cp1252.js';
import { exportXlsx } from '../../../src/engine/export/xlsx.js';
import type { Db } from '../../../src/engine/store/db.js';
import { addBatch, addDoc, tempStore } from './seed.js';

let db: Db;
let dir: string;
let cleanup: () => void;
let batch: number;

beforeEach(() => {
  ({ db, dir, cleanup } = tempStore());
  batch = addBatch(db, 'März');
  addDoc(db, {
    batchId: batch,
    path: '/in/a.pdf',
    fields: {
      vendor_name: 'Müller GmbH',
      document_number: 'RE-2024/17',
      issue_date: '2024-03-05',
      subtotal: '100.00',
      tax: '19.00',
      total: '119.00',
      currency: 'EUR',
    },
  });
  addDoc(db, {
    batchId: batch,
    path: '/in/b.pdf',
    fields: { vendor_name: 'Bäckerei Łódź', document_number: '88', issue_date: '2024-03-20', tax: '0.70', total: '10.70', currency: 'EUR' },
  });
  addDoc(db, {
    batchId: batch,
    path: '/in/c.pdf',
    fields: { vendor_name: 'Cash only', issue_date: '2024-02-28', total: '5.00', currency: 'EUR' },
  });
  addDoc(db, { batchId: batch, path: '/in/failed.pdf', status: 'failed', reason: 'broken' });
  const credit = addDoc(db, {
    batchId: batch,
    path: '/in/credit.pdf',
    fields: {
      vendor_name: 'Müller GmbH',
      document_number: 'GS-1',
      issue_date: '2024-03-06',
      subtotal: '10.00',
      tax: '1.90',
      total: '11.90',
      currency: 'EUR',
    },
  });
  db.prepare("UPDATE documents SET doc_type = 'credit_note' WHERE id = ?").run(credit);
});
afterEach(() => cleanup());

describe('ledger CSV', () => {
  it('has a net and tax column pair per rate, net without a rate, gross and currency', async () => {
    const out = path.join(dir, 'ledger.csv');
    const r = await exportLedger(db, { batchId: batch }, out, ';');
    expect(r.documents).toBe(4); // the failed document has no figures to book
    const lines = fs
      .readFileSync(out, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('date;vendor;number;type;net 19 %;tax 19 %;net 7 %;tax 7 %;net (no rate);gross;currency;document id;file');
    const byFile = Object.fromEntries(lines.slice(1).map((l) => [l.split(';').at(-1), l.split(';')]));
    expect(byFile['a.pdf']).toEqual([
      '2024-03-05',
      'Müller GmbH',
      'RE-2024/17',
      'invoice',
      '100,00',
      '19,00',
      '',
      '',
      '',
      '119,00',
      'EUR',
      expect.any(String),
      'a.pdf',
    ]);
    // net = gross - tax when only those are printed; 0.70 / 10.00 = 7 %
    expect(byFile['b.pdf']!.slice(4, 10)).toEqual(['', '', '10,00', '0,70', '', '10,70']);
    // no tax printed: gross only, in the no-rate column
    expect(byFile['c.pdf']!.slice(4, 10)).toEqual(['', '', '', '', '5,00', '5,00']);
    // a credit note reduces the expense
    expect(byFile['credit.pdf']!.slice(4, 10)).toEqual(['-10,00', '-1,90', '', '', '', '-11,90']);
  });

  it('derives rates from the figures, to one decimal, and none from implausible ones', () => {
    expect(rateOf(100, 19)).toBe(19);
    expect(rateOf(200, 11)).toBe(5.5);
    expect(rateOf(100, 45)).toBeNull();
    expect(rateOf(null, 3)).toBeNull();
  });
});

describe('an e-invoice with two VAT rates', () => {
  /** 7 % on 50.00 and 19 % on 100.00: one document, two bookings (a blended 15 % is no rate at all). */
  function addMixedRateEInvoice(taxes: Array<{ rate: string; basis: string; amount: string }>) {
    const id = addDoc(db, {
      batchId: batch,
      path: '/in/xrechnung.xml',
      fields: {
        vendor_name: 'Feinkost Weber',
        document_number: 'FW-9',
        issue_date: '2024-03-12',
        subtotal: '150.00',
        tax: '22.50',
        total: '172.50',
        currency: 'EUR',
      },
    });
    const rows = taxes.map((t) => ({ category: 'S', exemptionReason: null, ...t }));
    db.prepare(
      "INSERT INTO einvoices (document_id, syntax, profile, attachment, xml, data) VALUES (?, 'UBL Invoice', 'XRECHNUNG', NULL, ?, ?)",
    ).run(id, Buffer.from('<Invoice/>'), JSON.stringify({ taxes: rows }));
  }
  const BOTH = [
    { rate: '7', basis: '50.00', amount: '3.50' },
    { rate: '19', basis: '100.00', amount: '19.00' },
  ];

  it('books each rate of its VAT breakdown: ledger columns per rate, a DATEV line per rate with its tax key', async () => {
    addMixedRateEInvoice(BOTH);
    const ledger = path.join(dir, 'ledger.csv');
    await exportLedger(db, { batchId: batch }, ledger, ';');
    const lines = fs
      .readFileSync(ledger, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('date;vendor;number;type;net 19 %;tax 19 %;net 7 %;tax 7 %;net (no rate);gross;currency;document id;file');
    const row = lines.find((l) => l.includes('FW-9'))!.split(';');
    expect(row.slice(4, 10)).toEqual(['100,00', '19,00', '50,00', '3,50', '', '172,50']);

    const datev = path.join(dir, 'EXTF_Buchungsstapel.csv');
    const r = await exportDatev(db, { batchId: batch }, datev);
    expect(r.documents).toBe(5);
    const booked = fs
      .readFileSync(datev)
      .toString('latin1')
      .split('\r\n')
      .filter((l) => l.includes('FW-9'))
      .map((l) => l.split(';').slice(0, 9));
    expect(booked).toEqual([
      ['53,50', '"S"', '"EUR"', '', '', '""', '4980', '1600', '"8"'],
      ['119,00', '"S"', '"EUR"', '', '', '""', '4980', '1600', '"9"'],
    ]);
  });

  it('books the document as one when its breakdown does not add up to its net and tax', () => {
    expect(ratesOfBreakdown([...BOTH.map((t) => ({ category: 'S', exemptionReason: null, ...t }))], 150, 22.5)).toHaveLength(2);
    const off = [
      { category: 'S', exemptionReason: null, rate: '7', basis: '40.00', amount: '2.80' },
      { category: 'S', exemptionReason: null, rate: '19', basis: '100.00', amount: '19.00' },
    ];
    expect(ratesOfBreakdown(off, 150, 22.5)).toBeNull();
    expect(ratesOfBreakdown(off.slice(1), 100, 19)).toBeNull(); // one rate: the single booking says the same
  });
});

describe('DATEV booking batch', () => {
  it('writes the EXTF header, the Buchungsstapel columns and one booking per document in Windows-1252', async () => {
    const out = path.join(dir, 'EXTF_Buchungsstapel.csv');
    const now = new Date('2024-04-02T10:11:12.345Z');
    const r = await exportDatev(db, { batchId: batch }, out, datevOptions({ advisor: 1234567, client: 4711 }), now);
    expect(r.documents).toBe(4);
    const bytes = fs.readFileSync(out);
    // ü is one byte (0xFC) in Windows-1252, not two as in UTF-8
    expect(bytes.includes(Buffer.from([0xfc]))).toBe(true);
    expect(bytes.includes(Buffer.from('ü', 'utf8'))).toBe(false);
    const lines = bytes.toString('latin1').split('\r\n');
    const header = lines[0]!.split(';');
    expect(header.slice(0, 6)).toEqual(['"EXTF"', '700', '21', '"Buchungsstapel"', '13', '20240402101112345']);
    expect(header.slice(10, 16)).toEqual(['1234567', '4711', '20240101', '4', '20240228', '20240320']);
    expect(header).toHaveLength(31);
    expect(lines[1]!.startsWith('"Umsatz (ohne Soll/Haben-Kz)";"Soll/Haben-Kennzeichen";"WKZ Umsatz"')).toBe(true);
    const a = lines.find((l) => l.includes('RE-2024/17'))!.split(';');
    expect(a.slice(0, 10)).toEqual(['119,00', '"S"', '"EUR"', '', '', '""', '4980', '1600', '"9"', '0503']);
    expect(a[13]).toBe('"Müller GmbH RE-2024/17"');
    const b = lines.find((l) => l.includes('"88"'))!.split(';');
    expect(b[8]).toBe('"8"'); // 7 % input tax
    expect(b[13]).toBe('"Bäckerei Lódz 88"'); // Ł is not in the code page: folded, not lost (ó is)
    const credit = lines.find((l) => l.includes('GS-1'))!.split(';');
    expect(credit.slice(0, 2)).toEqual(['11,90', '"H"']);
    const cash = lines.find((l) => l.includes('Cash only'))!.split(';');
    expect(cash[8]).toBe('""'); // no rate: no tax key
    expect(lines.at(-1)).toBe('');
  });

  /** Header fields 13-16 (Wirtschaftsjahr-Beginn, Sachkontenlänge, Datum vom, Datum bis) and each booking's DDMM. */
  const readBatch = (file: string) => {
    const lines = fs.readFileSync(file).toString('latin1').split('\r\n').filter(Boolean);
    const h = lines[0]!.split(';');
    return { fyStart: h[12]!, from: h[14]!, to: h[15]!, dates: lines.slice(2).map((l) => l.split(';')[9]!) };
  };
  /** A booking's date in the batch's period: DDMM with the year taken from the period, as DATEV reads it. */
  const inPeriod = (ddmm: string, from: string, to: string) =>
    [from.slice(0, 4), to.slice(0, 4)].some((y) => {
      const d = `${y}${ddmm.slice(2, 4)}${ddmm.slice(0, 2)}`;
      return d >= from && d <= to;
    });

  it('writes one batch per fiscal year when the bookings span several (calendar year)', async () => {
    addDoc(db, {
      batchId: batch,
      path: '/in/dec.pdf',
      fields: { vendor_name: 'Alt', document_number: 'D-12', issue_date: '2023-12-29', total: '50.00', currency: 'EUR' },
    });
    const out = path.join(dir, 'EXTF_Buchungsstapel.csv');
    const r = await exportDatev(db, { batchId: batch }, out, datevOptions({}), new Date('2024-04-02T10:00:00Z'));
    expect(r.documents).toBe(5);
    expect(r.files.map((f) => path.basename(f))).toEqual(['EXTF_Buchungsstapel_WJ2023.csv', 'EXTF_Buchungsstapel_WJ2024.csv']);
    expect(r.file).toBe(r.files[0]);
    expect(fs.existsSync(out)).toBe(false); // no file mixing the years
    const y23 = readBatch(r.files[0]!);
    expect(y23).toEqual({ fyStart: '20230101', from: '20231229', to: '20231229', dates: ['2912'] });
    const y24 = readBatch(r.files[1]!);
    expect([y24.fyStart, y24.from, y24.to]).toEqual(['20240101', '20240228', '20240320']);
    expect(y24.dates.sort()).toEqual(['0503', '0603', '2003', '2802']);
  });

  it('splits at the fiscal year a July start gives, each header with its year and period', async () => {
    // 2024-02-28 .. 2024-03-20 fall in the year from 2023-07-01; these two in the one from 2024-07-01
    addDoc(db, {
      batchId: batch,
      path: '/in/jul.pdf',
      fields: { vendor_name: 'Neu', document_number: 'J-1', issue_date: '2024-07-01', total: '20.00', currency: 'EUR' },
    });
    addDoc(db, {
      batchId: batch,
      path: '/in/jan.pdf',
      fields: { vendor_name: 'Neu', document_number: 'J-2', issue_date: '2025-01-15', total: '30.00', currency: 'EUR' },
    });
    addDoc(db, {
      batchId: batch,
      path: '/in/jun.pdf',
      fields: { vendor_name: 'Alt', document_number: 'J-0', issue_date: '2024-06-30', total: '40.00', currency: 'EUR' },
    });
    const out = path.join(dir, 'EXTF_Buchungsstapel.csv');
    const r = await exportDatev(db, { batchId: batch }, out, datevOptions({ fiscalYearStartMonth: 7 }));
    expect(r.documents).toBe(7);
    expect(r.files.map((f) => path.basename(f))).toEqual(['EXTF_Buchungsstapel_WJ2023-24.csv', 'EXTF_Buchungsstapel_WJ2024-25.csv']);
    const first = readBatch(r.files[0]!);
    expect([first.fyStart, first.from, first.to]).toEqual(['20230701', '20240228', '20240630']);
    expect(first.dates.sort()).toEqual(['0503', '0603', '2003', '2802', '3006']);
    const second = readBatch(r.files[1]!);
    expect(second).toEqual({ fyStart: '20240701', from: '20240701', to: '20250115', dates: ['0107', '1501'] });
    // no booking outside its file's period, and every period inside one fiscal year
    for (const b of [first, second]) {
      for (const d of b.dates) expect(inPeriod(d, b.from, b.to)).toBe(true);
      expect(b.from >= b.fyStart).toBe(true);
      expect(Number(b.to) < Number(b.fyStart) + 10000).toBe(true);
    }
  });

  it('is delivered by the engine as a file per fiscal year, each with a download name when written to exports/', async () => {
    addDoc(db, {
      batchId: batch,
      path: '/in/dec.pdf',
      fields: { vendor_name: 'Alt', document_number: 'D-12', issue_date: '2023-12-29', total: '50.00', currency: 'EUR' },
    });
    const engine = await Engine.open({ dataDir: path.join(dir, 'data'), readOnly: true });
    try {
      const r = await engine.exportDocuments({ format: 'datev', batchId: batch });
      expect(r.documents).toBe(5);
      expect(r.files).toHaveLength(2);
      expect(r.exportNames).toEqual(r.files!.map((f) => path.basename(f)));
      expect(r.exportNames![0]).toMatch(/^batch-\d+-EXTF_Buchungsstapel-.*_WJ2023\.csv$/);
      expect(r.exportNames![1]).toMatch(/_WJ2024\.csv$/);
      expect(r.exportName).toBe(r.exportNames![0]);
      for (const f of r.files!) expect(path.dirname(f)).toBe(engine.exportsDir);
      // a chosen file (the desktop's save dialog, the CLI's --out): the years beside it, no download names
      const chosen = await engine.exportDocuments({ format: 'datev', batchId: batch, out: path.join(dir, 'EXTF_Buchungsstapel.csv') });
      expect(chosen.files).toEqual([path.join(dir, 'EXTF_Buchungsstapel_WJ2023.csv'), path.join(dir, 'EXTF_Buchungsstapel_WJ2024.csv')]);
      expect(chosen.path).toBe(chosen.files![0]);
      expect(chosen.exportNames).toBeUndefined();
      expect(ExportResultSchema.safeParse(chosen).success).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('keeps one file, named as asked, when the bookings lie in one fiscal year', async () => {
    const out = path.join(dir, 'EXTF_Buchungsstapel.csv');
    const r = await exportDatev(db, { batchId: batch }, out, datevOptions({ fiscalYearStartMonth: 7 }));
    expect(r.files).toEqual([out]);
    expect(readBatch(out).fyStart).toBe('20230701');
  });

  it('keeps Belegfeld 1 to the characters DATEV takes, and settings over defaults', () => {
    expect(datevDocField('INV #2024_17 (copy)')).toBe('INV202417copy');
    expect(datevDocField('x'.repeat(50))).toHaveLength(36);
    expect(datevOptions({ expenseAccount: '3400', advisor: 'abc' })).toMatchObject({ expenseAccount: '3400', advisor: 1001 });
    expect([...encodeWindows1252('€ „x“ – Š')]).toEqual([0x80, 0x20, 0x84, 0x78, 0x93, 0x20, 0x96, 0x20, 0x8a]);
  });
});

describe('XLSX', () => {
  it('puts filter buttons on the header rows', async () => {
    const out = path.join(dir, 'out.xlsx');
    await exportXlsx(db, { batchId: batch }, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('Documents')!.autoFilter).toBe('A1:T1');
    expect(wb.getWorksheet('Line items')!.autoFilter).toBe('A1:J1');
  });
});

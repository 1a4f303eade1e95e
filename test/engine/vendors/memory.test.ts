import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../../src/contract/domain.js';
import { applyMigrations, type Db } from '../../../src/engine/store/db.js';
import { listVendorViews } from '../../../src/engine/store/vendors.js';
import { parseVendorCsv } from '../../../src/engine/vendors/csv.js';
import {
  deleteVendor,
  findVendorId,
  importVendorCsv,
  learnFromDocument,
  markVendorEvidence,
  updateVendor,
  vendorMemoryFor,
} from '../../../src/engine/vendors/memory.js';

let db: Db;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  applyMigrations(db);
  db.prepare("INSERT INTO batches (id, name, created_at) VALUES (1, 'b', 1)").run();
});

const INVOICE = (n: string, total: string) =>
  ['FJORDWERK PAPIERHANDEL', 'USt-IdNr. DE 123 456 789', `Rechnungsbeleg Kennung: ${n}`, `Summe fällig: ${total} EUR`].join('\n');

function addDocument(id: number, text: string, fields: Record<string, string | null>): void {
  db.prepare("INSERT INTO documents (id, batch_id, path, name, status, queued_at) VALUES (?, 1, ?, ?, 'done', 1)").run(
    id,
    `/d/${id}`,
    `${id}.pdf`,
  );
  db.prepare("INSERT INTO pages (document_id, page_index, method) VALUES (?, 0, 'text')").run(id);
  db.prepare('INSERT INTO page_text (document_id, page_index, text) VALUES (?, 0, ?)').run(id, text);
  for (const [name, value] of Object.entries(fields))
    db.prepare("INSERT INTO fields (document_id, name, value, origin) VALUES (?, ?, ?, 'user')").run(id, name, value);
}

describe('supplier list CSV', () => {
  it('recognises column names in several spellings, any of , ; tab, and a byte-order mark', () => {
    const { rows, errors } = parseVendorCsv(
      '\ufeffLieferant;USt-IdNr;IBAN;Währung;Aliases\nFjordwerk GmbH;DE123456789;;eur;Fjordwerk|FW Papier\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, name: 'Fjordwerk GmbH', taxId: 'DE123456789', iban: null, currency: 'EUR', aliases: ['Fjordwerk', 'FW Papier'] },
    ]);
  });

  it('reports rows it cannot take, by line, and a header without a name column', () => {
    const { rows, errors } = parseVendorCsv('name,vat id,currency\nA Ltd,GB1,GBP\n,GB2,GBP\nB Ltd,,pounds\n');
    expect(rows.map((r) => r.name)).toEqual(['A Ltd']);
    expect(errors).toEqual([
      { line: 3, message: 'no name' },
      { line: 4, message: 'currency "POUNDS" is not a three-letter ISO code' },
    ]);
    expect(parseVendorCsv('vat,iban\nX,Y\n').errors[0]!.message).toMatch(/no name column/);
  });

  it('never merges two rows of one list on a similar name, but does merge a learned vendor whose name OCR misread', () => {
    addDocument(1, INVOICE('FW/26-0042', '119,00'), { vendor_name: 'FJORDWERK PAP1ERHANDEL', total: '119.00' });
    learnFromDocument(db, 1);
    const r = importVendorCsv(db, 'name\nAcme Ltd\nAcme Ltda\nFjordwerk Papierhandel\n');
    expect(r).toMatchObject({ added: 2, updated: 1 });
    expect(listVendorViews(db).map((v) => [v.name, v.origin, v.learnedFrom])).toEqual([
      ['Acme Ltd', 'import', 0],
      ['Acme Ltda', 'import', 0],
      ['Fjordwerk Papierhandel', 'import', 1],
    ]);
  });

  it('imports, then updates by tax id or IBAN instead of duplicating, and refuses a bad IBAN', () => {
    const first = importVendorCsv(
      db,
      'name,vat,iban,currency\nFjordwerk Papierhandel GmbH,DE 123 456 789,DE89 3704 0044 0532 0130 00,EUR\nOJC Marketing,,,MYR\n',
    );
    expect(first).toEqual({ added: 2, updated: 0, unchanged: 0, errors: [] });
    const again = importVendorCsv(
      db,
      'name,vat,iban,currency\nFjordwerk Papier,DE123456789,,\nOJC Marketing,,,MYR\nBad Bank,,DE00 1111 2222,EUR\n',
    );
    expect(again).toEqual({
      added: 0,
      updated: 1,
      unchanged: 1,
      errors: [{ line: 4, message: 'IBAN "DE00 1111 2222" fails its checksum' }],
    });
    const [fj] = listVendorViews(db, { text: 'fjord' });
    expect(fj).toMatchObject({
      name: 'Fjordwerk Papier',
      taxId: 'DE123456789',
      iban: 'DE89370400440532013000',
      currency: 'EUR',
      aliases: ['Fjordwerk Papierhandel GmbH'],
      origin: 'import',
    });
    expect(listVendorViews(db)).toHaveLength(2);
  });
});

describe('hand edits', () => {
  it('patches, clears with null, refuses a bad IBAN, deletes', () => {
    importVendorCsv(db, 'name,vat\nOJC Marketing,MY123456789\n');
    const id = findVendorId(db, { name: '0JC MARKETING' })!;
    expect(updateVendor(db, id, { currency: 'MYR', taxId: null, aliases: ['OJC'] })).toMatchObject({
      currency: 'MYR',
      taxId: null,
      aliases: ['OJC'],
      origin: 'user',
    });
    expect(() => updateVendor(db, id, { iban: 'DE00 1234' })).toThrow(RangeError);
    expect(updateVendor(db, 999, { name: 'x' })).toBeNull();
    expect(deleteVendor(db, id)).toBe(true);
    expect(listVendorViews(db)).toEqual([]);
  });
});

describe('learning from reviewed documents', () => {
  it('creates a learned vendor from the first document and counts documents, not edits', () => {
    addDocument(1, INVOICE('FW/26-0042', '119,00'), {
      vendor_name: 'Fjordwerk Papierhandel GmbH',
      vendor_tax_id: 'DE123456789',
      document_number: 'FW/26-0042',
      total: '119.00',
      currency: 'EUR',
    });
    const id = learnFromDocument(db, 1)!;
    learnFromDocument(db, 1);
    const [v] = listVendorViews(db);
    expect(v).toMatchObject({
      id,
      name: 'Fjordwerk Papierhandel GmbH',
      origin: 'learned',
      taxId: 'DE123456789',
      currency: 'EUR',
      learnedFrom: 1,
    });
    expect(v!.hints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'document_number', label: 'Rechnungsbeleg Kennung', placement: 'after', learnedFrom: 1 }),
        expect.objectContaining({ field: 'total', label: 'Summe fällig', learnedFrom: 1 }),
      ]),
    );
    addDocument(2, INVOICE('FW/26-0050', '238,00'), {
      vendor_name: 'FJORDWERK PAPIERHANDEL',
      document_number: 'FW/26-0050',
      total: '238.00',
    });
    expect(learnFromDocument(db, 2)).toBe(id);
    expect(listVendorViews(db)[0]).toMatchObject({
      learnedFrom: 2,
      hints: expect.arrayContaining([expect.objectContaining({ field: 'total', learnedFrom: 2 })]),
    });
  });

  it('fills in what a listed vendor lacked without changing who set it up', () => {
    importVendorCsv(db, 'name,vat\nFjordwerk Papierhandel GmbH,DE123456789\n');
    const id = findVendorId(db, { name: 'Fjordwerk Papierhandel GmbH' })!;
    updateVendor(db, id, { aliases: ['FW'] });
    addDocument(1, INVOICE('FW/26-0042', '119,00'), { vendor_name: 'FJORDWERK PAPIERHANDEL', total: '119.00', currency: 'EUR' });
    expect(learnFromDocument(db, 1)).toBe(id);
    expect(listVendorViews(db)).toMatchObject([
      { name: 'Fjordwerk Papierhandel GmbH', currency: 'EUR', origin: 'user', aliases: ['FW'], learnedFrom: 1 },
    ]);
  });

  it('moves what a document taught when the clerk changes its vendor, and forgets it without one', () => {
    addDocument(1, INVOICE('FW/26-0042', '119,00'), { vendor_name: 'Fjordwerk Papierhandel', total: '119.00' });
    const a = learnFromDocument(db, 1)!;
    db.prepare("UPDATE fields SET value = 'Someone Else AG' WHERE document_id = 1 AND name = 'vendor_name'").run();
    const b = learnFromDocument(db, 1)!;
    expect(b).not.toBe(a);
    expect(listVendorViews(db).map((v) => [v.name, v.learnedFrom])).toEqual([
      ['Fjordwerk Papierhandel', 0],
      ['Someone Else AG', 1],
    ]);
    db.prepare("UPDATE fields SET value = NULL WHERE document_id = 1 AND name = 'vendor_name'").run();
    expect(learnFromDocument(db, 1)).toBeNull();
    expect(listVendorViews(db).every((v) => v.learnedFrom === 0)).toBe(true);
  });
});

describe('before extraction', () => {
  it('recognises the vendor on a new document and proposes what it taught, with evidence after extraction', () => {
    addDocument(1, INVOICE('FW/26-0042', '119,00'), {
      vendor_name: 'Fjordwerk Papierhandel GmbH',
      document_number: 'FW/26-0042',
      total: '119.00',
      currency: 'EUR',
    });
    learnFromDocument(db, 1);
    // OCR: a misread name, no tax id
    const text = ['FJORDWERK PAP1ERHANDEL', 'Rechnungsbeleg Kennung: FW/26-0107', 'Summe fällig: 1.487,50', 'EUR'].join('\n');
    const memory = vendorMemoryFor(db, [{ index: 0, text, method: 'ocr' }])!;
    expect(memory.match).toMatchObject({ by: 'name', vendor: { name: 'Fjordwerk Papierhandel GmbH' } });
    expect(memory.learnedFrom).toBe(1);
    const by = (f: string) => memory.candidates.find((c) => c.field === f);
    expect(by('document_number')).toMatchObject({ value: 'FW/26-0107', learnedFrom: 1 });
    expect(by('total')).toMatchObject({ value: '1487.50', learnedFrom: 1 });
    expect(by('currency')).toMatchObject({ value: 'EUR' });
    // extraction is given one proposal per field, the best
    expect(memory.proposals.map((c) => c.field).sort()).toEqual([...new Set(memory.candidates.map((c) => c.field))].sort());
    for (const p of memory.proposals)
      expect(p.score).toBe(Math.max(...memory.candidates.filter((c) => c.field === p.field).map((c) => c.score)));

    const extracted: ExtractionResult = {
      docType: 'invoice',
      docTypeConfidence: 0.9,
      fields: [
        { name: 'vendor_name', value: 'FJORDWERK PAP1ERHANDEL', raw: null, confidence: 0.6, source: null, origin: 'rules' },
        {
          name: 'total',
          value: '1487.50',
          raw: '1.487,50',
          confidence: 0.8,
          source: null,
          origin: 'rules',
          evidence: { rules: ['total.label'], checksPassed: ['x'], checksFailed: [] },
        },
      ],
      lineItems: [],
      issues: [],
      confidence: 0.6,
      needsReview: true,
    };
    const marked = markVendorEvidence(extracted, memory);
    expect(marked.fields[0]).toMatchObject({
      value: 'Fjordwerk Papierhandel GmbH',
      evidence: { rules: ['vendor-memory.name', 'vendor-memory.match-name'], learnedFrom: 1 },
    });
    expect(marked.fields[1]!.evidence).toEqual({
      rules: ['total.label', 'vendor-memory.label'],
      checksPassed: ['x'],
      checksFailed: [],
      learnedFrom: 1,
    });
    expect(vendorMemoryFor(db, [{ index: 0, text: 'Acme Ltd\nTotal 5.00', method: 'text' }])).toBeNull();
  });
});

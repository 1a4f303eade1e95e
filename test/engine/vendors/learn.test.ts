import { describe, expect, it } from 'vitest';
import { findLabel, foldLabel, labelAbove, labelBefore } from '../../../src/engine/vendors/labels.js';
import { lessonsFrom } from '../../../src/engine/vendors/learn.js';
import { codeShape, occurrences, readAfter } from '../../../src/engine/vendors/values.js';

const INVOICE = [
  'Fjordwerk Papierhandel GmbH',
  'Rechnungsbeleg Kennung: FW/26-0042',
  'Belegstempel: 14.03.2026',
  '',
  'Posten                      Betrag',
  'Papier A4                   80,00',
  'Zwischenwert netto: 100,00 EUR',
  'Aufschlag Staat 19%: 19,00 EUR',
  'Summe fällig: 119,00 EUR',
  'Zahlungsfrist       Auftragszeichen',
  '28.03.2026          AZ-7781',
].join('\n');

describe('labels', () => {
  it('folds a label to letters, digits and single spaces', () => {
    expect(foldLabel('Summe fällig:')).toBe('summe fallig');
    expect(foldLabel('  MwSt. 19 % ')).toBe('mwst 19 %');
  });

  it('takes the words before a value on its line, or the cell above it', () => {
    expect(labelBefore('Summe fällig: 119,00 EUR', 14)).toEqual({ raw: 'Summe fällig', label: 'summe fallig' });
    expect(labelBefore('   119,00', 3)).toBeNull();
    // the label starts after the last value before it on the line
    expect(labelBefore('INV NO: CS-SA-0098805 Date 12/03/2018', 27)).toEqual({ raw: 'Date', label: 'date' });
    expect(labelBefore('Total Sales (Inclusive 6ST) RM 12.50', 31)).toEqual({
      raw: 'Total Sales (Inclusive 6ST) RM',
      label: 'total sales inclusive 6st rm',
    });
    expect(labelBefore('06: 20PH 548008 12.50', 16)).toBeNull();
    expect(labelAbove('Zahlungsfrist       Auftragszeichen', 20, 27)).toEqual({ raw: 'Auftragszeichen', label: 'auftragszeichen' });
    expect(labelAbove('INVOICE NO : 18314/102/70422', 0, 10)).toBeNull();
  });

  it('finds a learned label again through OCR slips', () => {
    expect(findLabel('Summe fällig: 119,00', 'summe fallig')).toMatchObject({ start: 0, edits: 0 });
    expect(findLabel('SUMME FAL1IG 119,00', 'summe fallig')).toMatchObject({ edits: 1 });
    expect(findLabel('Summe netto 100,00', 'summe fallig')).toBeNull();
  });
});

describe('values', () => {
  it('locates a known value of each kind in a line', () => {
    expect(occurrences('amount', 'Summe fällig: 119,00 EUR', '119.00', ',')).toMatchObject([{ start: 14, value: '119.00' }]);
    expect(occurrences('date', 'Belegstempel: 14.03.2026', '2026-03-14')).toMatchObject([{ raw: '14.03.2026', shape: 'DMY' }]);
    expect(occurrences('code', 'Kennung: FW/26-0042', 'fw/26-0042')).toMatchObject([{ raw: 'FW/26-0042', shape: 'A/9-9' }]);
  });

  it('reads the first value of a kind after a label', () => {
    expect(readAfter('amount', 'Summe fällig: 1.234,50 EUR', 12, { decimal: ',' })?.value).toBe('1234.50');
    expect(readAfter('date', 'Belegstempel: 03.04.2026', 12, { order: 'MDY' })?.value).toBe('2026-03-04');
    expect(readAfter('code', 'Kennung Nr. FW/26-0043', 7)?.value).toBe('FW/26-0043');
    expect(codeShape('RB-2026-0001')).toBe('A-9-9');
  });
});

describe('lessonsFrom', () => {
  const lessons = lessonsFrom(
    [{ index: 0, text: INVOICE, method: 'text' }],
    [
      { name: 'vendor_name', value: 'Fjordwerk Papierhandel GmbH' },
      { name: 'document_number', value: 'FW/26-0042' },
      { name: 'issue_date', value: '2026-03-14' },
      { name: 'due_date', value: '2026-03-28' },
      { name: 'po_number', value: 'AZ-7781' },
      { name: 'subtotal', value: '100.00' },
      { name: 'tax', value: '19.00' },
      { name: 'total', value: '119.00' },
      { name: 'currency', value: 'EUR' },
    ],
  );
  const of = (field: string) => lessons.filter((l) => l.field === field);

  it('learns the label printed before each value, with its place on the page', () => {
    expect(of('document_number')).toEqual([
      expect.objectContaining({
        label: 'rechnungsbeleg kennung',
        labelRaw: 'Rechnungsbeleg Kennung',
        placement: 'after',
        shape: 'A/9-9',
        page: 0,
      }),
    ]);
    expect(of('issue_date')).toEqual([expect.objectContaining({ label: 'belegstempel', shape: 'DMY' })]);
    expect(of('total')).toEqual([expect.objectContaining({ label: 'summe fallig', placement: 'after' })]);
    expect(of('tax')).toEqual([expect.objectContaining({ label: 'aufschlag staat 19%' })]);
    expect(of('total')[0]!.y).toBeCloseTo(8 / 11, 2);
  });

  it('learns the label above a value in a column layout', () => {
    expect(of('due_date')).toEqual([expect.objectContaining({ label: 'zahlungsfrist', placement: 'below' })]);
    expect(of('po_number')).toEqual([expect.objectContaining({ label: 'auftragszeichen', placement: 'below' })]);
  });

  it('teaches nothing by label for the name and currency (the vendor record holds them)', () => {
    expect(of('vendor_name')).toEqual([]);
    expect(of('currency')).toEqual([]);
  });

  it('uses word boxes for the position when the page has them', () => {
    const words = INVOICE.split(/\s+/)
      .filter(Boolean)
      .map((t, i) => ({ text: t, conf: 90, x0: 10 * i, y0: 20 * i, x1: 10 * i + 8, y1: 20 * i + 10 }));
    const [l] = lessonsFrom(
      [{ index: 0, text: INVOICE, method: 'ocr', words, width: 1000, height: 1000 }],
      [{ name: 'document_number', value: 'FW/26-0042' }],
    );
    const i = INVOICE.split(/\s+/).filter(Boolean).indexOf('FW/26-0042');
    expect(l).toMatchObject({ x: (10 * i) / 1000, y: (20 * i) / 1000 });
  });
});

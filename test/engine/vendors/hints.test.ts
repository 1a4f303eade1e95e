import { describe, expect, it } from 'vitest';
import { learnedCandidates, vendorCandidates, VENDOR_RULES } from '../../../src/engine/vendors/hints.js';
import { lessonsFrom } from '../../../src/engine/vendors/learn.js';
import type { VendorHint } from '../../../src/engine/vendors/types.js';

const invoice = (n: string, date: string, due: string, po: string, net: string, tax: string, total: string) =>
  [
    'Fjordwerk Papierhandel GmbH',
    `Rechnungsbeleg Kennung: ${n}`,
    `Belegstempel: ${date}`,
    'Posten                      Betrag',
    `Papier A4                   ${net}`,
    `Zwischenwert netto: ${net} EUR`,
    `Aufschlag Staat 19%: ${tax} EUR`,
    `Summe fällig: ${total} EUR`,
    'Zahlungsfrist       Auftragszeichen',
    `${due}          ${po}`,
  ].join('\n');

const first = invoice('FW/26-0042', '14.03.2026', '28.03.2026', 'AZ-7781', '100,00', '19,00', '119,00');
const hintsFrom = (learnedFrom: number): VendorHint[] =>
  lessonsFrom(
    [{ index: 0, text: first, method: 'text' }],
    [
      { name: 'document_number', value: 'FW/26-0042' },
      { name: 'issue_date', value: '2026-03-14' },
      { name: 'due_date', value: '2026-03-28' },
      { name: 'po_number', value: 'AZ-7781' },
      { name: 'subtotal', value: '100.00' },
      { name: 'tax', value: '19.00' },
      { name: 'total', value: '119.00' },
    ],
  ).map((l) => ({ ...l, learnedFrom }));

const best = (cands: ReturnType<typeof learnedCandidates>, field: string) => cands.find((c) => c.field === field);

describe('learnedCandidates', () => {
  it("reads the next document of the vendor by the labels its first one taught (rule 'vendor-memory.label')", () => {
    const next = invoice('FW/26-0107', '02.04.2026', '16.04.2026', 'AZ-7802', '1.250,00', '237,50', '1.487,50');
    const c = learnedCandidates([{ index: 0, text: next, method: 'text' }], hintsFrom(1));
    expect(best(c, 'document_number')).toMatchObject({ value: 'FW/26-0107', learnedFrom: 1 });
    expect(best(c, 'document_number')!.because).toEqual([VENDOR_RULES.label, VENDOR_RULES.shape, VENDOR_RULES.position]);
    expect(best(c, 'issue_date')?.value).toBe('2026-04-02');
    expect(best(c, 'subtotal')?.value).toBe('1250.00');
    expect(best(c, 'tax')?.value).toBe('237.50');
    expect(best(c, 'total')).toMatchObject({ value: '1487.50', raw: expect.stringContaining('1.487,50') });
    const src = best(c, 'total')!.source!;
    expect(next.slice(src.start, src.end)).toContain('1.487,50');
  });

  it("reads a value under its learned column label (rule 'vendor-memory.label-above')", () => {
    const next = invoice('FW/26-0107', '02.04.2026', '16.04.2026', 'AZ-7802', '10,00', '1,90', '11,90');
    const c = learnedCandidates([{ index: 0, text: next, method: 'text' }], hintsFrom(2));
    expect(best(c, 'due_date')).toMatchObject({ value: '2026-04-16', because: expect.arrayContaining([VENDOR_RULES.labelAbove]) });
    expect(best(c, 'po_number')).toMatchObject({ value: 'AZ-7802', learnedFrom: 2 });
  });

  it("tolerates OCR slips in the label (rule 'vendor-memory.label-fuzzy') and scores them lower", () => {
    const ocr = invoice('FW/26-0107', '02.04.2026', '16.04.2026', 'AZ-7802', '10,00', '1,90', '11,90').replace(
      'Summe fällig',
      'SUMME FAL1IG',
    );
    const c = learnedCandidates([{ index: 0, text: ocr, method: 'ocr' }], hintsFrom(1));
    const total = best(c, 'total')!;
    expect(total).toMatchObject({ value: '11.90', because: expect.arrayContaining([VENDOR_RULES.labelFuzzy]) });
    expect(total.score).toBeLessThan(best(c, 'subtotal')!.score);
  });

  it("prefers an identifier of the learned shape (rule 'vendor-memory.shape') and trusts more corrections more", () => {
    const odd = invoice('12345', '02.04.2026', '16.04.2026', 'AZ-7802', '10,00', '1,90', '11,90');
    const c1 = learnedCandidates([{ index: 0, text: odd, method: 'text' }], hintsFrom(1));
    const shaped = learnedCandidates(
      [{ index: 0, text: invoice('FW/26-0107', '02.04.2026', '16.04.2026', 'AZ-7802', '10,00', '1,90', '11,90'), method: 'text' }],
      hintsFrom(1),
    );
    expect(best(c1, 'document_number')!.score).toBeLessThan(best(shaped, 'document_number')!.score);
    const c3 = learnedCandidates([{ index: 0, text: odd, method: 'text' }], hintsFrom(3));
    expect(best(c3, 'total')!.score).toBeGreaterThan(best(c1, 'total')!.score);
  });

  it('proposes nothing on a document without the learned labels', () => {
    expect(learnedCandidates([{ index: 0, text: 'Invoice No 12\nTotal 5.00', method: 'text' }], hintsFrom(1))).toEqual([]);
  });
});

describe('vendorCandidates', () => {
  it("proposes the canonical name where the vendor was recognised, and its currency and tax id when printed (rules 'vendor-memory.name', '.currency', '.tax-id')", () => {
    const text = 'FJORDWERK PAPIERHANDEL\nUSt-IdNr. DE 123 456 789\nSumme 5,00 EUR';
    const c = vendorCandidates(
      [{ index: 0, text, method: 'ocr' }],
      { id: 1, name: 'Fjordwerk Papierhandel GmbH', taxId: 'DE123456789', iban: null, currency: 'EUR', aliases: [] },
      { source: { page: 0, start: 0, end: 22 }, printed: 'FJORDWERK PAPIERHANDEL', by: 'name' },
      3,
    );
    expect(c.map((x) => [x.field, x.value, x.because[0], x.learnedFrom])).toEqual([
      ['vendor_name', 'Fjordwerk Papierhandel GmbH', VENDOR_RULES.name, 3],
      ['currency', 'EUR', VENDOR_RULES.currency, 3],
      ['vendor_tax_id', 'DE123456789', VENDOR_RULES.taxId, 3],
    ]);
    expect(text.slice(c[2]!.source!.start, c[2]!.source!.end)).toBe('DE 123 456 789');
    // the currency by its symbol when the code is not printed, but not by a symbol that stands for another currency
    const rm = vendorCandidates(
      [{ index: 0, text: 'KEDAI MAJU\nTOTAL RM 12.50', method: 'ocr' }],
      { id: 2, name: 'Kedai Maju', taxId: null, iban: null, currency: 'MYR', aliases: [] },
      { source: { page: 0, start: 0, end: 10 }, printed: 'KEDAI MAJU', by: 'name' },
      0,
    );
    expect(rm.find((x) => x.field === 'currency')).toMatchObject({ value: 'MYR', raw: 'RM', source: { start: 17, end: 19 } });
    const dollar = vendorCandidates(
      [{ index: 0, text: 'KEDAI MAJU\nTOTAL $12.50', method: 'ocr' }],
      { id: 2, name: 'Kedai Maju', taxId: null, iban: null, currency: 'MYR', aliases: [] },
      { source: { page: 0, start: 0, end: 10 }, printed: 'KEDAI MAJU', by: 'name' },
      0,
    );
    expect(dollar.find((x) => x.field === 'currency')).toBeUndefined();
    // recognised by its tax id: the name still points at where the name is printed
    const byId = vendorCandidates(
      [{ index: 0, text, method: 'ocr' }],
      { id: 1, name: 'Fjordwerk Papierhandel GmbH', taxId: 'DE123456789', iban: null, currency: null, aliases: [] },
      { source: { page: 0, start: 33, end: 47 }, printed: 'DE 123 456 789', by: 'tax_id' },
      1,
    );
    expect(byId[0]).toMatchObject({ raw: 'FJORDWERK PAPIERHANDEL', source: { page: 0, start: 0, end: 22 } });
  });
});

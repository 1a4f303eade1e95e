/** Tax rules of an invoice's tax table and its footer, on made-up snippets. */
import { describe, expect, it } from 'vitest';
import { amountCandidates } from '../../../src/engine/extract/find-totals.js';
import { extractDocument } from '../../../src/engine/extract/index.js';
import { type PageInput, splitLines } from '../../../src/engine/extract/text.js';

const page = (text: string): PageInput[] => [{ index: 0, text, method: 'text' }];
const amounts = (text: string) => {
  const p = page(text);
  return amountCandidates(splitLines(p), p, undefined, false);
};
const value = (text: string, field: string) =>
  extractDocument(page(text), { now: new Date('2026-01-01') }).fields.find((f) => f.name === field)?.value;

describe("tax.breakdown-row with the row's gross after net and tax", () => {
  const row = 'BTW %   Grondslag   BTW bedrag   Totaal\n21 %   41,31   8,68   49,99';
  it('reads net and tax when net + tax is the gross printed after them', () => {
    const a = amounts(row);
    expect(a.tax.find((c) => c.value === '8.68')?.because).toContain('tax.breakdown-row');
    expect(a.subtotal.find((c) => c.value === '41.31')?.because).toContain('subtotal.breakdown-row');
  });
  it('takes no row whose three figures do not add up', () => {
    const a = amounts('21 %   41,31   8,68   52,00');
    expect(a.tax.some((c) => c.because.includes('tax.breakdown-row'))).toBe(false);
  });
  it('gives the invoice its tax from the table, not the row total under a header word', () => {
    const text = [
      'Artikel Omschrijving Prijs BTW Hoeveelheid Bedrag',
      'E1 Onderhoudsset 49,99 21 % 1 PCS 49,99',
      'Prijzen zijn inclusief BTW Factuur totaal EUR 49,99',
      row,
    ].join('\n');
    expect(value(text, 'tax')).toBe('8.68');
    expect(value(text, 'subtotal')).toBe('41.31');
  });
});

describe('tax.not-an-id-label', () => {
  it.each([
    'Steuer-Nr. 044 241 601 03',
    'USt-IdNr. 123 456 789 00',
    'GST Reg No : 000154042368',
    'VAT No. 123 4567 89',
    'Tax ID 12 345 678 90',
  ])('"%s" names the tax number, not an amount of tax', (line) => {
    expect(amounts(`Total EUR 34,73\n${line}`).tax).toEqual([]);
  });
  it('still reads an amount after a tax word', () => {
    expect(amounts('MwSt. 19 % 5,70\nTotal EUR 35,70').tax.map((c) => c.value)).toContain('5.70');
    expect(amounts('VAT 3.00\nTotal 18.00').tax.map((c) => c.value)).toContain('3.00');
  });
});

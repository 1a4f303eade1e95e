import { describe, expect, it } from 'vitest';
import { currencyForLocale, currencyFromToken, detectCurrency } from '../../../src/engine/extract/currency.js';
import { splitLines } from '../../../src/engine/extract/text.js';

const detect = (text: string, fallback?: string) =>
  detectCurrency(splitLines([{ index: 0, text, method: 'text' }]), fallback)?.code ?? null;

describe('currencyFromToken', () => {
  it.each([
    ['€', 'EUR'],
    ['$', 'USD'],
    ['£', 'GBP'],
    ['¥', 'JPY'],
    ['₹', 'INR'],
    ['RM', 'MYR'],
    ['zł', 'PLN'],
    ['EUR', 'EUR'],
    ['usd', 'USD'],
    ['PLN', 'PLN'],
    ['A$', 'AUD'],
    ['S$', 'SGD'],
    ['CHF', 'CHF'],
    ['Rs', 'INR'],
    ['kr', 'SEK'],
    ['xyz', null],
  ])('%s → %s', (tok, want) => {
    expect(currencyFromToken(tok)).toBe(want);
  });
});

describe('detectCurrency', () => {
  it('reads symbols, codes and local abbreviations', () => {
    expect(detect('Total  € 717,97')).toBe('EUR');
    expect(detect('TOTAL AMOUNT DUE $4.11')).toBe('USD');
    expect(detect('Należność ogółem: 316,83 PLN')).toBe('PLN');
    expect(detect('Do zapłaty 120,00 zł')).toBe('PLN');
    expect(detect('ROUNDED TOTAL (RM): 9.00')).toBe('MYR');
    expect(detect('Grand Total   Rs 1939')).toBe('INR');
    expect(detect('Amount due £ 120.00')).toBe('GBP');
    expect(detect('Total AUD 99.00')).toBe('AUD');
  });
  it('lets codes by amounts outvote a stray symbol', () => {
    expect(detect('Price list in $ on request\nTotal EUR 10.00\nVAT EUR 1.90')).toBe('EUR');
  });
  it('uses the locale only when nothing is printed', () => {
    expect(detect('Total 10.00', 'GBP')).toBe('GBP');
    expect(detect('Total 10.00')).toBeNull();
    expect(currencyForLocale('de-DE')).toBe('EUR');
    expect(currencyForLocale('en-MY')).toBe('MYR');
  });
});

describe('currency from the country when OCR lost the symbol', () => {
  it('reads an Indian invoice whose rupee sign OCR dropped as INR', async () => {
    const { extractDocument } = await import('../../../src/engine/extract/index.js');
    const r = extractDocument(
      [{ index: 0, text: 'Tax Invoice\nSold By : Acme Traders Pvt. Ltd.\nLucknow, Uttar Pradesh\nGrand Total % 540.00', method: 'ocr' }],
      { now: new Date('2024-01-01') },
    );
    expect(r.fields.find((f) => f.name === 'currency')?.value).toBe('INR');
  });
});

import { describe, expect, it } from 'vitest';
import { currencyCandidates, currencyForLocale, currencyFromToken } from '../../../src/engine/extract/currency.js';

const detect = (text: string, localeCountry: string | null = null) =>
  currencyCandidates(text, [{ index: 0, text, method: 'text' }], { country: null, language: null, localeCountry })[0]?.value ?? null;

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

describe('currencyCandidates', () => {
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
  it("settles a symbol of many currencies by the locale's country only when the document names none", () => {
    expect(detect('Total $10.00', 'CA')).toBe('CAD');
    expect(detect('Total 10.00')).toBeNull();
    expect(currencyForLocale('de-DE')).toBe('EUR');
    expect(currencyForLocale('en-MY')).toBe('MYR');
  });
});

describe('currency.country-fallback', () => {
  const cands = (text: string, method: 'text' | 'ocr') =>
    currencyCandidates(text, [{ index: 0, text, method }], { country: 'MY', language: 'en', localeCountry: null });
  it("offers the country's currency when the printed symbols disagree, first on a scan, last on a text layer", () => {
    // (signs on the amounts: a sign on the unit price of a 'qty @price amount' row is OCR's '@', see currency.at-sign)
    const text = 'GST Reg No 001315377152\nPenang\n2 ITEM 7.60 €15.20\n2 ITEM 8.00 €16.00\n2 ITEM 9.00 €18.00\nTotal 49.20';
    expect(cands(text, 'ocr')[0]).toMatchObject({ value: 'MYR', because: ['currency.country-fallback'] });
    expect(cands(text, 'text')[0]?.value).toBe('EUR');
    expect(cands(text, 'text').map((c) => c.value)).toContain('MYR');
  });
});

describe('currency candidates point at what was printed', () => {
  it('carries the span of the symbol and the resolution rule ids', () => {
    const text = 'Acme Sdn Bhd\nSelangor, Malaysia\nTotal RM 12.00';
    const [c] = currencyCandidates(text, [{ index: 0, text, method: 'text' }], { country: null, language: null, localeCountry: null });
    expect(c!.value).toBe('MYR');
    expect(text.slice(c!.source!.start, c!.source!.end)).toBe('RM');
    expect(c!.because.length).toBeGreaterThan(0);
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

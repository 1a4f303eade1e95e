import { describe, expect, it } from 'vitest';
import { currencyOfCountry } from '../../../../src/engine/extract/checks/country.js';
import { currencyAgrees, findCurrencyHits, resolveCurrency } from '../../../../src/engine/extract/checks/currency.js';
import { draft } from './draft.js';

const tokens = (text: string) => findCurrencyHits(text).map((h) => h.token);
const resolve = (text: string, cues: Parameters<typeof resolveCurrency>[1] = {}) =>
  resolveCurrency(findCurrencyHits(text), { text, ...cues });

describe('findCurrencyHits', () => {
  it('reads signs beside amounts, prefixed dollars as one token', () => {
    expect(tokens('Total: €12,50 and S$ 3.00 and $4 and 5 £')).toEqual(['€', 'S$', '$', '£']);
    expect(tokens('Amount ($)')).toEqual(['$']);
  });
  it("currency.at-sign: a sign before the unit price of a 'quantity @ price amount' row is OCR's '@'", () => {
    expect(tokens('2 DB TAU SAR PNEAH (S) 12PCS €7.60 15.20\nTotal RM 15.20')).toEqual(['RM']);
    expect(tokens('4 1/4 Chic+1sd-T €17.90 71.60 §')).toEqual([]);
    // the price times the quantity is not the amount, a dollar, or a sign on the amount itself: a currency
    expect(tokens('2 BREAD €7.60 16.20')).toEqual(['€']);
    expect(tokens('2 BREAD $7.60 15.20')).toEqual(['$']);
    expect(tokens('2 BREAD 7.60 €15.20')).toEqual(['€']);
  });
  it('does not read a sign among words (an OCR speck)', () => {
    expect(tokens('¥ Mert Price Item NS')).toEqual([]);
  });
  it('reads letter abbreviations only beside a number, in brackets or alone on their line', () => {
    expect(tokens('TOTAL RM 9.00')).toEqual(['RM']);
    expect(tokens('Amount (RM)')).toEqual(['RM']);
    expect(tokens('QTY  DESC\nRM\n')).toEqual(['RM']);
    expect(tokens('FARMER RMX STORE')).toEqual([]);
  });
  it('keeps the case of abbreviations with capitals', () => {
    expect(tokens('CASHIER:FT10060')).toEqual([]);
    expect(tokens('1 200 Ft')).toEqual(['Ft']);
    expect(tokens('Summa 100 KR')).toEqual(['kr']);
  });
  it('reads ISO codes beside money, in brackets or after a currency label', () => {
    expect(tokens('Total 12.00 USD')).toEqual(['USD']);
    expect(tokens('EUR 1.234,56')).toEqual(['EUR']);
    expect(tokens('Amount (GBP)')).toEqual(['GBP']);
    expect(tokens('Currency: CHF')).toEqual(['CHF']);
    expect(tokens('Währung: EUR')).toEqual(['EUR']);
  });
  it('does not read a code-like word beside a bare number', () => {
    expect(tokens('ALL ITEMS ARE FINAL')).toEqual([]);
    expect(tokens('Diesel & Petrol RON 95')).toEqual([]);
  });
});

describe('resolveCurrency', () => {
  it('"$" on a Malaysian receipt is MYR', () => {
    const r = resolve('KEDAI MAJU SDN BHD\nSELANGOR\nGST @6% $0.46\nTOTAL $8.20');
    expect(r).toMatchObject({ code: 'MYR', country: 'MY', agreed: true, because: ['currency.symbol-country'] });
    expect(r.reason).toContain("'$' x2 on a document from MY");
  });
  it('a stray sign on a Malaysian receipt is ignored, and says so', () => {
    const r = resolve('KEDAI MAJU SDN BHD\nJALAN 1, SELANGOR\nTOTAL 8.20\n£ 1');
    expect(r).toMatchObject({ code: 'MYR', agreed: true, because: ['currency.country-cues', 'currency.stray-symbol-ignored'] });
  });
  it('"SR" (a tax code) never outvotes the country, however often', () => {
    expect(resolve('KEDAI SDN BHD\nSELANGOR\nSR 6.00\nSR 2.00\nSR 1.00\nSR 3.00').code).toBe('MYR');
  });
  it('a country word is not a currency code ("BHD" of "SDN BHD")', () => {
    expect(resolve('KEDAI MAJU SDN BHD 12345-X\nJALAN 1, SELANGOR').code).toBe('MYR');
  });
  it('a sign printed throughout against the country is kept, but not agreed', () => {
    const r = resolve('Muster GmbH, Berlin, USt-IdNr DE136695976\n$10.00\n$5.00\nTotal $15.00');
    expect(r).toMatchObject({ code: 'USD', country: 'DE', agreed: false, because: ['currency.symbol-default'] });
  });
  it('a printed ISO code wins over the country', () => {
    expect(resolve('Muster GmbH, Berlin, USt-IdNr DE136695976\nTotal 15.00 USD')).toMatchObject({
      code: 'USD',
      agreed: true,
      because: ['currency.code-printed'],
    });
  });
  it('the OCR misreading of the rupee sign as yen is INR on an Indian document', () => {
    expect(resolve('Example Pvt Ltd, Bengaluru, Karnataka\nTotal ¥ 319.00')).toMatchObject({
      code: 'INR',
      because: ['currency.symbol-misread-country'],
    });
    expect(resolve('Total ¥ 319.00').code).toBe('JPY');
  });
  it('with no country, a sign of one currency settles it and "$" is only a guess', () => {
    expect(resolve('Total € 12,00')).toMatchObject({ code: 'EUR', agreed: true, because: ['currency.symbol-unique'] });
    expect(resolve('Total $12.00')).toMatchObject({ code: 'USD', agreed: false, because: ['currency.symbol-default'] });
  });
  it('the locale\'s country settles a bare "$" but never outvotes a printed sign', () => {
    expect(resolve('Total $12.00', { localeCountry: 'US' })).toMatchObject({
      code: 'USD',
      agreed: true,
      because: ['currency.symbol-locale'],
    });
    expect(resolve('Total $12.00', { localeCountry: 'CA' }).code).toBe('CAD');
    expect(resolve('Total € 12,00', { localeCountry: 'US' }).code).toBe('EUR');
  });
  it('one cue alone settles the currency only with a sign that agrees', () => {
    expect(resolve('NO 3, KLANG\nTOTAL 8.20')).toMatchObject({ code: 'MYR', agreed: false });
    expect(resolve('NO 3, KLANG\nTOTAL 8.20\n£ 1')).toMatchObject({ code: 'MYR', agreed: false });
    expect(resolve('NO 3, KLANG\nTOTAL RM 8.20')).toMatchObject({ code: 'MYR', agreed: true });
  });
  it('with nothing printed, the country decides; with neither, nothing is said', () => {
    expect(resolve('KEDAI SDN BHD, SELANGOR\nTOTAL 8.20')).toMatchObject({ code: 'MYR', because: ['currency.country-cues'] });
    expect(resolve('TOTAL 8.20')).toMatchObject({ code: null, agreed: false });
  });
  it('a country given by the caller is used as is', () => {
    expect(resolve('TOTAL $8.20', { country: 'SG' }).code).toBe('SGD');
  });
  it('knows the currency of a country', () => {
    expect(currencyOfCountry('my')).toBe('MYR');
    expect(currencyOfCountry('XX')).toBeNull();
  });
});

describe('currency.country-agrees', () => {
  const text = 'KEDAI MAJU SDN BHD\nSELANGOR\nTOTAL $8.20';
  it('passes the currency the evidence agrees on', () => {
    expect(currencyAgrees.run(draft({ text, values: { currency: 'MYR' } }))?.passed).toBe(true);
  });
  it('fails USD from a stray "$" on a Malaysian receipt', () => {
    const r = currencyAgrees.run(draft({ text, values: { currency: 'USD' } }));
    expect(r?.passed).toBe(false);
    expect(r?.message).toMatch(/^currency USD, but the document says MYR/);
  });
  it('fails a currency nothing on the document supports, and a guess', () => {
    expect(currencyAgrees.run(draft({ text: 'TOTAL 8.20', values: { currency: 'EUR' } }))?.passed).toBe(false);
    expect(currencyAgrees.run(draft({ text: 'TOTAL $8.20', values: { currency: 'USD' } }))?.passed).toBe(false);
  });
  it('does not apply without a currency', () => {
    expect(currencyAgrees.run(draft({ text }))).toBeNull();
  });
});

describe('currency.symbol-on-total', () => {
  it("a sign of one currency beside the total of a document from elsewhere is that currency, flagged, not the country's", () => {
    const text =
      'Oakfield Supply AB\n111 22 Stockholm, Sverige\nVAT-nr: SE556036079301\nAtt betala inkl. moms 7 331,94 €\nVarav moms 25% 1 466,39 €';
    const r = resolve(text, { country: 'SE', text });
    expect(r.code).toBe('EUR');
    expect(r.agreed).toBe(false);
    expect(r.because).toContain('currency.symbol-on-total');
  });

  it('a sign elsewhere on the page (not on a total line) is still a stray one', () => {
    const text = 'Oakfield Supply AB\n111 22 Stockholm, Sverige\nPorto € 4,50\nAtt betala 7 331,94';
    const r = resolve(text, { country: 'SE', text });
    expect(r.code).toBe('SEK');
    expect(r.because).toContain('currency.stray-symbol-ignored');
  });
});

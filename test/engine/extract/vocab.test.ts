import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/engine/extract/text.js';
import {
  VOCABULARIES,
  countriesOfLegalForm,
  foreignShortForm,
  labelRe,
  languageOf,
  LEGAL_FORM_SOURCE,
  phrases,
} from '../../../src/engine/extract/vocab.js';

describe('vocabularies as data', () => {
  it('has the languages the issue asks for, each with labels for the key fields', () => {
    const langs = VOCABULARIES.map((v) => v.language);
    for (const l of ['en', 'de', 'fr', 'nl', 'es', 'it', 'pt', 'sv', 'ms']) expect(langs).toContain(l);
    for (const v of VOCABULARIES) {
      for (const k of ['date', 'total', 'tax', 'cash', 'change'] as const)
        expect(v.labels[k].length, `${v.language}.${k}`).toBeGreaterThan(0);
    }
  });

  it('matches a label of any language on folded text, as whole words', () => {
    const re = labelRe('total_strong');
    expect(re.test(fold('Rechnungsbetrag: 12,00'))).toBe(true);
    expect(re.test(fold('Net à payer 9,00 €'))).toBe(true);
    expect(re.test(fold('Jumlah Besar RM 5.00'))).toBe(true);
    expect(re.test(fold('Att betala 120 kr'))).toBe(true);
    expect(labelRe('total').test('subtotals')).toBe(false);
  });

  it('label.number-sign: any way of writing the number sign reads as every other in number labels', () => {
    const re = labelRe('number');
    for (const t of [
      'Fatura n.º: F-12',
      'Fatura nº 12',
      'Fatura Nr. 12',
      'Factura núm. 7',
      'N° de facture : 9',
      'Rechnung Nr. 5',
      'Factuur nr: 3',
      'Invoice # 4',
      'Invoice No. 4',
      'Fattura n. 8',
      'Fattura n 8',
    ])
      expect(re.test(fold(t)), t).toBe(true);
    expect(labelRe('po').test(fold('Nr. encomenda 41'))).toBe(true);
    expect(labelRe('po').test(fold('N.º encomenda 41'))).toBe(true);
    // OCR's reading of the raised o as a 2
    expect(re.test(fold('N.2 Fatura 2024/5503'))).toBe(true);
    // not a number sign: a word after the label, or "no" as a word elsewhere
    expect(re.test(fold('Invoice notes'))).toBe(false);
    expect(re.test(fold('Invoice number 7'))).toBe(true);
    expect(labelRe('till').test(fold('No refund'))).toBe(true);
    expect(labelRe('till').test(fold('Nr. refund'))).toBe(false);
  });

  it('lists longer phrases first so "total due" is preferred to "due"', () => {
    const p = phrases('total_strong');
    expect(p.indexOf('total amount due')).toBeLessThan(p.indexOf('total due'));
  });

  it('tells the language by its own labels, English only when nothing else is there', () => {
    expect(languageOf('Factuurnummer 12\nFactuurdatum 1-2-2024\nTe betalen € 5,00\nBTW 21%')).toBe('nl');
    expect(languageOf('Tarikh 01/02/2018\nJumlah RM 5.00\nTunai 10.00\nBaki 5.00')).toBe('ms');
    expect(languageOf('Invoice date 2024-01-02\nTotal due $5.00')).toBe('en');
  });

  it('knows legal forms per country, tolerant of OCR letter confusions', () => {
    expect(countriesOfLegalForm('Kedai Contoh Sdn Bhd')).toContain('MY');
    expect(countriesOfLegalForm('KEDAI CONTOH SON BHO')).toContain('MY');
    expect(countriesOfLegalForm('Beispiel GmbH')).toContain('DE');
    expect(countriesOfLegalForm('Voorbeeld B.V.')).toContain('NL');
    expect(countriesOfLegalForm('Example Ltd')).toContain('GB');
    expect(new RegExp(`${LEGAL_FORM_SOURCE}$`).test(fold('Acme Pty Ltd'))).toBe(true);
  });
});

describe('vendor.legal-form-of-country', () => {
  it('a two-letter form the known country does not use is foreign', () => {
    expect(foreignShortForm('ERIE SL,', 'MY')).toBe(true);
    expect(foreignShortForm('Foo AG', 'MY')).toBe(true);
  });
  it('the country’s own forms, "Co.", longer forms, or no known country: not foreign', () => {
    expect(foreignShortForm('KEDAI CONTOH S/B', 'MY')).toBe(false);
    expect(foreignShortForm('Panaderia Sol SL', 'ES')).toBe(false);
    expect(foreignShortForm('POPULAR BOOK CO.', 'MY')).toBe(false);
    expect(foreignShortForm('Beispiel GmbH', 'MY')).toBe(false);
    expect(foreignShortForm('ERIE SL,', null)).toBe(false);
    expect(foreignShortForm('KEDAI CONTOH SDN BHD', 'MY')).toBe(false);
  });
});

describe('vendor.legal-form-second-word', () => {
  const ends = (name: string) => new RegExp(`(?:^|\\s)${LEGAL_FORM_SOURCE}$`).test(fold(name));
  it('a two-word form whose last word OCR misread in its middle letter is still the form', () => {
    expect(ends('ROTI SEGAR SDN BID')).toBe(true);
    expect(ends('Acme Pte Lcd')).toBe(true);
    expect(countriesOfLegalForm('ROTI SEGAR SDN BID')).toContain('MY');
  });
  it('only the middle letter is free, and only after the first word', () => {
    expect(ends('ROTI SEGAR SDN XHD')).toBe(false);
    expect(ends('ROTI SEGAR BID')).toBe(false);
    expect(ends('ROTI SEGAR SDN BHX')).toBe(false);
  });
});

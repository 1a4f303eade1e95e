import { describe, expect, it } from 'vitest';
import {
  findDigitRuns,
  findIbans,
  ibanValid,
  isIbanPart,
  isInsideIdentifier,
  isPhoneLike,
  isPrintedAsPhone,
  isValidIban,
  looksLikeIban,
  taxIdNotIban,
  taxIdNotPhone,
  taxIdShape,
  taxIdValid,
  taxNotIdentifier,
  totalNotIdentifier,
} from '../../../../src/engine/extract/checks/identifiers.js';
import { draft } from './draft.js';

const at = (text: string, sub: string) => {
  const start = text.indexOf(sub);
  return isPhoneLike(text, { start, end: start + sub.length });
};

describe('isPhoneLike', () => {
  it('knows a number after a phone label, in any of the languages', () => {
    expect(at('Phone: 5550123456', '5550123456')).toBe(true);
    expect(at('Téléphone : 01 23 45 67 89', '45')).toBe(true);
    expect(at('Telefoon 020-1234567', '1234567')).toBe(true);
    expect(at('Contact No : 012-3456789', '3456789')).toBe(true);
    expect(at('F: 020 1234 5678', '1234')).toBe(true);
  });
  it('knows the second number of a phone list', () => {
    expect(at('TEL: 03-1111 2222 / 012-333 4444', '333')).toBe(true);
  });
  it('knows international form without a label', () => {
    expect(at('Office +44 20 7946 0000', '7946')).toBe(true);
  });
  it('does not judge a bare number by its shape', () => {
    expect(at('GST ID: 001234567890', '001234567890')).toBe(false);
    expect(at('Invoice 12345678', '12345678')).toBe(false);
    expect(at('Total 1234567.00', '1234567')).toBe(false);
  });
});

describe('IBAN helpers', () => {
  const text = 'Bank: Example\nIBAN : FR76 30006 00001 12345678901 89 - BIC : AGRIFRPP\nIBAN DE89 3704 0044 0532 0130 00';
  it('finds IBANs however they are grouped, and checks mod 97', () => {
    expect(findIbans(text)).toEqual([
      expect.objectContaining({ iban: 'FR7630006000011234567890189', valid: true }),
      expect.objectContaining({ iban: 'DE89370400440532013000', valid: true }),
    ]);
    expect(findIbans('IBAN DE89 3704 0044 0532 0130 01')[0]?.valid).toBe(false);
  });
  it('looksLikeIban is shape, isValidIban is the check', () => {
    expect(looksLikeIban('DE89 3704 0044 0532 0130 01')).toBe(true);
    expect(isValidIban('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(looksLikeIban('DE136695976')).toBe(false);
  });
  it('isIbanPart: a piece of a printed IBAN, or an IBAN itself', () => {
    expect(isIbanPart('37040044', text)).toBe(true);
    expect(isIbanPart('DE893704', text)).toBe(true);
    expect(isIbanPart('DE89370400440532013000', '')).toBe(true);
    expect(isIbanPart('DE136695976', text)).toBe(false);
  });
});

describe('findDigitRuns / isPrintedAsPhone', () => {
  it('finds the digits however they are grouped, not inside a longer number', () => {
    expect(findDigitRuns('a 555-012 3456 b 95550123456', '5550123456')).toEqual([{ start: 2, end: 14 }]);
  });
  it('tells a number printed as a phone', () => {
    expect(isPrintedAsPhone('5550123456', 'Seller\nPhone: 555 012 3456\n')).toBe(true);
    expect(isPrintedAsPhone('5550123456', 'Reg no 5550123456')).toBe(false);
  });
});

describe('id.tax-id-valid', () => {
  it('passes a valid id of the country, fails another', () => {
    expect(taxIdValid.run(draft({ country: 'DE', values: { vendor_tax_id: 'DE136695976' } }))?.passed).toBe(true);
    expect(taxIdValid.run(draft({ country: 'DE', values: { vendor_tax_id: 'DE136695977' } }))?.passed).toBe(false);
    expect(taxIdValid.run(draft({}))).toBeNull();
  });
});

describe('id.tax-id-shape', () => {
  it('passes an id of a country without check digits, which id.tax-id-valid then leaves alone', () => {
    const d = draft({ country: 'MY', values: { vendor_tax_id: '001234567890' } });
    expect(taxIdShape.run(d)).toMatchObject({ passed: true, message: expect.stringContaining('no check digit') });
    expect(taxIdValid.run(d)).toBeNull();
  });
  it('does not apply to ids with a check digit, valid or not', () => {
    expect(taxIdShape.run(draft({ country: 'DE', values: { vendor_tax_id: 'DE136695976' } }))).toBeNull();
    expect(taxIdShape.run(draft({ country: 'DE', values: { vendor_tax_id: 'DE136695977' } }))).toBeNull();
  });
  it('does not judge a bare number on a document from no known country', () => {
    expect(taxIdValid.run(draft({ values: { vendor_tax_id: '5550123456' } }))).toBeNull();
    expect(taxIdShape.run(draft({ values: { vendor_tax_id: '5550123456' } }))).toBeNull();
  });
});

describe('id.tax-id-not-phone', () => {
  it('fails a tax id that is the printed phone number', () => {
    const d = draft({ text: 'Sold by: Example Retail\nPhone: 5550123456\nVAT/TIN: 29670869006', values: { vendor_tax_id: '5550123456' } });
    expect(taxIdNotPhone.run(d)).toEqual({ passed: false, message: 'tax id 5550123456 is printed as a phone number' });
    expect(taxIdNotPhone.run({ ...d, values: { vendor_tax_id: '29670869006' } })?.passed).toBe(true);
  });
});

describe('id.tax-id-not-iban', () => {
  it('fails a VAT id read from inside the IBAN', () => {
    const d = draft({ text: 'USt-IdNr DE 136 695 976\nIBAN DE89 3704 0044 0532 0130 00', values: { vendor_tax_id: 'DE893704' } });
    expect(taxIdNotIban.run(d)?.passed).toBe(false);
    expect(taxIdNotIban.run({ ...d, values: { vendor_tax_id: 'DE136695976' } })?.passed).toBe(true);
  });
});

describe('id.iban-mod97', () => {
  it('checks the IBAN when one was read', () => {
    expect(ibanValid.run(draft({ iban: 'DE89 3704 0044 0532 0130 00' }))?.passed).toBe(true);
    expect(ibanValid.run(draft({ iban: 'DE89 3704 0044 0532 0130 01' }))?.passed).toBe(false);
    expect(ibanValid.run(draft({}))).toBeNull();
  });
});

describe('amount.*-not-identifier', () => {
  const text = 'Example Retail\nPhone: 5550123456\nTotal 319.00\nIBAN DE89 3704 0044 0532 0130 00';
  it('fails an amount that is the phone number', () => {
    expect(taxNotIdentifier.run(draft({ text, values: { tax: '5550123456.00' } }))).toEqual({
      passed: false,
      message: 'tax 5550123456.00: 5550123456 is printed as a phone number',
    });
  });
  it('fails an amount read from the IBAN or the tax id', () => {
    expect(totalNotIdentifier.run(draft({ text, values: { total: '37040044.00' } }))?.passed).toBe(false);
    expect(totalNotIdentifier.run(draft({ text, values: { total: '136695976', vendor_tax_id: 'DE136695976' } }))?.passed).toBe(false);
  });
  it('passes a large real amount and ignores small ones', () => {
    expect(totalNotIdentifier.run(draft({ text: 'Total 1,250,000.00', values: { total: '1250000.00' } }))?.passed).toBe(true);
    expect(totalNotIdentifier.run(draft({ text, values: { total: '319.00' } }))).toBeNull();
  });
});

describe('isInsideIdentifier', () => {
  const text = 'Phone: 5550123456\nIBAN DE89 3704 0044 0532 0130 00\nTotal 319.00';
  const at = (sub: string) => {
    const start = text.indexOf(sub);
    return isInsideIdentifier(text, { start, end: start + sub.length });
  };
  it('knows a number inside a phone number or an IBAN', () => {
    expect(at('5550123456')).toBe(true);
    expect(at('0532')).toBe(true);
  });
  it('passes an amount', () => {
    expect(at('319.00')).toBe(false);
  });
});

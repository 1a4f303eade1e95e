import { describe, expect, it } from 'vitest';
import { compactId, taxIdCountries, validateTaxId } from '../../../../src/engine/extract/checks/tax-ids.js';

describe('validateTaxId', () => {
  it('settles the country from the printed prefix and checks the digit', () => {
    expect(validateTaxId('DE 136 695 976')).toMatchObject({ valid: true, country: 'DE', checksum: true });
    expect(validateTaxId('DE 136 695 977')).toMatchObject({ valid: false, country: 'DE' });
    expect(validateTaxId('EL094259216')).toMatchObject({ valid: true, country: 'GR' });
    expect(validateTaxId('CHE-116.281.710 MWST')).toMatchObject({ valid: true, country: 'CH' });
    expect(validateTaxId('GB 980 7806 84')).toMatchObject({ valid: true, country: 'GB' });
  });
  it("uses the document's country when the id is printed without prefix", () => {
    expect(validateTaxId('136695976', 'DE')).toMatchObject({ valid: true, country: 'DE', checksum: true });
    expect(validateTaxId('51 824 753 556', 'AU')).toMatchObject({ valid: true, kind: 'ABN' });
    expect(validateTaxId('51 824 753 557', 'AU').valid).toBe(false);
    expect(validateTaxId('27AAPFU0939F1ZV', 'IN')).toMatchObject({ valid: true, kind: 'GSTIN' });
  });
  it('accepts shape-only ids where the country has no check digit, and says so', () => {
    const r = validateTaxId('001234567890', 'MY');
    expect(r).toMatchObject({ valid: true, checksum: false });
    expect(r.reason).toContain('no check digit');
    expect(validateTaxId('W10-1808-31001234', 'MY')).toMatchObject({ valid: true, kind: 'SST reg. no.' });
  });
  it('without a country, only a check digit vouches', () => {
    expect(validateTaxId('001234567890').valid).toBe(false);
    expect(validateTaxId('51 824 753 556')).toMatchObject({ valid: true, country: 'AU' });
  });
  it('rejects a phone number for a country whose ids it does not fit', () => {
    expect(validateTaxId('8756390642', 'IN').valid).toBe(false);
  });
  it('rejects what has too few digits to be any tax id', () => {
    expect(validateTaxId('VAT 123', 'DE')).toMatchObject({ valid: false, reason: expect.stringContaining('too few digits') });
  });
  it('rejects an IBAN read as a VAT id', () => {
    expect(validateTaxId('DE89370400440532013000').valid).toBe(false);
  });
  it('knows the EU, the UK and the countries of the shared receipts', () => {
    expect(taxIdCountries()).toEqual(expect.arrayContaining(['DE', 'FR', 'NL', 'GB', 'MY', 'SG', 'IN', 'AU', 'US']));
  });
  it('compacts as printed', () => {
    expect(compactId('de 232.446-240')).toBe('DE232446240');
  });
});

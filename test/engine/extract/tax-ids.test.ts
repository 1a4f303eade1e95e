import { describe, expect, it } from 'vitest';
import { findTaxIds } from '../../../src/engine/extract/tax-ids.js';
import type { Line } from '../../../src/engine/extract/text.js';

const lines = (text: string): Line[] => {
  let start = 0;
  return text.split('\n').map((t, n) => {
    const l = { n, page: 0, start, text: t };
    start += t.length + 1;
    return l;
  });
};

describe('findTaxIds', () => {
  it('finds a labelled VAT id with a valid check digit', () => {
    expect(findTaxIds(lines('Muster AG\nUStId DE 136 695 976')).map((h) => h.value)).toEqual(['DE136695976']);
  });
  it('never takes a piece of the IBAN as the VAT id', () => {
    const found = findTaxIds(lines('Muster AG\nUStId DE 136 695 976\nIBAN DE89370400440532013000')).map((h) => h.value);
    expect(found).toEqual(['DE136695976']);
  });
  it('never takes a phone number on a tax label line', () => {
    expect(findTaxIds(lines('TAX INVOICE  Tel: 0312345678'))).toEqual([]);
  });
  it('checks an ABN by its check digit', () => {
    expect(findTaxIds(lines('ABN 51 824 753 556')).map((h) => h.kind)).toContain('ABN');
    expect(findTaxIds(lines('ABN 51 824 753 557')).map((h) => h.kind)).not.toContain('ABN');
  });
  it('trusts a VAT-shaped id whose check digit fails less', () => {
    const [good] = findTaxIds(lines('VAT DE 136 695 976'));
    const [bad] = findTaxIds(lines('VAT DE 136 695 977'));
    expect(good!.confidence).toBeGreaterThan(bad!.confidence);
  });
});

import { describe, expect, it } from 'vitest';
import { allowedEdits, boundedEditDistance, foldName, nameKey, sameName } from '../../../src/engine/vendors/names.js';
import { findIbans, normaliseIban, normaliseTaxId, taxIdRuns, withoutCountryPrefix } from '../../../src/engine/vendors/ids.js';

describe('vendor names', () => {
  it('folds OCR look-alikes, accents and punctuation', () => {
    expect(foldName('0JC Marketing')).toBe('OJC MARKETING');
    expect(foldName('SANlO')).toBe('SANIO');
    expect(foldName('Bürobedarf & Co.')).toBe('BUROBEDARF CO');
    expect(foldName('Ca1rn Foods')).toBe(foldName('Cairn Foods'));
  });

  it('keys drop a trailing legal form and spaces', () => {
    expect(nameKey('OJC Marketing Sdn. Bhd.')).toBe('OJCMARKETING');
    expect(nameKey('Nordlicht Bürobedarf GmbH')).toBe('NORDLICHTBUROBEDARF');
    expect(nameKey('AG')).toBe('AG'); // a name that is only a legal form keeps it
  });

  it('allows edits in proportion to length, none for short names', () => {
    expect(allowedEdits(3)).toBe(0);
    expect(allowedEdits(5)).toBe(1);
    expect(allowedEdits(10)).toBe(2);
    expect(allowedEdits(40)).toBe(3);
  });

  it('bounded edit distance stops at the bound', () => {
    expect(boundedEditDistance('SANYO', 'SANYU', 1)).toBe(1);
    expect(boundedEditDistance('KITTEN', 'SITTING', 3)).toBe(3);
    expect(boundedEditDistance('KITTEN', 'SITTING', 2)).toBe(3);
    expect(boundedEditDistance('ABC', 'ABCDEFG', 2)).toBe(3);
  });

  it('matches OCR readings of one name and keeps different names apart', () => {
    expect(sameName('SANYO', 'SANYU')).toBe(true);
    expect(sameName('0JC', 'OJC')).toBe(true);
    expect(sameName('OJC', 'OJA')).toBe(false);
    expect(sameName('Nordlicht Bürobedarf GmbH', 'NORDLICHT BUROBEDARE')).toBe(true);
    expect(sameName('Nordlicht Bürobedarf', 'Südlicht Bürobedarf')).toBe(false);
    // a number of its own is part of the name, not a misread letter: branches and numbered companies keep apart
    expect(foldName('Store 12 / 0JC')).toBe('STORE 12 OJC');
    expect(sameName('Kedai Runcit 12', 'KEDAI RUNCIT 12')).toBe(true);
    expect(sameName('Kedai Runcit 12', 'Kedai Runcit 15')).toBe(false);
    expect(sameName('Supplier 3 Trading', 'Supplier 4 Trading')).toBe(false);
  });
});

describe('vendor identifiers', () => {
  it('normalises tax ids and strips a country prefix', () => {
    expect(normaliseTaxId('DE 123.456-789')).toBe('DE123456789');
    expect(normaliseTaxId('12')).toBeNull();
    expect(withoutCountryPrefix('DE123456789')).toBe('123456789');
    expect(withoutCountryPrefix('123456789')).toBeNull();
  });

  it('accepts only IBANs that pass mod-97', () => {
    expect(normaliseIban('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(normaliseIban('DE89 3704 0044 0532 0130 01')).toBeNull();
  });

  it('finds IBANs in a line even with a word glued after them', () => {
    expect(findIbans('IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX').map((f) => f.iban)).toEqual(['DE89370400440532013000']);
    expect(findIbans('Tel DE12 3456 7890')).toEqual([]);
  });

  it('offers every join of neighbouring digit groups as a tax id run', () => {
    const ids = taxIdRuns('USt-IdNr.: DE 123 456 789  Tel 030 1234').map((r) => r.id);
    expect(ids).toContain('DE123456789');
    expect(ids).toContain('123456789');
    expect(ids).not.toContain('DE1234567890301234');
  });
});

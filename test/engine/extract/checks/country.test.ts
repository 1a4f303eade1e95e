import { describe, expect, it } from 'vitest';
import { countryFromCues, draftCountry, wordsOfCountry } from '../../../../src/engine/extract/checks/country.js';
import { draft } from './draft.js';

describe('countryFromCues', () => {
  it('places a document by its places, legal forms, tax labels and phone prefixes', () => {
    expect(countryFromCues('KEDAI MAJU SDN BHD\nJALAN 3, 47100 PUCHONG, SELANGOR')).toMatchObject({
      country: 'MY',
      cues: expect.arrayContaining(['sdn bhd', 'selangor', 'puchong']),
    });
    expect(countryFromCues('Muster GmbH, Hauptstr. 1, 10115 Berlin, Tel. +49 30 123456')?.country).toBe('DE');
    expect(countryFromCues('Example Inc\n100 Main St, Springfield, IL 62701')?.country).toBe('US');
  });
  it('returns null when no country leads', () => {
    expect(countryFromCues('Thank you for shopping')).toBeNull();
    // GmbH alone is German, Austrian or Swiss
    expect(countryFromCues('Muster GmbH')).toBeNull();
  });
  it('uses the label language as half a cue', () => {
    expect(countryFromCues('Muster GmbH, Kärntner Straße', 'de')).toBeNull();
    expect(countryFromCues('KvK 12345678', 'nl')?.country).toBe('NL');
  });
  it('places a Singapore address by its shapes: the six-digit postcode, a unit number, the GST registration number', () => {
    const sg = 'ORCHID FOOD HOUSE\n494 ORCHARD ROAD #06-89\nSINGAPORE 634835\nGST REG NO: M2-1585214-5\nTOTAL DUE: $8.89';
    expect(countryFromCues(sg)).toMatchObject({ country: 'SG', cues: expect.arrayContaining(['singapore', 'postcode/id shape']) });
    expect(countryFromCues('Kopi House\n12 Tampines St 21 #01-23\nSingapore 520123')?.country).toBe('SG');
  });
  it('does not take "GST Reg" for Malaysian: Singapore, Australia and Canada print it too', () => {
    expect(countryFromCues('GST REG NO: 123456789\nTOTAL 8.89')).toBeNull();
  });
  it('ignores cues of fewer than three letters, which OCR noise makes', () => {
    expect(countryFromCues('oy\nTIMES STORE')).toBeNull();
  });
});

describe('draftCountry', () => {
  it("takes the caller's country first, else the cues", () => {
    expect(draftCountry(draft({ country: 'sg', text: 'KEDAI SDN BHD, SELANGOR' }))).toBe('SG');
    expect(draftCountry(draft({ text: 'KEDAI SDN BHD, SELANGOR' }))).toBe('MY');
    expect(draftCountry(draft({ text: 'Thank you' }))).toBeNull();
  });
});

describe('wordsOfCountry', () => {
  it("lists a country's own words in capitals", () => {
    expect(wordsOfCountry('MY').has('BHD')).toBe(true);
    expect(wordsOfCountry(null).size).toBe(0);
  });
});

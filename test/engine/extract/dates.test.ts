import { describe, expect, it } from 'vitest';
import { findDateTokens, parseDate, settleOrder } from '../../../src/engine/extract/dates.js';

describe('parseDate', () => {
  it.each([
    ['12/03/2024', 'en-GB', '2024-03-12'],
    ['12/03/2024', 'en-US', '2024-12-03'],
    ['2024-03-12', 'en-US', '2024-03-12'],
    ['2024/03/12', undefined, '2024-03-12'],
    ['12 Mar 2024', 'en-US', '2024-03-12'],
    ['March 12, 2024', 'en-GB', '2024-03-12'],
    ['August 3 , 2014', undefined, '2014-08-03'],
    ['Jan 1, 2022', undefined, '2022-01-01'],
    ['12.03.24', 'de-DE', '2024-03-12'],
    ['12-MAR-2024', undefined, '2024-03-12'],
    ['7. Mai 2014', 'de-DE', '2014-05-07'],
    ['19 april 2014', 'nl-NL', '2014-04-19'],
    ['29 maart 2014', 'nl-NL', '2014-03-29'],
    ['02 Juillet 2015', 'fr-FR', '2015-07-02'],
    ['1er février 2023', 'fr-FR', '2023-02-01'],
    ['3 grudnia 2021', 'pl-PL', '2021-12-03'],
    ['25/12/2018', 'en-MY', '2018-12-25'],
    ['25/12/2018', 'en-US', '2018-12-25'],
    ['8-9-2022', 'nl-NL', '2022-09-08'],
    ['25 May 2017', undefined, '2017-05-25'],
    ['15th January 2019', undefined, '2019-01-15'],
    ['8 de noviembre de 2025', 'es-ES', '2025-11-08'],
    ['6 de março de 2023', 'pt-PT', '2023-03-06'],
    ['12 de julio del 2024', 'es-ES', '2024-07-12'],
    ['3 maj 2024', 'sv-SE', '2024-05-03'],
  ])('%s (%s) → %s', (raw, locale, want) => {
    expect(parseDate(raw, { locale })).toBe(want);
  });

  it('returns null for impossible dates and non-dates', () => {
    expect(parseDate('31/02/2024', { locale: 'en-GB' })).toBeNull();
    expect(parseDate('Total 12.00')).toBeNull();
  });

  it('does not read money or times as dates', () => {
    expect(findDateTokens('Amount 12.03 EUR at 10:45')).toEqual([]);
  });
});

describe('settleOrder', () => {
  const toks = (s: string) => findDateTokens(s);
  it('uses a day > 12 elsewhere in the document as evidence over the locale', () => {
    expect(settleOrder(toks('03/04/2024 due 20/04/2024'), 'en-US').order).toBe('DMY');
    expect(settleOrder(toks('03/04/2024 due 04/20/2024'), 'en-GB').order).toBe('MDY');
  });
  it('falls back to the locale, then to a USD hint, then to day-first', () => {
    expect(settleOrder(toks('03/04/2024'), 'en-US')).toEqual({ order: 'MDY', evidence: false });
    expect(settleOrder(toks('03/04/2024'), 'fr-FR')).toEqual({ order: 'DMY', evidence: false });
    expect(settleOrder(toks('03/04/2024'), undefined, 'USD').order).toBe('MDY');
    expect(settleOrder(toks('03/04/2024'), undefined, 'EUR').order).toBe('DMY');
  });
  it('ignores number runs that are not dates either way', () => {
    expect(settleOrder(toks('6.60.00 and 03/04/2024'), 'en-GB').evidence).toBe(false);
  });
});

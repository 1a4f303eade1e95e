/** How values read on screen: days and amounts in the clerk's locale, never the stored ISO day or a bare decimal. */
import { describe, expect, it } from 'vitest';
import { amountFormatter, dayFormatter } from '../../src/ui/format.js';

describe('days', () => {
  it('show an ISO day in the locale’s order, without shifting it by the time zone', () => {
    expect(dayFormatter('de-DE')('2014-08-03')).toBe('03.08.2014');
    expect(dayFormatter('en-GB')('2014-08-03')).toBe('03/08/2014');
    expect(dayFormatter('en-US')('2014-08-03')).toBe('08/03/2014');
    expect(dayFormatter('en-US')('2014-12-31')).toBe('12/31/2014');
  });
  it('leave what is not a real ISO day as it is, and nothing as nothing', () => {
    const day = dayFormatter('de-DE');
    expect(day('2019-02-29')).toBe('2019-02-29');
    expect(day('31/12/2014')).toBe('31/12/2014');
    expect(day('2020-02-29')).toBe('29.02.2020');
    expect(day(null)).toBe('');
    expect(day('')).toBe('');
  });
});

describe('amounts', () => {
  it('group thousands and show cents, keeping decimals a value has beyond them', () => {
    expect(amountFormatter('en-US')('10555.3')).toBe('10,555.30');
    expect(amountFormatter('de-DE')('10555.3')).toBe('10.555,30');
    expect(amountFormatter('en-US')('1340')).toBe('1,340.00');
    expect(amountFormatter('en-US')('0.1234')).toBe('0.1234');
    expect(amountFormatter('en-US')('-8.79')).toBe('-8.79');
    expect(amountFormatter('en-US')(null)).toBe('');
    expect(amountFormatter('en-US')('n/a')).toBe('n/a');
  });
  it('show quantities with only the decimals they have', () => {
    const qty = amountFormatter('en-US', 'quantity');
    expect(qty('5')).toBe('5');
    expect(qty('1.5')).toBe('1.5');
    expect(qty('1000')).toBe('1,000');
  });
});

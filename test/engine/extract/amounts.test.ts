import { describe, expect, it } from 'vitest';
import { detectDecimalMark, findAmounts, formatAmount, parseAmount } from '../../../src/engine/extract/amounts.js';

describe('parseAmount', () => {
  it.each([
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u00a0234,56', 1234.56],
    ["1'234.56", 1234.56],
    ['(12.00)', -12],
    ['-12.00', -12],
    ['12.00-', -12],
    ['12.00 CR', -12],
    ['€ -9,32', -9.32],
    // amounts.dash-after-currency: a dash glued to the code with a gap before the figure is no sign
    ['RM- 113.65', 113.65],
    ['RM -5.00', -5],
    ['RM-5.00', -5],
    ['$4.11', 4.11],
    ['RM9.00', 9],
    ['Rs 1939', 1939],
    ['56,02 €', 56.02],
    ['1.234.567,89', 1234567.89],
    ['1,234,567', 1234567],
    ['0,75', 0.75],
    ['12', 12],
    ['1.5', 1.5],
    ['4904.94', 4904.94],
    ['1O.5O', 10.5],
    ['S.00', 5],
  ])('%s → %d', (raw, want) => {
    expect(parseAmount(raw)).toBeCloseTo(want, 6);
  });

  it('reads a lone three-digit group as thousands unless the document uses that mark for decimals', () => {
    expect(parseAmount('1.234')).toBe(1234);
    expect(parseAmount('1,234')).toBe(1234);
    expect(parseAmount('1,234', ',')).toBeCloseTo(1.234);
  });

  it('rejects text that is not a number', () => {
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
    expect(parseAmount('..')).toBeNull();
  });
});

describe('findAmounts', () => {
  it('finds amounts with spans and skips dates, times and ids', () => {
    const line = 'Total 12/03/2024 10:15  INV-2024-001   € 1.234,56';
    const got = findAmounts(line);
    expect(got.map((a) => a.value)).toEqual([1234.56]);
    const a = got[0]!;
    expect(line.slice(a.start, a.end)).toBe('€ 1.234,56');
    expect(a.currencyHint).toBe('€');
    expect(a.hasDecimals).toBe(true);
  });

  it('keeps each column of a table row separate', () => {
    expect(findAmounts('Widget   2   19.99   39.98').map((a) => a.value)).toEqual([2, 19.99, 39.98]);
  });

  it('reads negative forms in context', () => {
    expect(findAmounts('Credit (25.00)').map((a) => a.value)).toEqual([-25]);
    expect(findAmounts('Refund 12.50 CR').map((a) => a.value)).toEqual([-12.5]);
  });
});

describe('formatAmount / detectDecimalMark', () => {
  it('formats with two decimals and a dot', () => {
    expect(formatAmount(1234.5)).toBe('1234.50');
    expect(formatAmount(-0.125)).toBe('-0.13');
  });
  it('detects the decimal mark from the document', () => {
    expect(detectDecimalMark('Summe 1.234,56 EUR\nMwSt 19,00')).toBe(',');
    expect(detectDecimalMark('Total 1,234.56\nTax 19.00')).toBe('.');
    expect(detectDecimalMark('no numbers')).toBeUndefined();
  });
});

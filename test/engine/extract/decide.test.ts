import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/engine/extract/candidate.js';
import { decide, type DecideInput, independent } from '../../../src/engine/extract/decide.js';

const c = (field: Candidate['field'], value: string, score: number, because = [`${field}.label`]): Candidate => ({
  field,
  value,
  raw: value,
  source: null,
  score,
  because,
});
const input = (candidates: DecideInput['candidates'], extras: DecideInput['extras'] = {}, text = ''): DecideInput => ({
  docType: 'receipt',
  candidates,
  lineItems: [],
  extras,
  country: 'MY',
  language: 'en',
  localeCountry: null,
  text,
  now: new Date('2024-01-01'),
});

describe('decide: the combination the checks agree on', () => {
  it('prefers a lower-scored total for which subtotal + tax = total over a higher one that fails', () => {
    const d = decide(
      input({
        total: [c('total', '29.15', 0.9), c('total', '25.15', 0.7)],
        subtotal: [c('subtotal', '23.73', 0.8)],
        tax: [c('tax', '1.42', 0.8)],
      }),
    );
    expect(d.chosen.total?.value).toBe('25.15');
    expect(d.checks.find((o) => o.id === 'sum.subtotal-tax-total')?.passed).toBe(true);
  });

  it('prefers the total that cash - change confirms', () => {
    const d = decide(input({ total: [c('total', '18.98', 0.9), c('total', '18.90', 0.8)] }, { cash: 20, change: 1.1 }));
    expect(d.chosen.total?.value).toBe('18.90');
  });

  it('prefers the total cash - change gives to the cent over one it gives only within cash rounding', () => {
    // "Total Sales 1.76" / "Total After Adj 1.75", cash 1.80, change 0.05: the till took 1.75
    const d = decide(input({ total: [c('total', '1.76', 0.95), c('total', '1.75', 0.8)] }, { cash: 1.8, change: 0.05 }));
    expect(d.chosen.total?.value).toBe('1.75');
  });

  it('keeps a printed tax that disagrees rather than hiding the disagreement by dropping it', () => {
    const d = decide({
      ...input({ total: [c('total', '2500.00', 0.9)], subtotal: [c('subtotal', '2012.40', 0.85)], tax: [c('tax', '402.48', 0.85)] }),
      country: 'GB',
    });
    expect(d.chosen.tax?.value).toBe('402.48');
    expect(d.checks.find((o) => o.id === 'sum.subtotal-tax-total')?.passed).toBe(false);
  });

  it('drops an amount that is a phone number printed on the document', () => {
    const d = decide(
      input({ total: [c('total', '319.00', 0.95)], tax: [c('tax', '8756390642.00', 0.6)] }, {}, 'Phone: 8756390642\nTotal 319.00'),
    );
    expect(d.chosen.tax).toBeUndefined();
  });

  it('drops a tax no rate of the country gives (another amount read beside a tax word), keeping one that fits', () => {
    // "TOTAL 327.00" with "GST 80.00" on a Malaysian receipt: 32 % of the rest, where the rates are 5-10 %
    const wrong = decide(input({ total: [c('total', '327.00', 0.9)], tax: [c('tax', '80.00', 0.8)] }));
    expect(wrong.chosen.tax).toBeUndefined();
    expect(wrong.chosen.total?.value).toBe('327.00');
    const right = decide(input({ total: [c('total', '318.00', 0.9)], tax: [c('tax', '18.00', 0.8)] }));
    expect(right.chosen.tax?.value).toBe('18.00');
    // a tax at the country's rate of the printed subtotal stays when the total is the misread figure
    const wrongTotal = decide({
      ...input({ total: [c('total', '120.00', 0.9)], subtotal: [c('subtotal', '250.00', 0.85)], tax: [c('tax', '50.00', 0.85)] }),
      country: 'GB',
    });
    expect(wrongTotal.chosen.tax?.value).toBe('50.00');
    expect(wrongTotal.checks.find((o) => o.id === 'sum.subtotal-tax-total')?.passed).toBe(false);
  });

  it('leaves an optional field empty when every candidate fails its checks', () => {
    const d = decide(
      input({ total: [c('total', '10.00', 0.9)], vendor_tax_id: [c('vendor_tax_id', '0123456789', 0.8)] }, {}, 'Tel: 0123456789'),
    );
    expect(d.chosen.vendor_tax_id).toBeUndefined();
  });

  it('date.due-never-issue: a due date does not stand in for an issue date a check doubts', () => {
    // Singapore charged GST at 9% from 2024: an invoice of December 2023 at 9% fails date.tax-in-force, its due date
    // in January passes it
    const sg = (issue: Candidate[]) =>
      decide({
        ...input({ total: [c('total', '109.00', 0.9)], issue_date: issue }, {}, 'GST 9% 9.00\nTotal 109.00'),
        country: 'SG',
        now: new Date('2025-01-01'),
      });
    const issued = c('issue_date', '2023-12-09', 0.9, ['date.label-issue']);
    expect(sg([issued, c('issue_date', '2024-01-08', 0.4, ['date.label-due'])]).chosen.issue_date?.value).toBe('2023-12-09');
    // another reading of the issue date that passes still takes over
    expect(sg([issued, c('issue_date', '2024-12-09', 0.5, ['date.label-issue'])]).chosen.issue_date?.value).toBe('2024-12-09');
  });
});

describe('independent: a check does not confirm what was computed from its own figures', () => {
  it('does not let cash - change confirm a total that is cash - change', () => {
    const o = { id: 'sum.cash-change-total', passed: true, fields: ['total' as const], message: '' };
    expect(independent(o, c('total', '5.00', 0.45, ['total.cash-minus-change']))).toBe(false);
    expect(independent(o, c('total', '5.00', 0.9, ['total.label-strong', 'total.cash-minus-change']))).toBe(true);
  });
});

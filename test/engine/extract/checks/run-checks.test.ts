import { describe, expect, it } from 'vitest';
import { CHECKS, runChecks } from '../../../../src/engine/extract/checks/index.js';
import type { Check } from '../../../../src/engine/extract/checks/index.js';
import { draft, line } from './draft.js';

describe('CHECKS', () => {
  it('has one stable, unique id per check, named area.what', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
    expect(ids).toEqual(
      expect.arrayContaining([
        'sum.subtotal-tax-total',
        'sum.lines-subtotal',
        'sum.lines-total',
        'sum.cash-change-total',
        'sum.tax-rate',
        'id.tax-id-valid',
        'id.tax-id-shape',
        'id.tax-id-not-phone',
        'id.tax-id-not-iban',
        'id.iban-mod97',
        'amount.total-not-identifier',
        'date.issue-plausible',
        'date.due-after-issue',
        'currency.country-agrees',
        'vendor.mostly-letters',
        'vendor.not-noise',
        'vendor.not-label',
        'vendor.not-bill-to',
      ]),
    );
  });
});

describe('runChecks', () => {
  it('reports only the checks that apply, with their fields', () => {
    const out = runChecks(draft({ values: { subtotal: '10.00', tax: '0.60', total: '10.60' } }));
    expect(out.map((o) => o.id)).toEqual(['sum.subtotal-tax-total', 'sum.tax-rate']);
    expect(out[0]).toEqual({
      id: 'sum.subtotal-tax-total',
      passed: true,
      fields: ['subtotal', 'tax', 'total'],
      message: 'subtotal 10.00 + tax 0.60 = total 10.60',
    });
  });

  it('passes every check on a consistent made-up receipt', () => {
    const text = [
      'KEDAI ROTI MAJU SDN BHD',
      'NO 1, JALAN 2, 47100 PUCHONG, SELANGOR',
      'GST ID: 001234567890',
      'TAX INVOICE',
      'BREAD   2 x 2.50   $5.00',
      'CAKE    1 x 5.60   $5.60',
      'TOTAL INCL GST  $10.60',
      'CASH  $20.00   CHANGE  $9.40',
    ].join('\n');
    const out = runChecks(
      draft({
        text,
        values: {
          vendor_name: 'KEDAI ROTI MAJU SDN BHD',
          vendor_tax_id: '001234567890',
          issue_date: '2026-06-01',
          currency: 'MYR',
          tax: '0.60',
          total: '10.60',
        },
        lineItems: [line('BREAD', 5, 2, 2.5), line('CAKE', 5.6, 1, 5.6)],
        extras: { cash: 20, change: 9.4 },
      }),
    );
    expect(out.filter((o) => !o.passed)).toEqual([]);
    expect(out.length).toBeGreaterThanOrEqual(12);
  });

  it('fails what is wrong on an inconsistent one, and only that', () => {
    const text = 'Example Retail Pvt Ltd\nBengaluru, Karnataka, India\nPhone: 5550123456\nVAT/TIN: 29670869006\nTotal Rs 319.00';
    const out = runChecks(
      draft({
        text,
        values: {
          vendor_name: 'ERE AARERERIIRRII————',
          vendor_tax_id: '5550123456',
          currency: 'USD',
          tax: '5550123456.00',
          total: '319.00',
        },
      }),
    );
    const failed = out.filter((o) => !o.passed).map((o) => o.id);
    expect(failed.sort()).toEqual(
      [
        'currency.country-agrees',
        'id.tax-id-not-phone',
        'id.tax-id-valid',
        'sum.tax-rate',
        'amount.tax-not-identifier',
        'vendor.not-noise',
      ].sort(),
    );
  });

  it('runs a caller-chosen set', () => {
    const always: Check = { id: 'test.always', fields: [], run: () => ({ passed: true, message: 'ok' }) };
    expect(runChecks(draft(), [always])).toEqual([{ id: 'test.always', passed: true, fields: [], message: 'ok' }]);
  });
});

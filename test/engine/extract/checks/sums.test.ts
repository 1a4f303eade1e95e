import { describe, expect, it } from 'vitest';
import {
  breakdownTotal,
  cashChangeTotal,
  lineArithmetic,
  linesSubtotal,
  linesTotal,
  subtotalTaxTotal,
  taxRate,
} from '../../../../src/engine/extract/checks/sums.js';
import { draft, line } from './draft.js';

describe('sum.subtotal-tax-total', () => {
  it('holds to the cent', () => {
    const r = subtotalTaxTotal.run(draft({ values: { subtotal: '100.00', tax: '19.00', total: '119.00' } }));
    expect(r).toEqual({ passed: true, message: 'subtotal 100.00 + tax 19.00 = total 119.00' });
  });
  it('fails when a cent is off and says the arithmetic', () => {
    const r = subtotalTaxTotal.run(draft({ values: { subtotal: '25.15', tax: '0.00', total: '29.15' } }));
    expect(r?.passed).toBe(false);
    expect(r?.message).toBe('subtotal 25.15 + tax 0.00 = 25.15, but total is 29.15');
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '10.00', tax: '1.00', total: '11.01' } }))?.passed).toBe(false);
  });
  it('adds shipping and takes the discount', () => {
    const d = draft({ values: { subtotal: '50.00', tax: '5.00', total: '52.00' }, extras: { shipping: 7, discount: 10 } });
    expect(subtotalTaxTotal.run(d)?.passed).toBe(true);
  });
  it('allows a printed rounding line', () => {
    const d = draft({ values: { subtotal: '27.52', tax: '1.65', total: '29.15' }, extras: { rounding: -0.02 } });
    expect(subtotalTaxTotal.run(d)).toMatchObject({ passed: true, message: expect.stringContaining('rounding -0.02') });
  });
  it('allows cash rounding to 0.05 when no rounding line was read', () => {
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '27.52', tax: '1.65', total: '29.15' } }))?.passed).toBe(true);
    // not onto a multiple of 0.05: a misread figure
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '27.52', tax: '1.65', total: '29.16' } }))?.passed).toBe(false);
  });
  it('accepts tax included in the subtotal', () => {
    const r = subtotalTaxTotal.run(draft({ values: { subtotal: '10.60', tax: '0.60', total: '10.60' } }));
    expect(r).toMatchObject({ passed: true, message: expect.stringContaining('included') });
  });
  it('with no tax read: holds when equal, fails a total below the subtotal, says nothing above it', () => {
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '10.00', total: '10.00' } }))?.passed).toBe(true);
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '10.00', total: '9.00' } }))?.passed).toBe(false);
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '10.00', total: '11.90' } }))).toBeNull();
  });
  it('does not apply without subtotal or total', () => {
    expect(subtotalTaxTotal.run(draft({ values: { tax: '1.00', total: '11.00' } }))).toBeNull();
    expect(subtotalTaxTotal.run(draft({ values: { subtotal: '10.00' } }))).toBeNull();
  });
});

describe('sum.lines-subtotal', () => {
  it('holds when the lines add up', () => {
    const d = draft({ values: { subtotal: '25.15' }, lineItems: [line('Bread', 10.05), line('Cake', 15.1)] });
    expect(linesSubtotal.run(d)).toEqual({ passed: true, message: '2 lines sum to 25.15 = subtotal 25.15' });
  });
  it('fails when they do not', () => {
    const d = draft({ values: { subtotal: '29.15' }, lineItems: [line('Bread', 10.05), line('Cake', 15.1)] });
    expect(linesSubtotal.run(d)?.passed).toBe(false);
  });
  it('uses quantity x unit price where the amount is missing, and the printed discount', () => {
    const d = draft({ values: { subtotal: '18.00' }, lineItems: [line('Pens', null, 4, 2.5), line('Pad', 10)], extras: { discount: 2 } });
    expect(linesSubtotal.run(d)?.passed).toBe(true);
  });
  it('does not apply without lines or subtotal', () => {
    expect(linesSubtotal.run(draft({ values: { subtotal: '1.00' } }))).toBeNull();
    expect(linesSubtotal.run(draft({ lineItems: [line('x', 1)] }))).toBeNull();
  });
});

describe('sum.lines-total', () => {
  it('holds for tax-inclusive lines against the total', () => {
    const d = draft({ values: { total: '25.15' }, lineItems: [line('Bread', 10.05), line('Cake', 15.1)] });
    expect(linesTotal.run(d)?.passed).toBe(true);
  });
  it('holds for net lines plus tax', () => {
    const d = draft({ values: { total: '11.90', tax: '1.90' }, lineItems: [line('A', 4), line('B', 6)] });
    expect(linesTotal.run(d)).toMatchObject({ passed: true, message: expect.stringContaining('+ tax 1.90') });
  });
  it('fails when lines and total disagree', () => {
    const d = draft({ values: { total: '29.15' }, lineItems: [line('Bread', 10.05), line('Cake', 15.1)] });
    expect(linesTotal.run(d)).toEqual({ passed: false, message: '2 lines sum to 25.15, but total is 29.15' });
  });
  it('leaves the job to sum.lines-subtotal when a subtotal exists', () => {
    const d = draft({ values: { subtotal: '25.15', total: '25.15' }, lineItems: [line('Bread', 25.15)] });
    expect(linesTotal.run(d)).toBeNull();
  });
});

describe('sum.line-quantity-price', () => {
  it('holds when every line multiplies out', () => {
    expect(lineArithmetic.run(draft({ lineItems: [line('Pens', 10, 4, 2.5), line('Ink', 3, 3, 1)] }))?.passed).toBe(true);
  });
  it('allows a cent of rounding on a fine unit price', () => {
    expect(lineArithmetic.run(draft({ lineItems: [line('Screws', 1, 3, 0.333)] }))?.passed).toBe(true);
  });
  it('fails a quantity taken from the description', () => {
    const r = lineArithmetic.run(draft({ lineItems: [line('Laptop 16 GB', 899, 16, 899)] }));
    expect(r?.passed).toBe(false);
    expect(r?.message).toContain('16 x 899 != 899');
  });
  it('allows a line discount of up to half the price', () => {
    const r = lineArithmetic.run(draft({ lineItems: [line('Cheese tart', 2.45, 1, 3.5), line('Puff', 6.4, 4, 1.6)] }));
    expect(r).toEqual({ passed: true, message: 'quantity x unit price = amount on 2 lines (1 after a line discount)' });
    expect(lineArithmetic.run(draft({ lineItems: [line('Pens 2 pack', 1, 2, 2.5)] }))?.passed).toBe(false);
  });
  it('does not apply when no line prints all three', () => {
    expect(lineArithmetic.run(draft({ lineItems: [line('Pens', 10)] }))).toBeNull();
  });
});

describe('sum.cash-change-total', () => {
  it('holds when cash minus change is the total', () => {
    const d = draft({ values: { total: '29.15' }, extras: { cash: 50, change: 20.85 } });
    expect(cashChangeTotal.run(d)).toEqual({ passed: true, message: 'cash 50.00 - change 20.85 = total 29.15' });
  });
  it('holds for a total before the printed rounding', () => {
    const d = draft({ values: { total: '29.17' }, extras: { cash: 50, change: 20.85, rounding: -0.02 } });
    expect(cashChangeTotal.run(d)?.passed).toBe(true);
  });
  it('fails when they disagree', () => {
    const d = draft({ values: { total: '25.15' }, extras: { cash: 50, change: 20.85 } });
    expect(cashChangeTotal.run(d)?.passed).toBe(false);
  });
  it('without change: exact cash holds, short cash fails, more cash says nothing', () => {
    expect(cashChangeTotal.run(draft({ values: { total: '10.00' }, extras: { cash: 10 } }))?.passed).toBe(true);
    expect(cashChangeTotal.run(draft({ values: { total: '10.00' }, extras: { cash: 5 } }))?.passed).toBe(false);
    expect(cashChangeTotal.run(draft({ values: { total: '10.00' }, extras: { cash: 20 } }))).toBeNull();
  });
});

describe('sum.tax-rate', () => {
  it('vouches for the tax only: a wrong tax casts no doubt on the total', () => {
    expect(taxRate.fields).toEqual(['tax']);
  });
  it('holds at a rate of the country', () => {
    const r = taxRate.run(draft({ country: 'DE', values: { subtotal: '100.00', tax: '19.00', total: '119.00' } }));
    expect(r).toMatchObject({ passed: true, message: expect.stringContaining('19.00%') });
  });
  it('holds for a blend of two rates of the country', () => {
    // 100 at 19% + 100 at 7%
    expect(taxRate.run(draft({ country: 'DE', values: { tax: '26.00', total: '226.00' } }))?.passed).toBe(true);
  });
  it('sum.tax-rate-zero-rated-part: the rate applies to what was not sold at the zero rate', () => {
    // 27.45 zero-rated + 21.84 at 6% (1.31): 1.31 is 2.7% of the whole net, 6.0% of the taxed part
    const values = { tax: '1.31', total: '50.60' };
    expect(taxRate.run(draft({ country: 'MY', values }))?.passed).toBe(false);
    const r = taxRate.run(draft({ country: 'MY', values, extras: { zeroRated: 27.45 } }));
    expect(r).toMatchObject({ passed: true, message: expect.stringContaining('6.00% of 21.84') });
    // the zero rate's figure misread, the taxed rates' own printed net still says what the tax was charged on
    expect(taxRate.run(draft({ country: 'MY', values, extras: { zeroRated: 2.45, taxedNet: 21.84 } }))?.passed).toBe(true);
  });
  it('fails a rate the country does not use', () => {
    expect(taxRate.run(draft({ country: 'MY', values: { tax: '25.00', total: '125.00' } }))?.passed).toBe(false);
  });
  it('fails a tax that is not below the total (a phone number read as tax)', () => {
    const r = taxRate.run(draft({ values: { tax: '8756390642.00', total: '319.00' } }));
    expect(r).toEqual({ passed: false, message: 'tax 8756390642.00 is not below total 319.00' });
  });
  it('with no country, accepts rates up to the highest anywhere', () => {
    expect(taxRate.run(draft({ values: { tax: '6.00', total: '106.00' } }))?.passed).toBe(true);
    expect(taxRate.run(draft({ values: { tax: '40.00', total: '100.00' } }))?.passed).toBe(false);
  });
  it('zero tax holds, negative tax fails', () => {
    expect(taxRate.run(draft({ values: { tax: '0', total: '10.00' } }))?.passed).toBe(true);
    expect(taxRate.run(draft({ values: { tax: '-1', total: '10.00' } }))?.passed).toBe(false);
  });
  it('allows the cent of rounding on a small amount', () => {
    // 6% of 1.25 is 0.075, printed 0.08
    expect(taxRate.run(draft({ country: 'MY', values: { subtotal: '1.25', tax: '0.08', total: '1.33' } }))?.passed).toBe(true);
  });
});

describe('sum.breakdown-total', () => {
  it("holds when each rate's net plus tax, zero-rated rows included, is the total", () => {
    const d = draft({ values: { total: '20.05' }, extras: { breakdown: { gross: 20.05, rows: 2 } } });
    expect(breakdownTotal.run(d)).toMatchObject({ passed: true, message: '2 tax breakdown rows (net + tax) sum to 20.05 = total 20.05' });
  });
  it('allows the printed rounding line, and fails a total the breakdown does not reach', () => {
    expect(
      breakdownTotal.run(draft({ values: { total: '55.10' }, extras: { breakdown: { gross: 55.12, rows: 1 }, rounding: -0.02 } }))?.passed,
    ).toBe(true);
    expect(breakdownTotal.run(draft({ values: { total: '29.15' }, extras: { breakdown: { gross: 25.15, rows: 1 } } }))?.passed).toBe(false);
  });
  it('names the rules beyond a plain row reading that read some of its rows', () => {
    const d = draft({ values: { total: '9.90' }, extras: { breakdown: { gross: 9.9, rows: 1, rules: ['tax.summary-zero-unpointed'] } } });
    expect(breakdownTotal.run(d)?.message).toBe(
      '1 tax breakdown row (net + tax) sum to 9.90 = total 9.90 (rows read by tax.summary-zero-unpointed)',
    );
  });
  it('says nothing without a breakdown', () => {
    expect(breakdownTotal.run(draft({ values: { total: '20.05' } }))).toBeNull();
  });
});

describe('sum.credit-note-sizes', () => {
  it('a credit note printed negative adds its shipping and takes off its discount in size', () => {
    const d = draft({
      docType: 'credit_note',
      values: { subtotal: '-100.00', tax: '-20.00', total: '-124.90' },
      extras: { shipping: 9.9, discount: 5 },
    });
    expect(subtotalTaxTotal.run(d)).toEqual({
      passed: true,
      message: 'subtotal -100.00 + tax -20.00 - shipping 9.90 + discount 5.00 = total -124.90',
    });
    // read as on an invoice, the same figures would not add up
    const wrong = draft({ values: { subtotal: '-100.00', tax: '-20.00', total: '-105.10' }, extras: { shipping: 9.9, discount: 5 } });
    expect(subtotalTaxTotal.run(wrong)?.passed).toBe(false);
  });
});

describe('sum.one-rate-of-several', () => {
  const values = { subtotal: '4694.04', tax: '1032.69', total: '5726.73' };
  it("fails a sum that adds up one rate's row where the document prints several rates", () => {
    const r = subtotalTaxTotal.run(
      draft({ docType: 'invoice', values, text: 'Imponibile Imposta Totale\nIVA 22%\nIVA 10%\nTotale fattura 14.831,01' }),
    );
    expect(r?.passed).toBe(false);
    expect(r?.message).toMatch(/22% rate alone.*2 rates/);
  });
  it('passes the same sum where the document prints one rate, or several with a blended tax', () => {
    expect(subtotalTaxTotal.run(draft({ docType: 'invoice', values, text: 'Imponibile\nIVA 22%\nTotale fattura' }))?.passed).toBe(true);
    // the document's whole net and tax over two rates: no single rate of the net
    const blended = { subtotal: '12970.66', tax: '1860.35', total: '14831.01' };
    expect(subtotalTaxTotal.run(draft({ docType: 'invoice', values: blended, text: 'IVA 22%\nIVA 10%' }))?.passed).toBe(true);
    // a zero rate beside the one rate is no second rate
    expect(subtotalTaxTotal.run(draft({ values, text: 'GST 22%\nGST 0%' }))?.passed).toBe(true);
  });
});

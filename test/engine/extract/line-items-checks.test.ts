import { describe, expect, it } from 'vitest';
import { includedPart, linesSubtotal, linesTotal } from '../../../src/engine/extract/checks/sums.js';
import { draft, line } from './checks/draft.js';

describe('the lines checks and tax-inclusive prices', () => {
  it('sum.lines-subtotal: lines of prices including tax add up to the total, and subtotal + tax make that total', () => {
    const d = draft({
      docType: 'invoice',
      values: { subtotal: '41.31', tax: '8.68', total: '49.99' },
      lineItems: [line('Filter set', 49.99, 1, 49.99), line('Flyer', 0, 1, 0)],
    });
    expect(linesSubtotal.run(d)).toEqual({
      passed: true,
      message: '2 lines sum to 49.99 = total 49.99 (prices include tax: subtotal 41.31 + tax 8.68)',
    });
    // no tax read: the lines say nothing about the subtotal
    expect(linesSubtotal.run(draft({ values: { subtotal: '41.31', total: '49.99' }, lineItems: [line('Filter set', 49.99)] }))).toBeNull();
    // lines that make neither the subtotal nor the total fail
    const off = draft({ values: { subtotal: '41.31', tax: '8.68', total: '49.99' }, lineItems: [line('Filter set', 45.0)] });
    expect(linesSubtotal.run(off)?.passed).toBe(false);
  });

  it('sum.lines-total: with a subtotal printed, speaks only when tax-inclusive lines make the total', () => {
    const values = { subtotal: '82.64', tax: '17.36', total: '100.00' };
    expect(linesTotal.run(draft({ values, lineItems: [line('Chair', 60), line('Desk lamp', 40)] }))).toMatchObject({
      passed: true,
      message: expect.stringContaining('prices include tax'),
    });
    expect(linesTotal.run(draft({ values, lineItems: [line('Chair', 60)] }))).toBeNull();
    expect(linesTotal.run(draft({ values: { ...values, subtotal: '100.00' }, lineItems: [line('Chair', 100)] }))).toBeNull();
  });

  it('lines.included-part: a line itemising a part of the one above ("Incl. levy") is not added again', () => {
    expect(includedPart(line('Incl. Thuiskopieheffing: Thuiskopie €3.50', 4.24))).toBe(true);
    expect(includedPart(line('inkl. Pfand 0,25', 0.25))).toBe(true);
    expect(includedPart(line('Tablet 64 GB incl. case', 299))).toBe(false);
    const d = draft({
      values: { subtotal: '247.11', tax: '51.89', total: '299.00' },
      lineItems: [line('Tablet 64 GB', 299, 1, 299), line('Incl. copy levy €3.50', 4.24, 1)],
    });
    expect(linesSubtotal.run(d)?.passed).toBe(true);
  });
});

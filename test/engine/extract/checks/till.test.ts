import { describe, expect, it } from 'vitest';
import { roundingApplied } from '../../../../src/engine/extract/checks/till.js';
import { draft } from './draft.js';

describe('till.rounding-applied', () => {
  it('fails a total that is still the subtotal plus tax when a rounding line was read', () => {
    const r = roundingApplied.run(draft({ values: { subtotal: '177.99', tax: '10.68', total: '188.67' }, extras: { rounding: -0.02 } }));
    expect(r?.passed).toBe(false);
    expect(r?.message).toContain('188.65');
  });

  it('fails a total equal to a subtotal of prices that include tax, the rounding not applied', () => {
    expect(roundingApplied.run(draft({ values: { subtotal: '20.07', total: '20.07' }, extras: { rounding: -0.02 } }))?.passed).toBe(false);
  });

  it('says nothing of a rounding printed below the cash tendered: the till rounded the payment, not the total', () => {
    expect(
      roundingApplied.run(draft({ values: { subtotal: '12.48', total: '12.48' }, extras: { rounding: 0.02, roundingAfterTender: true } })),
    ).toBeNull();
  });

  it('passes the rounded total', () => {
    expect(
      roundingApplied.run(draft({ values: { subtotal: '177.99', tax: '10.68', total: '188.65' }, extras: { rounding: -0.02 } }))?.passed,
    ).toBe(true);
  });

  it('fails a total that cash minus change pays rounded to 0.05, with no rounding line read', () => {
    const r = roundingApplied.run(draft({ values: { total: '96.43' }, extras: { cash: 97, change: 0.55 } }));
    expect(r?.passed).toBe(false);
    expect(r?.message).toContain('96.45');
  });

  it('says nothing when cash minus change is the total, or differs by more than rounding', () => {
    expect(roundingApplied.run(draft({ values: { total: '96.45' }, extras: { cash: 97, change: 0.55 } }))).toBeNull();
    expect(roundingApplied.run(draft({ values: { total: '90.00' }, extras: { cash: 97, change: 0.55 } }))).toBeNull();
    expect(roundingApplied.run(draft({ values: { total: '12.00' } }))).toBeNull();
  });
});

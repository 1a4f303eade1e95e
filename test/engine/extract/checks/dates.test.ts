import { describe, expect, it } from 'vitest';
import { dueAfterIssue, issueDatePlausible, ratedTaxes, taxInForce } from '../../../../src/engine/extract/checks/dates.js';
import { draft } from './draft.js';

// draft() sets now = 2026-06-15
describe('date.issue-plausible', () => {
  it('passes a recent and an archived date', () => {
    expect(issueDatePlausible.run(draft({ values: { issue_date: '2026-06-01' } }))?.passed).toBe(true);
    expect(issueDatePlausible.run(draft({ values: { issue_date: '2014-05-07' } }))?.passed).toBe(true);
  });
  it('fails a date far in the future or far in the past', () => {
    expect(issueDatePlausible.run(draft({ values: { issue_date: '2027-03-01' } }))).toEqual({
      passed: false,
      message: 'issue date 2027-03-01 is 259 days in the future',
    });
    expect(issueDatePlausible.run(draft({ values: { issue_date: '1918-01-01' } }))).toEqual({
      passed: false,
      message: 'issue date 1918-01-01 is more than 30 years ago',
    });
    expect(issueDatePlausible.run(draft({ values: { issue_date: '2005-01-18' } }))?.passed).toBe(true);
  });
  it('fails a day that is not on the calendar', () => {
    expect(issueDatePlausible.run(draft({ values: { issue_date: '2018-02-30' } }))?.passed).toBe(false);
  });
  it('does not apply without an issue date', () => {
    expect(issueDatePlausible.run(draft())).toBeNull();
  });
});

describe('date.due-after-issue', () => {
  it('passes a due date after the issue date', () => {
    expect(dueAfterIssue.run(draft({ values: { issue_date: '2026-05-01', due_date: '2026-05-31' } }))).toEqual({
      passed: true,
      message: 'due 30 days after issue',
    });
  });
  it('fails a due date before the issue date or years after it', () => {
    expect(dueAfterIssue.run(draft({ values: { issue_date: '2026-05-01', due_date: '2026-04-30' } }))?.passed).toBe(false);
    expect(dueAfterIssue.run(draft({ values: { issue_date: '2026-05-01', due_date: '2028-05-01' } }))?.passed).toBe(false);
  });
  it('does not apply without both dates', () => {
    expect(dueAfterIssue.run(draft({ values: { due_date: '2026-05-01' } }))).toBeNull();
  });
});

describe('date.tax-in-force', () => {
  const my = 'KEDAI MAJU SDN BHD\nJALAN 3, 47100 PUCHONG, SELANGOR\nTOTAL EXCL GST 10.00\nGST 6% 0.60\nTOTAL 10.60';

  it('fails a Malaysian receipt charging GST at 6% dated after the rate ended (a misread year)', () => {
    const r = taxInForce.run(draft({ text: my, values: { issue_date: '2019-03-12' } }));
    expect(r?.passed).toBe(false);
    expect(r?.message).toContain('2018-05-31');
  });

  it('passes one dated while the rate was charged', () => {
    expect(taxInForce.run(draft({ text: my, values: { issue_date: '2017-03-12' } }))?.passed).toBe(true);
  });

  it('reads zero-rated GST as charged throughout GST (zero-rated supplies before June 2018)', () => {
    const zr = my.replace('GST 6% 0.60', 'GST @0% 0.00');
    expect(taxInForce.run(draft({ text: zr, values: { issue_date: '2018-01-06' } }))?.passed).toBe(true);
    expect(taxInForce.run(draft({ text: zr, values: { issue_date: '2019-01-06' } }))?.passed).toBe(false);
  });

  it('judges no rate the data does not list, and no document of unknown country', () => {
    expect(taxInForce.run(draft({ text: my.replace('GST 6%', 'GST 8%'), values: { issue_date: '2019-03-12' } }))).toBeNull();
    expect(taxInForce.run(draft({ text: 'GST 6% 0.60\nTOTAL 10.60', values: { issue_date: '2019-03-12' } }))).toBeNull();
  });

  it('reads the rate before the word too, and Singapore by its own periods', () => {
    expect(ratedTaxes('6% GST INCLUDED 0.70\nSR @ 6%')).toEqual([{ tax: 'gst', rate: 6 }]);
    const sg = 'KOPI HOUSE PTE LTD\nSINGAPORE 520123\nGST 7% 0.58\nTOTAL 8.89';
    expect(taxInForce.run(draft({ text: sg, values: { issue_date: '2023-05-01' } }))?.passed).toBe(false);
    expect(taxInForce.run(draft({ text: sg, values: { issue_date: '2019-05-01' } }))?.passed).toBe(true);
  });
});

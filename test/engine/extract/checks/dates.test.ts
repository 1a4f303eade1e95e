import { describe, expect, it } from 'vitest';
import { dueAfterIssue, issueDatePlausible } from '../../../../src/engine/extract/checks/dates.js';
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

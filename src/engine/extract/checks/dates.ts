/**
 * Dates plausible: a real calendar day, an issue date neither far in the future nor far in the past of the time the
 * document is processed, and a due date on or after the issue date and within a plausible payment term.
 */
// one module per function (the date-fns index loads 250)
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { differenceInCalendarYears } from 'date-fns/differenceInCalendarYears';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import type { Check } from './types.js';

/**
 * Limits, in days. A till or an invoice printed next month is a misread (allow a month for clocks and post-dated
 * invoices); archives reach back decades, a misread year (1918, 2081) further; payment terms beyond a year are a misread year.
 */
export const DATE_LIMITS = { futureDays: 31, pastYears: 30, maxTermDays: 366 } as const;

function day(v: string | null | undefined): Date | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = parseISO(v);
  // parseISO rolls nothing over, but 2018-02-30 is Invalid Date: a misread day
  return isValid(d) ? d : null;
}

export const issueDatePlausible: Check = {
  id: 'date.issue-plausible',
  fields: ['issue_date'],
  run(d) {
    const v = d.values.issue_date;
    if (!v) return null;
    const issue = day(v);
    if (!issue) return { passed: false, message: `issue date ${v} is not a calendar day` };
    const now = d.now ?? new Date();
    const ahead = differenceInCalendarDays(issue, now);
    if (ahead > DATE_LIMITS.futureDays) return { passed: false, message: `issue date ${v} is ${ahead} days in the future` };
    if (differenceInCalendarYears(now, issue) > DATE_LIMITS.pastYears)
      return { passed: false, message: `issue date ${v} is more than ${DATE_LIMITS.pastYears} years ago` };
    return { passed: true, message: `issue date ${v} is a plausible day` };
  },
};

export const dueAfterIssue: Check = {
  id: 'date.due-after-issue',
  fields: ['issue_date', 'due_date'],
  run(d) {
    const due = day(d.values.due_date);
    const issue = day(d.values.issue_date);
    if (d.values.due_date && !due) return { passed: false, message: `due date ${d.values.due_date} is not a calendar day` };
    if (!due || !issue) return null;
    const term = differenceInCalendarDays(due, issue);
    if (term < 0) return { passed: false, message: `due date ${d.values.due_date} is before issue date ${d.values.issue_date}` };
    if (term > DATE_LIMITS.maxTermDays)
      return { passed: false, message: `due date ${d.values.due_date} is ${term} days after the issue date` };
    return { passed: true, message: `due ${term} day${term === 1 ? '' : 's'} after issue` };
  },
};

export const DATE_CHECKS: readonly Check[] = [issueDatePlausible, dueAfterIssue];

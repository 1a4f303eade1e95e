/**
 * Dates plausible: a real calendar day, an issue date neither far in the future nor far in the past of the time the
 * document is processed, and a due date on or after the issue date and within a plausible payment term.
 */
// one module per function (the date-fns index loads 250)
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { differenceInCalendarYears } from 'date-fns/differenceInCalendarYears';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import periods from './data/tax-periods.json' with { type: 'json' };
import { draftCountry } from './country.js';
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

const TaxPeriodsFile = z.object({
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/),
    z.array(
      z.object({
        tax: z.string(),
        rate: z.number().min(0).max(100),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      }),
    ),
  ),
});
const TAX_PERIODS = TaxPeriodsFile.parse(periods).countries;

/** A tax's word beside its rate: "GST 6%", "GST @ 6%", "GST (6%)", "VAT 20.0%", "6% GST". */
const RATED_TAX = /\b(gst|vat)\b[\s@:(]{0,4}(\d{1,2}(?:[.,]\d{1,2})?)\s?%|(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%\s?(gst|vat)\b/gi;

/** The (tax, rate) pairs a text charges. */
export function ratedTaxes(text: string): Array<{ tax: string; rate: number }> {
  const out: Array<{ tax: string; rate: number }> = [];
  for (const m of text.matchAll(RATED_TAX)) {
    const tax = (m[1] ?? m[4]!).toLowerCase();
    const rate = Number((m[2] ?? m[3]!).replace(',', '.'));
    if (!out.some((o) => o.tax === tax && o.rate === rate)) out.push({ tax, rate });
  }
  return out;
}

/**
 * rule 'date.tax-in-force': a document that charges a tax at a rate ("GST 6%") is dated while that tax was charged at
 * that rate in its country (data/tax-periods.json: Malaysia's GST at 6% from April 2015 to May 2018, at 0% in the
 * summer of 2018; Singapore's GST at 7% until 2022 ...). A year OCR misread ("2019" for 2017 on a GST 6% receipt)
 * fails; a pair the data does not list, or a document of no known country, is not judged.
 */
export const taxInForce: Check = {
  id: 'date.tax-in-force',
  fields: ['issue_date'],
  run(d) {
    const v = d.values.issue_date;
    if (!v || !day(v)) return null;
    const country = draftCountry(d);
    const known = country ? TAX_PERIODS[country] : undefined;
    if (!known) return null;
    for (const { tax, rate } of ratedTaxes(d.text)) {
      const spans = known.filter((p) => p.tax === tax && p.rate === rate);
      if (!spans.length) continue;
      // ISO dates compare as strings
      if (!spans.some((p) => p.from <= v && v <= p.to))
        return {
          passed: false,
          message: `issue date ${v}: ${tax.toUpperCase()} at ${rate}% was charged in ${country} only ${spans.map((p) => `${p.from} to ${p.to.startsWith('9999') ? 'now' : p.to}`).join(', ')}`,
        };
      return { passed: true, message: `issue date ${v}: ${tax.toUpperCase()} at ${rate}% was charged in ${country} then` };
    }
    return null;
  },
};

export const DATE_CHECKS: readonly Check[] = [issueDatePlausible, dueAfterIssue, taxInForce];

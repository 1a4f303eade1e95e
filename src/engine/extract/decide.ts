/**
 * The decision step: from every field's candidates, the combination the checks agree on. A total for which
 * subtotal + tax = total, the lines sum or cash - change holds beats a higher-scored one that fails; a tax id that
 * is printed as a phone number or sits inside an IBAN gives way to the next candidate, or to none.
 */
import type { CheckOutcome, DocType, FieldName, LineItem } from '../../contract/domain.js';
import type { Candidate } from './candidate.js';
import { CHECKS, type Draft, type DraftExtras, runChecks } from './checks/index.js';
import { confirming } from './status.js';

export type FieldCandidates = Partial<Record<FieldName, Candidate[]>>;

export interface DecideInput {
  docType: DocType;
  candidates: FieldCandidates;
  lineItems: LineItem[];
  extras: DraftExtras;
  country: string | null;
  language: string | null;
  localeCountry: string | null;
  text: string;
  now: Date;
}

export interface Decision {
  chosen: Partial<Record<FieldName, Candidate>>;
  checks: CheckOutcome[];
}

const AMOUNT_FIELDS: FieldName[] = ['total', 'subtotal', 'tax'];
/** Optional fields: a value every candidate of which fails a check is better left empty. */
const OPTIONAL: FieldName[] = ['vendor_tax_id', 'due_date', 'po_number'];
/** What a passed or failed check on the total is worth against the finders' scores. */
const PASS_WEIGHT = 0.3;
/** The share of PASS_WEIGHT a sum earns when it holds only within cash rounding. */
const APPROX_SHARE = 0.3;
/** A sum that does not hold: the figures disagree, which the status reports; the figures stay as printed. */
const SUM_FAIL_WEIGHT = 0.45;
/** A value that cannot be what it claims (an amount that is a phone number or an IBAN piece): drop it. */
const IMPOSSIBLE_WEIGHT = 1.0;
/**
 * Checks that say a figure cannot be what it claims, not that figures disagree: a tax of 32 % (or 143 %) of the net
 * where the country's rates are 5-10 % is some other amount read beside a tax word. Like a phone number read as an
 * amount it is dropped rather than kept, and exported, as the document's tax.
 */
const CANNOT_BE = new Set(['sum.tax-rate']);
/**
 * What a printed subtotal or tax is worth: leaving one out must cost about what it scored, or the decision could
 * hide a disagreement by dropping the figure that disagrees.
 */
const PART_WEIGHT = 0.7;

function draftOf(input: DecideInput, chosen: Partial<Record<FieldName, Candidate>>): Draft {
  const values: Draft['values'] = {};
  for (const [k, c] of Object.entries(chosen)) if (c) values[k as FieldName] = c.value;
  return {
    docType: input.docType,
    values,
    lineItems: input.lineItems,
    extras: input.extras,
    country: input.country,
    language: input.language,
    localeCountry: input.localeCountry,
    text: input.text,
    now: input.now,
  };
}

/**
 * A candidate computed from the very figures a check compares (cash - change as the total) cannot be confirmed by
 * that check: it holds by construction. Such a pass is not counted for it.
 */
export const DERIVED_FROM: Record<string, string> = {
  'total.cash-minus-change': 'sum.cash-change-total',
  'total.subtotal-plus-tax': 'sum.subtotal-tax-total',
  'total.subtotal-tax-included': 'sum.subtotal-tax-total',
  // the largest figure is often the one item's amount, which the lines' sum then equals by construction
  'total.largest-amount': 'sum.lines-total',
  // one rate's total sums its own section's lines: a table that ended there sums to it whatever the document's total
  'total.per-rate': 'sum.lines-total',
};

/** Rules that qualify how a candidate was read (printed again, rounded, why it was proposed), not where it came from. */
const QUALIFYING_RULES = new Set(['total.printed-twice', 'total.rounding-applied', 'total.below-subtotal', 'total.sum-rounded']);

/**
 * Whether a passed check really vouches for the candidate: it does unless the candidate was only derived by that
 * check's arithmetic. A printed total that also equals cash - change was read from its own line, and the payment
 * lines confirm it.
 */
export function independent(o: CheckOutcome, c: Candidate | undefined): boolean {
  if (!c) return true;
  const sources = c.because.filter((r) => !QUALIFYING_RULES.has(r));
  return !sources.length || sources.some((r) => DERIVED_FROM[r] !== o.id);
}

/** The checks that judge the amounts (only these need running for each combination of total, subtotal and tax). */
const AMOUNT_CHECKS = CHECKS.filter((c) => c.fields.some((f) => f === 'line_items' || AMOUNT_FIELDS.includes(f)));
const checksOn = (field: FieldName) => CHECKS.filter((c) => c.fields.includes(field));

export function decide(input: DecideInput): Decision {
  const chosen: Partial<Record<FieldName, Candidate>> = {};
  for (const [k, cs] of Object.entries(input.candidates)) if (cs?.length) chosen[k as FieldName] = cs[0];

  // amounts: the combination of total, subtotal and tax whose sums hold
  const totals = (input.candidates.total ?? []).slice(0, 6);
  const subs: Array<Candidate | undefined> = [...(input.candidates.subtotal ?? []).slice(0, 3), undefined];
  const taxes: Array<Candidate | undefined> = [...(input.candidates.tax ?? []).slice(0, 3), undefined];
  if (totals.length) {
    let best: { score: number; t: Candidate; s?: Candidate; x?: Candidate } | null = null;
    for (const t of totals)
      for (const s of subs)
        for (const x of taxes) {
          const trial = { ...chosen, total: t, subtotal: s, tax: x };
          const draft = draftOf(input, trial);
          let score = t.score + PART_WEIGHT * ((s?.score ?? 0) + (x?.score ?? 0));
          // a plausibility check passing (a rate in range, not a phone number) confirms nothing; a sum that holds does,
          // to the cent more than within cash rounding (a total 1.76 where cash - change is 1.75 gives way to 1.75)
          for (const check of AMOUNT_CHECKS) {
            const r = check.run(draft);
            if (!r) continue;
            const o = { id: check.id, passed: r.passed, fields: [...check.fields], message: r.message };
            if (o.passed) score += confirming(o.id) && independent(o, t) ? PASS_WEIGHT * (r.approximate ? APPROX_SHARE : 1) : 0;
            else score -= o.id.startsWith('sum.') && !CANNOT_BE.has(o.id) ? SUM_FAIL_WEIGHT : IMPOSSIBLE_WEIGHT;
          }
          if (!best || score > best.score + 1e-9) best = { score, t, s, x };
        }
    chosen.total = best!.t;
    chosen.subtotal = best!.s;
    chosen.tax = best!.x;
  }

  // every other field: the best candidate no check rejects
  for (const field of Object.keys(input.candidates) as FieldName[]) {
    if (AMOUNT_FIELDS.includes(field)) continue;
    const cs = (input.candidates[field] ?? []).slice(0, 5);
    let pick: Candidate | undefined;
    for (const c of cs) {
      // rule 'date.due-never-issue': a date printed under a due label is no stand-in for an issue date a check
      // doubts; the doubted date stays, and the failed check sends it to review
      if (field === 'issue_date' && c !== cs[0] && c.because.includes('date.label-due')) continue;
      const outcomes = runChecks(draftOf(input, { ...chosen, [field]: c }), checksOn(field));
      if (!outcomes.some((o) => !o.passed)) {
        pick = c;
        break;
      }
    }
    chosen[field] = pick ?? (OPTIONAL.includes(field) ? undefined : cs[0]);
  }
  for (const k of Object.keys(chosen) as FieldName[]) if (!chosen[k]) delete chosen[k];
  return { chosen, checks: runChecks(draftOf(input, chosen), CHECKS) };
}

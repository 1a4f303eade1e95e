/**
 * What the checks read and what a check is. The decision step builds a Draft from one combination of candidates
 * and runs every check over it; the outcomes are the confidence (a combination the checks agree on wins) and the
 * evidence each field carries (checksPassed / checksFailed).
 */
import type { CheckOutcome, DocType, FieldName, LineItem } from '../../../contract/domain.js';

/** Amounts printed beside the key ones; each takes part in the sums when present. */
export interface DraftExtras {
  shipping?: number;
  discount?: number;
  /** Cash tendered and change given (receipts). */
  cash?: number;
  change?: number;
  /** A rounding line ("Rounding -0.02", "Rundung"), signed as printed. */
  rounding?: number;
  /** The rounding line stands below the cash tendered: the till rounded the payment, not the total printed above. */
  roundingAfterTender?: boolean;
  /**
   * The tax breakdown's rows ("SR @ 6% 16.42 0.99", "ZR 0% 2.64 0.00"): their nets and taxes summed, how many, and the
   * rules beyond the plain row readings that read some of them (e.g. 'tax.summary-zero-unpointed'), which the check names.
   */
  breakdown?: { gross: number; rows: number; rules?: string[] };
  /** The zero rate's total on a document that totals each rate apart ("Total 0% supplies: 27.45"): sold without tax. */
  zeroRated?: number;
  /** The taxed rates' totals before tax, where each is printed both without and with it (tax.per-rate-difference). */
  taxedNet?: number;
}

/** One combination of values for the checks to judge. */
export interface Draft {
  docType: DocType;
  /** Normalised values: ISO dates (YYYY-MM-DD), '.'-decimal amounts, ISO 4217 codes, plain text. Absent or null: not found. */
  values: Partial<Record<FieldName, string | null>>;
  lineItems: LineItem[];
  extras: DraftExtras;
  /** ISO 3166-1 alpha-2 country the document's evidence points to (address, legal form, tax-id prefix), if known. */
  country: string | null;
  /** Region of the user's locale setting ("en-US" -> "US"): a last resort when the document names no country. */
  localeCountry?: string | null;
  /** ISO 639-1 language of the document's labels, if known. */
  language: string | null;
  /** The vendor's IBAN, when one was read (it is not a FieldName, but vendor memory and the checks use it). */
  iban?: string | null;
  /** Names of the parties the document is addressed to (bill-to, ship-to, sold-to), where a finder read them. */
  parties?: string[];
  /** The document's full text (pages joined), for checks that look at what was printed around a value. */
  text: string;
  /** Reference time for date plausibility; defaults to the current time. */
  now?: Date;
}

export interface CheckResult {
  passed: boolean;
  /** Clerk-readable, with the figures: "subtotal 25.15 + tax 0.00 = 25.15, but total is 29.15". */
  message: string;
  /**
   * It held only within a tolerance (cash rounding to 0.05 with no rounding line printed), not to the cent: weaker
   * than an exact agreement when the decision weighs two candidates.
   */
  approximate?: boolean;
}

/** A named check. `run` returns null when it does not apply (a value it needs is missing). */
export interface Check {
  /** Stable id, e.g. 'sum.subtotal-tax-total'; it appears in CheckOutcome and in each field's evidence. */
  id: string;
  /** The fields this check vouches for (or casts doubt on). */
  fields: Array<FieldName | 'line_items'>;
  run(d: Draft): CheckResult | null;
}

export type { CheckOutcome };

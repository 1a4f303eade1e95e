/**
 * Status that means something: a document is `done` only when every key field (vendor, date, total, currency, and
 * the number on invoices, credit notes and orders) was found, is backed by evidence (a span on the page and the
 * rules that read it), and no check on it failed; on receipts the total must also be confirmed by something
 * besides its label (a sum, cash minus change, or the same amount printed again). Anything else is needs_review,
 * with every reason listed.
 *
 * Field confidence is calibrated against the checks: a value a check confirmed is trusted more than its finder's
 * score alone says, and one a check contradicts is capped below the review threshold.
 */
import type { CheckOutcome, DocType, ExtractedField, FieldName, LineItem, ValidationIssue } from '../../contract/domain.js';
import { FIELD_LABELS, validateExtraction } from './validate.js';

export function keyFields(docType: DocType): FieldName[] {
  const base: FieldName[] = ['vendor_name', 'issue_date', 'total', 'currency'];
  return docType === 'invoice' || docType === 'credit_note' || docType === 'purchase_order' ? [...base, 'document_number'] : base;
}

/** Check-calibrated confidence: rule score, raised by checks that held, capped by any that failed. */
export function calibrate(score: number, passed: number, failed: number): number {
  let c = score;
  if (passed) c = Math.min(0.99, Math.max(c, 0.85) + 0.04 * Math.min(passed, 3));
  if (failed) c = Math.min(c, 0.4);
  return Math.round(Math.max(0, Math.min(1, c)) * 100) / 100;
}

/** Codes of the generic validation that the named checks now state better (with their figures). */
const SUPERSEDED = new Set(['totals_mismatch', 'line_items_mismatch', 'line_item_arithmetic', 'due_before_issue', 'date_in_future']);

export interface StatusInput {
  docType: DocType;
  fields: ExtractedField[];
  lineItems: LineItem[];
  checks: CheckOutcome[];
  reviewThreshold: number;
  now: Date;
  /** The day/month order of the date could not be settled from the document or a locale. */
  dateOrderUnsettled: boolean;
}

export function decideStatus(input: StatusInput): { issues: ValidationIssue[]; needsReview: boolean; confidence: number } {
  const base = validateExtraction(input.fields, input.lineItems, {
    docType: input.docType,
    reviewThreshold: input.reviewThreshold,
    now: input.now,
  });
  const issues = base.issues.filter((i) => !SUPERSEDED.has(i.code));
  const byName = new Map(input.fields.map((f) => [f.name, f]));
  const keys = input.docType === 'other' ? [] : keyFields(input.docType);
  const have = (code: string, field: FieldName | 'line_items' | null) => issues.some((i) => i.code === code && i.field === field);

  for (const name of keys) {
    const f = byName.get(name);
    if (!f || f.value === null || f.value === '') {
      if (!have('missing', name))
        issues.push({ field: name, code: 'missing', message: `${FIELD_LABELS[name]} was not found`, severity: 'error' });
      continue;
    }
    if (f.origin === 'rules' && !f.evidence?.rules.length)
      issues.push({
        field: name,
        code: 'no_evidence',
        message: `${FIELD_LABELS[name]}: no rule vouches for "${f.value}"`,
        severity: 'error',
      });
    if (f.confidence < input.reviewThreshold && !have('low_confidence', name))
      issues.push({
        field: name,
        code: 'low_confidence',
        message: `${FIELD_LABELS[name]}: low confidence (${Math.round(f.confidence * 100)}%, below ${Math.round(input.reviewThreshold * 100)}%)`,
        severity: 'warning',
      });
  }

  // every failed check is a reason; on a key field (or the lines that make up the total) it blocks `done`
  for (const c of input.checks) {
    if (c.passed) continue;
    const onKey = c.fields.some((f) => f === 'line_items' || keys.includes(f as FieldName));
    const field = (c.fields.find((f) => f !== 'line_items' && keys.includes(f as FieldName)) ?? c.fields[0] ?? null) as
      FieldName | 'line_items' | null;
    issues.push({ field, code: `check:${c.id}`, message: c.message, severity: onKey ? 'error' : 'warning' });
  }

  const total = byName.get('total');
  if (input.docType === 'receipt' && total?.value) {
    const confirmed =
      input.checks.some((c) => c.passed && c.fields.includes('total') && c.id.startsWith('sum.')) ||
      (total.evidence?.rules ?? []).some((r) => r === 'total.printed-twice');
    if (!confirmed)
      issues.push({
        field: 'total',
        code: 'total_unconfirmed',
        message: `total ${total.value}: no sum, cash - change or second printing confirms it`,
        severity: 'error',
      });
  }
  if (input.dateOrderUnsettled && byName.get('issue_date')?.value)
    issues.push({
      field: 'issue_date',
      code: 'ambiguous_date_order',
      message: 'day/month order could not be settled from the document; set a locale',
      severity: 'error',
    });

  let confidence = 1;
  for (const name of keys) confidence = Math.min(confidence, byName.get(name)?.value ? byName.get(name)!.confidence : 0);
  const needsReview = issues.some((i) => i.severity === 'error' || i.code === 'low_confidence');
  return { issues, needsReview, confidence: Math.round(confidence * 100) / 100 };
}

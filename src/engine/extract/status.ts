/**
 * Status that means something: a document is `done` only when every key field (vendor, date, total, currency, and
 * the number on invoices, credit notes and orders) was found, is backed by evidence (a span on the page and the
 * rules that read it), and no check on it failed; on receipts, and on any document read by OCR, the total must also be
 * confirmed by an independent figure (subtotal + tax, the lines' sum, cash minus change) or printed under two total labels. Anything else is needs_review,
 * with every reason listed.
 *
 * Field confidence is calibrated against the checks: a value a check confirmed is trusted more than its finder's
 * score alone says, and one a check contradicts is capped below the review threshold.
 */
import type { CheckOutcome, DocType, ExtractedField, FieldName, LineItem, ValidationIssue } from '../../contract/domain.js';
import reliability from './checks/data/ocr-reliability.json' with { type: 'json' };
import { FIELD_LABELS, validateExtraction } from './validate.js';

export function keyFields(docType: DocType): FieldName[] {
  const base: FieldName[] = ['vendor_name', 'issue_date', 'total', 'currency'];
  return docType === 'invoice' || docType === 'credit_note' || docType === 'purchase_order' ? [...base, 'document_number'] : base;
}

/**
 * Checks that confirm a value by an independent figure (a sum, a payment, a checksum). Plausibility checks (a tax
 * rate in range, a name made of letters) can only cast doubt; passing them confirms nothing.
 */
export function confirming(checkId: string): boolean {
  return /^sum\.(?:subtotal-tax-total|cash-change-total|lines-total|lines-subtotal|breakdown-total)$|^id\.(?:tax-id-valid|iban-mod97)$/.test(
    checkId,
  );
}

interface Reliability {
  vouch: number;
  clear?: number;
}
const RELIABILITY = reliability as unknown as { default: Reliability } & Partial<Record<FieldName, Reliability>>;

/** OCR word confidence under which the characters of a value are not vouched for (0..1, as tesseract reports /100). */
export const OCR_UNSURE = RELIABILITY.default.vouch;

/** The measured OCR word confidence that vouches for a field's characters (checks/data/ocr-reliability.json). */
export function ocrVouch(field: FieldName | null): { vouch: number; clear: number | null } {
  const r = (field && RELIABILITY[field]) || RELIABILITY.default;
  return { vouch: r.vouch, clear: r.clear ?? null };
}

/**
 * Check-calibrated confidence: the finder's score, raised by independent checks that confirmed the value, capped by
 * any check that failed, and capped when OCR was unsure of the value's characters (below the field's measured
 * reliability); a field whose characters OCR read clearly is raised to the confidence measured for such readings.
 * `agreed` says a second printing of the same value was read alike, which vouches for the characters as a check does.
 */
export function calibrate(
  score: number,
  confirmed: number,
  failed: number,
  ocrConfidence: number | null = null,
  field: FieldName | null = null,
  agreed = false,
): number {
  let c = score;
  if (confirmed) c = Math.min(0.99, Math.max(c, 0.85) + 0.04 * Math.min(confirmed, 3));
  const { vouch, clear } = ocrVouch(field);
  if (ocrConfidence !== null && ocrConfidence >= vouch && clear !== null && c >= 0.5 && !failed) c = Math.max(c, clear);
  if (failed) c = Math.min(c, 0.4);
  // an independent figure that agrees vouches for the digits whatever OCR thought of them
  if (ocrConfidence !== null && ocrConfidence < vouch && !confirmed && !agreed) c = Math.min(c, 0.5);
  return Math.round(Math.max(0, Math.min(1, c)) * 100) / 100;
}

/**
 * Rules by which a total was read from two printings made for the purpose (two total lines, the card charge, the
 * per-rate totals that add up to it).
 */
export const PRINTED_TWICE_RULES: readonly string[] = ['total.two-total-lines', 'total.paid-by-card', 'total.per-rate-sum'];

/**
 * The failed checks that cast doubt on a value: all of them, except other sums when a sum of the printed figures
 * (subtotal + tax, cash - change) confirmed it, or the value was read alike from two printings made for the purpose;
 * lines, a payment or a tax that do not add up then say more about how that part was read than about the value.
 */
export function doubting(passed: readonly string[], failed: readonly string[], rules: readonly string[] = []): string[] {
  // once one sum of printed figures holds, the other sums that fail point at a misread part (a line, the tax)
  const confirmedBy = passed.filter(confirming);
  const strong = confirmedBy.some((id) => !id.startsWith('sum.lines')) || rules.some((r) => PRINTED_TWICE_RULES.includes(r));
  return strong ? failed.filter((id) => !id.startsWith('sum.')) : [...failed];
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
  /** The text was read by OCR (on some page). */
  ocr?: boolean;
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
  // the total confirmed by two figures printed for that purpose (subtotal + tax, cash - change): lines that do not add
  // up then say more about how the table was read than about the total, and are a warning
  const totalPassed = byName.get('total')?.evidence?.checksPassed ?? [];
  const totalConfirmed = doubting(totalPassed, ['sum.other'], byName.get('total')?.evidence?.rules ?? []).length === 0;
  for (const c of input.checks) {
    if (c.passed) continue;
    const linesOnly =
      c.id.startsWith('sum.') &&
      totalConfirmed &&
      !c.fields.some((f) => f !== 'total' && f !== 'line_items' && f !== 'subtotal' && f !== 'tax');
    const onKey = !linesOnly && c.fields.some((f) => f === 'line_items' || keys.includes(f as FieldName));
    const field = (c.fields.find((f) => f !== 'line_items' && keys.includes(f as FieldName)) ?? c.fields[0] ?? null) as
      FieldName | 'line_items' | null;
    issues.push({ field, code: `check:${c.id}`, message: c.message, severity: onKey ? 'error' : 'warning' });
  }

  const total = byName.get('total');
  // OCR may misread any digit: a total read from a scan needs a second figure that agrees, whatever the document type
  if ((input.docType === 'receipt' || input.ocr) && input.docType !== 'other' && total?.value) {
    // a sum of the other figures, cash - change, or the same amount printed twice for the purpose (two total labels, the
    // total and the card charge): two printings OCR read alike
    const confirmed =
      (total.evidence?.checksPassed ?? []).some(confirming) || (total.evidence?.rules ?? []).some((r) => PRINTED_TWICE_RULES.includes(r));
    if (!confirmed)
      issues.push({
        field: 'total',
        code: 'total_unconfirmed',
        message: `total ${total.value}: no sum of the other figures and no cash - change confirms it`,
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

  // a document of no known kind has no key field to vouch for: nothing about it is confident (not 100 %)
  let confidence = keys.length ? 1 : 0;
  for (const name of keys) confidence = Math.min(confidence, byName.get(name)?.value ? byName.get(name)!.confidence : 0);
  const needsReview = issues.some((i) => i.severity === 'error' || i.code === 'low_confidence');
  return { issues, needsReview, confidence: Math.round(confidence * 100) / 100 };
}

/**
 * Checks that do not care where the fields came from (rules, an LLM, a user): arithmetic, date sanity, required
 * fields, confidence. Any error or a required field under the threshold sends the document to review.
 */
import type { DocType, ExtractedField, FieldName, LineItem, ValidationIssue } from '../../contract/domain.js';

export interface ValidateOptions {
  docType?: DocType;
  reviewThreshold?: number;
  now?: Date;
  /** Days after `now` an issue date may lie (clock skew, post-dated invoices). */
  futureDays?: number;
}

export interface ValidationOutcome {
  issues: ValidationIssue[];
  needsReview: boolean;
  /** The weakest required field's confidence (0 when one is missing). */
  confidence: number;
}

export const DEFAULT_REVIEW_THRESHOLD = 0.6;

export function requiredFields(docType: DocType | undefined): FieldName[] {
  if (docType === 'receipt') return ['vendor_name', 'issue_date', 'total'];
  if (docType === 'invoice' || docType === 'credit_note' || docType === 'purchase_order')
    return ['vendor_name', 'document_number', 'issue_date', 'total'];
  // 'other' (a letter, a brochure, a contract): no field is expected of it; see the unrecognised-type issue.
  if (docType === 'other') return [];
  return ['vendor_name', 'issue_date', 'total'];
}

/** Field names as a clerk reads them in a reason ("issue date was not found", not "issue_date"). */
export const FIELD_LABELS: Record<FieldName, string> = {
  vendor_name: 'vendor',
  vendor_tax_id: 'vendor tax id',
  document_number: 'document number',
  po_number: 'PO number',
  issue_date: 'issue date',
  due_date: 'due date',
  currency: 'currency',
  subtotal: 'subtotal',
  tax: 'tax',
  total: 'total',
};

function num(f: ExtractedField | undefined): number | null {
  if (!f || f.value === null || f.value === '') return null;
  const v = Number(f.value);
  return Number.isFinite(v) ? v : null;
}

function day(iso: string | null | undefined): number | null {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

/** Rounding tolerance: one cent per summed term, at least two cents. */
function close(a: number, b: number, terms: number): boolean {
  return Math.abs(a - b) <= Math.max(0.02, 0.01 * terms) + 1e-9;
}

export function validateExtraction(
  fields: readonly ExtractedField[],
  lineItems: readonly LineItem[],
  opts: ValidateOptions = {},
): ValidationOutcome {
  const threshold = opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  const now = opts.now ?? new Date();
  const byName = new Map<FieldName, ExtractedField>();
  for (const f of fields) if (f.value !== null && f.value !== '') byName.set(f.name, f);
  const issues: ValidationIssue[] = [];

  const required = requiredFields(opts.docType);
  let confidence = 1;
  if (opts.docType === 'other') {
    // Not an invoice, receipt, PO or credit note: someone should decide whether it belongs in the batch.
    issues.push({
      field: null,
      code: 'unrecognised_type',
      message: 'not recognised as an invoice, receipt, purchase order or credit note',
      severity: 'error',
    });
  }
  for (const name of required) {
    const f = byName.get(name);
    if (!f) {
      issues.push({ field: name, code: 'missing', message: `${FIELD_LABELS[name]} was not found`, severity: 'error' });
      confidence = 0;
      continue;
    }
    confidence = Math.min(confidence, f.confidence);
    if (f.confidence < threshold) {
      issues.push({
        field: name,
        code: 'low_confidence',
        message: `${FIELD_LABELS[name]}: low confidence (${Math.round(f.confidence * 100)}%, below ${Math.round(threshold * 100)}%)`,
        severity: 'warning',
      });
    }
  }

  const subtotal = num(byName.get('subtotal'));
  const tax = num(byName.get('tax'));
  const total = num(byName.get('total'));
  for (const [name, v] of [
    ['subtotal', subtotal],
    ['tax', tax],
    ['total', total],
  ] as const) {
    if (byName.has(name) && v === null)
      issues.push({
        field: name,
        code: 'not_a_number',
        message: `${FIELD_LABELS[name]} "${byName.get(name)!.value}" is not a number`,
        severity: 'error',
      });
  }
  if (total !== null && total < 0 && opts.docType !== 'credit_note') {
    issues.push({
      field: 'total',
      code: 'negative_total',
      message: `total ${total} is negative on a ${opts.docType ?? 'document'}`,
      severity: 'warning',
    });
  }
  if (subtotal !== null && tax !== null && total !== null && !close(subtotal + tax, total, 2)) {
    issues.push({
      field: 'total',
      code: 'totals_mismatch',
      message: `subtotal ${subtotal.toFixed(2)} + tax ${tax.toFixed(2)} = ${(subtotal + tax).toFixed(2)}, but total is ${total.toFixed(2)}`,
      severity: 'error',
    });
  }
  if (subtotal !== null && total !== null && tax === null && subtotal > total + 0.02 && total >= 0) {
    issues.push({
      field: 'subtotal',
      code: 'subtotal_exceeds_total',
      message: `subtotal ${subtotal.toFixed(2)} exceeds total ${total.toFixed(2)}`,
      severity: 'warning',
    });
  }
  const amounts = lineItems.map((l) => l.amount).filter((a): a is number => a !== null);
  if (amounts.length >= 2) {
    const sum = amounts.reduce((a, b) => a + b, 0);
    const target = subtotal ?? (tax === null ? total : null);
    // prices printed tax-inclusive make the lines add up to the total instead of the subtotal
    if (target !== null && !close(sum, target, amounts.length) && !(total !== null && close(sum, total, amounts.length))) {
      issues.push({
        field: 'line_items',
        code: 'line_items_mismatch',
        message: `line items sum to ${sum.toFixed(2)}, but ${subtotal !== null ? 'subtotal' : 'total'} is ${target.toFixed(2)}`,
        severity: 'warning',
      });
    }
  }
  for (const li of lineItems) {
    if (li.quantity !== null && li.unitPrice !== null && li.amount !== null && !close(li.quantity * li.unitPrice, li.amount, 2)) {
      // discounts and tax-inclusive columns make this common; worth a look, not an error
      issues.push({
        field: 'line_items',
        code: 'line_item_arithmetic',
        message: `"${li.description.slice(0, 40)}": ${li.quantity} × ${li.unitPrice} ≠ ${li.amount}`,
        severity: 'warning',
      });
      break;
    }
  }

  const issue = day(byName.get('issue_date')?.value);
  const due = day(byName.get('due_date')?.value);
  if (byName.has('issue_date') && issue === null)
    issues.push({
      field: 'issue_date',
      code: 'invalid_date',
      message: `issue date "${byName.get('issue_date')!.value}" is not a valid date`,
      severity: 'error',
    });
  if (byName.has('due_date') && due === null)
    issues.push({
      field: 'due_date',
      code: 'invalid_date',
      message: `due date "${byName.get('due_date')!.value}" is not a valid date`,
      severity: 'error',
    });
  if (issue !== null && due !== null && due < issue) {
    issues.push({
      field: 'due_date',
      code: 'due_before_issue',
      message: `due date ${byName.get('due_date')!.value} is before issue date ${byName.get('issue_date')!.value}`,
      severity: 'error',
    });
  }
  if (issue !== null && due !== null && due - issue > 400 * 86400000) {
    issues.push({
      field: 'due_date',
      code: 'due_far_after_issue',
      message: `due date is more than 400 days after the issue date`,
      severity: 'warning',
    });
  }
  const futureDays = opts.futureDays ?? 30;
  if (issue !== null && issue > now.getTime() + futureDays * 86400000) {
    issues.push({
      field: 'issue_date',
      code: 'date_in_future',
      message: `issue date ${byName.get('issue_date')!.value} is in the future`,
      severity: 'error',
    });
  }
  if (issue !== null && issue < Date.UTC(1990, 0, 1)) {
    issues.push({
      field: 'issue_date',
      code: 'date_implausible',
      message: `issue date ${byName.get('issue_date')!.value} is implausibly old`,
      severity: 'warning',
    });
  }
  const cur = byName.get('currency')?.value;
  if (cur && !/^[A-Z]{3}$/.test(cur))
    issues.push({ field: 'currency', code: 'invalid_currency', message: `currency "${cur}" is not an ISO 4217 code`, severity: 'error' });

  const needsReview = issues.some((i) => i.severity === 'error' || i.code === 'low_confidence');
  return { issues, needsReview, confidence: Math.round(confidence * 100) / 100 };
}

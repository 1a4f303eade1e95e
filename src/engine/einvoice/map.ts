/**
 * EInvoice → Docket's extraction result. Every value comes from the XML as stated, so it is exact: origin
 * 'e-invoice', confidence 1.0. A field the XML does not state is left out rather than guessed.
 */
import type { EInvoice } from '../../contract/schemas/einvoice.js';
import type { CheckOutcome, ExtractedField, ExtractionResult, FieldName, LineItem, ValidationIssue } from '../../contract/domain.js';
import { fmt, isAdvisoryCheck, units } from './check.js';

/** Where each field is read, by business term, for the field's evidence. */
const TERMS: Record<FieldName, string> = {
  vendor_name: 'BT-27 seller name',
  vendor_tax_id: 'BT-31 seller VAT identifier',
  document_number: 'BT-1 invoice number',
  po_number: 'BT-13 purchase order reference',
  issue_date: 'BT-2 issue date',
  due_date: 'BT-9 payment due date',
  currency: 'BT-5 invoice currency',
  subtotal: 'BT-109 total without VAT',
  tax: 'BT-110 total VAT',
  total: 'BT-112 total with VAT',
};

const num = (s: string | null): number | null => {
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Amount strings as Docket stores them: '.' decimals, at least two places, sign kept (a corrected invoice is negative). */
const amount = (s: string | null): string | null => {
  const u = units(s);
  return u === null ? null : fmt(u);
};

export function fieldValues(inv: EInvoice): Partial<Record<FieldName, string>> {
  const v: Partial<Record<FieldName, string | null>> = {
    vendor_name: inv.seller.name,
    vendor_tax_id: inv.seller.vatId ?? inv.seller.taxIds[0]?.replace(/^[^:]*:\s*/, '') ?? null,
    document_number: inv.number,
    po_number: inv.orderReference,
    issue_date: inv.issueDate,
    due_date: inv.dueDate,
    currency: inv.currency?.toUpperCase() ?? null,
    subtotal: amount(inv.totals.netTotal),
    tax: amount(inv.totals.taxTotal),
    // The invoice total (BT-112), so subtotal + tax = total holds as everywhere in Docket; the amount due after
    // prepayments (BT-115) is in the e-invoice view.
    total: amount(inv.totals.grandTotal ?? inv.totals.payable),
  };
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== '')) as Partial<Record<FieldName, string>>;
}

/** The raw text of a field as the XML wrote it. */
function rawOf(inv: EInvoice, name: FieldName, value: string): string {
  if (name === 'subtotal') return inv.totals.netTotal ?? value;
  if (name === 'tax') return inv.totals.taxTotal ?? value;
  if (name === 'total') return inv.totals.grandTotal ?? inv.totals.payable ?? value;
  return value;
}

export function lineItems(inv: EInvoice): LineItem[] {
  return inv.lines.map((l) => ({
    description:
      [l.name, l.description && l.description !== l.name ? l.description : null].filter(Boolean).join(' — ') || `line ${l.id ?? ''}`.trim(),
    quantity: num(l.quantity),
    // Per unit, as Docket's line items mean it (the XML's price may be for a base quantity of several units).
    unitPrice: (() => {
      const p = num(l.netPrice);
      const base = num(l.priceBaseQuantity);
      return p === null ? null : base && base !== 1 ? p / base : p;
    })(),
    amount: num(l.lineTotal),
    source: null,
  }));
}

/**
 * The extraction result for an e-invoice. `checks` are the arithmetic checks and, for a hybrid PDF, the
 * page-versus-XML checks; each failed one becomes an issue (advisory ones a warning, the rest errors).
 */
export function toExtraction(inv: EInvoice, checks: CheckOutcome[]): ExtractionResult {
  const values = fieldValues(inv);
  const fields: ExtractedField[] = (Object.entries(values) as Array<[FieldName, string]>).map(([name, value]) => ({
    name,
    value,
    raw: rawOf(inv, name, value),
    confidence: 1,
    source: null,
    origin: 'e-invoice',
    evidence: {
      rules: [`einvoice.${inv.syntax === 'CII' || inv.syntax === 'CII ZUGFeRD 1.0' ? 'cii' : 'ubl'}: ${TERMS[name]}`],
      checksPassed: checks.filter((c) => c.passed && c.fields.includes(name)).map((c) => c.id),
      checksFailed: checks.filter((c) => !c.passed && c.fields.includes(name)).map((c) => c.id),
    },
  }));
  const issues: ValidationIssue[] = checks
    .filter((c) => !c.passed)
    .map((c) => ({
      field: c.fields.length === 1 ? c.fields[0]! : null,
      code: c.id.startsWith('einvoice.page-shows.')
        ? 'einvoice_page_mismatch'
        : c.id === 'einvoice.iban'
          ? 'einvoice_iban_invalid'
          : 'einvoice_arithmetic',
      message: c.message,
      severity: isAdvisoryCheck(c.id) ? 'warning' : 'error',
    }));
  return {
    docType: inv.creditNote ? 'credit_note' : 'invoice',
    docTypeConfidence: 1,
    fields,
    lineItems: lineItems(inv),
    issues,
    checks,
    confidence: 1,
    needsReview: issues.some((i) => i.severity === 'error'),
  };
}

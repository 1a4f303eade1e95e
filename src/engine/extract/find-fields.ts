/**
 * Candidates for the fields that are found by one label or one shape each: vendor, vendor tax id, document number
 * and PO number. (Dates, amounts and currency have their own finders: find-dates, find-totals, currency.)
 *
 * Rule ids: vendor.* (see vendor.ts), taxid.labelled-shape, taxid.shape, number.label, number.header-cell,
 * number.ocr-letter-prefix, number.label-above, number.row-geometry, number.not-invoice-reference, po.label.
 */
import type { Candidate } from './candidate.js';
import { type CellFinder, NO_CELLS } from './geometry.js';
import { findDocumentNumber, findPoNumber } from './numbers.js';
import { type TaxIdHit, findTaxIds } from './tax-ids.js';
import { type Line, fold, spanIn } from './text.js';
import { labelRe } from './vocab.js';
import { findVendor } from './vendor.js';

export function vendorCandidates(lines: readonly Line[], country: string | null = null): Candidate[] {
  const v = findVendor(lines, country);
  if (!v) return [];
  return [
    { field: 'vendor_name', value: v.value, raw: v.raw, source: spanIn(v.line, v.from, v.to), score: v.confidence, because: v.because },
  ];
}

/** The vendor's tax ids, not the customer's, best first (`taxIds`: the document's, when found already). */
export function taxIdCandidates(lines: readonly Line[], cells: CellFinder = NO_CELLS, taxIds?: readonly TaxIdHit[]): Candidate[] {
  return (taxIds ?? findTaxIds(lines, cells))
    .filter((t) => !t.customer)
    .sort((a, b) => b.confidence - a.confidence || a.line.n - b.line.n)
    .map((t) => ({
      field: 'vendor_tax_id' as const,
      value: t.value,
      raw: t.raw,
      source: spanIn(t.line, t.from, t.to),
      score: t.confidence,
      because: [t.confidence >= 0.8 ? 'taxid.labelled-shape' : 'taxid.shape'],
    }));
}

/** The words for an invoice in any vocabulary ("invoice", "factuur", "Rechnung"), as titles. */
const INVOICE_WORD = labelRe('invoice_title');
/** A credit note's own words, as titles or in its number label ("credit", "kredit", "gutschrift", "avoir"). */
const CREDIT_LABEL = new RegExp(String.raw`${labelRe('credit_title').source}|cred|kred|gutschr|avoir|abono|storno`);

export function numberCandidates(
  lines: readonly Line[],
  opts: { isOcr: boolean; purchaseOrder: boolean; creditNote?: boolean; cells?: CellFinder; taxIds?: readonly TaxIdHit[] },
): Candidate[] {
  let hit = findDocumentNumber(lines, opts.cells ?? NO_CELLS, opts.taxIds);
  // a purchase order's own number is its PO number
  if (opts.purchaseOrder) hit = findPoNumber(lines) ?? hit;
  if (!hit) return [];
  const because = ['number.label', ...(hit.rule ? [hit.rule] : [])];
  let score = hit.confidence - (opts.isOcr ? 0.05 : 0);
  // rule 'number.invoice-label-on-credit-note': a credit note's own number stands under a credit label ("Credit note
  // no.", "Kreditfakturanr"); one read under an invoice word ("... factuur: 2024-7460", OCR having glued the label that
  // made it a reference) is likely the invoice it credits: kept, but not vouched for
  const label = fold(hit.label);
  if (opts.creditNote && INVOICE_WORD.test(label) && !CREDIT_LABEL.test(label)) {
    score = Math.min(score, 0.5);
    because.push('number.invoice-label-on-credit-note');
  }
  let value = hit.value;
  if (opts.isOcr && /^1[A-Z]{3,}\d/.test(value)) {
    // OCR reads a leading I as 1 before a run of capitals ("1ABC123"); document numbers print a letter prefix
    value = `I${value.slice(1)}`;
    because.push('number.ocr-letter-prefix');
  }
  return [
    {
      field: 'document_number',
      value,
      raw: hit.raw,
      source: spanIn(hit.line, hit.from, hit.to),
      score,
      because,
    },
  ];
}

export function poCandidates(lines: readonly Line[], documentNumber: string | null, purchaseOrder: boolean): Candidate[] {
  const po = findPoNumber(lines);
  if (!po || (po.value === documentNumber && !purchaseOrder)) return [];
  return [
    {
      field: 'po_number',
      value: po.value,
      raw: po.raw,
      source: spanIn(po.line, po.from, po.to),
      score: po.confidence,
      because: ['po.label'],
    },
  ];
}

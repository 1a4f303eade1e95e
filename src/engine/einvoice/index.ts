/**
 * E-invoices read exactly: Factur-X / ZUGFeRD PDFs, XRechnung and Peppol BIS (UBL and CII XML).
 *  detect.ts        roots, namespaces, attachment names, profiles
 *  xml.ts           safe parsing (no DTD, size / depth / element limits)
 *  parse*.ts        XML → EInvoice (contract/schemas/einvoice.ts)
 *  check.ts         the XML's own arithmetic
 *  compare-page.ts  a hybrid PDF's visible page against its XML
 *  map.ts           EInvoice → Docket's fields, line items and issues (origin 'e-invoice', confidence 1)
 *  render-text.ts   readable text of an XML-only invoice (search, `docket show`)
 * The worker task that finds the XML in a file is read/pdf-attachments.ts.
 */
import type { EInvoice } from '../../contract/schemas/einvoice.js';
import type { ExtractedField, ExtractionResult, FieldName } from '../../contract/domain.js';
import { checkArithmetic, checkPayment } from './check.js';
import { comparePageWithXml } from './compare-page.js';
import { toExtraction } from './map.js';

export { parseEInvoice } from './parse.js';
export { renderInvoiceText } from './render-text.js';
export { xmlRootName, INVOICE_ROOTS } from './detect.js';

/**
 * The extraction result of an e-invoice: its values with the XML's arithmetic checked, and for a hybrid PDF
 * (`pages` = the visible pages as read) every key value checked against the page.
 */
export function einvoiceExtraction(
  invoice: EInvoice,
  pages: Array<{ text: string }> | null,
  /** A hybrid PDF's page as the rules read it: to say what the page shows instead, and where it shows a value. */
  pageReading: ReadonlyArray<PageReading> = [],
): ExtractionResult {
  const read = Object.fromEntries(pageReading.map((f) => [f.name, f.value])) as Partial<Record<FieldName, string | null>>;
  const checks = [...checkArithmetic(invoice), ...checkPayment(invoice), ...(pages ? comparePageWithXml(invoice, pages, read) : [])];
  const x = toExtraction(invoice, checks);
  if (pages) placeOnPage(x.fields, pageReading);
  // These profiles carry header and totals only: the XML alone is not a complete invoice (in Germany it is not
  // one at all); the page is what the seller issued.
  if (invoice.profile === 'MINIMUM' || invoice.profile === 'BASIC WL')
    x.issues.push({
      field: 'line_items',
      code: 'einvoice_totals_only',
      message: `profile ${invoice.profile}: the XML carries no invoice lines, only header and totals`,
      severity: 'warning',
    });
  return x;
}

/** One value of a hybrid PDF's page as the rules read it, with where it stands on the page. */
export type PageReading = Pick<ExtractedField, 'name' | 'value' | 'source'>;

/** The page reading and the XML state the same value: amounts to the cent, names and numbers alike in case and spaces. */
function sameValue(name: FieldName, xml: string, page: string): boolean {
  if (name === 'subtotal' || name === 'tax' || name === 'total') {
    const a = Number(xml);
    const b = Number(page);
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(Math.abs(a) - Math.abs(b)) < 0.005;
  }
  const norm = (v: string) => v.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const [x, p] = [norm(xml), norm(page)];
  if (name === 'vendor_name') return x.length >= 3 && p.length >= 3 && (x.includes(p) || p.includes(x));
  return x === p || x.replace(/ /g, '') === p.replace(/ /g, '');
}

/**
 * An e-invoice's values come from the XML, so they have no place on the page of their own. Where the rules found the
 * same value on the page, that place is the value's source: the document screen then marks where the page prints
 * the XML's number, date or total, as it does for any other PDF. A value the page does not agree on keeps none.
 */
function placeOnPage(fields: ExtractedField[], pageReading: ReadonlyArray<PageReading>): void {
  for (const f of fields) {
    const p = pageReading.find((r) => r.name === f.name);
    if (f.value !== null && p?.value && p.source && sameValue(f.name, f.value, p.value)) f.source = p.source;
  }
}

/** The review reason of an e-invoice that needs a clerk: its failed checks, errors first. */
export function einvoiceReviewReason(x: ExtractionResult): string | null {
  const errors = x.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  return errors.length ? `e-invoice: ${errors.join('; ')}` : null;
}

/** Kept in its own module so the document screen can name the file without loading the XML readers. */
export { xmlFileName } from './file-name.js';

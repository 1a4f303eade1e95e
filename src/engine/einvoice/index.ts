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
import type { ExtractionResult, FieldName } from '../../contract/domain.js';
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
  pageReading: Partial<Record<FieldName, string | null>> = {},
): ExtractionResult {
  const checks = [...checkArithmetic(invoice), ...checkPayment(invoice), ...(pages ? comparePageWithXml(invoice, pages, pageReading) : [])];
  const x = toExtraction(invoice, checks);
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

/** The review reason of an e-invoice that needs a clerk: its failed checks, errors first. */
export function einvoiceReviewReason(x: ExtractionResult): string | null {
  const errors = x.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  return errors.length ? `e-invoice: ${errors.join('; ')}` : null;
}

/** Kept in its own module so the document screen can name the file without loading the XML readers. */
export { xmlFileName } from './file-name.js';

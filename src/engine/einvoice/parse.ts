/** One entry point from XML bytes to an EInvoice, whatever the syntax. */
import type { EInvoice } from '../../contract/schemas/einvoice.js';
import { syntaxOf } from './detect.js';
import { parseCii } from './parse-cii.js';
import { parseUbl } from './parse-ubl.js';
import { parseXml, XmlError, XML_LIMITS, type XmlLimits } from './xml.js';

/**
 * Read an e-invoice from XML. Throws XmlError: 'malformed' / 'unsafe' / 'too_large' for XML that cannot be read
 * safely, 'not_einvoice' for well-formed XML of another kind.
 */
export function parseEInvoice(xml: string | Uint8Array, limits: XmlLimits = XML_LIMITS): EInvoice {
  const root = parseXml(xml, limits);
  const syntax = syntaxOf(root);
  if (!syntax) {
    const ns = root.ns ? ` in namespace ${root.ns}` : '';
    throw new XmlError(
      'not_einvoice',
      `not an e-invoice: the XML's root element is <${root.name}>${ns} (expected a UBL Invoice or CreditNote, or a CII CrossIndustryInvoice)`,
    );
  }
  const invoice = syntax === 'CII' || syntax === 'CII ZUGFeRD 1.0' ? parseCii(root, syntax) : parseUbl(root, syntax);
  if (!invoice.number && !invoice.totals.grandTotal && !invoice.totals.payable && !invoice.seller.name)
    throw new XmlError('not_einvoice', `not an e-invoice: the ${syntax} XML has no invoice number, seller or totals`);
  return invoice;
}

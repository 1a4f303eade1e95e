/**
 * Recognising e-invoices: by the root element of the XML (name and namespace), and in PDFs by the names
 * Factur-X / ZUGFeRD / XRechnung give their embedded file.
 */
import type { EInvoiceSyntax } from '../../contract/schemas/einvoice.js';
import type { XmlElement } from './xml.js';

export const NS = {
  cii: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  zugferd1: 'urn:ferd:CrossIndustryDocument:invoice:1p0',
  ublInvoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  ublCreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
} as const;

/** Root local names of the formats read, for sniffing a file's first bytes. */
export const INVOICE_ROOTS = ['CrossIndustryInvoice', 'CrossIndustryDocument', 'Invoice', 'CreditNote'] as const;

/** The syntax an XML tree is in, or null when its root is not an invoice of a known namespace. */
export function syntaxOf(root: XmlElement): EInvoiceSyntax | null {
  if (root.name === 'CrossIndustryInvoice' && root.ns === NS.cii) return 'CII';
  if (root.name === 'CrossIndustryDocument' && root.ns === NS.zugferd1) return 'CII ZUGFeRD 1.0';
  if (root.name === 'Invoice' && root.ns === NS.ublInvoice) return 'UBL Invoice';
  if (root.name === 'CreditNote' && root.ns === NS.ublCreditNote) return 'UBL CreditNote';
  return null;
}

/**
 * The root element's local name from a file's first bytes, skipping a BOM, the XML declaration, comments,
 * processing instructions and a DOCTYPE (with its internal subset). undefined when the text does not look like
 * XML at all; null when it does but the root did not start within these bytes (a very long prolog).
 */
export function xmlRootName(head: Uint8Array): string | null | undefined {
  let s: string;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    s = new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head.subarray(2));
  } else {
    s = Buffer.from(head)
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, '');
  }
  let i = s.search(/\S/);
  if (i < 0 || s[i] !== '<') return undefined;
  for (let guard = 0; guard < 1000; guard++) {
    i = skipSpace(s, i);
    if (i >= s.length) return null;
    if (s[i] !== '<') return undefined;
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (s.startsWith('<!DOCTYPE', i)) {
      const bracket = s.indexOf('[', i);
      const gt = s.indexOf('>', i);
      if (gt < 0) return null;
      if (bracket >= 0 && bracket < gt) {
        const close = s.indexOf(']', bracket);
        if (close < 0) return null;
        const end = s.indexOf('>', close);
        if (end < 0) return null;
        i = end + 1;
      } else i = gt + 1;
    } else {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(s.slice(i, i + 300));
      return m ? m[2]! : undefined;
    }
  }
  return null;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return i;
}

/** Names the standards give the embedded invoice, most specific first (Factur-X 1.0, ZUGFeRD 2.x, 1.0, XRechnung). */
export const ATTACHMENT_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'] as const;

/**
 * Order in which a PDF's attachments are tried: the standard names first (case-insensitive, so ZUGFeRD 1.0's
 * "ZUGFeRD-invoice.xml" counts), then any other .xml file (some generators use their own name).
 */
export function rankAttachments(names: string[]): string[] {
  const rank = (n: string): number => {
    const i = (ATTACHMENT_NAMES as readonly string[]).indexOf(n.toLowerCase());
    if (i >= 0) return i;
    return n.toLowerCase().endsWith('.xml') ? 10 : -1;
  };
  return names.filter((n) => rank(n) >= 0).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Credit-note type codes of UNTDID 1001 that EN 16931 allows (381 credit note and its kin). */
export const CREDIT_NOTE_TYPE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

/** The profile a specification identifier (BT-24) names, in the words of the standards. */
export function profileLabel(id: string | null): string | null {
  if (!id) return null;
  const p = id.toLowerCase();
  const table: Array<[string, string]> = [
    ['xrechnung', 'XRECHNUNG'],
    ['peppol.eu:2017:poacc:billing', 'PEPPOL BIS 3'],
    ['minimum', 'MINIMUM'],
    ['basicwl', 'BASIC WL'],
    ['basic', 'BASIC'],
    ['extended', 'EXTENDED'],
    ['comfort', 'COMFORT'],
  ];
  for (const [key, label] of table) if (p.includes(key)) return label;
  if (p.includes('en16931')) return 'EN16931';
  return id;
}

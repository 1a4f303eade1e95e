/**
 * Migration 6: e-invoices. A document that carries an invoice as XML (a bare UBL / CII file, or a Factur-X /
 * ZUGFeRD PDF's attachment) keeps that XML byte for byte, so a clerk can save exactly what was received, and
 * the structured reading (contract EInvoice as JSON) the document screen shows. One row per document; it is
 * replaced when the document is read again and removed when a new reading finds no e-invoice.
 */
export const sql = /* sql */ `
CREATE TABLE einvoices (
  document_id  INTEGER PRIMARY KEY REFERENCES documents(id),
  syntax       TEXT NOT NULL,                   -- CII | CII ZUGFeRD 1.0 | UBL Invoice | UBL CreditNote
  profile      TEXT,                            -- MINIMUM ... EXTENDED, XRECHNUNG, PEPPOL BIS 3
  attachment   TEXT,                            -- the PDF attachment's name; NULL for a bare XML file
  xml          BLOB NOT NULL,                   -- the XML exactly as received
  data         TEXT NOT NULL                    -- JSON EInvoice
);
`;

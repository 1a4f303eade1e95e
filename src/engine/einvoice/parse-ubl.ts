/**
 * OASIS UBL 2.1 Invoice / CreditNote → EInvoice (XRechnung UBL, Peppol BIS Billing 3.0, any EN 16931 UBL).
 * Header terms are direct children of the root; reading them by child (never by descendant) keeps a line's
 * cbc:ID or a party's cbc:Name from standing in for the invoice's.
 */
import type { EInvoice, EInvoiceAddress, EInvoiceLine, EInvoiceParty, EInvoiceSyntax } from '../../contract/schemas/einvoice.js';
import { CREDIT_NOTE_TYPE_CODES, profileLabel } from './detect.js';
import { all, first, kids, text, type XmlElement } from './xml.js';

function address(el: XmlElement | null): EInvoiceAddress | null {
  if (!el) return null;
  const street = [text(el, 'StreetName'), text(el, 'AdditionalStreetName'), ...all(el, 'AddressLine/Line').map((l) => text(l))].filter(
    (s): s is string => !!s,
  );
  const a = {
    street,
    postcode: text(el, 'PostalZone'),
    city: text(el, 'CityName'),
    subdivision: text(el, 'CountrySubentity'),
    country: text(el, 'Country/IdentificationCode'),
  };
  return a.street.length || a.postcode || a.city || a.country ? a : null;
}

function party(el: XmlElement | null): EInvoiceParty | null {
  if (!el) return null;
  const schemes = kids(el, 'PartyTaxScheme');
  const vat = schemes.find((s) => text(s, 'TaxScheme/ID')?.toUpperCase() === 'VAT');
  const legal = first(el, 'PartyLegalEntity');
  const tradeName = text(el, 'PartyName/Name');
  const legalName = text(legal, 'RegistrationName');
  const contact = first(el, 'Contact');
  return {
    // BT-27 is the legal name; the trading name (BT-28) stands in only when no legal name is given.
    name: legalName ?? tradeName,
    tradingName: legalName && tradeName && tradeName !== legalName ? tradeName : null,
    vatId: text(vat, 'CompanyID'),
    taxIds: schemes
      .filter((s) => s !== vat)
      .map((s) => {
        const id = text(s, 'CompanyID');
        return id ? `${text(s, 'TaxScheme/ID') ?? 'tax'}: ${id}` : null;
      })
      .filter((s): s is string => !!s),
    ids: [
      ...all(el, 'PartyIdentification/ID').map((e) => (text(e) && e.attrs.schemeID === '0088' ? `GLN ${text(e)}` : text(e))),
      text(legal, 'CompanyID'),
      ...kids(el, 'EndpointID').map((e) => (text(e) ? `endpoint ${e.attrs.schemeID ? e.attrs.schemeID + ':' : ''}${text(e)}` : null)),
    ].filter((s): s is string => !!s),
    address: address(first(el, 'PostalAddress')),
    contact: text(contact, 'Name'),
    email: text(contact, 'ElectronicMail'),
    phone: text(contact, 'Telephone'),
  };
}

function line(el: XmlElement, quantityName: string): EInvoiceLine {
  const qty = first(el, quantityName);
  const price = first(el, 'Price');
  const tax = first(el, 'Item/ClassifiedTaxCategory');
  return {
    id: text(el, 'ID'),
    name: text(el, 'Item/Name'),
    description: text(el, 'Item/Description'),
    sellerItemId: text(el, 'Item/SellersItemIdentification/ID'),
    quantity: text(qty),
    unit: qty?.attrs.unitCode ?? null,
    netPrice: text(price, 'PriceAmount'),
    priceBaseQuantity: text(price, 'BaseQuantity'),
    lineTotal: text(el, 'LineExtensionAmount'),
    taxCategory: text(tax, 'ID'),
    taxRate: text(tax, 'Percent'),
    // XRechnung's extension nests sub-lines (any depth); they detail the line, they are not further lines.
    subLines: kids(el, 'SubInvoiceLine').map((s) => line(s, quantityName)),
  };
}

const emptyParty = (): EInvoiceParty => ({
  name: null,
  tradingName: null,
  vatId: null,
  taxIds: [],
  ids: [],
  address: null,
  contact: null,
  email: null,
  phone: null,
});

export function parseUbl(root: XmlElement, syntax: Extract<EInvoiceSyntax, 'UBL Invoice' | 'UBL CreditNote'>): EInvoice {
  const credit = syntax === 'UBL CreditNote';
  const currency = text(root, 'DocumentCurrencyCode');
  const profileId = text(root, 'CustomizationID');
  const typeCode = text(root, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode');
  const totals = first(root, 'LegalMonetaryTotal');
  // Two TaxTotals when the VAT accounting currency differs: the one in the invoice currency carries BT-110.
  const taxTotals = kids(root, 'TaxTotal');
  const taxTotal =
    taxTotals.find((t) => first(t, 'TaxAmount')?.attrs.currencyID === currency) ??
    taxTotals.find((t) => kids(t, 'TaxSubtotal').length > 0) ??
    taxTotals[0];
  const means = kids(root, 'PaymentMeans');
  return {
    syntax,
    profileId,
    profile: profileLabel(profileId),
    typeCode,
    creditNote: credit || (typeCode !== null && CREDIT_NOTE_TYPE_CODES.has(typeCode)),
    number: text(root, 'ID'),
    issueDate: text(root, 'IssueDate'),
    dueDate: text(root, 'DueDate') ?? means.map((m) => text(m, 'PaymentDueDate')).find((x) => x) ?? null,
    currency,
    taxCurrency: text(root, 'TaxCurrencyCode'),
    buyerReference: text(root, 'BuyerReference'),
    orderReference: text(root, 'OrderReference/ID'),
    seller: party(first(root, 'AccountingSupplierParty/Party')) ?? emptyParty(),
    buyer: party(first(root, 'AccountingCustomerParty/Party')),
    lines: kids(root, credit ? 'CreditNoteLine' : 'InvoiceLine').map((l) => line(l, credit ? 'CreditedQuantity' : 'InvoicedQuantity')),
    taxes: kids(taxTotal, 'TaxSubtotal').map((s) => ({
      category: text(s, 'TaxCategory/ID'),
      rate: text(s, 'TaxCategory/Percent'),
      basis: text(s, 'TaxableAmount'),
      amount: text(s, 'TaxAmount'),
      exemptionReason: text(s, 'TaxCategory/TaxExemptionReason'),
    })),
    allowanceCharges: kids(root, 'AllowanceCharge').map((ac) => ({
      charge: text(ac, 'ChargeIndicator') === 'true',
      amount: text(ac, 'Amount'),
      reason: text(ac, 'AllowanceChargeReason'),
      taxCategory: text(ac, 'TaxCategory/ID'),
      taxRate: text(ac, 'TaxCategory/Percent'),
    })),
    totals: {
      lineTotal: text(totals, 'LineExtensionAmount'),
      allowanceTotal: text(totals, 'AllowanceTotalAmount'),
      chargeTotal: text(totals, 'ChargeTotalAmount'),
      netTotal: text(totals, 'TaxExclusiveAmount'),
      taxTotal: text(taxTotal, 'TaxAmount'),
      grandTotal: text(totals, 'TaxInclusiveAmount'),
      prepaid: text(totals, 'PrepaidAmount'),
      rounding: text(totals, 'PayableRoundingAmount'),
      payable: text(totals, 'PayableAmount'),
    },
    payment: {
      meansCode: text(means[0], 'PaymentMeansCode'),
      accounts: means
        .map((m) => ({
          iban: text(m, 'PayeeFinancialAccount/ID'),
          bic: text(m, 'PayeeFinancialAccount/FinancialInstitutionBranch/ID'),
          name: text(m, 'PayeeFinancialAccount/Name'),
        }))
        .filter((a) => a.iban || a.bic),
      terms: text(root, 'PaymentTerms/Note'),
    },
    notes: kids(root, 'Note')
      .map((n) => text(n))
      .filter((s): s is string => !!s),
  };
}

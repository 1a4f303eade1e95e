/**
 * UN/CEFACT Cross Industry Invoice → EInvoice. One reader for both dialects in use:
 *  - CII D16B (rsm:CrossIndustryInvoice): ZUGFeRD 2.x, Factur-X, XRechnung CII;
 *  - ZUGFeRD 1.0 (rsm:CrossIndustryDocument, 2014): the same business terms under older element names.
 * The dialect only changes the names of the containers, so they are looked up in one table.
 */
import type { EInvoice, EInvoiceAddress, EInvoiceLine, EInvoiceParty, EInvoiceSyntax } from '../../contract/schemas/einvoice.js';
import { CREDIT_NOTE_TYPE_CODES, profileLabel } from './detect.js';
import { all, first, kids, text, type XmlElement } from './xml.js';

interface Dialect {
  context: string;
  document: string;
  transaction: string;
  agreement: string;
  delivery: string;
  settlement: string;
  summation: string;
  lineAgreement: string;
  lineDelivery: string;
  lineSettlement: string;
  lineSummation: string;
  /** Tax rate element: RateApplicablePercent (D16B) or ApplicablePercent (1.0). */
  rate: string;
}

const D16B: Dialect = {
  context: 'ExchangedDocumentContext',
  document: 'ExchangedDocument',
  transaction: 'SupplyChainTradeTransaction',
  agreement: 'ApplicableHeaderTradeAgreement',
  delivery: 'ApplicableHeaderTradeDelivery',
  settlement: 'ApplicableHeaderTradeSettlement',
  summation: 'SpecifiedTradeSettlementHeaderMonetarySummation',
  lineAgreement: 'SpecifiedLineTradeAgreement',
  lineDelivery: 'SpecifiedLineTradeDelivery',
  lineSettlement: 'SpecifiedLineTradeSettlement',
  lineSummation: 'SpecifiedTradeSettlementLineMonetarySummation',
  rate: 'RateApplicablePercent',
};

const ZUGFERD1: Dialect = {
  context: 'SpecifiedExchangedDocumentContext',
  document: 'HeaderExchangedDocument',
  transaction: 'SpecifiedSupplyChainTradeTransaction',
  agreement: 'ApplicableSupplyChainTradeAgreement',
  delivery: 'ApplicableSupplyChainTradeDelivery',
  settlement: 'ApplicableSupplyChainTradeSettlement',
  summation: 'SpecifiedTradeSettlementMonetarySummation',
  lineAgreement: 'SpecifiedSupplyChainTradeAgreement',
  lineDelivery: 'SpecifiedSupplyChainTradeDelivery',
  lineSettlement: 'SpecifiedSupplyChainTradeSettlement',
  lineSummation: 'SpecifiedTradeSettlementMonetarySummation',
  rate: 'ApplicablePercent',
};

/** CII dates: format 102 is yyyyMMdd (the only one EN 16931 allows); 610 yyyyMM and 616 yyyyWW are ignored. */
export function ciiDate(el: XmlElement | null): string | null {
  const s = text(el, 'DateTimeString');
  if (!s) return null;
  const format = first(el, 'DateTimeString')?.attrs.format ?? '102';
  if (format === '102' && /^\d{8}$/.test(s)) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return s.slice(0, 10);
  return null;
}

/**
 * An amount that may be stated more than once with currencyID (BT-110 in the invoice currency and BT-111 in the
 * VAT accounting currency share one element name): the one in the invoice currency, else the one without.
 */
function amountIn(parent: XmlElement | null, name: string, currency: string | null): string | null {
  const list = kids(parent, name);
  if (list.length <= 1) return text(list[0]);
  const match = list.find((e) => currency && e.attrs.currencyID === currency) ?? list.find((e) => !e.attrs.currencyID) ?? list[0];
  return text(match);
}

function address(el: XmlElement | null): EInvoiceAddress | null {
  if (!el) return null;
  const street = ['LineOne', 'LineTwo', 'LineThree'].map((n) => text(el, n)).filter((s): s is string => !!s);
  const a = {
    street,
    postcode: text(el, 'PostcodeCode'),
    city: text(el, 'CityName'),
    subdivision: text(el, 'CountrySubDivisionName'),
    country: text(el, 'CountryID'),
  };
  return a.street.length || a.postcode || a.city || a.country ? a : null;
}

function party(el: XmlElement | null): EInvoiceParty | null {
  if (!el) return null;
  const regs = all(el, 'SpecifiedTaxRegistration/ID');
  const vat = regs.find((r) => r.attrs.schemeID === 'VA');
  const ids = [
    ...kids(el, 'ID').map((e) => text(e)),
    ...kids(el, 'GlobalID').map((e) => {
      const t = text(e);
      return t && e.attrs.schemeID === '0088' ? `GLN ${t}` : t;
    }),
    ...all(el, 'SpecifiedLegalOrganization/ID').map((e) => text(e)),
  ].filter((s): s is string => !!s);
  const contact = first(el, 'DefinedTradeContact');
  return {
    name: text(el, 'Name'),
    tradingName: text(el, 'SpecifiedLegalOrganization/TradingBusinessName'),
    vatId: vat ? text(vat) : null,
    taxIds: regs
      .filter((r) => r !== vat)
      .map((r) => {
        const t = text(r);
        return t ? (r.attrs.schemeID === 'FC' ? `tax number: ${t}` : r.attrs.schemeID ? `${r.attrs.schemeID}: ${t}` : t) : null;
      })
      .filter((s): s is string => !!s),
    ids,
    address: address(first(el, 'PostalTradeAddress')),
    contact: text(contact, 'PersonName') ?? text(contact, 'DepartmentName'),
    email: text(contact, 'EmailURIUniversalCommunication/URIID') ?? text(el, 'URIUniversalCommunication/URIID'),
    phone: text(contact, 'TelephoneUniversalCommunication/CompleteNumber'),
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

function line(el: XmlElement, d: Dialect): EInvoiceLine {
  const agreement = first(el, d.lineAgreement);
  const net = first(agreement, 'NetPriceProductTradePrice');
  const qty = first(el, `${d.lineDelivery}/BilledQuantity`);
  const tax = first(el, `${d.lineSettlement}/ApplicableTradeTax`);
  return {
    id: text(el, 'AssociatedDocumentLineDocument/LineID'),
    name: text(el, 'SpecifiedTradeProduct/Name'),
    description: text(el, 'SpecifiedTradeProduct/Description'),
    sellerItemId: text(el, 'SpecifiedTradeProduct/SellerAssignedID'),
    quantity: text(qty),
    unit: qty?.attrs.unitCode ?? null,
    netPrice: text(net, 'ChargeAmount'),
    priceBaseQuantity: text(net, 'BasisQuantity'),
    lineTotal: text(el, `${d.lineSettlement}/${d.lineSummation}/LineTotalAmount`),
    taxCategory: text(tax, 'CategoryCode'),
    taxRate: text(tax, d.rate),
    subLines: [],
  };
}

export function parseCii(root: XmlElement, syntax: Extract<EInvoiceSyntax, 'CII' | 'CII ZUGFeRD 1.0'>): EInvoice {
  const d = syntax === 'CII' ? D16B : ZUGFERD1;
  const doc = first(root, d.document);
  const tx = first(root, d.transaction);
  const agreement = first(tx, d.agreement);
  const settlement = first(tx, d.settlement);
  const summation = first(settlement, d.summation);
  const currency = text(settlement, 'InvoiceCurrencyCode');
  const profileId = text(root, `${d.context}/GuidelineSpecifiedDocumentContextParameter/ID`);
  const typeCode = text(doc, 'TypeCode');

  const charges = [
    ...kids(settlement, 'SpecifiedTradeAllowanceCharge').map((ac) => ({
      charge: text(ac, 'ChargeIndicator/Indicator') === 'true',
      amount: text(ac, 'ActualAmount'),
      reason: text(ac, 'Reason'),
      taxCategory: text(ac, 'CategoryTradeTax/CategoryCode'),
      taxRate: text(ac, `CategoryTradeTax/${d.rate}`),
    })),
    // ZUGFeRD 1.0 and EXTENDED state freight and other logistics charges apart from the other charges.
    ...kids(settlement, 'SpecifiedLogisticsServiceCharge').map((lc) => ({
      charge: true,
      amount: text(lc, 'AppliedAmount'),
      reason: text(lc, 'Description'),
      taxCategory: text(lc, 'AppliedTradeTax/CategoryCode'),
      taxRate: text(lc, `AppliedTradeTax/${d.rate}`),
    })),
  ];

  const means = kids(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const terms = kids(settlement, 'SpecifiedTradePaymentTerms');
  return {
    syntax,
    profileId,
    profile: profileLabel(profileId),
    typeCode,
    creditNote: typeCode !== null && CREDIT_NOTE_TYPE_CODES.has(typeCode),
    number: text(doc, 'ID'),
    issueDate: ciiDate(first(doc, 'IssueDateTime')),
    dueDate: terms.map((t) => ciiDate(first(t, 'DueDateDateTime'))).find((x) => x) ?? null,
    currency,
    taxCurrency: text(settlement, 'TaxCurrencyCode'),
    buyerReference: text(agreement, 'BuyerReference'),
    orderReference: text(agreement, 'BuyerOrderReferencedDocument/IssuerAssignedID') ?? text(agreement, 'BuyerOrderReferencedDocument/ID'),
    seller: party(first(agreement, 'SellerTradeParty')) ?? emptyParty(),
    buyer: party(first(agreement, 'BuyerTradeParty')),
    // EXTENDED sub-lines are flat siblings in CII (a parent line reference links them), so every line is kept.
    lines: kids(tx, 'IncludedSupplyChainTradeLineItem').map((l) => line(l, d)),
    taxes: kids(settlement, 'ApplicableTradeTax').map((t) => ({
      category: text(t, 'CategoryCode'),
      rate: text(t, d.rate),
      basis: text(t, 'BasisAmount'),
      amount: text(t, 'CalculatedAmount'),
      exemptionReason: text(t, 'ExemptionReason'),
    })),
    allowanceCharges: charges,
    totals: {
      lineTotal: text(summation, 'LineTotalAmount'),
      allowanceTotal: text(summation, 'AllowanceTotalAmount'),
      chargeTotal: text(summation, 'ChargeTotalAmount'),
      netTotal: text(summation, 'TaxBasisTotalAmount'),
      taxTotal: amountIn(summation, 'TaxTotalAmount', currency),
      grandTotal: text(summation, 'GrandTotalAmount'),
      prepaid: text(summation, 'TotalPrepaidAmount'),
      rounding: text(summation, 'RoundingAmount'),
      payable: text(summation, 'DuePayableAmount'),
    },
    payment: {
      meansCode: text(means[0], 'TypeCode'),
      accounts: means
        .map((m) => ({
          iban: text(m, 'PayeePartyCreditorFinancialAccount/IBANID') ?? text(m, 'PayeePartyCreditorFinancialAccount/ProprietaryID'),
          bic: text(m, 'PayeeSpecifiedCreditorFinancialInstitution/BICID'),
          name: text(m, 'PayeePartyCreditorFinancialAccount/AccountName'),
        }))
        .filter((a) => a.iban || a.bic),
      terms: terms.map((t) => text(t, 'Description')).find((x) => x) ?? null,
    },
    notes: kids(doc, 'IncludedNote')
      .map((n) => text(n, 'Content'))
      .filter((s): s is string => !!s),
  };
}

/**
 * Structured e-invoices (EN 16931 in its two syntaxes: UN/CEFACT CII, as in Factur-X / ZUGFeRD / XRechnung CII,
 * and OASIS UBL 2.1, as in XRechnung UBL / Peppol BIS Billing 3.0; plus the older ZUGFeRD 1.0 CII dialect).
 * What the engine reads from the XML, stored beside the document and shown by the document screen.
 *
 * Amounts, quantities and rates stay the decimal strings the XML wrote ("529.87", "20.0000"): they are exact,
 * and the screen shows them as stated. Business-term numbers (BT-n) are EN 16931's, for whoever maps further.
 */
import { z } from 'zod';

const str = z.string().nullable();

export const EINVOICE_SYNTAXES = ['CII', 'CII ZUGFeRD 1.0', 'UBL Invoice', 'UBL CreditNote'] as const;
export const EInvoiceSyntaxSchema = z.enum(EINVOICE_SYNTAXES);
export type EInvoiceSyntax = z.infer<typeof EInvoiceSyntaxSchema>;

export const EInvoiceAddressSchema = z.object({
  /** Street lines (BT-35..37, BT-162); not "lines", which readers of the JSON take for invoice lines. */
  street: z.array(z.string()),
  postcode: str,
  city: str,
  /** Region / state / county (BT-39). */
  subdivision: str,
  /** ISO 3166-1 alpha-2 (BT-40). */
  country: str,
});
export type EInvoiceAddress = z.infer<typeof EInvoiceAddressSchema>;

export const EInvoicePartySchema = z.object({
  /** Legal or trading name (seller BT-27, buyer BT-44). */
  name: str,
  /** Trading name when it differs from the legal name (BT-28). */
  tradingName: str,
  /** VAT identifier (BT-31 / BT-48). */
  vatId: str,
  /** Other tax registrations (e.g. German Steuernummer, scheme FC), as "scheme: id". */
  taxIds: z.array(z.string()),
  /** Party identifiers (GLN, customer number, legal registration), as stated. */
  ids: z.array(z.string()),
  address: EInvoiceAddressSchema.nullable(),
  contact: str,
  email: str,
  phone: str,
});
export type EInvoiceParty = z.infer<typeof EInvoicePartySchema>;

export const EInvoiceLineSchema = z.object({
  /** Line identifier (BT-126). */
  id: str,
  /** Item name (BT-153). */
  name: str,
  description: str,
  /** Seller's item identifier (BT-155). */
  sellerItemId: str,
  quantity: str,
  /** UN/ECE Recommendation 20 unit code (BT-130), e.g. "C62" (one), "HUR" (hour). */
  unit: str,
  /** Item net price (BT-146) and the quantity it is for (BT-149, default 1). */
  netPrice: str,
  priceBaseQuantity: str,
  /** Line net amount (BT-131). */
  lineTotal: str,
  taxCategory: str,
  taxRate: str,
  /** XRechnung extension: nested sub-lines (UBL cac:SubInvoiceLine); empty otherwise. A getter, so the schema can refer to itself. */
  get subLines() {
    return z.array(EInvoiceLineSchema);
  },
});
export type EInvoiceLine = z.infer<typeof EInvoiceLineSchema>;

/** One row of the VAT breakdown (BG-23). */
export const EInvoiceTaxSchema = z.object({
  category: str,
  rate: str,
  basis: str,
  amount: str,
  exemptionReason: str,
});
export type EInvoiceTax = z.infer<typeof EInvoiceTaxSchema>;

/** A document-level allowance (discount) or charge (BG-20 / BG-21). */
export const EInvoiceAllowanceChargeSchema = z.object({
  charge: z.boolean(),
  amount: str,
  reason: str,
  taxCategory: str,
  taxRate: str,
});
export type EInvoiceAllowanceCharge = z.infer<typeof EInvoiceAllowanceChargeSchema>;

/** Document totals (BG-22). */
export const EInvoiceTotalsSchema = z.object({
  /** Sum of line net amounts (BT-106). */
  lineTotal: str,
  allowanceTotal: str,
  chargeTotal: str,
  /** Invoice total without VAT (BT-109). */
  netTotal: str,
  /** Invoice total VAT amount in the invoice currency (BT-110). */
  taxTotal: str,
  /** Invoice total with VAT (BT-112). */
  grandTotal: str,
  prepaid: str,
  rounding: str,
  /** Amount due for payment (BT-115). */
  payable: str,
});
export type EInvoiceTotals = z.infer<typeof EInvoiceTotalsSchema>;

export const EInvoicePaymentSchema = z.object({
  /** Payment means code (BT-81), e.g. 58 SEPA credit transfer, 30 credit transfer, 59 direct debit. */
  meansCode: str,
  accounts: z.array(z.object({ iban: str, bic: str, name: str })),
  terms: str,
});
export type EInvoicePayment = z.infer<typeof EInvoicePaymentSchema>;

export const EInvoiceSchema = z.object({
  syntax: EInvoiceSyntaxSchema,
  /** Specification identifier as written (BT-24) and its profile: MINIMUM, BASIC WL, BASIC, EN16931, ... */
  profileId: str,
  profile: str,
  /** Invoice type code (BT-3): 380 invoice, 381 credit note, 384 corrected invoice, ... */
  typeCode: str,
  creditNote: z.boolean(),
  number: str,
  /** ISO dates. */
  issueDate: str,
  dueDate: str,
  currency: str,
  /** VAT accounting currency when it differs (BT-6). */
  taxCurrency: str,
  buyerReference: str,
  orderReference: str,
  seller: EInvoicePartySchema,
  buyer: EInvoicePartySchema.nullable(),
  lines: z.array(EInvoiceLineSchema),
  taxes: z.array(EInvoiceTaxSchema),
  allowanceCharges: z.array(EInvoiceAllowanceChargeSchema),
  totals: EInvoiceTotalsSchema,
  payment: EInvoicePaymentSchema,
  notes: z.array(z.string()),
});
export type EInvoice = z.infer<typeof EInvoiceSchema>;

/** What the document screen gets for a document that carries an e-invoice. */
export const EInvoiceViewSchema = z.object({
  documentId: z.number().int().nonnegative(),
  /** 'xml' for a bare XML file, 'pdf' for a hybrid PDF (Factur-X / ZUGFeRD) with the XML embedded. */
  carrier: z.enum(['xml', 'pdf']),
  /** Name of the PDF attachment the XML came from (factur-x.xml, ...); null for a bare XML file. */
  attachment: str,
  /** Suggested file name for saving the XML. */
  xmlFileName: z.string(),
  xmlBytes: z.number(),
  invoice: EInvoiceSchema,
});
export type EInvoiceView = z.infer<typeof EInvoiceViewSchema>;

export const EInvoiceXmlSchema = z.object({ fileName: z.string(), xml: z.string() });
export type EInvoiceXml = z.infer<typeof EInvoiceXmlSchema>;

/** The UN/ECE Recommendation 20 unit codes invoices use most, in words; other codes are shown as they are. */
const UNIT_LABELS: Record<string, string> = {
  C62: 'pcs',
  H87: 'pcs',
  EA: 'each',
  XPP: 'pcs',
  PCE: 'pcs',
  HUR: 'h',
  MIN: 'min',
  DAY: 'days',
  WEE: 'weeks',
  MON: 'months',
  ANN: 'years',
  KGM: 'kg',
  GRM: 'g',
  TNE: 't',
  LTR: 'l',
  MLT: 'ml',
  MTQ: 'm³',
  MTR: 'm',
  MTK: 'm²',
  KMT: 'km',
  KWH: 'kWh',
  SET: 'sets',
  PR: 'pairs',
  LS: 'lump sum',
  XBX: 'boxes',
  XCT: 'cartons',
  XPK: 'packs',
  XBO: 'bottles',
  ZZ: '',
};

export function unitLabel(code: string | null): string {
  if (!code) return '';
  return UNIT_LABELS[code.toUpperCase()] ?? code;
}

/**
 * Invoices of kinds the project has never seen: text-layer PDFs generated here in 9 languages (de, fr, nl, es, it, pt,
 * sv, en-GB, en-US), some from regional sellers (Swiss in CHF, Swedish in EUR, Irish, Australian, Canadian,
 * Singaporean), varied at random per document as back offices' invoices are: the meta block's layout (labels beside,
 * above or in a bordered table), the seller's address in the letterhead or only in a footer with the buyer's block on
 * the right, the buyer's own VAT id, one or several VAT rates with a breakdown, prices including VAT, credit notes
 * (negative or positive), money with or without thousands separators or currency (only in a column header), the due
 * date before the issue date, PO and customer numbers and order and delivery dates beside the number and date, a
 * "Page 1 of 2" footer, reverse charge (VAT 0%), a deposit taken off before the balance due (the invoice's total is what
 * a clerk books), Swiss rounding to 5 centimes. Each variation is a tag; read by `docket process` and exported as JSON, as a user would. Prints
 * per-field accuracy, precision of `done` (share of auto-accepted documents whose key fields are all right) and
 * straight-through, per tag, and the misses. The generator knows only what such invoices look like, not Docket's rules:
 * a miss here is a gap in the vocabularies or the finders, and a wrong `done` is a failed check. Never asserts.
 *
 * --scan prints each invoice and scans it back: every page rasterised in grey at 200 dpi (poppler's pdftoppm, a fixture
 * tool the product never needs), turned by up to 0.6 degrees, with grain, and bound into an image-only PDF, so the
 * same invoices go through OCR (about 2 CPU-s a page; --docs 54 takes a few minutes).
 *
 * Usage: node bench/unseen-invoices.bench.mjs [--docs 180] [--seed 1] [--keep DIR] [--misses] [--scan]
 * Needs the built CLI (npx electron-vite build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { Scorecard, hasTool, processAndExport, scanLike, seededRandom } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('docs', 180));
const { rnd, pick, chance } = seededRandom(Number(opt('seed', 1)));
const keep = opt('keep', null);

const MONTHS = {
  de: 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember',
  fr: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre',
  nl: 'januari februari maart april mei juni juli augustus september oktober november december',
  es: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
  it: 'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
  pt: 'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro',
  sv: 'januari februari mars april maj juni juli augusti september oktober november december',
  en: 'January February March April May June July August September October November December',
};

/** What an invoice of each language prints: label wordings (one is picked per document), formats, a plausible seller. */
const LANGS = {
  de: () => ({
    months: 'de',
    long: (d, m, y, M) => `${d}. ${M} ${y}`,
    df: 'dmy.',
    title: pick(['Rechnung', 'RECHNUNG']),
    num: pick(['Rechnungsnummer', 'Rechnungs-Nr.', 'Rechnung Nr.', 'Belegnummer']),
    date: pick(['Rechnungsdatum', 'Datum', 'Belegdatum']),
    due: pick(['Fällig am', 'Zahlbar bis', 'Fälligkeit']),
    sub: pick(['Zwischensumme', 'Nettobetrag', 'Summe netto']),
    tax: 'MwSt. 19%',
    rate: 0.19,
    total: pick(['Gesamtbetrag', 'Rechnungsbetrag', 'Summe brutto', 'Zu zahlen']),
    disc: 'Rabatt',
    ship: 'Versandkosten',
    cur: 'EUR',
    sym: '€',
    dec: ',',
    th: '.',
    forms: ['GmbH', 'AG', 'GmbH & Co. KG', 'e.K.', 'UG (haftungsbeschränkt)'],
    street: pick(['Friedrichstraße 12', 'Hauptstraße 7', 'Am Markt 3']),
    city: pick(['10115 Berlin', '80331 München', '50667 Köln']),
    country: 'Deutschland',
    bill: pick(['Rechnungsempfänger', 'Rechnungsadresse', 'Kunde']),
    shipTo: 'Lieferadresse',
    desc: 'Beschreibung',
    qty: 'Menge',
    price: 'Einzelpreis',
    amt: 'Betrag',
    iban: 'DE89370400440532013000',
    vat: 'DE811907980',
    vatl: 'USt-IdNr.',
    page: 'Seite',
    cont: 'Übertrag',
  }),
  fr: () => ({
    months: 'fr',
    long: (d, m, y, M) => `${d} ${M} ${y}`,
    df: 'dmy/',
    title: pick(['Facture', 'FACTURE']),
    num: pick(['Facture n°', 'Numéro de facture', 'N° de facture', 'Facture N°']),
    date: pick(['Date de facture', 'Date', "Date d'émission"]),
    due: pick(["Date d'échéance", 'Échéance']),
    sub: pick(['Total HT', 'Montant HT']),
    tax: 'TVA 20%',
    rate: 0.2,
    total: pick(['Total TTC', 'Net à payer', 'Montant TTC']),
    disc: 'Remise',
    ship: 'Frais de port',
    cur: 'EUR',
    sym: '€',
    dec: ',',
    th: ' ',
    forms: ['SARL', 'SAS', 'SA', 'EURL'],
    street: pick(['14 rue de la Paix', '3 avenue Foch']),
    city: pick(['75008 Paris', '69002 Lyon']),
    country: 'France',
    bill: pick(['Facturé à', 'Client', 'Adresse de facturation']),
    shipTo: 'Adresse de livraison',
    desc: 'Désignation',
    qty: 'Qté',
    price: 'Prix unitaire',
    amt: 'Montant',
    iban: 'FR1420041010050500013M02606',
    vat: 'FR40303265045',
    vatl: pick(['N° TVA', 'TVA intracommunautaire']),
    page: 'Page',
    cont: 'Report',
  }),
  nl: () => ({
    months: 'nl',
    long: (d, m, y, M) => `${d} ${M} ${y}`,
    df: 'dmy-',
    title: pick(['Factuur', 'FACTUUR']),
    num: pick(['Factuurnummer', 'Factuurnr.', 'Factuur nr.']),
    date: pick(['Factuurdatum', 'Datum']),
    due: pick(['Vervaldatum', 'Te betalen voor']),
    sub: pick(['Subtotaal', 'Totaal excl. BTW']),
    tax: 'BTW 21%',
    rate: 0.21,
    total: pick(['Totaal', 'Te betalen', 'Totaal incl. BTW']),
    disc: 'Korting',
    ship: 'Verzendkosten',
    cur: 'EUR',
    sym: '€',
    dec: ',',
    th: '.',
    forms: ['B.V.', 'N.V.', 'V.O.F.'],
    street: pick(['Damrak 5', 'Coolsingel 40']),
    city: pick(['1012 AB Amsterdam', '3011 AD Rotterdam']),
    country: 'Nederland',
    bill: pick(['Factuuradres', 'Klant']),
    shipTo: 'Afleveradres',
    desc: 'Omschrijving',
    qty: 'Aantal',
    price: 'Prijs',
    amt: 'Bedrag',
    iban: 'NL91ABNA0417164300',
    vat: 'NL004495445B01',
    vatl: pick(['BTW-nummer', 'Btw-id']),
    page: 'Pagina',
    cont: 'Transport',
  }),
  es: () => ({
    months: 'es',
    long: (d, m, y, M) => `${d} de ${M} de ${y}`,
    df: 'dmy/',
    title: pick(['Factura', 'FACTURA']),
    num: pick(['Número de factura', 'Factura nº', 'Nº Factura', 'Factura n.º']),
    date: pick(['Fecha de factura', 'Fecha', 'Fecha de emisión']),
    due: pick(['Fecha de vencimiento', 'Vencimiento']),
    sub: pick(['Base imponible', 'Subtotal']),
    tax: 'IVA 21%',
    rate: 0.21,
    total: pick(['Total factura', 'Importe total', 'Total a pagar']),
    disc: 'Descuento',
    ship: 'Gastos de envío',
    cur: 'EUR',
    sym: '€',
    dec: ',',
    th: '.',
    forms: ['S.L.', 'S.A.', 'S.L.U.'],
    street: pick(['Calle Mayor 10', 'Gran Vía 22']),
    city: pick(['28013 Madrid', '08001 Barcelona']),
    country: 'España',
    bill: pick(['Cliente', 'Facturar a']),
    shipTo: 'Dirección de envío',
    desc: 'Descripción',
    qty: 'Cantidad',
    price: 'Precio',
    amt: 'Importe',
    iban: 'ES9121000418450200051332',
    vat: 'ESB12345674',
    vatl: pick(['CIF', 'NIF']),
    page: 'Página',
    cont: 'Suma y sigue',
  }),
  it: () => ({
    months: 'it',
    long: (d, m, y, M) => `${d} ${M} ${y}`,
    df: 'dmy/',
    title: pick(['Fattura', 'FATTURA']),
    num: pick(['Numero fattura', 'Fattura n.', 'N. fattura', 'Fattura nr.']),
    date: pick(['Data fattura', 'Data', 'Data documento']),
    due: pick(['Scadenza', 'Data scadenza']),
    sub: pick(['Imponibile', 'Totale imponibile']),
    tax: 'IVA 22%',
    rate: 0.22,
    total: pick(['Totale fattura', 'Totale documento', 'Totale da pagare']),
    disc: 'Sconto',
    ship: 'Spese di spedizione',
    cur: 'EUR',
    sym: '€',
    dec: ',',
    th: '.',
    forms: ['S.r.l.', 'S.p.A.', 'S.n.c.'],
    street: pick(['Via Manzoni 3', 'Corso Italia 8']),
    city: pick(['20121 Milano', '00184 Roma']),
    country: 'Italia',
    bill: pick(['Destinatario', 'Cliente', 'Spett.le']),
    shipTo: 'Destinazione merce',
    desc: 'Descrizione',
    qty: 'Quantità',
    price: 'Prezzo unitario',
    amt: 'Importo',
    iban: 'IT60X0542811101000000123456',
    vat: 'IT00743110157',
    vatl: pick(['P.IVA', 'Partita IVA']),
    page: 'Pagina',
    cont: 'Riporto',
  }),
  pt: () => ({
    months: 'pt',
    long: (d, m, y, M) => `${d} de ${M} de ${y}`,
    df: 'dmy/',
    title: pick(['Fatura', 'FATURA']),
    num: pick(['Fatura n.º', 'Número da fatura', 'N.º Fatura', 'Fatura nº']),
    date: pick(['Data da fatura', 'Data de emissão', 'Data']),
    due: pick(['Data de vencimento', 'Vencimento']),
    sub: pick(['Total sem IVA', 'Subtotal', 'Base tributável']),
    tax: 'IVA 23%',
    rate: 0.23,
    total: pick(['Total a pagar', 'Total com IVA', 'Total']),
    disc: 'Desconto',
    ship: 'Portes',
    cur: 'EUR',
    sym: '€',
    dec: ',',
    th: '.',
    forms: ['Lda.', 'S.A.', 'Unipessoal Lda.'],
    street: pick(['Rua Augusta 20', 'Avenida da Liberdade 110']),
    city: pick(['1100-148 Lisboa', '4000-322 Porto']),
    country: 'Portugal',
    bill: pick(['Cliente', 'Exmo(s) Sr(s)']),
    shipTo: 'Local de entrega',
    desc: 'Descrição',
    qty: 'Qtd.',
    price: 'Preço unit.',
    amt: 'Valor',
    iban: 'PT50000201231234567890154',
    vat: 'PT501964843',
    vatl: pick(['NIF', 'Contribuinte']),
    page: 'Página',
    cont: 'Transporte',
  }),
  sv: () => ({
    months: 'sv',
    long: (d, m, y, M) => `${d} ${M} ${y}`,
    df: 'ymd-',
    title: pick(['Faktura', 'FAKTURA']),
    num: pick(['Fakturanummer', 'Fakturanr', 'Faktura nr']),
    date: pick(['Fakturadatum', 'Datum']),
    due: pick(['Förfallodatum', 'Förfaller']),
    sub: pick(['Summa exkl. moms', 'Netto']),
    tax: 'Moms 25%',
    rate: 0.25,
    total: pick(['Att betala', 'Summa att betala', 'Totalt']),
    disc: 'Rabatt',
    ship: 'Frakt',
    cur: 'SEK',
    sym: 'kr',
    dec: ',',
    th: ' ',
    forms: ['AB', 'HB', 'Aktiebolag'],
    street: pick(['Drottninggatan 7', 'Kungsgatan 44']),
    city: pick(['111 22 Stockholm', '411 19 Göteborg']),
    country: 'Sverige',
    bill: pick(['Fakturaadress', 'Kund']),
    shipTo: 'Leveransadress',
    desc: 'Beskrivning',
    qty: 'Antal',
    price: 'À-pris',
    amt: 'Belopp',
    iban: 'SE4550000000058398257466',
    vat: 'SE556036079301',
    vatl: pick(['Momsreg.nr', 'VAT-nr']),
    page: 'Sida',
    cont: 'Transport',
  }),
  engb: () => ({
    months: 'en',
    long: (d, m, y, M) => `${d} ${M} ${y}`,
    df: 'dmy/',
    title: pick(['INVOICE', 'Invoice', 'Tax Invoice']),
    num: pick(['Invoice No.', 'Invoice number', 'Invoice #', 'Invoice No']),
    date: pick(['Invoice date', 'Date', 'Tax point', 'Date of issue']),
    due: pick(['Due date', 'Payment due']),
    sub: pick(['Subtotal', 'Net total']),
    tax: 'VAT 20%',
    rate: 0.2,
    total: pick(['Total due', 'Amount due', 'Total', 'Balance due']),
    disc: 'Discount',
    ship: 'Delivery',
    cur: 'GBP',
    sym: '£',
    dec: '.',
    th: ',',
    forms: ['Ltd', 'Limited', 'LLP', 'plc'],
    street: pick(['221 Baker Street', '10 Deansgate']),
    city: pick(['London NW1 6XE', 'Manchester M3 2BW']),
    country: 'United Kingdom',
    bill: pick(['Bill to', 'Invoice to', 'Customer']),
    shipTo: 'Deliver to',
    desc: 'Description',
    qty: 'Qty',
    price: 'Unit price',
    amt: 'Amount',
    iban: 'GB29NWBK60161331926819',
    vat: 'GB980780684',
    vatl: pick(['VAT Reg No', 'VAT number']),
    page: 'Page',
    cont: 'Carried forward',
  }),
  enus: () => ({
    months: 'en',
    long: (d, m, y, M) => `${M} ${d}, ${y}`,
    df: 'mdy/',
    title: pick(['INVOICE', 'Invoice']),
    num: pick(['Invoice No.', 'Invoice #', 'Invoice number']),
    date: pick(['Invoice date', 'Date']),
    due: pick(['Due date', 'Payment due']),
    sub: 'Subtotal',
    tax: pick(['Sales tax 8.875%', 'Sales Tax (8.875%)']),
    rate: 0.08875,
    total: pick(['Total due', 'Balance due', 'Total', 'Amount due']),
    disc: 'Discount',
    ship: 'Shipping',
    cur: 'USD',
    sym: '$',
    dec: '.',
    th: ',',
    forms: ['Inc.', 'LLC', 'Corp.'],
    street: pick(['350 Fifth Avenue', '1 Market Street']),
    city: pick(['New York, NY 10118', 'San Francisco, CA 94105']),
    country: 'USA',
    bill: pick(['Bill to', 'Sold to']),
    shipTo: 'Ship to',
    desc: 'Description',
    qty: 'Qty',
    price: 'Rate',
    amt: 'Amount',
    iban: null,
    vat: null,
    vatl: 'EIN',
    page: 'Page',
    cont: 'Continued',
  }),
};
/**
 * What else each language prints on a back office's invoices: a second VAT rate, prices including VAT (B2C), credit
 * notes, the references printed near the number (PO, customer number) and the other dates (order, delivery).
 */
const MORE = {
  de: {
    taxw: 'MwSt.',
    rate2: 0.07,
    incl: pick(['Gesamt inkl. MwSt.', 'Gesamtbetrag inkl. MwSt.', 'Endbetrag brutto']),
    within: pick(['davon MwSt.', 'enthaltene MwSt.']),
    credit: pick(['Gutschrift', 'GUTSCHRIFT']),
    creditNum: pick(['Gutschrift-Nr.', 'Gutschriftsnummer', 'Belegnummer']),
    creditRef: pick(['zu Rechnung', 'Bezug: Rechnung Nr.']),
    po: pick(['Bestellnummer', 'Ihre Bestellung', 'Bestell-Nr.']),
    cust: pick(['Kundennummer', 'Kunden-Nr.', 'Kd.-Nr.']),
    order: pick(['Bestelldatum', 'Auftragsdatum']),
    delivery: pick(['Lieferdatum', 'Leistungsdatum']),
    of: 'von',
    rateHead: ['MwSt.-Satz', 'Netto', 'MwSt.', 'Brutto'],
    tagline: 'Industriedruck seit 1982',
    buyerVat: 'DE129273398',
  },
  fr: {
    taxw: 'TVA',
    rate2: 0.055,
    incl: pick(['Total TTC', 'Montant TTC']),
    within: pick(['dont TVA', 'Dont TVA']),
    credit: pick(['Avoir', 'AVOIR', 'Facture d’avoir']),
    creditNum: pick(['Avoir n°', "N° d'avoir", 'Numéro d’avoir']),
    creditRef: pick(['Facture d’origine', 'Réf. facture']),
    po: pick(['Bon de commande', 'N° de commande', 'Votre commande']),
    cust: pick(['N° client', 'Code client', 'Réf. client']),
    order: pick(['Date de commande']),
    delivery: pick(['Date de livraison']),
    of: 'sur',
    rateHead: ['Taux TVA', 'Base HT', 'Montant TVA', 'Total TTC'],
    tagline: 'Impression industrielle depuis 1982',
    buyerVat: 'FR83404833048',
  },
  nl: {
    taxw: 'BTW',
    rate2: 0.09,
    incl: pick(['Totaal incl. btw', 'Totaalbedrag incl. BTW']),
    within: pick(['waarvan btw', 'Inclusief btw']),
    credit: pick(['Creditnota', 'CREDITNOTA', 'Creditfactuur']),
    creditNum: pick(['Creditnotanummer', 'Creditnota nr.']),
    creditRef: pick(['Betreft factuur', 'Oorspronkelijke factuur']),
    po: pick(['Ordernummer', 'Inkoopordernummer', 'Uw referentie']),
    cust: pick(['Klantnummer', 'Debiteurnummer', 'Klantnr.']),
    order: pick(['Besteldatum', 'Orderdatum']),
    delivery: pick(['Leverdatum', 'Afleverdatum']),
    of: 'van',
    rateHead: ['BTW-tarief', 'Grondslag', 'BTW', 'Totaal'],
    tagline: 'Industrieel drukwerk sinds 1982',
    buyerVat: 'NL810433941B01',
  },
  es: {
    taxw: 'IVA',
    rate2: 0.1,
    incl: pick(['Total (IVA incluido)', 'Total IVA incluido']),
    within: pick(['IVA incluido', 'de los cuales IVA']),
    credit: pick(['Nota de crédito', 'Factura rectificativa', 'NOTA DE CRÉDITO']),
    creditNum: pick(['Nº nota de crédito', 'Número de factura rectificativa']),
    creditRef: pick(['Factura rectificada', 'Factura original']),
    po: pick(['Nº de pedido', 'Su pedido', 'Pedido nº']),
    cust: pick(['Nº de cliente', 'Código de cliente']),
    order: pick(['Fecha de pedido']),
    delivery: pick(['Fecha de entrega']),
    of: 'de',
    rateHead: ['Tipo IVA', 'Base imponible', 'Cuota IVA', 'Total'],
    tagline: 'Impresión industrial desde 1982',
    buyerVat: 'ESA28015865',
  },
  it: {
    taxw: 'IVA',
    rate2: 0.1,
    incl: pick(['Totale IVA inclusa', 'Totale (IVA inclusa)']),
    within: pick(['di cui IVA', 'IVA inclusa']),
    credit: pick(['Nota di credito', 'NOTA DI CREDITO']),
    creditNum: pick(['Nota di credito n.', 'Numero nota di credito']),
    creditRef: pick(['Rif. fattura', 'Storno fattura n.']),
    po: pick(['Ordine n.', 'Vs. ordine', 'Rif. ordine']),
    cust: pick(['Codice cliente', 'Cod. cliente']),
    order: pick(['Data ordine']),
    delivery: pick(['Data consegna', 'Data DDT']),
    of: 'di',
    rateHead: ['Aliquota', 'Imponibile', 'Imposta', 'Totale'],
    tagline: 'Stampa industriale dal 1982',
    buyerVat: 'IT01114601006',
  },
  pt: {
    taxw: 'IVA',
    rate2: 0.06,
    incl: pick(['Total (IVA incluído)', 'Total c/ IVA incluído']),
    within: pick(['IVA incluído', 'dos quais IVA']),
    credit: pick(['Nota de crédito', 'NOTA DE CRÉDITO']),
    creditNum: pick(['Nota de crédito n.º', 'N.º Nota de crédito']),
    creditRef: pick(['Fatura de origem', 'Ref. fatura']),
    po: pick(['Nota de encomenda', 'V/ encomenda', 'Encomenda n.º']),
    cust: pick(['N.º de cliente', 'Cliente n.º']),
    order: pick(['Data da encomenda']),
    delivery: pick(['Data de entrega']),
    of: 'de',
    rateHead: ['Taxa', 'Incidência', 'IVA', 'Total'],
    tagline: 'Impressão industrial desde 1982',
    buyerVat: 'PT502011378',
  },
  sv: {
    taxw: 'Moms',
    rate2: 0.12,
    incl: pick(['Totalt inkl. moms', 'Att betala inkl. moms']),
    within: pick(['varav moms', 'Varav moms']),
    credit: pick(['Kreditfaktura', 'KREDITFAKTURA', 'Kreditnota']),
    creditNum: pick(['Kreditfakturanr', 'Kreditfaktura nr']),
    creditRef: pick(['Avser faktura', 'Krediterar faktura']),
    po: pick(['Ordernr', 'Er beställning', 'Inköpsordernr']),
    cust: pick(['Kundnummer', 'Kundnr']),
    order: pick(['Orderdatum', 'Beställningsdatum']),
    delivery: pick(['Leveransdatum']),
    of: 'av',
    rateHead: ['Momssats', 'Netto', 'Moms', 'Brutto'],
    tagline: 'Industriellt tryck sedan 1982',
    buyerVat: 'SE556703748501',
  },
  engb: {
    taxw: 'VAT',
    rate2: 0.05,
    incl: pick(['Total incl. VAT', 'Total (VAT inclusive)']),
    within: pick(['includes VAT', 'VAT included']),
    credit: pick(['Credit note', 'CREDIT NOTE', 'Credit Note']),
    creditNum: pick(['Credit note no.', 'Credit note number']),
    creditRef: pick(['Original invoice', 'Against invoice']),
    po: pick(['PO number', 'Purchase order', 'Your order no.', 'PO No.']),
    cust: pick(['Customer no.', 'Account no.', 'Customer ID']),
    order: pick(['Order date']),
    delivery: pick(['Delivery date', 'Date of supply']),
    of: 'of',
    rateHead: ['VAT rate', 'Net', 'VAT', 'Gross'],
    tagline: 'Industrial printing since 1982',
    buyerVat: 'GB123456782',
  },
  enus: {
    taxw: 'Sales tax',
    rate2: null,
    incl: pick(['Total (tax included)', 'Total incl. tax']),
    within: pick(['includes sales tax', 'tax included']),
    credit: pick(['Credit memo', 'CREDIT MEMO', 'Credit note']),
    creditNum: pick(['Credit memo #', 'Credit memo no.']),
    creditRef: pick(['Original invoice', 'Applies to invoice']),
    po: pick(['PO #', 'P.O. number', 'Purchase order']),
    cust: pick(['Customer #', 'Account #', 'Customer ID']),
    order: pick(['Order date']),
    delivery: pick(['Ship date', 'Delivery date']),
    of: 'of',
    rateHead: ['Rate', 'Taxable', 'Tax', 'Total'],
    tagline: 'Industrial printing since 1982',
    buyerVat: null,
  },
};

/**
 * Sellers of one language's paperwork outside its home country or currency: a Swiss seller in CHF (1'234.50), a
 * Swedish one invoicing in EUR, English-language sellers from Ireland, Australia, Canada and Singapore.
 */
/** Reverse charge (EU B2B across borders: no VAT charged, the buyer accounts for it) and a deposit already paid. */
const RC = {
  de: ['Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)', 'Abzüglich Anzahlung', 'Restbetrag', 'Rechnungsbetrag'],
  fr: ['Autoliquidation - TVA due par le preneur', 'Acompte versé', 'Reste à payer', 'Total TTC'],
  nl: ['BTW verlegd', 'Reeds betaald', 'Openstaand bedrag', 'Totaal'],
  es: ['Inversión del sujeto pasivo', 'Anticipo recibido', 'Importe pendiente', 'Total factura'],
  it: ['Inversione contabile - art. 7-ter DPR 633/72', 'Acconto ricevuto', 'Saldo da pagare', 'Totale fattura'],
  pt: ['Autoliquidação - IVA devido pelo adquirente', 'Adiantamento recebido', 'Valor em dívida', 'Total'],
  sv: ['Omvänd skattskyldighet', 'Förskott betalt', 'Kvar att betala', 'Summa'],
  engb: ['Reverse charge: VAT to be accounted for by the recipient', 'Less deposit paid', 'Balance due', 'Invoice total'],
  enus: [null, 'Less deposit paid', 'Balance due', 'Invoice total'],
};

const REGIONS = {
  de: [
    {
      region: 'de-CH',
      cur: 'CHF',
      sym: 'CHF',
      dec: '.',
      th: "'",
      df: 'dmy.',
      tax: 'MWST 8.1%',
      taxw: 'MWST',
      rate: 0.081,
      rate2: 0.026,
      forms: ['AG', 'GmbH', 'SA'],
      street: 'Bahnhofstrasse 21',
      city: '8001 Zürich',
      country: 'Schweiz',
      iban: 'CH9300762011623852957',
      vat: 'CHE-116.281.710 MWST',
      vatl: pick(['MWST-Nr.', 'UID']),
      buyerVat: 'CHE-109.322.551 MWST',
      noPlain: true,
    },
  ],
  sv: [{ region: 'sv-EUR', cur: 'EUR', sym: '€', noPlain: true, symAfter: true }],
  engb: [
    {
      region: 'en-IE',
      cur: 'EUR',
      sym: '€',
      tax: 'VAT 23%',
      rate: 0.23,
      rate2: 0.135,
      forms: ['Ltd', 'Limited', 'DAC'],
      street: '12 Merrion Square',
      city: 'Dublin 2, D02 XY45',
      country: 'Ireland',
      iban: 'IE29AIBK93115212345678',
      vat: 'IE6388047V',
      vatl: 'VAT No.',
      buyerVat: 'IE4749148U',
    },
    {
      region: 'en-AU',
      cur: 'AUD',
      sym: '$',
      title: 'Tax Invoice',
      tax: 'GST 10%',
      taxw: 'GST',
      rate: 0.1,
      rate2: null,
      forms: ['Pty Ltd', 'Pty. Ltd.'],
      street: '88 George Street',
      city: 'Sydney NSW 2000',
      country: 'Australia',
      iban: null,
      vat: '51 824 753 556',
      vatl: 'ABN',
      buyerVat: '53 004 085 616',
      incl: 'Total (GST inclusive)',
      within: 'includes GST',
      rateHead: ['GST', 'Net', 'GST', 'Total'],
    },
    {
      region: 'en-SG',
      cur: 'SGD',
      sym: 'S$',
      title: 'Tax Invoice',
      tax: 'GST 9%',
      taxw: 'GST',
      rate: 0.09,
      rate2: null,
      forms: ['Pte Ltd', 'Pte. Ltd.'],
      street: '1 Raffles Place #20-01',
      city: 'Singapore 048616',
      country: 'Singapore',
      iban: null,
      vat: '201912345R',
      vatl: pick(['GST Reg No.', 'UEN']),
      buyerVat: '200312345H',
      incl: 'Total (incl. GST)',
      within: 'includes GST',
      noPlain: true,
    },
  ],
  enus: [
    {
      region: 'en-CA',
      cur: 'CAD',
      sym: '$',
      df: pick(['mdy/', 'dmy/', 'ymd-']),
      tax: pick(['HST 13%', 'GST/HST 13%']),
      taxw: 'GST',
      rate: 0.13,
      // British Columbia charges two taxes on the same net: GST 5% and PST 7%
      pair: [
        ['GST 5%', 0.05],
        ['PST 7%', 0.07],
      ],
      forms: ['Inc.', 'Ltd.', 'Corp.'],
      street: '200 Bay Street',
      city: 'Toronto, ON M5J 2J2',
      country: 'Canada',
      vat: '123456782RT0001',
      vatl: 'GST/HST No.',
      buyerVat: null,
      noPlain: true,
    },
  ],
};

const SELLERS = [
  'Nordlicht',
  'Brightwater',
  'Alpen Werk',
  'Solaris Systems',
  'Verde Mar',
  'Kestrel Tools',
  'Polaris Druck',
  'Blue Harbor',
  'Castello Arredi',
  'Lumen Labs',
  'Fjord Data',
  'Oakfield Supply',
];
const BUYERS = ['Meridian Foods', 'Hollis & Gray', 'Tiber Logistica', 'Vanta Retail', 'Greywood Partners', 'Sunfield Farms'];
const ITEMS = [
  'Consulting services',
  'Software licence (12 months)',
  'Maintenance visit',
  'Printing 500 flyers',
  'Transport Berlin-Paris',
  'Hosting plan L',
  'Office chair model 3',
  'Training day',
  'Cable 10 m',
  'Design work',
];

const r2 = (v) => Math.round(v * 100) / 100;
const fmt = (v, l) => {
  const [i, d] = Math.abs(v).toFixed(2).split('.');
  return (v < 0 ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, l.th) + l.dec + d;
};
const money = (v, l, style) =>
  style === 'plain' || style === 'column-header'
    ? fmt(v, l)
    : style === 'code-after'
      ? `${fmt(v, l)} ${l.cur}`
      : style === 'code-before'
        ? `${l.cur} ${fmt(v, l)}`
        : l.sym === 'kr'
          ? `${fmt(v, l)} kr`
          : l.dec === '.' && !l.symAfter
            ? `${v < 0 ? '-' : ''}${l.sym}${/^[A-Z]+$/.test(l.sym) ? ' ' : ''}${fmt(Math.abs(v), l)}`
            : `${fmt(v, l)} ${l.sym}`;
const p2 = (n) => String(n).padStart(2, '0');
const pctText = (r, l) => `${String(Math.round(r * 1000) / 10).replace('.', l.dec)}%`;
/** A date as the document prints it: numeric, long ("3. März 2024"), abbreviated ("3 Mar 2024") or a two-digit year. */
const dateText = (y, m, d, l, style) => {
  const month = MONTHS[l.months].split(' ')[m - 1];
  if (style === 'long') return l.long(d, m, y, month);
  if (style === 'abbrev') return l.long(d, m, y, month.slice(0, 3));
  const sep = l.df[3];
  const yy = style === 'short-year' ? String(y).slice(2) : y;
  return l.df.startsWith('dmy')
    ? `${p2(d)}${sep}${p2(m)}${sep}${yy}`
    : l.df.startsWith('mdy')
      ? `${p2(m)}${sep}${p2(d)}${sep}${yy}`
      : `${y}${sep}${p2(m)}${sep}${p2(d)}`;
};
const shiftDays = (y, m, d, n) => {
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
};

async function invoice(k) {
  const lang = Object.keys(LANGS)[k % Object.keys(LANGS).length];
  const base = { ...LANGS[lang](), ...MORE[lang] };
  // a third of the languages with a regional seller print it from that region (currency, tax, id, date order)
  const variant = REGIONS[lang] && chance(0.35) ? pick(REGIONS[lang]) : null;
  const l = variant ? { ...base, ...variant } : { ...base, region: null };
  if (variant?.region === 'de-CH') l.tax = `MWST ${pctText(l.rate, l)}`;
  const seller = `${pick(SELLERS)} ${pick(l.forms)}`;
  const buyer = `${pick(BUYERS)} ${pick(l.forms)}`;
  const y = 2023 + Math.floor(rnd() * 3);
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  const kind = chance(0.8) ? 'invoice' : pick(['credit-neg', 'credit-pos']);
  const credit = kind !== 'invoice';
  const prefix = credit ? pick(['GS', 'CN-', 'AV', 'NC ']) : pick(['', 'INV-', 'RE', 'F', 'FT ']);
  const number = prefix + `${y}${pick(['-', '/', ''])}${100 + Math.floor(rnd() * 9000)}`;
  const meta = pick(['right-labels', 'header-row', 'left-block', 'stacked', 'table', 'columns']);
  const parties = chance(0.35) ? 'seller-in-footer' : 'letterhead';
  const buyerIds = chance(0.4);
  const multiVat = !!(l.rate2 || l.pair) && chance(0.3);
  const gross = chance(0.2);
  // abbreviated months in English only; a two-digit year only where the day comes first (the year first needs four)
  const dateStyle = pick([
    'numeric',
    'numeric',
    'long',
    l.months === 'en' ? 'abbrev' : 'long',
    l.df.startsWith('ymd') ? 'numeric' : 'short-year',
  ]);
  const taglineInline = chance(0.5);
  let style = pick(['plain', 'code-after', 'code-before', 'symbol', 'column-header']);
  if (style === 'plain' && l.noPlain) style = 'code-after';
  if (l.th !== "'" && chance(0.25)) l.th = '';
  const dueFirst = chance(0.25);
  const refs = chance(0.4);
  const otherDates = chance(0.35);
  const pageOf = chance(0.4);
  const twoPages = chance(0.25);
  const sign = kind === 'credit-neg' ? -1 : 1;
  // reverse charge: an EU seller's B2B invoice to another member state, no VAT charged, the buyer's VAT id printed
  const euVat = ['de', 'fr', 'nl', 'es', 'it', 'pt', 'sv', 'engb'].includes(lang) && (!l.region || ['sv-EUR', 'en-IE'].includes(l.region));
  const reverse = euVat && !multiVat && !gross && chance(0.12);
  // a deposit paid before: the invoice's total, then the deposit taken off and the balance left to pay
  const deposit = !credit && !gross && chance(0.1);
  // Swiss invoices round the amount due to 5 centimes
  const rounding = l.region === 'de-CH' && !gross && chance(0.6);

  // lines: each at a VAT rate (two rates when the document has them)
  const items = [];
  const nItems = twoPages ? 26 + Math.floor(rnd() * 8) : 1 + Math.floor(rnd() * 6);
  const twoRates = multiVat && !l.pair;
  for (let i = 0; i < nItems; i++) {
    const q = 1 + Math.floor(rnd() * 12);
    const p = r2(3 + rnd() * 700);
    const rate = reverse ? 0 : twoRates && (i % 2 === 1 || chance(0.3)) ? l.rate2 : l.rate;
    items.push({ ds: pick(ITEMS), q, p: sign * p, a: sign * r2(q * p), rate });
  }
  if (twoRates && !items.some((it) => it.rate === l.rate2)) items[items.length - 1].rate = l.rate2;
  if (twoRates && !items.some((it) => it.rate === l.rate)) items[0].rate = l.rate;
  const disc = !multiVat && !gross && chance(0.2) ? r2(items.reduce((s, it) => s + it.a, 0) * 0.05) : 0;
  const ship = !multiVat && !gross && chance(0.2) ? sign * 9.9 : 0;
  // per rate: net and tax (prices net of VAT), or gross and the VAT it contains (B2C prices including VAT)
  const rates = [...new Set(items.map((it) => it.rate))].sort((a, b) => b - a);
  const byRate = rates.map((rate) => {
    const lineSum = r2(items.filter((it) => it.rate === rate).reduce((s, it) => s + it.a, 0));
    if (gross) {
      const tax = r2(lineSum - lineSum / (1 + rate));
      return { rate, net: r2(lineSum - tax), tax, gross: lineSum };
    }
    const net = rate === l.rate || reverse ? r2(lineSum - disc + ship) : lineSum;
    const tax = r2(net * rate);
    return { rate, net, tax, gross: r2(net + tax) };
  });
  const sub = r2(items.reduce((s, it) => s + it.a, 0));
  let taxLines = byRate.map((b) => [`${l.taxw} ${pctText(b.rate, l)}`, b.tax]);
  if (!multiVat) taxLines = [[gross ? `${l.within} ${pctText(l.rate, l)}` : reverse ? `${l.taxw} 0%` : l.tax, byRate[0].tax]];
  if (l.pair && multiVat) {
    const net = r2(sub - disc + ship);
    taxLines = l.pair.map(([lab, r]) => [lab, r2(net * r)]);
  }
  const net = r2(byRate.reduce((s, b) => s + b.net, 0));
  const exact = l.pair && multiVat ? r2(net + taxLines.reduce((s, [, t]) => s + t, 0)) : r2(byRate.reduce((s, b) => s + b.gross, 0));
  const total = rounding ? r2(Math.round(exact * 20) / 20) : exact;
  const depositPaid = deposit ? r2(Math.round(total * 0.3)) : 0;

  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const italic = await doc.embedFont(StandardFonts.HelveticaOblique);
  let page = doc.addPage([595, 842]);
  const t = (s, x, y0, size = 10, f = font) => page.drawText(s, { x, y: y0, size, font: f });
  const right = (s, x, y0, size = 10, f = font) => t(s, x - f.widthOfTextAtSize(s, size), y0, size, f);
  const black = rgb(0, 0, 0);
  const issued = dateText(y, m, d, l, dateStyle);
  const due = dateText(...shiftDays(y, m, d, 30), l, dateStyle);
  const title = credit ? l.credit : l.title;
  const numLabel = credit ? l.creditNum : l.num;

  // the meta block: number, dates and the references printed beside them
  const pairs = [[numLabel, number]];
  if (refs) {
    pairs.push([l.cust, pick(['K', 'C', '']) + String(10000 + Math.floor(rnd() * 89999))]);
    pairs.push([l.po, pick(['PO-', '45', 'B']) + String(100000 + Math.floor(rnd() * 899999))]);
  }
  const dates = [[l.date, issued]];
  if (otherDates) {
    dates.push([l.delivery, dateText(...shiftDays(y, m, d, -2), l, dateStyle)]);
    dates.unshift([l.order, dateText(...shiftDays(y, m, d, -12), l, dateStyle)]);
  }
  if (dueFirst) dates.unshift([l.due, due]);
  else dates.push([l.due, due]);
  if (dueFirst && chance(0.5)) pairs.unshift(...dates.splice(0, 1));
  pairs.push(...dates);
  if (credit) pairs.push([l.creditRef, `${pick(['', 'INV-', 'RE'])}${y}-${100 + Math.floor(rnd() * 9000)}`]);

  /** Draws the meta block at (x, y0) in the document's layout; returns the lowest y it used. */
  const drawMeta = (x, y0, alignRight) => {
    if (meta === 'columns') {
      // labels in one column, values in the next, no borders and no colons
      const w = Math.max(...pairs.map(([a]) => font.widthOfTextAtSize(a, 9))) + 14;
      const x0 = alignRight ? 545 - w - Math.max(...pairs.map(([, b]) => font.widthOfTextAtSize(b, 9))) : x;
      pairs.forEach(([a, b], i) => {
        t(a, x0, y0 - i * 13, 9);
        t(b, x0 + w, y0 - i * 13, 9);
      });
      return y0 - pairs.length * 13;
    }
    if (meta === 'right-labels' || meta === 'left-block') {
      pairs.forEach(([a, b], i) => (alignRight ? right(`${a}: ${b}`, 545, y0 - i * 14) : t(`${a}: ${b}`, x, y0 - i * 14)));
      return y0 - pairs.length * 14;
    }
    if (meta === 'header-row') {
      // rows of headers over rows of values, three to a row
      for (let r = 0; r * 3 < pairs.length; r++)
        pairs.slice(r * 3, r * 3 + 3).forEach(([h, v], i) => {
          t(h, 50 + i * 170, y0 - r * 32, 9, bold);
          t(v, 50 + i * 170, y0 - r * 32 - 14);
        });
      return y0 - Math.ceil(pairs.length / 3) * 32;
    }
    if (meta === 'stacked') {
      // each label on its own line, its value on the next
      pairs.forEach(([a, b], i) => {
        t(a, x, y0 - i * 26, 8, bold);
        t(b, x, y0 - i * 26 - 11);
      });
      return y0 - pairs.length * 26;
    }
    // a two-column table with its borders drawn
    const w1 = Math.max(...pairs.map(([a]) => font.widthOfTextAtSize(a, 9))) + 12;
    const w2 = Math.max(...pairs.map(([, b]) => font.widthOfTextAtSize(b, 9))) + 12;
    const x0 = alignRight ? 545 - w1 - w2 : x;
    const h = 16;
    page.drawRectangle({
      x: x0,
      y: y0 - pairs.length * h + 12,
      width: w1 + w2,
      height: pairs.length * h,
      borderWidth: 0.8,
      borderColor: black,
    });
    page.drawLine({ start: { x: x0 + w1, y: y0 + 12 }, end: { x: x0 + w1, y: y0 - pairs.length * h + 12 }, thickness: 0.6, color: black });
    pairs.forEach(([a, b], i) => {
      if (i)
        page.drawLine({ start: { x: x0, y: y0 - i * h + 12 }, end: { x: x0 + w1 + w2, y: y0 - i * h + 12 }, thickness: 0.4, color: black });
      t(a, x0 + 6, y0 - i * h, 9);
      t(b, x0 + w1 + 6, y0 - i * h, 9);
    });
    return y0 - pairs.length * h;
  };
  const buyerBlock = (x, y0) => {
    t(l.bill, x, y0, 10, bold);
    t(buyer, x, y0 - 14);
    t(pick(['Postfach 44', 'PO Box 44', 'Unit 4, Trade Park']), x, y0 - 28);
    let yb = y0 - 42;
    if ((buyerIds || reverse) && l.buyerVat) {
      t(`${l.vatl}: ${l.buyerVat}`, x, yb);
      yb -= 14;
    }
    return yb;
  };

  let yy;
  t(seller, 50, 790, 16, bold);
  if (parties === 'letterhead') {
    t(l.street, 50, 772);
    t(`${l.city}, ${l.country}`, 50, 758);
    if (l.vat) t(`${l.vatl}: ${l.vat}`, 50, 744);
    right(title, 545, 790, 18, bold);
    let low;
    if (meta === 'header-row' || meta === 'left-block') low = drawMeta(50, 722, false);
    else low = drawMeta(meta === 'stacked' ? 420 : 330, 765, meta !== 'stacked');
    const top = Math.min(low, 722) - 14;
    const yb = buyerBlock(50, meta === 'header-row' || meta === 'left-block' ? low - 14 : 700);
    if ((meta === 'header-row' || meta === 'left-block') && chance(0.3)) {
      t(l.shipTo, 300, low - 14, 10, bold);
      t(buyer, 300, low - 28);
    }
    yy = Math.min(top, yb) - 28;
  } else {
    // letterhead: the name and a tagline; the buyer's block on the right; the seller's address in the footer only
    // the tagline under the name, or after it on the letterhead's line ("Alpen Werk GmbH — Industrial printing since 1982")
    if (taglineInline) t(`— ${l.tagline}`, 50 + bold.widthOfTextAtSize(seller, 16) + 6, 790, 10, italic);
    else t(l.tagline, 50, 774, 9, italic);
    const yb = buyerBlock(330, 740);
    t(title, 50, 700, 18, bold);
    let low;
    if (meta === 'right-labels') low = drawMeta(330, Math.min(yb, 690) - 10, true);
    else if (meta === 'header-row') low = drawMeta(50, 676, false);
    else low = drawMeta(50, 676, false);
    yy = Math.min(low, yb) - 30;
  }
  const header = () => {
    t(l.desc, 50, yy, 10, bold);
    right(l.qty, 300, yy, 10, bold);
    right(l.price, 400, yy, 10, bold);
    if (gross || multiVat) right('%', 440, yy, 10, bold);
    right(style === 'column-header' ? `${l.amt} (${l.cur})` : l.amt, 545, yy, 10, bold);
  };
  const footer = (n, of) => {
    if (pageOf) right(`${l.page} ${n} ${l.of} ${of}`, 545, 40, 8);
    else if (of > 1) right(`${l.page} ${n}/${of}`, 545, 40, 8);
    if (parties !== 'letterhead') {
      t(`${seller} · ${l.street} · ${l.city} · ${l.country}`, 50, 66, 8);
      if (l.vat) t(`${l.vatl}: ${l.vat}`, 50, 56, 8);
    }
  };
  header();
  let pageNo = 1;
  for (const it of items) {
    yy -= 17;
    if (yy < 110) {
      footer(pageNo, 2);
      page = doc.addPage([595, 842]);
      pageNo++;
      t(`${seller} · ${title} ${number}`, 50, 800, 9);
      yy = 770;
      header();
      yy -= 17;
    }
    t(it.ds, 50, yy);
    right(String(it.q), 300, yy);
    right(fmt(it.p, l), 400, yy);
    if (gross || multiVat) right(pctText(it.rate, l), 440, yy);
    right(fmt(it.a, l), 545, yy);
  }
  yy -= 28;
  if (yy < 190) {
    footer(pageNo, 2);
    page = doc.addPage([595, 842]);
    pageNo++;
    yy = 770;
  }
  const sumLine = (label, v, f = font, size = 10) => {
    right(label, 440, yy, size, f);
    right(money(v, l, style), 545, yy, size, f);
    yy -= 16;
  };
  if (gross) {
    // prices include VAT: the total first, the VAT it contains after it (some print only the total and that line)
    if (chance(0.5)) sumLine(l.sub, net);
    sumLine(l.incl, total, bold, 11);
    for (const [lab, v] of taxLines) sumLine(lab.startsWith(l.within) ? lab : `${l.within} ${lab}`, v);
  } else {
    sumLine(l.sub, r2(sub));
    if (disc) sumLine(l.disc, -disc);
    if (ship) sumLine(l.ship, ship);
    for (const [lab, v] of taxLines) sumLine(lab, v);
    if (rounding && total !== exact) sumLine('Rundungsdifferenz', r2(total - exact));
    yy -= 2;
    // with a deposit the total is labelled as the invoice's, and the balance left to pay follows it
    sumLine(deposit ? RC[lang][3] : l.total, total, bold, 11);
    if (deposit) {
      sumLine(RC[lang][1], -depositPaid);
      sumLine(RC[lang][2], r2(total - depositPaid), bold, 11);
    }
    if (reverse) t(RC[lang][0], 50, yy - 6, 9);
  }
  if (multiVat && !l.pair) {
    // the VAT breakdown: a row per rate
    yy -= 14;
    l.rateHead.forEach((h, i) => (i ? right(h, 250 + i * 95, yy, 9, bold) : t(h, 50, yy, 9, bold)));
    for (const b of byRate) {
      yy -= 14;
      t(pctText(b.rate, l), 50, yy, 9);
      [b.net, b.tax, b.gross].forEach((v, i) => right(fmt(v, l), 345 + i * 95, yy, 9));
    }
  }
  if (l.iban) t(`IBAN: ${l.iban.replace(/(.{4})/g, '$1 ').trim()}`, 50, 80, 9);
  if (parties === 'letterhead') t(`${seller} · ${l.street} · ${l.city}`, 50, 66, 8);
  footer(pageNo, pageNo);
  const tags = {
    lang,
    region: l.region,
    layout: meta,
    parties,
    dateStyle,
    taglineInline: parties !== 'letterhead' && taglineInline,
    style,
    pages: pageNo,
    kind,
    multiVat,
    gross,
    buyerIds: (buyerIds || reverse) && !!l.buyerVat,
    reverse,
    deposit,
    rounding: rounding && total !== exact,
    noThousands: l.th === '',
    dueFirst,
    refs,
    otherDates,
    pageOf,
  };
  return {
    name: `unseen-${String(k).padStart(3, '0')}-${lang}.pdf`,
    bytes: await doc.save(),
    truth: {
      vendor: seller,
      number,
      date: `${y}-${p2(m)}-${p2(d)}`,
      total: (sign * Math.abs(total)).toFixed(2),
      currency: l.cur,
      type: credit ? 'credit_note' : 'invoice',
      taxid: l.vat ?? null,
    },
    tags,
  };
}

const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'docket-unseen-'));
const pdfs = path.join(dir, 'pdf');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(pdfs, { recursive: true });
const docs = [];
for (let k = 0; k < N; k++) {
  const inv = await invoice(k);
  fs.writeFileSync(path.join(pdfs, inv.name), inv.bytes);
  docs.push(inv);
}
/** An invoice printed and scanned back: its pages as grey 200-dpi images, slightly turned, with grain, in an image-only PDF. */
async function scanned(file) {
  const base = path.join(dir, 'scan-tmp');
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', file, base]);
  const out = await PDFDocument.create();
  for (const png of fs
    .readdirSync(dir)
    .filter((n) => n.startsWith('scan-tmp'))
    .sort()) {
    const { data, info } = await scanLike(path.join(dir, png), rnd, { turn: 0.6, grain: 40 });
    const img = await out.embedPng(await sharp(data, { raw: info }).png().toBuffer());
    out
      .addPage([(info.width * 72) / 200, (info.height * 72) / 200])
      .drawImage(img, { x: 0, y: 0, width: (info.width * 72) / 200, height: (info.height * 72) / 200 });
    fs.rmSync(path.join(dir, png));
  }
  fs.writeFileSync(file, await out.save());
}
if (args.includes('--scan')) {
  if (!hasTool('pdftoppm', '-v')) {
    console.error('--scan needs poppler-utils (pdftoppm) to print the invoices as images');
    process.exit(2);
  }
  for (const inv of docs) await scanned(path.join(pdfs, inv.name));
}
const byFile = processAndExport(dir, pdfs);

// scoring: the vendor as printed, its legal form optional; a credit note's total as printed, its sign optional (the
// accounting export books a credit note negative either way) but the document must be read as a credit note; the
// seller's tax id where one is printed (missing is no error, the buyer's is); the rest exactly
const norm = (s) =>
  String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
const FIELDS = {
  vendor: 'vendor_name',
  number: 'document_number',
  date: 'issue_date',
  total: 'total',
  currency: 'currency',
  type: null,
  taxid: 'vendor_tax_id',
};
const right = (k, want, got, truth) => {
  if (k === 'taxid') return want === null || got == null || norm(got) === norm(want) || norm(want).startsWith(norm(got));
  if (got == null || got === '') return false;
  if (k === 'vendor') return norm(got) === norm(want) || (norm(want).startsWith(norm(got)) && norm(got).length >= 5);
  if (k === 'total') return truth.type === 'credit_note' ? Math.abs(Number(got)) === Math.abs(Number(want)) : Number(got) === Number(want);
  return String(got) === want;
};
const card = new Scorecard(Object.keys(FIELDS));
const tagKeys = (g) =>
  [
    `lang ${g.lang}`,
    g.region && `region ${g.region}`,
    `meta ${g.layout}`,
    `parties ${g.parties}`,
    `money ${g.style}`,
    `date ${g.dateStyle}`,
    g.taglineInline && 'tagline on name line',
    `${g.pages} page(s)`,
    `kind ${g.kind}`,
    g.multiVat && 'vat several rates',
    g.gross && 'prices incl. vat',
    g.buyerIds && 'buyer vat id',
    g.noThousands && 'no thousands sep',
    g.dueFirst && 'due date first',
    g.refs && 'po + customer no',
    g.otherDates && 'order + delivery date',
    g.pageOf && "footer 'page 1 of n'",
    g.reverse && 'reverse charge',
    g.deposit && 'deposit paid',
    g.rounding && 'rounded to 0.05',
  ].filter(Boolean);
for (const inv of docs) {
  const d = byFile.get(inv.name);
  const got = Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [k, f ? (d?.fields?.[f]?.value ?? null) : (d?.docType ?? null)]));
  card.add({
    name: inv.name,
    rights: Object.fromEntries(Object.keys(FIELDS).map((k) => [k, right(k, inv.truth[k], got[k], inv.truth)])),
    tags: tagKeys(inv.tags),
    isDone: d?.status === 'done',
    miss: (k) => `${inv.name} [${tagKeys(inv.tags).slice(1).join(', ')}] ${k}: want ${inv.truth[k]} got ${got[k]} (${d?.status})`,
  });
}
card.print(
  `${new Date().toISOString()}, ${N} generated invoices (seed ${opt('seed', 1)}${args.includes('--scan') ? ', scanned' : ''}), ${dir}`,
  args.includes('--misses'),
);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });

/**
 * Invoices of kinds the project has never seen: text-layer PDFs generated here in 9 languages (de, fr, nl, es, it, pt,
 * sv, en-GB, en-US) with the layouts, label wordings, date and money styles varied at random per document, then read by
 * `docket process` and exported as JSON, as a user would. Prints per-field accuracy, precision of `done` (share of
 * auto-accepted documents whose key fields are all right) and straight-through, per language and per layout, and the
 * misses. The generator knows only what such invoices look like, not Docket's rules: a miss here is a gap in the
 * vocabularies or the finders, and a wrong `done` is a failed check. Never asserts.
 *
 * Usage: node bench/unseen-invoices.bench.mjs [--docs 180] [--seed 1] [--keep DIR] [--misses]
 * Needs the built CLI (npx electron-vite build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ROOT } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('docs', 180));
let seed = Number(opt('seed', 1));
const keep = opt('keep', null);
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chance = (p) => rnd() < p;

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

const fmt = (v, l) => {
  const [i, d] = Math.abs(v).toFixed(2).split('.');
  return (v < 0 ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, l.th) + l.dec + d;
};
const money = (v, l, style) =>
  style === 'plain'
    ? fmt(v, l)
    : style === 'code-after'
      ? `${fmt(v, l)} ${l.cur}`
      : style === 'code-before'
        ? `${l.cur} ${fmt(v, l)}`
        : l.sym === 'kr'
          ? `${fmt(v, l)} kr`
          : l.dec === '.'
            ? `${l.sym}${fmt(v, l)}`
            : `${fmt(v, l)} ${l.sym}`;
const p2 = (n) => String(n).padStart(2, '0');
const dateText = (y, m, d, l, long) => {
  if (long) return l.long(d, m, y, MONTHS[l.months].split(' ')[m - 1]);
  const sep = l.df[3];
  return l.df.startsWith('dmy')
    ? `${p2(d)}${sep}${p2(m)}${sep}${y}`
    : l.df.startsWith('mdy')
      ? `${p2(m)}${sep}${p2(d)}${sep}${y}`
      : `${y}${sep}${p2(m)}${sep}${p2(d)}`;
};

async function invoice(k) {
  const lang = Object.keys(LANGS)[k % Object.keys(LANGS).length];
  const l = LANGS[lang]();
  const seller = `${pick(SELLERS)} ${pick(l.forms)}`;
  const buyer = `${pick(BUYERS)} ${pick(l.forms)}`;
  const y = 2023 + Math.floor(rnd() * 3);
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  const number = pick(['', 'INV-', 'RE', 'F', 'FT ']) + `${y}${pick(['-', '/', ''])}${100 + Math.floor(rnd() * 9000)}`;
  const layout = pick(['right-labels', 'header-row', 'left-block']);
  const longDate = chance(0.35);
  const style = pick(['plain', 'code-after', 'code-before', 'symbol']);
  const twoPages = chance(0.25);
  const items = [];
  const nItems = twoPages ? 26 + Math.floor(rnd() * 8) : 1 + Math.floor(rnd() * 6);
  let sub = 0;
  for (let i = 0; i < nItems; i++) {
    const q = 1 + Math.floor(rnd() * 12);
    const p = Math.round((3 + rnd() * 700) * 100) / 100;
    const a = Math.round(q * p * 100) / 100;
    sub += a;
    items.push([pick(ITEMS), q, p, a]);
  }
  sub = Math.round(sub * 100) / 100;
  const disc = chance(0.2) ? Math.round(sub * 0.05 * 100) / 100 : 0;
  const ship = chance(0.2) ? 9.9 : 0;
  const net = Math.round((sub - disc + ship) * 100) / 100;
  const tax = Math.round(net * l.rate * 100) / 100;
  const total = Math.round((net + tax) * 100) / 100;

  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([595, 842]);
  const t = (s, x, y0, size = 10, f = font) => page.drawText(s, { x, y: y0, size, font: f });
  const right = (s, x, y0, size = 10, f = font) => t(s, x - f.widthOfTextAtSize(s, size), y0, size, f);
  const issued = dateText(y, m, d, l, longDate);
  const due = dateText(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, d, l, longDate);

  t(seller, 50, 790, 16, bold);
  t(l.street, 50, 772);
  t(`${l.city}, ${l.country}`, 50, 758);
  if (l.vat) t(`${l.vatl}: ${l.vat}`, 50, 744);
  right(l.title, 545, 790, 18, bold);
  let yy = 700;
  if (layout === 'right-labels') {
    right(`${l.num}: ${number}`, 545, 765);
    right(`${l.date}: ${issued}`, 545, 751);
    right(`${l.due}: ${due}`, 545, 737);
  } else if (layout === 'header-row') {
    // a row of headers over a row of values, under the letterhead
    const cols = [
      [l.num, number],
      [l.date, issued],
      [l.due, due],
    ];
    cols.forEach(([h, v], i) => {
      t(h, 50 + i * 170, 720, 9, bold);
      t(v, 50 + i * 170, 706);
    });
    yy = 680;
  } else {
    t(`${l.num}: ${number}`, 50, 722);
    t(`${l.date}: ${issued}`, 50, 708);
    t(`${l.due}: ${due}`, 50, 694);
    yy = 672;
  }
  t(l.bill, 50, yy, 10, bold);
  t(buyer, 50, yy - 14);
  t(pick(['Postfach 44', 'PO Box 44', 'Unit 4, Trade Park']), 50, yy - 28);
  if (chance(0.3)) {
    t(l.shipTo, 300, yy, 10, bold);
    t(buyer, 300, yy - 14);
    t('Dock 2', 300, yy - 28);
  }
  yy -= 70;
  const header = () => {
    t(l.desc, 50, yy, 10, bold);
    right(l.qty, 330, yy, 10, bold);
    right(l.price, 440, yy, 10, bold);
    right(l.amt, 545, yy, 10, bold);
  };
  header();
  let pageNo = 1;
  for (const [ds, q, p, a] of items) {
    yy -= 17;
    if (yy < 110) {
      right(`${l.page} ${pageNo}/2`, 545, 40, 8);
      page = doc.addPage([595, 842]);
      pageNo++;
      t(`${seller} · ${l.title} ${number}`, 50, 800, 9);
      yy = 770;
      header();
      yy -= 17;
    }
    t(ds, 50, yy);
    right(String(q), 330, yy);
    right(fmt(p, l), 440, yy);
    right(fmt(a, l), 545, yy);
  }
  yy -= 28;
  const sumLine = (label, v, f = font, size = 10) => {
    right(label, 440, yy, size, f);
    right(money(v, l, style), 545, yy, size, f);
    yy -= 16;
  };
  sumLine(l.sub, sub);
  if (disc) sumLine(l.disc, -disc);
  if (ship) sumLine(l.ship, ship);
  sumLine(l.tax, tax);
  yy -= 2;
  sumLine(l.total, total, bold, 11);
  if (l.iban) t(`IBAN: ${l.iban.replace(/(.{4})/g, '$1 ').trim()}`, 50, 80, 9);
  t(`${seller} · ${l.street} · ${l.city}`, 50, 66, 8);
  if (pageNo > 1) right(`${l.page} 2/2`, 545, 40, 8);
  return {
    name: `unseen-${String(k).padStart(3, '0')}-${lang}.pdf`,
    bytes: await doc.save(),
    truth: { vendor: seller, number, date: `${y}-${p2(m)}-${p2(d)}`, total: total.toFixed(2), currency: l.cur },
    tags: { lang, layout, longDate, style, pages: pageNo },
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
const docket = (...a) =>
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'docket.js'), ...a, '--data', path.join(dir, 'data')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
docket('process', pdfs, '--workers', '2');
const outFile = path.join(dir, 'out.json');
docket('export', '--all', '--format', 'json', '--out', outFile);
const exported = JSON.parse(fs.readFileSync(outFile, 'utf8'));
const byFile = new Map((exported.documents ?? exported).map((d) => [d.file, d]));

// scoring: the vendor as printed, its legal form optional; the rest exactly
const norm = (s) =>
  String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
const FIELDS = { vendor: 'vendor_name', number: 'document_number', date: 'issue_date', total: 'total', currency: 'currency' };
const right = (k, want, got) => {
  if (got == null || got === '') return false;
  if (k === 'vendor') return norm(got) === norm(want) || (norm(want).startsWith(norm(got)) && norm(got).length >= 5);
  if (k === 'total') return Number(got) === Number(want);
  return String(got) === want;
};
const fieldRight = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, 0]));
const groups = new Map();
const group = (key) => {
  if (!groups.has(key)) groups.set(key, { n: 0, allRight: 0, done: 0, doneRight: 0 });
  return groups.get(key);
};
const misses = [];
let done = 0;
let doneRight = 0;
for (const inv of docs) {
  const d = byFile.get(inv.name);
  const got = Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [k, d?.fields?.[f]?.value ?? null]));
  let all = true;
  for (const k of Object.keys(FIELDS)) {
    if (right(k, inv.truth[k], got[k])) fieldRight[k]++;
    else {
      all = false;
      misses.push(
        `${inv.name} [${inv.tags.layout}${inv.tags.longDate ? ', long date' : ''}, ${inv.tags.style}, ${inv.tags.pages}p] ${k}: want ${inv.truth[k]} got ${got[k]} (${d?.status})`,
      );
    }
  }
  const isDone = d?.status === 'done';
  if (isDone) {
    done++;
    if (all) doneRight++;
    else misses.push(`  ^ WRONG DONE ${inv.name}`);
  }
  for (const key of [
    `lang ${inv.tags.lang}`,
    `layout ${inv.tags.layout}`,
    `money ${inv.tags.style}`,
    inv.tags.longDate ? 'date long' : 'date numeric',
    `${inv.tags.pages} page(s)`,
  ]) {
    const g = group(key);
    g.n++;
    if (all) g.allRight++;
    if (isDone) {
      g.done++;
      if (all) g.doneRight++;
    }
  }
}
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
console.log(`${new Date().toISOString()}, ${N} generated invoices (seed ${opt('seed', 1)}), ${dir}`);
console.log(`field          right/total`);
for (const k of Object.keys(FIELDS)) console.log(`${k.padEnd(14)} ${String(fieldRight[k]).padStart(5)}/${N}  ${pct(fieldRight[k], N)}`);
console.log(`precision of done  ${doneRight}/${done}  ${pct(doneRight, done)}`);
console.log(`straight-through   ${done}/${N}  ${pct(done, N)}`);
console.log(`\ngroup                 docs  all fields right   done (right)`);
for (const [key, g] of [...groups].sort())
  console.log(`${key.padEnd(20)} ${String(g.n).padStart(5)}  ${pct(g.allRight, g.n).padStart(8)}        ${g.done} (${g.doneRight})`);
if (args.includes('--misses') || misses.length <= 40) console.log(`\nmisses:\n${misses.join('\n')}`);
else console.log(`\n${misses.length} misses (--misses lists them)`);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });

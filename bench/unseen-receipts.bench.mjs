/**
 * Till receipts of kinds the project has never seen, the receipts' counterpart of unseen-invoices.bench.mjs: generated
 * here as shops print them, on an 80 mm roll in a monospaced font, and scanned back (rasterised in grey by poppler's
 * pdftoppm, a fixture tool the product never needs, turned slightly, with grain, sometimes faded as thermal paper
 * fades, sometimes on the scanner's dark bed, saved as JPEG), so every one goes through OCR as a user's scans do.
 *
 * Most are Malaysian (RM; SDN BHD / ENTERPRISE / TRADING sellers with their company number "(123456-X)", GST or SST
 * ids, 6% GST with prices including or excluding it, a GST summary table, rounding to 5 sen, Jumlah / Tunai / Baki),
 * some Singaporean (S$ / SGD, GST 7%, service charge) and some from other English-speaking shops (UK VAT 20%
 * included, US sales tax and month-first dates, Australian GST included). Varied at random per receipt, each variation
 * a tag: the header (a logo, a proprietor's or welcome line above the seller's name, the company number beside or
 * under it, the name in double size), the title, the buyer named on a full tax invoice, the date's format and place
 * (labelled, beside the time, at the foot), another date printed (points expiry, returns until), item rows (one line,
 * qty x price under the description, barcodes, tax codes; up to 16 of them), GST at 0% (summer 2018), the totals
 * block's labels and its currency (on every amount, the total only, a column header, nowhere), cash with change, a card
 * or an e-wallet with the terminal's slip, a savings line, the print (columns, bold, faint) and the scan (150-300 dpi,
 * scanner bed, creases, a shadow, soft focus). --keep DIR keeps each receipt's text, tags and truth beside its scan.
 *
 * Ground truth is what the generator printed: company = the seller's name line, date, total = what the customer pays,
 * currency. The company is scored as ../shared/acceptance/lib/jsontools.py `same_name` does (every word of the
 * shorter name in the longer, legal forms ignored). Prints per-field accuracy, precision of `done` (share of
 * auto-accepted receipts whose four fields are all right), straight-through, per tag, and the misses. The generator
 * knows only what receipts look like, not Docket's rules. Never asserts. OCR costs about 2 CPU-s a receipt.
 *
 * Usage: node bench/unseen-receipts.bench.mjs [--docs 60] [--seed 1] [--keep DIR] [--misses]
 *        node bench/unseen-receipts.bench.mjs --reextract DIR [--misses]   (a folder --keep kept: its OCR pages
 *        extracted again with the rules in the tree, in seconds; without the pipeline's second readings)
 * Needs the built CLI (npx electron-vite build) and poppler-utils (pdftoppm).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { Scorecard, hasTool, loadExtractor, processAndExport, sameName, scanLike, seededRandom, storedDocuments } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('docs', 60));
const { rnd, pick, chance } = seededRandom(Number(opt('seed', 1)));
const keep = opt('keep', null);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');
const r2 = (v) => Math.round(v * 100) / 100;
const p2 = (n) => String(n).padStart(2, '0');
const MON = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Names shops trade under, by region; a seller's name line is made of them and a kind or legal form. */
const MY_NAMES = [
  'LIAN HUAT',
  'SIN KEE',
  'GUAN HENG',
  'MAJU JAYA',
  'SRI BESTARI',
  'HOCK SENG',
  'KIM LOONG',
  'TECK CHEONG',
  'YEW CHUAN',
  'AIK CHEONG',
  'SAN HUAT',
  'HUP LEE',
  'PELANGI',
  'SENTOSA',
  'BINTANG TIMUR',
  'SEMPURNA',
  'AL-AMIN',
  'MUTIARA',
  'ONG BROTHERS',
  'CHEE WAH',
];
const MY_KINDS = ['HARDWARE', 'BOOKSTORE', 'STATIONERY', 'BAKERY', 'MINI MARKET', 'RESTAURANT', 'CAFE', 'PHARMACY', 'MOTOR', 'ELECTRICAL'];
const MY_SHOPS = ['KEDAI RUNCIT', 'KEDAI MAKAN', 'RESTORAN', 'SYARIKAT', 'PERNIAGAAN', 'KEDAI UBAT', 'KEDAI PAPAN'];
const MY_FORMS = ['SDN BHD', 'SDN. BHD.', 'SDN.BHD', 'ENTERPRISE', 'TRADING', 'TRADING SDN BHD', 'ENTERPRISE SDN BHD'];
const MY_STREETS = [
  'JALAN MERANTI 3',
  'JALAN KURAU',
  'JALAN AIR PANAS',
  'JALAN SS 2/24',
  'JALAN PUTERI 5/1',
  'JLN BUNGA RAYA',
  'LORONG HAJI TAIB 2',
];
const MY_AREAS = ['TAMAN SRI MUDA', 'TAMAN USAHAWAN KEPONG', 'BANDAR BARU BANGI', 'TAMAN MELAWATI', 'SEKSYEN U9', 'TAMAN DAYA'];
const MY_CITIES = [
  '40400 SHAH ALAM, SELANGOR.',
  '53200 KUALA LUMPUR.',
  '81620 PENGERANG, JOHOR.',
  '47300 PETALING JAYA, SELANGOR DARUL EHSAN',
  '10200 GEORGETOWN, PULAU PINANG',
  '31400 IPOH, PERAK.',
  '81300 JOHOR BAHRU, JOHOR',
];
const BUYERS_MY = ['MEGA JAYA CONSTRUCTION SDN BHD', 'TAN BROTHERS TRADING', 'SRI ANGKASA ENTERPRISE', 'KL DESIGN WORKS SDN. BHD.'];
const BUYERS_SG = ['LION CITY BUILDERS PTE LTD', 'MARINA EVENTS PTE. LTD.'];
const PEOPLE = ['TAN CHAY YEE', 'LIM AH KOW', 'SITI AMINAH BT OTHMAN', 'WONG MEI LING', 'MUTHU A/L RAMASAMY'];
const SG_NAMES = ['TIONG BAHRU', 'KOPI KING', 'HAPPY MART', 'LUCKY STAR', 'GOLDEN WOK', 'ORCHID', 'RED DOT'];
const SG_KINDS = ['BAKERY', 'TRADING', 'SUPERMART', 'FOOD HOUSE', 'ELECTRONICS', 'PHARMACY'];
const SG_FORMS = ['PTE LTD', 'PTE. LTD.', ''];
const ITEMS = [
  'NAIL (PER/PACK)',
  'UNICA PAIL 6GL',
  'WHOLEMEAL BREAD 420G',
  'MILO 1KG',
  'A4 PAPER 80GSM',
  'PVC PIPE 1/2"',
  'HALF BOILED EGG',
  'TOASTED BREAD KAYA',
  'HONEY LEMON (HOT)',
  'NASI LEMAK AYAM',
  'TEH TARIK',
  'MEE GORENG',
  'PANADOL 10S',
  'DETTOL 500ML',
  'CABLE TIE 8"',
  'MASKING TAPE 24MM',
  'MINERAL WATER 1.5L',
  'EXERCISE BOOK 80PG',
  'LED BULB 9W',
  'CHICKEN RICE',
  'ICED LEMON TEA',
  'BATTERY AA 4PCS',
  'GLUE STICK 21G',
  'PLASTIC BAG',
];
const EN_SELLERS = {
  GB: ['THE CORNER BAKERY', 'GREEN LEAF CAFE', 'HIGH STREET HARDWARE LTD', 'BRIDGE NEWSAGENTS', 'ROSE & CROWN', 'PARK LANE PHARMACY LTD'],
  US: ['SUNSET DELI', 'MAIN STREET HARDWARE INC', 'BLUE MOON DINER', 'OAK & PINE MARKET LLC', 'LIBERTY CAFE', 'HILLTOP DRUG CO'],
  AU: ['HARBOUR FRESH PTY LTD', 'BONDI BEANS CAFE', 'OUTBACK HARDWARE', 'SOUTHERN CROSS NEWSAGENCY', 'WATTLE BAKERY PTY LTD'],
};

/** What each region's receipts print: currency, tax, its ids, the address, date order, the till's words. */
function region() {
  const u = rnd();
  if (u < 0.66) {
    // Malaysian GST ran from April 2015 to May 2018 (6%, 0% in the summer of 2018), SST from September 2018
    const era = pick(['gst', 'gst', 'gst', 'gst0', 'sst', 'none']);
    const y = era === 'gst' ? int(2016, 2017) : era === 'gst0' ? 2018 : era === 'sst' ? 2019 : int(2016, 2019);
    let name;
    const form = pick(MY_FORMS);
    const s = rnd();
    if (s < 0.4) name = `${pick(MY_NAMES)} ${form}`;
    else if (s < 0.7) name = `${pick(MY_NAMES)} ${pick(MY_KINDS)}${chance(0.6) ? ` ${form}` : ''}`;
    else name = `${pick(MY_SHOPS)} ${pick(MY_NAMES)}${chance(0.3) ? ` ${pick(['ENTERPRISE', 'TRADING'])}` : ''}`;
    const reg = `${int(1, 1299999)}-${pick('ADHKMPTUVWX'.split(''))}`;
    return {
      region: 'MY',
      cur: 'MYR',
      sym: 'RM',
      name,
      regLine: pick([`(${reg})`, `CO. REG. NO: ${reg}`, `COMPANY NO: ${digits(3)}${reg}`, `(${reg})`]),
      address: [`NO. ${int(1, 350)}, ${pick(MY_STREETS)},`, ...(chance(0.6) ? [`${pick(MY_AREAS)},`] : []), pick(MY_CITIES)],
      tel: `TEL: 0${int(3, 9)}-${digits(7)}${chance(0.4) ? `  FAX: 0${int(3, 9)}-${digits(7)}` : ''}`,
      taxId:
        era === 'gst' || era === 'gst0'
          ? pick([
              `GST ID: ${digits(12)}`,
              `GST REG NO: ${digits(4)} ${digits(4)} ${digits(4)}`,
              `(GST ID: ${digits(12)})`,
              `GST NO: ${digits(12)}`,
            ])
          : era === 'sst'
            ? pick([`SST ID: W10-${digits(4)}-${digits(8)}`, `SST REG NO: B16-${digits(4)}-${digits(8)}`])
            : null,
      tax:
        era === 'gst' || era === 'gst0'
          ? { word: 'GST', rate: era === 'gst' ? 0.06 : 0, incl: chance(0.65), summary: chance(0.55), codes: chance(0.6) }
          : era === 'sst'
            ? { word: pick(['SST', 'SERVICE TAX', 'SERVICE TAX']), rate: 0.06, incl: false, summary: false, codes: false }
            : null,
      service: era === 'sst' && chance(0.4),
      round5: chance(0.7),
      year: y,
      months: era === 'gst0' ? [6, 8] : [1, 12],
      dateOrder: 'dmy',
      dateStyles: ['dd/mm/yyyy', 'dd/mm/yyyy', 'dd-mm-yy', 'dd/mm/yy', 'dd Mon yyyy', 'dd-MON-yyyy', 'yyyy-mm-dd'],
      malay: chance(0.3),
      titles: ['TAX INVOICE', 'SIMPLIFIED TAX INVOICE', 'RECEIPT', 'CASH BILL', 'OFFICIAL RECEIPT', 'INVOICE', null],
    };
  }
  if (u < 0.81) {
    const y = int(2016, 2019);
    return {
      region: 'SG',
      cur: 'SGD',
      sym: pick(['S$', 'SGD', '$']),
      name: `${pick(SG_NAMES)} ${pick(SG_KINDS)}${(() => {
        const f = pick(SG_FORMS);
        return f ? ` ${f}` : '';
      })()}`,
      regLine: pick([`UEN: ${int(199000000, 201999999)}${pick('KRMNZ'.split(''))}`, `CO. REG. NO: ${int(199000000, 201999999)}K`, null]),
      address: [
        `${int(1, 999)} ${pick(['ORCHARD ROAD', 'TAMPINES ST 21', 'JURONG WEST AVE 1', 'BUKIT TIMAH ROAD'])} #0${int(1, 9)}-${int(10, 99)}`,
        `SINGAPORE ${digits(6)}`,
      ],
      tel: `TEL: 6${digits(3)} ${digits(4)}`,
      taxId: pick([`GST REG NO: M2-${digits(7)}-${int(0, 9)}`, `GST REG NO: ${int(199000000, 201999999)}K`]),
      tax: { word: 'GST', rate: 0.07, incl: chance(0.5), summary: false, codes: false },
      service: chance(0.3),
      round5: false,
      year: y,
      dateOrder: 'dmy',
      dateStyles: ['dd/mm/yyyy', 'dd/mm/yy', 'dd Mon yyyy', 'dd-mm-yyyy'],
      malay: false,
      titles: ['TAX INVOICE', 'RECEIPT', null],
    };
  }
  const c = pick(['GB', 'US', 'AU']);
  const y = int(2016, 2019);
  if (c === 'GB')
    return {
      region: 'GB',
      cur: 'GBP',
      sym: '£',
      name: pick(EN_SELLERS.GB),
      regLine: null,
      address: [
        `${int(1, 200)} ${pick(['HIGH STREET', 'STATION ROAD', 'CHURCH LANE'])}`,
        `${pick(['LEEDS LS1 4DY', 'BRISTOL BS1 5TR', 'YORK YO1 7HH'])}`,
      ],
      tel: `TEL: 01${digits(3)} ${digits(6)}`,
      taxId: `VAT REG NO: GB ${digits(3)} ${digits(4)} ${digits(2)}`,
      tax: { word: 'VAT', rate: 0.2, incl: true, summary: false, codes: false },
      service: false,
      round5: false,
      year: y,
      dateOrder: 'dmy',
      dateStyles: ['dd/mm/yyyy', 'dd/mm/yy', 'dd Mon yyyy'],
      malay: false,
      titles: ['RECEIPT', 'VAT RECEIPT', null],
    };
  if (c === 'US')
    return {
      region: 'US',
      cur: 'USD',
      sym: '$',
      name: pick(EN_SELLERS.US),
      regLine: null,
      address: [
        `${int(100, 9999)} ${pick(['MAIN ST', 'ELM AVE', 'BROADWAY'])}`,
        `${pick(['AUSTIN, TX 78701', 'PORTLAND, OR 97204', 'DAYTON, OH 45402'])}`,
      ],
      tel: `(${int(200, 989)}) ${digits(3)}-${digits(4)}`,
      taxId: null,
      tax: { word: pick(['TAX', 'SALES TAX']), rate: pick([0.0825, 0.07, 0.06]), incl: false, summary: false, codes: false },
      service: false,
      round5: false,
      year: y,
      dateOrder: 'mdy',
      dateStyles: ['mm/dd/yyyy', 'mm/dd/yy', 'Mon dd, yyyy'],
      malay: false,
      titles: [null, null, 'RECEIPT', 'SALES RECEIPT'],
    };
  return {
    region: 'AU',
    cur: 'AUD',
    sym: pick(['$', 'A$']),
    name: pick(EN_SELLERS.AU),
    regLine: null,
    address: [
      `${int(1, 300)} ${pick(['GEORGE ST', 'CHAPEL ST', 'QUEEN ST'])}`,
      `${pick(['SYDNEY NSW 2000', 'MELBOURNE VIC 3000', 'BRISBANE QLD 4000'])}`,
    ],
    tel: `PH: 0${int(2, 8)} ${digits(4)} ${digits(4)}`,
    taxId: `ABN ${digits(2)} ${digits(3)} ${digits(3)} ${digits(3)}`,
    tax: { word: 'GST', rate: 0.1, incl: true, summary: false, codes: false },
    service: false,
    round5: chance(0.5),
    year: y,
    dateOrder: 'dmy',
    dateStyles: ['dd/mm/yyyy', 'dd/mm/yy', 'dd Mon yyyy'],
    malay: false,
    titles: ['TAX INVOICE', 'TAX INVOICE', 'RECEIPT'],
  };
}

/** A date as the till prints it. */
function dateText(style, y, m, d) {
  const yy = String(y).slice(2);
  switch (style) {
    case 'dd/mm/yyyy':
      return `${p2(d)}/${p2(m)}/${y}`;
    case 'dd-mm-yyyy':
      return `${p2(d)}-${p2(m)}-${y}`;
    case 'dd-mm-yy':
      return `${p2(d)}-${p2(m)}-${yy}`;
    case 'dd/mm/yy':
      return `${p2(d)}/${p2(m)}/${yy}`;
    case 'dd Mon yyyy':
      return `${p2(d)} ${chance(0.5) ? MON[m - 1].toUpperCase() : MON[m - 1]} ${y}`;
    case 'dd-MON-yyyy':
      return `${p2(d)}-${MON[m - 1].toUpperCase()}-${y}`;
    case 'yyyy-mm-dd':
      return `${y}-${p2(m)}-${p2(d)}`;
    case 'mm/dd/yyyy':
      return `${p2(m)}/${p2(d)}/${y}`;
    case 'mm/dd/yy':
      return `${p2(m)}/${p2(d)}/${yy}`;
    default:
      return `${MON[m - 1]} ${d}, ${y}`;
  }
}
const timeText = () => {
  const h = int(8, 22);
  const mi = p2(int(0, 59));
  return pick([
    `${p2(h)}:${mi}:${p2(int(0, 59))}`,
    `${p2(h)}:${mi}`,
    `${h % 12 || 12}:${mi} ${h < 12 ? 'AM' : 'PM'}`,
    `${p2(h % 12 || 12)}:${mi}${h < 12 ? 'AM' : 'PM'}`,
  ]);
};

async function receipt(k) {
  const R = region();
  const cols = pick([40, 42, 42, 48]);
  const lines = []; // { text, bold, big }
  const upper = chance(0.85);
  const put = (text, o = {}) => lines.push({ text, ...o });
  const center = (s, w = cols) => ' '.repeat(Math.max(0, Math.floor((w - s.length) / 2))) + s;
  /** A label on the left and an amount on the right of one line; a label too long is cut. */
  const lr = (a, b, w = cols) => {
    const room = w - b.length - 1;
    const left = a.length > room ? a.slice(0, room) : a;
    return left + ' '.repeat(Math.max(1, w - left.length - b.length)) + b;
  };
  const ruleChar = pick(['-', '=', '-', '*']);
  const rule = () => put(ruleChar.repeat(cols));
  const fmt = (v, sep = ',') => {
    const [i, d] = Math.abs(v).toFixed(2).split('.');
    return (v < 0 ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, sep) + '.' + d;
  };

  // the header: what stands above the seller's name, the name, its company number, address, phone, tax id
  const nameCase = upper ? 'upper' : 'title';
  // title case leaves short words as printed: legal forms (LLC, SDN), states (TX), numbers (NO.)
  const shown = (s) => (upper ? s : s.replace(/[A-Z]{4,}/g, (w) => w[0] + w.slice(1).toLowerCase()));
  const above = R.region === 'MY' && chance(0.15) ? 'proprietor' : chance(0.08) ? 'welcome' : null;
  if (above === 'proprietor') put(center(pick(PEOPLE)));
  if (above === 'welcome') put(center(pick(['*** WELCOME ***', 'WELCOME TO', 'WELCOME'])));
  // a shop's logo above everything: a disc or a box with its initials, or a band of pattern
  const logo = chance(0.25) ? pick(['disc', 'box', 'band']) : null;
  if (logo)
    lines.unshift({
      logo,
      text: R.name
        .split(' ')
        .slice(0, 2)
        .map((w) => w[0])
        .join(''),
    });
  const bigName = chance(0.35);
  const regBeside = R.regLine && R.regLine.startsWith('(') && chance(0.4) && R.name.length + R.regLine.length + 1 <= cols;
  if (bigName && R.name.length <= cols / 2) put(center(shown(R.name), cols / 2), { bold: true, big: true });
  else if (regBeside) put(center(`${shown(R.name)} ${R.regLine}`), { bold: chance(0.5) });
  else put(center(shown(R.name)), { bold: chance(0.6) });
  if (R.regLine && !regBeside) put(center(R.regLine));
  for (const a of R.address) put(center(shown(a)));
  put(center(R.tel));
  if (R.taxId) put(center(R.taxId));
  const title = pick(R.titles);
  if (title) {
    if (chance(0.3)) rule();
    put(center(title), { bold: true });
  }
  rule();

  // the meta block: receipt number, date and time, cashier, terminal; the date in one of several places
  const y = R.year;
  const m = int(...(R.months ?? [1, 12]));
  const d = int(1, 28);
  const dStyle = pick(R.dateStyles);
  const date = dateText(dStyle, y, m, d);
  const time = timeText();
  const datePlace = pick(['labelled', 'labelled', 'beside-time', 'date-time', 'foot']);
  const no = pick([
    `${R.malay ? 'NO. RESIT' : 'RECEIPT NO'}: ${pick(['R', 'CS', ''])}${digits(int(5, 8))}`,
    `INVOICE NO: ${pick(['CS', 'INV', ''])}${digits(int(5, 8))}`,
    `BILL NO: ${digits(int(4, 6))}`,
    `DOC NO.: CS${digits(8)}`,
    `TRANS #: ${digits(4)}`,
  ]);
  const who = pick([
    `CASHIER: ${pick(['SITI', 'USER', '01', 'JAMES', 'MEI'])}`,
    `${R.malay ? 'JURUWANG' : 'CASHIER'}: ${pick(['AMIRAH', '003'])}`,
    `TERMINAL: ${p2(int(1, 12))}`,
    `COUNTER: C${int(1, 6)}`,
    `TABLE: ${int(1, 30)}`,
  ]);
  const metaLines = [no, who];
  // a full tax invoice names its buyer: a company of the same country, with a legal form of its own
  const customer = (R.region === 'MY' || R.region === 'SG') && chance(0.2);
  if (customer) {
    const buyer = pick(R.region === 'MY' ? BUYERS_MY : BUYERS_SG);
    metaLines.push(`${pick(['CUSTOMER', 'BILL TO', 'SOLD TO', R.malay ? 'PELANGGAN' : 'CUSTOMER'])}: ${buyer}`);
    if (chance(0.5)) metaLines.push(`  ${pick(R.region === 'MY' ? MY_CITIES : ['SINGAPORE 408600'])}`);
  }
  const dateLabel = R.malay ? pick(['TARIKH', 'DATE']) : 'DATE';
  if (datePlace === 'labelled') {
    if (chance(0.5)) metaLines.splice(1, 0, `${dateLabel}: ${date}`, `TIME: ${time}`);
    else metaLines.splice(1, 0, lr(`${dateLabel}: ${date}`, `TIME: ${time}`));
  } else if (datePlace === 'beside-time')
    metaLines.unshift(lr(`${date} ${time}`, pick([`#${digits(4)}`, `POS${int(1, 9)}`, ''])).trimEnd());
  else if (datePlace === 'date-time') metaLines.splice(1, 0, `DATE/TIME: ${date} ${time}`);
  if (chance(0.5)) metaLines.reverse();
  for (const l of metaLines) put(l);
  rule();

  // the items: a header maybe, then rows in one of the tills' styles
  const itemStyle = pick(['one-line', 'qty-x-price', 'barcode', 'code-desc']);
  const cur = pick(['every amount', 'total only', 'column header', 'nowhere', 'total only']);
  const codes = R.tax?.codes;
  const zeroRated = codes && chance(0.4);
  const codeWords = pick([
    ['SR', 'ZR'],
    ['S', 'Z'],
  ]);
  const long = chance(0.15);
  const n = long ? int(8, 16) : int(1, 7);
  const items = [];
  for (let i = 0; i < n; i++) {
    const q = chance(0.7) ? 1 : int(2, 6);
    const p = r2(pick([0.5, 1, 2, 3, 5, 8, 12, 20, 45, 120]) * (0.5 + rnd()) + 0.01 * int(0, 99));
    const zr = zeroRated && chance(0.35);
    items.push({ ds: pick(ITEMS), q, p, a: r2(q * p), code: codes ? codeWords[zr ? 1 : 0] : '' });
  }
  const money = (v) => (cur === 'every amount' ? `${R.sym}${R.sym.length > 1 && chance(0.3) ? ' ' : ''}${fmt(v)}` : fmt(v));
  if (itemStyle === 'one-line' || chance(0.5)) {
    const amtHead = cur === 'column header' ? `AMT(${R.sym})` : pick(['AMOUNT', 'TOTAL', 'AMT']);
    put(lr(pick(['ITEM', 'DESCRIPTION', 'ITEM/DESC.']), `QTY  PRICE  ${amtHead}`));
  }
  for (const it of items) {
    const amt = money(it.a) + (codes ? ` ${it.code}` : '');
    if (itemStyle === 'one-line') {
      put(lr(it.ds, `${String(it.q).padStart(2)} ${fmt(it.p).padStart(7)} ${amt.padStart(9)}`));
    } else if (itemStyle === 'qty-x-price') {
      put(it.ds);
      put(lr(`  ${it.q} ${pick(['x', 'X', '@'])} ${fmt(it.p)}`, amt));
    } else if (itemStyle === 'barcode') {
      put(`${pick(['955', '888', '0'])}${digits(10)}`);
      put(lr(it.ds, amt));
      if (it.q > 1) put(`  ${it.q} @ ${fmt(it.p)}`);
    } else {
      put(lr(`${int(100, 9999)} ${it.ds}`, amt));
      if (it.q > 1 || chance(0.3)) put(`     ${it.q} X ${fmt(it.p)}`);
    }
  }
  rule();

  // the sums: the tax included or added, a service charge, rounding to 5 sen / cents, the total, tender
  const lineSum = r2(items.reduce((s, it) => s + it.a, 0));
  const tx = R.tax;
  let disc = !tx?.incl && !zeroRated && chance(0.15) ? r2(Math.min(lineSum * 0.1, pick([1, 2, 5]))) : 0;
  if (disc >= lineSum) disc = 0;
  const sums = [];
  const L = (label, v, o = {}) => sums.push({ label, v, ...o });
  const countLine = chance(0.4) ? pick([`TOTAL QTY: ${items.reduce((s, it) => s + it.q, 0)}`, `NO OF ITEMS: ${n}`, `ITEM(S): ${n}`]) : null;
  let exact;
  let tax;
  let net;
  let svc = 0;
  if (tx?.incl) {
    exact = lineSum;
    const std = r2(items.filter((it) => !/Z/.test(it.code)).reduce((s, it) => s + it.a, 0));
    tax = r2((std * tx.rate) / (1 + tx.rate));
    net = r2(exact - tax);
    if (chance(0.4)) L(pick(['SUB TOTAL', 'SUBTOTAL', 'TOTAL SALES']), lineSum);
    if (chance(0.6)) {
      L(pick([`TOTAL EXCL. ${tx.word}`, `TOTAL SALES (EXCLUDING ${tx.word})`, 'NET AMOUNT']), net);
      L(pick([`${tx.word} ${r2(tx.rate * 100)}%`, `TOTAL ${tx.word}`, `${tx.word} @${r2(tx.rate * 100)}%`]), tax);
    }
  } else {
    const sub = r2(lineSum - disc);
    svc = R.service ? r2(sub * 0.1) : 0;
    const base = r2(sub + svc);
    const std = r2(items.filter((it) => !/Z/.test(it.code)).reduce((s, it) => s + it.a, 0) - disc + svc);
    tax = tx ? r2(std * tx.rate) : 0;
    net = base;
    exact = r2(base + tax);
    if (tx || disc || svc || chance(0.4)) L(pick(['SUB TOTAL', 'SUBTOTAL', 'SUB-TOTAL', R.malay ? 'JUMLAH KECIL' : 'SUB TOTAL']), lineSum);
    if (disc) L(pick(['DISCOUNT', 'DISC']), -disc);
    if (svc) L(pick(['SVC CHG 10%', 'SERVICE CHARGE 10%', 'SERVICE CHRG']), svc);
    if (tx) L(pick([`${tx.word} ${r2(tx.rate * 100)}%`, `${tx.word}`, `${tx.word} @ ${r2(tx.rate * 100)}%`]), tax);
  }
  const total = R.round5 ? r2(Math.round(exact * 20) / 20) : exact;
  const adj = r2(total - exact);
  if (R.round5 && (adj !== 0 || chance(0.5)))
    L(pick(['ROUNDING ADJ', 'ROUNDING', 'RNDG ADJ', 'CENT ROUNDING', 'ROUNDING ADJUSTMENT']), adj);
  const totalLabel = pick(
    R.region === 'MY'
      ? [
          'TOTAL',
          'GRAND TOTAL',
          R.malay ? 'JUMLAH' : 'NET TOTAL',
          tx?.incl ? `TOTAL INCL. ${tx.word}` : 'TOTAL AMOUNT',
          tx?.incl ? 'TOTAL SALES (INCLUSIVE OF GST)' : 'TOTAL',
          'TOTAL (RM)',
          'AMOUNT DUE',
        ]
      : [
          'TOTAL',
          'TOTAL',
          'GRAND TOTAL',
          'TOTAL DUE',
          tx?.incl ? `TOTAL INCL ${tx.word}` : 'AMOUNT DUE',
          R.region === 'SG' ? 'NETT TOTAL' : 'BALANCE DUE',
        ],
  );
  const totalMoney = cur === 'total only' || cur === 'every amount' ? `${R.sym}${R.sym.length > 1 ? ' ' : ''}${fmt(total)}` : fmt(total);
  sums.push({ label: totalLabel.replace('(RM)', `(${R.sym})`), text: totalMoney, bold: true, big: chance(0.3), total: true });
  const card = chance(0.3);
  let paid = total;
  if (card)
    L(
      pick([
        'VISA',
        'MASTERCARD',
        'CREDIT CARD',
        'DEBIT CARD',
        ...(R.region === 'MY' ? ['DEBIT', 'BOOST', 'GRABPAY', 'TNG EWALLET'] : ['CARD']),
      ]),
      total,
    );
  else {
    const notes = [1, 5, 10, 20, 50, 100].map((b) => Math.ceil(total / b) * b).filter((v) => v >= total);
    paid = chance(0.2) ? total : pick(notes);
    L(R.malay ? pick(['TUNAI', 'CASH']) : pick(['CASH', 'CASH TENDERED', 'TENDERED']), paid);
    L(R.malay ? pick(['BAKI', 'CHANGE']) : pick(['CHANGE', 'CHANGE DUE']), r2(paid - total));
  }
  const colon = chance(0.5) ? ':' : '';
  // the card terminal's slip printed under the sums: card number, approval code, terminal id, the amount again
  const slip = card && chance(0.5);
  const savings = chance(0.12) ? r2(1 + rnd() * 9) : null;
  if (countLine && chance(0.5)) put(countLine);
  for (const s of sums) {
    const text = s.text ?? money(s.v);
    if (s.big && `${s.label} ${text}`.length <= cols / 2) put(lr(`${s.label}${colon}`, text, cols / 2), { bold: true, big: true });
    else put(lr(`${s.label}${colon}`, text), { bold: !!s.bold });
  }
  if (countLine && !lines.some((l) => l.text === countLine)) put(countLine);
  if (savings)
    put(pick([`YOU SAVED: ${R.sym}${fmt(savings)}`, `MEMBER SAVINGS ${fmt(savings)}`, `TODAY'S SAVINGS ${R.sym} ${fmt(savings)}`]));
  if (slip) {
    put(`CARD NO: ${'X'.repeat(12)}${digits(4)}`);
    put(`APPR CODE: ${digits(6)}   TID: ${digits(8)}`);
    put(lr(pick(['AMOUNT', 'AMT', 'SALE']), `${R.sym} ${fmt(total)}`));
  }

  // the GST summary (Malaysian tills print it under the totals)
  if (tx?.summary) {
    rule();
    put(pick(['GST SUMMARY', 'GST Summary', 'TAX SUMMARY']));
    put(lr(pick(['CODE', 'TAX CODE', 'GST CODE']), `AMOUNT(${R.sym})  TAX(${R.sym})`));
    const std = r2(items.filter((it) => !/Z/.test(it.code)).reduce((s, it) => s + it.a, 0));
    const zr = r2(lineSum - std);
    const stdNet = r2(net - zr);
    put(lr(`SR @ ${r2(tx.rate * 100)}%`, `${fmt(stdNet).padStart(9)}  ${fmt(tax).padStart(7)}`));
    if (zr) put(lr(`ZR @ 0%`, `${fmt(zr).padStart(9)}  ${fmt(0).padStart(7)}`));
    if (chance(0.5)) put(lr('TOTAL', `${fmt(net).padStart(9)}  ${fmt(tax).padStart(7)}`));
  }

  // the foot: thanks, returns policy, points, another date, the date and time when the till prints them last
  rule();
  const otherDate = chance(0.15);
  if (otherDate) {
    const oy = y + 1;
    put(
      pick([
        `POINTS EXPIRE ON ${dateText(dStyle, oy, m, d)}`,
        `RETURNS ACCEPTED UNTIL ${dateText(dStyle, y + (m === 12 ? 1 : 0), (m % 12) + 1, d)}`,
      ]),
    );
  }
  if (chance(0.3)) put(`POINTS EARNED: ${int(1, 90)}`);
  put(
    center(pick(['THANK YOU, PLEASE COME AGAIN', 'THANK YOU. PLEASE COME AGAIN.', 'THANK YOU', R.malay ? 'TERIMA KASIH' : 'THANK YOU!'])),
  );
  if (chance(0.4))
    put(
      center(
        pick([
          'GOODS SOLD ARE NOT RETURNABLE',
          'NO REFUND OR EXCHANGE',
          R.malay ? 'BARANG YANG DIJUAL TIDAK BOLEH DIPULANGKAN' : 'KEEP THIS RECEIPT',
        ]),
      ).slice(0, cols),
    );
  if (datePlace === 'foot') put(`${date} ${time} ${pick([`${digits(5)} ${p2(int(1, 9))}`, `PRINT BY: ROOT`, ''])}`.trimEnd());

  const tags = {
    region: R.region,
    tax: tx ? `${tx.word.toLowerCase()} ${tx.incl ? 'incl' : 'added'}` : 'no tax',
    summary: !!tx?.summary,
    zeroRated: !!zeroRated,
    service: svc > 0,
    discount: disc > 0,
    rounded: adj !== 0,
    title: title ?? 'none',
    above,
    regBeside,
    nameCase,
    bigName: bigName && R.name.length <= cols / 2,
    date: dStyle,
    datePlace,
    otherDate,
    items: itemStyle,
    currency: cur,
    tender: card ? 'card' : paid === total ? 'cash exact' : 'cash + change',
    logo,
    customer,
    long,
    slip,
    savings: !!savings,
    cols,
    malay: R.malay,
  };
  return {
    name: `receipt-${String(k).padStart(3, '0')}-${R.region.toLowerCase()}`,
    lines,
    truth: { company: R.name, date: `${y}-${p2(m)}-${p2(d)}`, total: total.toFixed(2), currency: R.cur },
    tags,
  };
}

/** The receipt printed on an 80 mm roll (72 mm printable) in Courier, sized so `cols` characters fill the width. */
async function printed(rc) {
  const doc = await PDFDocument.create();
  const bold = chance(0.4);
  const font = await doc.embedFont(bold ? StandardFonts.CourierBold : StandardFonts.Courier);
  const strong = await doc.embedFont(StandardFonts.CourierBold);
  const W = (80 / 25.4) * 72;
  const printable = (72 / 25.4) * 72;
  const size = printable / (rc.tags.cols * 0.6);
  const lead = size * pick([1.2, 1.35, 1.5]);
  const heights = rc.lines.map((l) => (l.logo ? 4 * lead : l.big ? 2 * lead : lead));
  const H = 40 + heights.reduce((a, b) => a + b, 0) + 30;
  const page = doc.addPage([W, H]);
  let yy = H - 30;
  rc.lines.forEach((l, i) => {
    yy -= heights[i];
    if (l.logo) {
      drawLogo(page, l, W / 2, yy + 1.6 * lead, 1.6 * lead, strong);
      return;
    }
    page.drawText(l.text, { x: (W - printable) / 2, y: yy, size: l.big ? size * 2 : size, font: l.bold ? strong : font });
  });
  rc.tags.font = bold ? 'courier bold' : 'courier';
  return doc.save();
}

/** A shop's logo: its initials white on a black disc or box, or a band of diagonal strokes. */
function drawLogo(page, l, cx, cy, r, font) {
  const black = rgb(0, 0, 0);
  const white = rgb(1, 1, 1);
  if (l.logo === 'band') {
    for (let x = -3 * r; x < 3 * r; x += r / 3)
      page.drawLine({ start: { x: cx + x, y: cy - r * 0.6 }, end: { x: cx + x + r / 2, y: cy + r * 0.6 }, thickness: r / 8, color: black });
    return;
  }
  if (l.logo === 'disc') page.drawCircle({ x: cx, y: cy, size: r, color: black });
  else page.drawRectangle({ x: cx - 1.4 * r, y: cy - r, width: 2.8 * r, height: 2 * r, color: black });
  const size = r;
  page.drawText(l.text, { x: cx - font.widthOfTextAtSize(l.text, size) / 2, y: cy - size * 0.35, size, font, color: white });
}

/** A receipt scanned: rasterised in grey, turned, grain, maybe faded, maybe on the scanner's dark bed, maybe soft; JPEG. */
async function scanned(pdfFile, jpgFile, tags) {
  const dpi = pick([150, 200, 200, 240, 300]);
  const base = `${pdfFile}.scan`;
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-singlefile', pdfFile, base]);
  const faint = chance(0.3);
  const { data, info } = await scanLike(`${base}.png`, rnd, {
    turn: pick([0.3, 0.6, 1.0]),
    grain: pick([24, 40, 56]),
    ink: faint ? 0.45 + rnd() * 0.25 : 1,
    fade: faint ? rnd() * 0.4 : 0,
  });
  fs.rmSync(`${base}.png`);
  // a crease across the paper (a darker band, slanting) and a shadow from one side (the receipt not flat on the glass)
  const crease = chance(0.15);
  const shadow = chance(0.15);
  if (crease || shadow) {
    const { width: w, height: h, channels: ch } = info;
    const y0 = rnd() * h;
    const slope = (rnd() - 0.5) * 0.3;
    const depth = 40 + rnd() * 50;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let dark = 0;
        if (crease) {
          const d = Math.abs(y - (y0 + slope * x));
          if (d < 6) dark += depth * (1 - d / 6);
        }
        if (shadow) dark += 70 * Math.max(0, 1 - x / (w * 0.35));
        const i = (y * w + x) * ch;
        data[i] = Math.max(0, data[i] - dark);
      }
  }
  let img = sharp(data, { raw: info });
  const bed = chance(0.25);
  const blur = chance(0.3);
  if (blur) img = img.blur(0.7);
  if (bed) {
    const g = int(60, 140);
    img = img.extend({ top: int(20, 80), bottom: int(20, 80), left: int(20, 120), right: int(20, 120), background: { r: g, g, b: g } });
  }
  fs.writeFileSync(jpgFile, await img.jpeg({ quality: pick([70, 85, 92]) }).toBuffer());
  Object.assign(tags, { dpi, faint, bed, blur, crease, shadow });
}

/** Generates N receipts, scans them and reads them with `docket process`; each receipt's result by file name. */
async function generatedAndRead(dir) {
  if (!hasTool('pdftoppm', '-v')) {
    console.error('needs poppler-utils (pdftoppm) to print the receipts as images');
    process.exit(2);
  }
  const scans = path.join(dir, 'scans');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(scans, { recursive: true });
  const docs = [];
  for (let k = 0; k < N; k++) {
    const rc = await receipt(k);
    const pdf = path.join(dir, `${rc.name}.pdf`);
    fs.writeFileSync(pdf, await printed(rc));
    rc.file = `${rc.name}.jpg`;
    await scanned(pdf, path.join(scans, rc.file), rc.tags);
    if (keep)
      fs.writeFileSync(
        path.join(dir, `${rc.name}.txt`),
        `${rc.lines.map((l) => l.text).join('\n')}\n\n${JSON.stringify(rc.tags)}\n${JSON.stringify(rc.truth)}\n`,
      );
    fs.rmSync(pdf);
    docs.push(rc);
  }
  const byFile = processAndExport(dir, scans);
  return { docs, got: (rc) => byFile.get(rc.file) };
}

/**
 * --reextract DIR: a folder kept by --keep, its stored OCR pages extracted again with the rules as they are in the tree
 * (a developer's loop: seconds, where reading again costs minutes). Not what a user gets: the pipeline's second
 * readings of weak fields are left out, so report `docket process` runs.
 */
async function storedAndReextracted(dir) {
  const { extractDocument } = await loadExtractor();
  const { db, docs: stored, pagesOf } = await storedDocuments(path.join(dir, 'data'));
  const byFile = new Map();
  for (const d of stored) {
    const r = extractDocument(pagesOf(d.id), {});
    byFile.set(d.name, {
      status: r.needsReview ? 'needs_review' : 'done',
      docType: r.docType,
      fields: Object.fromEntries(r.fields.map((f) => [f.name, { value: f.value }])),
    });
  }
  db.close();
  const docs = fs
    .readdirSync(dir)
    .filter((n) => /^receipt-.*\.txt$/.test(n))
    .sort()
    .map((n) => {
      const [tags, truth] = fs.readFileSync(path.join(dir, n), 'utf8').trim().split('\n').slice(-2).map(JSON.parse);
      return { file: n.replace(/\.txt$/, '.jpg'), tags, truth };
    });
  return { docs, got: (rc) => byFile.get(rc.file) };
}

const again = opt('reextract', null);
const dir = again ? path.resolve(again) : keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'docket-receipts-'));
const { docs, got: resultOf } = again ? await storedAndReextracted(dir) : await generatedAndRead(dir);

// scoring: the company by lib.mjs sameName (jsontools.py same_name's rule, every word of the shorter name in the longer,
// with legal forms also set aside), the date as ISO, the total to the cent, the currency's code
const FIELDS = { company: 'vendor_name', date: 'issue_date', total: 'total', currency: 'currency' };
const right = (k, want, got) => {
  if (k === 'company') return sameName(want, got);
  if (got == null || got === '') return false;
  if (k === 'total') return Math.abs(Number(got) - Number(want)) < 0.005;
  return String(got) === want;
};
const tagKeys = (g) =>
  [
    `region ${g.region}`,
    `tax ${g.tax}`,
    g.summary && 'gst summary table',
    g.zeroRated && 'zero-rated items',
    g.service && 'service charge',
    g.discount && 'discount',
    g.rounded && 'rounding adj',
    `title ${g.title}`,
    g.above && `above name: ${g.above}`,
    g.regBeside && 'co. no beside name',
    g.nameCase === 'title' && 'name in title case',
    g.bigName && 'name double size',
    g.malay && 'malay words',
    `date ${g.date}`,
    `date at ${g.datePlace}`,
    g.otherDate && 'another date printed',
    `items ${g.items}`,
    `currency ${g.currency}`,
    `tender ${g.tender}`,
    `${g.cols} columns`,
    `font ${g.font}`,
    `scan ${g.dpi} dpi`,
    g.faint && 'faint thermal',
    g.bed && 'on scanner bed',
    g.blur && 'soft focus',
    g.logo && `logo ${g.logo}`,
    g.customer && 'customer named',
    g.long && 'long (8-16 items)',
    g.slip && 'card slip',
    g.savings && 'savings line',
    g.crease && 'crease',
    g.shadow && 'shadow',
  ].filter(Boolean);
const card = new Scorecard(Object.keys(FIELDS));
let asReceipt = 0;
for (const rc of docs) {
  const d = resultOf(rc);
  if (d?.docType === 'receipt') asReceipt++;
  const got = Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [k, d?.fields?.[f]?.value ?? null]));
  card.add({
    name: rc.file,
    rights: Object.fromEntries(Object.keys(FIELDS).map((k) => [k, right(k, rc.truth[k], got[k])])),
    tags: tagKeys(rc.tags),
    isDone: d?.status === 'done',
    miss: (k) => `${rc.file} [${tagKeys(rc.tags).slice(1).join(', ')}] ${k}: want ${rc.truth[k]} got ${got[k]} (${d?.status})`,
  });
}
const how = again ? `re-extracted from the stored OCR pages with the rules of the tree` : `scanned (seed ${opt('seed', 1)})`;
card.print(`${new Date().toISOString()}, ${docs.length} generated till receipts, ${how}, ${dir}`, args.includes('--misses'));
console.log(`\nread as a receipt  ${asReceipt}/${docs.length}`);
if (!keep && !again) fs.rmSync(dir, { recursive: true, force: true });

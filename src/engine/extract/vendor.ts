/**
 * The issuer's name. No templates: candidates come from labels (Sold by, Vendor, Sprzedawca, account holder ...),
 * from lines carrying a legal form (Ltd, GmbH, B.V., SDN BHD ...), and from the letterhead; they are scored by
 * position, repetition, agreement with the document's web/email domain, and distance from customer blocks.
 */
import { type Line, columns, fold } from './text.js';
import { LEGAL_FORM_SOURCE, foreignShortForm, labelRe } from './vocab.js';

export interface VendorHit {
  value: string;
  raw: string;
  line: Line;
  from: number;
  to: number;
  confidence: number;
  /** Rule ids: vendor.label, vendor.letterhead, vendor.legal-form, vendor.printed-twice, vendor.web-domain, vendor.website. */
  because: string[];
}

const LEGAL = LEGAL_FORM_SOURCE;
// Words that mark a business name without being its legal form ("restaurant", "kedai", "hardware"): they score a
// line, but stay in the name.
const TRADE = labelRe('business_word').source;
const LEGAL_END = new RegExp(String.raw`(?:^|[\s,])(?:${LEGAL}|&\s?co\.?|co\.?)[\s.,]*$`, 'i');
const ONLY_LEGAL = new RegExp(String.raw`^(?:${LEGAL}[\s.,]*)+$`, 'i');
const LEGAL_ANY = new RegExp(String.raw`(?:^|[\s,])(?:${LEGAL}|${TRADE})(?=[\s.,:)]|$)`, 'i');
/** A line that only finishes a name wrapped above it: legal forms and business words ("TRADING", "SDN BHD", "ENTERPRISE"). */
const ONLY_NAME_TAIL = new RegExp(String.raw`^(?:(?:${LEGAL}|${TRADE})[\s.,&]*){1,3}$`, 'i');
const SHOPWORD = labelRe('business_word');

// Labels that name the supplier outright; on a purchase order "Vendor:" is who the order goes to, which is
// still the vendor of the transaction.
const VENDOR_LABEL_STRONG = new RegExp(`${labelRe('vendor').source}\\s*[:\\-]?\\s*`, 'g');
const CUSTOMER_LABEL = labelRe('customer');
/** "Ordered through: <platform>": the platform the buyer dealt with names the order. */
const MARKETPLACE_LABEL = new RegExp(`${labelRe('marketplace').source}\\s*[:\\-]?\\s*`, 'g');
const DOC_WORDS =
  /^(?:tax\s)?(?:invoice|receipt|bill|facture|factuur|rechnung|faktura|fattura|factura|credit\snote|gutschrift|avoir|purchase\sorder|order|cash\s(?:bill|sales?)|official\sreceipt|payment\sreceipt|quotation|statement|kopie\sfactuur|copy|original|duplicate|retail\sinvoices?\/?bill|simplified\stax\sinvoice|page|seite)\b/;
// Document titles as OCR misspells them: "TAX INVQICE", "Tax Imvoioce", "TAXINVOIGE", "RECIEPT"
const OCR_DOC = /^(?:simplified\s)?(?:tax\s?)?(?:i[nmr]{1,2}v[a-z0-9]{2,4}[e3]|rec[ei1]{1,2}pt)\b[\s\W]*$/;
const NOISE =
  /\b(?:date|datum|tel|phone|fax|email|e-mail|www|http|gst|vat|btw|tva|reg\.?\s?no|page|seite|invoice\s?(?:no|number|date)|total|amount|cashier|thank|welcome|address|adres|iban|bic|swift|bank|street|jalan|road|rd\.|avenue|strasse|straße|rue|lot\s\d|no\.\s?\d|taman|postcode)\b/i;

/** Labels of a company's registration number ("Company No", "Co. Reg. No", "ROC", "UEN", "No. Syarikat"). */
const REG_LABEL = labelRe('company_reg');
/** A registration number in brackets, as printed after a company's name: "(801580-T)", "(002049088-U)", "{519537-X)". */
const REG_BRACKETED = /[({[]\s*[a-z]{0,3}\d{4,12}\s?-?\s?[a-z]\s*[)}\]]/;
const REG_LINE_START = new RegExp(String.raw`^[\s(]*(?:${REG_BRACKETED.source}|${REG_LABEL.source})`);

/**
 * rule 'vendor.registration-number': the company's registration number stands on its name's line or on the line right
 * under it ("SYARIKAT LIAN HUAT (926171-W)", "MAJU JAYA SDN BHD" / "COMPANY NO: 1234567-A"), so of the letterhead's lines
 * that one is the registered name, not a proprietor's or a welcome line above it. It ranks; it vouches for nothing,
 * since OCR may have lost the name's line and left the one above it next to the number.
 */
export function registrationNumberBeside(lines: readonly Line[], line: Line): boolean {
  if (REG_BRACKETED.test(fold(line.text))) return true;
  const next = lines[line.n + 1];
  return !!next && next.page === line.page && REG_LINE_START.test(fold(next.text));
}

/**
 * rule 'vendor.letterhead-only': a name that only its place at the top of the page supports (no legal form or trade
 * word, no label, not printed again, not the website's) may be a proprietor's name, a slogan or a welcome line above
 * the seller's, or the line left when OCR lost the name: a guess, below the review threshold. (Of the receipts and
 * invoices the project develops on, every vendor done rightly had one of those supports.)
 */
const LETTERHEAD_ONLY_CAP = 0.55;
const POSITION_RULES = new Set(['vendor.letterhead', 'vendor.registration-number']);
export function letterheadOnly(because: readonly string[]): boolean {
  return because.every((r) => POSITION_RULES.has(r));
}

/** A time of day as a till prints it beside the date: "15:29", "15:29:00", "3:27 PM", "08:16PM". */
const TIME_OF_DAY = /(?<![\d:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\s?(?:am|pm)?(?![\d:])/i;
const CASHIER = labelRe('cashier');

/**
 * rule 'vendor.below-transaction': a till prints its seller above the transaction; the first line with the time of
 * the sale or the cashier/counter ends its letterhead, and a line below it (an item "ICED LEMON TEA", the buyer) names
 * no seller. Invoices print no time of day and no cashier, and are left alone; where such a line comes first on the
 * page (a till that prints the time on top), the rule says nothing.
 */
export function transactionStart(pageLines: readonly Line[]): number {
  const at = pageLines.findIndex((l) => TIME_OF_DAY.test(l.text) || CASHIER.test(fold(l.text)));
  return at >= 2 ? pageLines[at]!.n : Infinity;
}

interface Cand {
  name: string;
  line: Line;
  from: number;
  score: number;
  labelled: boolean;
  customer?: boolean;
  because?: string[];
}

/**
 * A legal form ends a company's name ("Foo Sdn Bhd (123456-X)"); the same letters inside a name ("MART SRI MUDA" read
 * against "S.r.l.") are a word of the name.
 */
/** A document's title (invoice, credit note, receipt, order, in any language) ending a line. */
const TITLE_AT_END = new RegExp(String.raw`\s(?:${labelRe(['invoice_title', 'credit_title', 'receipt_title', 'po_title']).source})\W*$`);

function endsInLegalForm(name: string): boolean {
  return LEGAL_END.test(fold(bareName(name)));
}

/** A name without the registration number printed after it ("Foo Sdn Bhd (123456-X)" -> "Foo Sdn Bhd"). */
function bareName(name: string): string {
  return name.replace(/\s*[({][^)}]*\d[^)}]*(?:[)}].*)?$/, '').replace(/\s\d{5,}-?[A-Z]\b.*$/, '');
}

/** Drop the legal form and trailing punctuation: "Voorbeeld B.V." → "Voorbeeld" (the raw keeps it). */
export function normaliseVendor(name: string): string {
  let s = name.replace(/\s+/g, ' ').trim();
  // company registration numbers printed after the name: "(139386 X)", "{519537-X)", "273500-U (KSB)"
  s = s
    .replace(/\s*[({][^)}]*\d[^)}]*(?:[)}].*)?$/, '')
    .replace(/\s\d{5,}-?[A-Z]\b.*$/, '')
    .trim();
  for (let i = 0; i < 3; i++) {
    const f = fold(s);
    const m = f.match(LEGAL_END);
    if (!m || m.index === undefined || m.index < 2) break;
    s = s.slice(0, m.index).replace(/[\s,.&-]+$/, '');
  }
  // a trailing bracketed branch or region ("(KL)", "(KUCHAI)") qualifies the name; the name is what precedes it
  const q = s.match(/^(.{3,}?)\s*\([^()]{1,30}\)?\s*$/);
  if (q && /[A-Za-z]{3}/.test(q[1]!)) s = q[1]!.trim();
  // OCR specks after an upper-case name: "KEDAI ROTI gl", "SEAFOOD RESTAURANT SDN i." (what OCR left of "BHD")
  if (/[A-Z]{3}/.test(s) && !/[a-z]{3}/.test(s)) {
    s = s.replace(/(?:\s+[a-z]{1,2}[.,]?)+$/, '');
    // the speck may have hidden the legal form's first half ("SDN"), which then ends the name
    const m = fold(s).match(LEGAL_END);
    if (m && m.index !== undefined && m.index >= 2) s = s.slice(0, m.index).replace(/[\s,.&-]+$/, '');
  }
  // rule 'vendor.digit-for-letter': in a name printed in capitals, OCR reads I, O, S and B as 1, 0, 5 and 8; such a
  // digit standing between letters or letter-dots ("D.1.Y", "B00KS") is the letter. A digit at a word's edge or
  // beside another kind of digit ("A1 MART", "OLIVE9", "99 SPEED MART") is left as printed.
  if (/[A-Z]{2}/.test(s) && !/[a-z]{2}/.test(s))
    s = s.replace(/(?<=[A-Z]\.?)[0158]+(?=\.?[A-Z])/g, (d) => d.replace(/./g, (c) => DIGIT_LETTER[c]!));
  return (
    s
      .replace(/[\s,:;.\-–]+$/, '')
      .replace(/^[\s,:;.\-–*]+/, '')
      .trim() || name.trim()
  );
}

/** The digits OCR reads for a capital I, O, S and B (vendor.digit-for-letter; index.ts's wordKey folds the same). */
export const DIGIT_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B' };

/** The name part of a header line: "Beispiel AG - Hauptstr. 4 - D-12345" → "Beispiel AG". */
function namePart(text: string): { name: string; at: number } {
  // OCR frames names with table rules and specks: "| | PASAR MINI JIN SENG | |", ".__ ADVANCO COMPANY"
  const at = text.search(/[^\s|_.:;,“”"'~©*=<>»«\-\\/]/);
  if (at < 0) return { name: '', at: 0 };
  let s = text.slice(at);
  // rule 'vendor.tagline-after-dash': a dash of any length (-, –, —), a bar or a dot between spaces ends the name;
  // what follows is a tagline or an address ("Alpen Werk GmbH — Industrial printing since 1982")
  const cut = s.search(/\s[-–—|·•]\s|\s{3,}|,\s(?=\d)|\s(?:au capital|capital|registered|reg\.|siret|rcs|kvk|company no)\b/i);
  if (cut > 0) s = s.slice(0, cut);
  // a legal form ends the name: "Free SAS au capital de ..." / "Foo Ltd, 12 High St"
  const lm = fold(s).match(LEGAL_ANY);
  if (lm && lm.index !== undefined) {
    const end = lm.index + lm[0].length;
    const after = s.slice(end);
    if (/^\s*[,:]/.test(after) || /^\s+\d/.test(after)) s = s.slice(0, end);
  }
  s = s.replace(/[\s|_.:;,“”"'~©*=<>»«\-\\/]+$/, '').replace(/\s+[|]\s.*$/, '');
  if (/[.]$/.test(text.slice(at).slice(0, s.length + 1)) && /\b[A-Za-z]\.?$|\b(?:co|ltd|inc|corp|bhd|sdn)$/i.test(s)) s += '.';
  return { name: s, at };
}

/** "Example.com Customer Care" names the business by its site. */
function siteName(name: string): string {
  return name.replace(/\.(?:com|in|co\.uk|de|nl|fr|my|net)\b.*$/i, '');
}

/** Share of tokens that read as words: OCR of logos and stamps yields "| g Of Ot 4". */
function wordiness(s: string): number {
  const toks = s
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}(&]+|[^\p{L}\p{N}).&]+$/gu, ''))
    .filter(Boolean);
  if (!toks.length) return 0;
  const good = toks.filter(
    (t) =>
      /^[("']?[A-Za-zÀ-ž][A-Za-zÀ-ž'’.&-]*[A-Za-zÀ-ž.)]?[,.]?$/.test(t) &&
      (t.length >= 3 || /^(?:&|[A-Z]{2}|[A-Z]\.)$/.test(t)) &&
      /[aeiouyAEIOUY]|^[A-Z]{2,4}\.?$/.test(t),
  );
  return good.length / toks.length;
}

function domainBrands(lines: readonly Line[]): Set<string> {
  const out = new Set<string>();
  const re = /(?:www\.|https?:\/\/(?:www\.)?|@)([a-z0-9][a-z0-9-]{1,40})\.(?:[a-z]{2,6})(?:\.[a-z]{2})?\b/gi;
  for (const l of lines) {
    let m: RegExpExecArray | null;
    re.lastIndex = 0;
    while ((m = re.exec(l.text))) {
      const b = m[1]!.toLowerCase();
      if (!/^(?:gmail|hotmail|yahoo|outlook|example|mail|email|live|icloud|protonmail|gmx|web|aol)$/.test(b)) out.add(b);
    }
    const bare = /\b([a-z][a-z0-9-]{2,30})\.(?:com|co\.uk|de|nl|fr|in|my|pl|be|io|net)\b/gi;
    while ((m = bare.exec(l.text))) out.add(m[1]!.toLowerCase());
  }
  return out;
}

/** A letter or digit: what a whole-word match must not continue into. */
const isWordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}]/u.test(c);

function words(s: string): string[] {
  return fold(s).match(/[a-z0-9]+/g) ?? [];
}

function isCustomerLine(lines: readonly Line[], line: Line, from: number): boolean {
  for (let k = line.n; k >= Math.max(0, line.n - 5); k--) {
    const l = lines[k]!;
    if (l.page !== line.page) break;
    const f = fold(l.text);
    const m = CUSTOMER_LABEL.exec(f);
    if (!m) continue;
    if (k === line.n && m.index > from) continue;
    // with a column layout, only the label's own column is the customer's
    const cols = columns(l.text);
    if (cols.length > 1) {
      const col = cols.find((c) => c.start <= m.index && c.start + c.text.length > m.index);
      if (col && Math.abs(col.start - from) > 20 && k !== line.n) continue;
    }
    return true;
  }
  return false;
}

/**
 * The business named by its own website ("www.example.com.my", OCR'd as "WWW. example. com. my") when no line of
 * the document reads as its name (a logo OCR could not read). Weak: it goes to review.
 */
function siteVendor(lines: readonly Line[]): VendorHit | null {
  const re = /\bw{2,3}[wy]?\s?\.\s?([a-z][a-z0-9-]{2,30})\s?\.\s?(?:co[mn]|net|org|co|biz|my|sg|in|de|nl|fr|uk)\b/i;
  for (const line of lines) {
    const m = re.exec(line.text);
    if (!m) continue;
    const brand = m[1]!;
    const from = m.index + m[0].indexOf(brand, 3);
    const value = brand.charAt(0).toUpperCase() + brand.slice(1).toLowerCase();
    return { value, raw: brand, line, from, to: from + brand.length, confidence: 0.3, because: ['vendor.website'] };
  }
  return null;
}

export function findVendor(lines: readonly Line[], country: string | null = null): VendorHit | null {
  if (!lines.length) return null;
  // a legal form the document's country does not use, of two letters, is OCR noise more often than a company's
  const foreign = (nm: string) => foreignShortForm(bareName(nm), country);
  const firstPage = lines[0]!.page;
  const pageLines = lines.filter((l) => l.page === firstPage);
  const brands = domainBrands(lines);
  const transaction = transactionStart(pageLines);
  const allText = fold(lines.map((l) => l.text).join('\n'));
  const cands: Cand[] = [];

  const push = (name: string, line: Line, from: number, score: number, labelled = false) => {
    const n = name.replace(/\s+/g, ' ').trim();
    if (n.length < 2 || n.length > 80) return;
    const core = normaliseVendor(n);
    const letters = (core.match(/[A-Za-zÀ-ž]/g) ?? []).length;
    if (letters < 2 || letters < core.replace(/\s/g, '').length * 0.5) return;
    cands.push({ name: n, line, from, score, labelled });
  };

  // 1. labels
  for (const line of lines) {
    const f = fold(line.text);
    for (const [re, base] of [
      [VENDOR_LABEL_STRONG, 0.9],
      [MARKETPLACE_LABEL, 1.0],
    ] as const) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(f))) {
        const from = m.index + m[0].length;
        let rest = line.text.slice(from);
        const lead = rest.match(/^\s*(?:name|naam|nom)\s*[:\-]?\s*/i);
        if (lead) rest = rest.slice(lead[0].length);
        // "Merchant No: 123", "Vendor ID": not a name
        if (/^\s*(?:no\b|nr\b|number|id\b|code|#|ref|tel|phone|address|copy)/i.test(rest)) continue;
        // the word in running prose ("the issuer encapsulated their company data ..."), not a label
        if (!/[:\-]/.test(m[0]) && /^\s*[a-z]+\s+[a-z]+\s+[a-z]+/.test(rest)) continue;
        const from2 = from + (lead ? lead[0].length : 0);
        if (rest.trim()) {
          const { name, at } = namePart(rest);
          // a label's value ends where the sentence goes on: "received by Acme (Rs 100)", "Sold By: X, address"
          push(
            siteName(name)
              .replace(/\s*[([].*$/, '')
              .replace(/\s(?:Rs|RM|USD|EUR|\$|€|£)\s?\d.*$/, ''),
            line,
            from2 + at,
            base,
            true,
          );
        } else {
          const next = lines[line.n + 1];
          if (next && next.page === line.page) {
            const { name, at } = namePart(next.text);
            push(siteName(name), next, at, base - 0.05, true);
          }
        }
      }
    }
  }

  // 2. letterhead and legal-form lines
  const head = pageLines.slice(0, Math.min(pageLines.length, 14));
  head.forEach((line, i) => {
    for (const col of columns(line.text).slice(0, 3)) {
      const { name, at } = namePart(col.text);
      let nm = name;
      const f = fold(nm);
      const doc = f.match(DOC_WORDS);
      if (doc) nm = nm.slice(doc[0].length).replace(/^[\s:.\-–]+/, '');
      // "Example Cloud Services Invoice": strip a trailing document word
      nm = nm.replace(/\s+(?:tax\s)?(?:invoice|receipt|rechnung|factuur|facture|faktura|bill)\.?$/i, '');
      if (!nm || DOC_WORDS.test(fold(nm)) || OCR_DOC.test(fold(nm).replace(/^[^a-z0-9]+/, ''))) continue;
      // OCR of a logo before the name: "an 12Z0 n Example Cloud Services" → "Example Cloud Services"
      const specks = nm.match(/^(?:(?:[a-z]{1,3}|[^\sA-Za-z]{1,3}|\S*\d\S*)\s+){2,}(?=(?:[A-Z][a-z]+(?:\s|$)){2,})/);
      let shift = 0;
      if (specks && /(?:^|\s)[a-z]{1,3}\s/.test(specks[0]) && name.startsWith(nm)) {
        shift = specks[0].length;
        nm = nm.slice(shift);
      }
      let score = 0.5 - i * 0.035 - (col.start > 30 ? 0.05 : 0);
      // a field label ("Account number:") is not a name
      if (
        /\b(?:no|nr|number|num|id|code|ref|reference|account|date|time)\s*$/i.test(nm) &&
        /^[\s.]*:/.test(col.text.slice(at + name.length))
      )
        score -= 0.3;
      // a legal form names the entity that issues the document; a trade word ("restaurant", "mart") names a shop,
      // which may trade under the legal entity printed beside it
      if (foreign(nm)) {
        // rule 'vendor.legal-form-of-country': no credit for it
      } else if (endsInLegalForm(nm)) score += 0.35;
      else if (LEGAL_ANY.test(fold(nm))) score += 0.2;
      if (SHOPWORD.test(fold(nm))) score += 0.1;
      if (/^[A-Z0-9&.,'()\s-]+$/.test(nm) && /[A-Z]{3}/.test(nm)) score += 0.03;
      push(nm, line, col.start + at + shift, score);
    }
  });
  lines.forEach((line) => {
    if (line.n < head.length && line.page === firstPage) return;
    const f = fold(line.text);
    if (!LEGAL_ANY.test(f)) return;
    for (const col of columns(line.text)) {
      if (!LEGAL_ANY.test(fold(col.text))) continue;
      const { name, at } = namePart(col.text);
      if (LEGAL_ANY.test(fold(name))) push(name, line, col.start + at, 0.45);
    }
  });

  if (!cands.length) return siteVendor(lines);
  let best: Cand | null = null;
  for (const c of cands) {
    if (!c.labelled && c.line.page === firstPage && c.line.n >= transaction) continue;
    let s = c.score;
    const nm = c.name;
    const ws = words(normaliseVendor(nm));
    if (!ws.length) continue;
    const norm = normaliseVendor(nm);
    if (NOISE.test(nm)) s -= 0.35;
    const legal = LEGAL_ANY.test(fold(nm)) && !foreign(nm);
    if ((/^\d+[,\s/]/.test(norm) && !legal) || /\d{4,}/.test(norm)) s -= 0.3;
    const wq = wordiness(norm);
    if (wq < 0.75) s -= (legal ? 0.15 : 0.4) * (1 - wq);
    if (norm.replace(/[^A-Za-zÀ-ž]/g, '').length < 4) s -= 0.2;
    // a sentence is not a name
    if ((norm.match(/\b[a-z][a-z]+\b/g) ?? []).length >= 3) s -= 0.3;
    if (/[a-z]/.test(nm) && /^[a-z]/.test(nm)) s -= 0.1;
    const customer = !c.labelled && isCustomerLine(lines, c.line, c.from);
    if (customer) s -= 0.5;
    const because = [
      c.labelled ? 'vendor.label' : c.line.n < head.length && c.line.page === firstPage ? 'vendor.letterhead' : 'vendor.legal-form',
    ];
    if (legal && !because.includes('vendor.legal-form')) because.push('vendor.legal-form');
    // a name printed again elsewhere (footer, payment details) is the issuer's
    const key = fold(normaliseVendor(nm));
    if (key.length >= 3) {
      // whole words only: "erie" inside "bakeries" is no second printing of "ERIE"
      let count = 0;
      let i = allText.indexOf(key);
      while (i >= 0 && count < 6) {
        if (!isWordChar(allText[i - 1]) && !isWordChar(allText[i + key.length])) count++;
        i = allText.indexOf(key, i + key.length);
      }
      if (count >= 2) {
        s += 0.08 + 0.02 * Math.min(count - 2, 3);
        because.push('vendor.printed-twice');
      }
    }
    if (
      ws.some(
        (w) => w.length >= 3 && [...brands].some((b) => b === w || (b.length >= 5 && b.replace(/-/g, '').includes(w) && w.length >= 4)),
      )
    ) {
      s += 0.15;
      because.push('vendor.web-domain');
    }
    if (ws.length > 8) s -= 0.2;
    // the number stands for the legal form such a name does not print; beside a name that prints one (a legal entity
    // under the trade name it owns: "LEMON TREE RESTAURANT" / "JTJ FOODS SDN BHD (1179227-A)") it adds nothing
    if (!c.labelled && !legal && registrationNumberBeside(lines, c.line)) {
      s += 0.12;
      because.push('vendor.registration-number');
    }
    if (!c.labelled) {
      // a lone short word at the top is usually a logo read by OCR
      if (ws.length === 1 && norm.length < 5 && !legal) s -= 0.12;
      // the line after a postcode is the town or state of an address block ("12345 Springfield" / "Lakeshire")
      const before = lines[c.line.n - 1];
      if (before && before.page === c.line.page && /\b\d{4,6}\s+[A-Za-z]/.test(before.text) && !legal && ws.length <= 2) s -= 0.25;
    }
    if (!best || s > best.score) best = { ...c, score: s, customer, because };
  }
  // nothing name-like at all: better no vendor than a sentence, unless the business prints its website
  if (!best || best.score < 0.2) return siteVendor(lines);
  // the only credible name sits in the bill-to block: the issuer's own name is missing (printed as an image)
  if (best.customer && best.score < 0.5) return siteVendor(lines);
  // Receipts wrap long names: "CITY LIGHTS HARDWARE &" / "ELECTRICAL"
  let raw = best.name;
  // where the name stands on the page, as offsets into its line's text: it may begin on the line above and end
  // on the line below, and its span covers every word it was read from (their OCR confidence vouches for it)
  let first = best.line;
  let from = best.from;
  let end = best.line.start + best.from + Math.min(raw.length, best.line.text.length - best.from);
  const next = lines[best.line.n + 1];
  if (next && next.page === best.line.page && /[&-]$/.test(raw.trim())) {
    const t = next.text.trim();
    if (t.length < 40 && !/\d{3,}/.test(t)) {
      raw = `${raw.trim()} ${t}`;
      end = next.start + next.text.trimEnd().length;
    }
  } else if (
    next &&
    next.page === best.line.page &&
    !endsInLegalForm(raw) &&
    !ONLY_NAME_TAIL.test(fold(raw.trim())) &&
    ONLY_NAME_TAIL.test(fold(next.text.trim()))
  ) {
    // "SH POWER HARDWARE" / "TRADING", "KEDAI CONTOH" / "SDN BHD": the line below only ends the name
    raw = `${raw.trim()} ${next.text.trim()}`;
    end = next.start + next.text.trimEnd().length;
  }
  const prev = lines[best.line.n - 1];
  let joinedAbove = false;
  if (prev && prev.page === best.line.page && ONLY_LEGAL.test(fold(raw.trim()))) {
    // "KEDAI RUNCIT CONTOH" / "SDN BHD"
    const part = namePart(prev.text);
    raw = `${part.name} ${raw.trim()}`;
    first = prev;
    from = part.at;
  } else if (
    prev &&
    prev.page === best.line.page &&
    best.from <= 2 &&
    LEGAL_ANY.test(fold(best.name)) &&
    !/^\s/.test(best.line.text.slice(0, 1))
  ) {
    // "GOLDEN LEAF" / "GL TRADING & MARKETING SDN BHD": a short caps line right above belongs to the name
    const t = prev.text.trim();
    if (
      /^[A-Z][A-Z&'.]*(?: [A-Z&'.]+)?$/.test(t) &&
      t.length >= 4 &&
      wordiness(t) === 1 &&
      !NOISE.test(t) &&
      !DOC_WORDS.test(fold(t)) &&
      !LEGAL_ANY.test(fold(t))
    ) {
      raw = `${t} ${raw.trim()}`;
      first = prev;
      from = prev.text.indexOf(t);
      joinedAbove = true;
    }
  }
  // OCR specks before the name ("é re Cash & Carry") and typographic apostrophes
  raw = raw.replace(/^(?:(?:[^\sA-Za-z0-9]{1,2}|[a-z]{1,2})\s+)+(?=[A-Z])|^(?:[a-z]{1,3}\s+)+(?=[a-z]{4,})/, '').replace(/[’‘`]/g, "'");
  // rule 'vendor.title-after-name': OCR joins a letterhead's name and the title printed across from it into one line
  // ("Solaris Systems S.L.U. FACTURA", "Verde Mar B.V. Creditnota"): a document's title after the name's legal form
  // is not part of the name
  const titled = TITLE_AT_END.exec(fold(raw));
  if (titled && titled.index > 0 && endsInLegalForm(raw.slice(0, titled.index).trimEnd())) raw = raw.slice(0, titled.index).trimEnd();
  const value = normaliseVendor(raw);
  // rule 'vendor.legal-form-only': "SDN BHD" alone names no one
  if (ONLY_LEGAL.test(fold(value).trim())) return siteVendor(lines);
  return {
    value,
    raw,
    line: first,
    from,
    to: Math.max(from + 1, end - first.start),
    confidence: Math.min(Math.max(0.2, Math.min(0.95, best.score + 0.15)), letterheadOnly(best.because ?? []) ? LETTERHEAD_ONLY_CAP : 1),
    because: [...(best.because ?? []), ...(joinedAbove ? ['vendor.trade-name-above'] : [])],
  };
}

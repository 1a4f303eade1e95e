/** Tax identifiers by shape: EU VAT numbers, UK VAT, Australian ABN, US EIN, Indian GSTIN, Malaysian GST, Polish NIP. */
import { isIbanPart, isPhoneLike, validateTaxId } from './checks/index.js';
import { type CellFinder, NO_CELLS } from './geometry.js';
import { type Line, fold } from './text.js';
import { labelRe } from './vocab.js';

export interface TaxIdHit {
  value: string;
  raw: string;
  kind: string;
  line: Line;
  from: number;
  to: number;
  /** True when the customer's block (bill to, Nabywca, "your VAT number") holds it, not the vendor's. */
  customer: boolean;
  confidence: number;
}

const SHAPES: Array<{ kind: string; re: RegExp; check?: (v: string) => boolean }> = [
  { kind: 'GSTIN', re: /\b\d{2}[A-Z]{5}\d{4}[A-Z][A-Z\d]Z[A-Z\d]\b/g },
  // EU VAT: country prefix then 8-12 alphanumerics, spaces allowed inside as printed (DE 232 446 240)
  {
    kind: 'VAT',
    re: /\b(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|CHE|XI)[ -]?(?:[0-9A-Z]{2,4}[ .-]?){2,4}[0-9A-Z]{0,4}\b/g,
    check: (v) => /\d{7,}/.test(v.replace(/[ .-]/g, '')),
  },
  { kind: 'ABN', re: /\b\d{2} ?\d{3} ?\d{3} ?\d{3}\b/g, check: (v) => validateTaxId(v, 'AU').valid },
  { kind: 'EIN', re: /\b\d{2}-\d{7}\b/g },
  { kind: 'NIP', re: /\b\d{3}-\d{2,3}-\d{2}-\d{2,3}\b|\b\d{10}\b/g },
  { kind: 'GST', re: /\b\d{12}\b/g },
];

const LABEL =
  /(?:vat|tva|btw|ust|mwst|gst|tax|steuer|nip|abn|ein|tin|gstin|iva|moms|ico|dic|uid)\b[^:\n]{0,25}?(?:no\.?|nr\.?|number|nummer|id|#|reg(?:istration)?\.?)?\s*[:.]?/;
const CUSTOMER = /\b(?:your|uw|ihre|votre|client|customer|buyer|nabywca|kunde|klant|bill(?:ed)? to)\b/;

/** A heading of the buyer's block: "Bill to", "Cliente", "Rechnungsempfänger" (vocabularies' customer labels). */
const BUYER_HEADING = labelRe('customer');

/**
 * Rule 'taxid.in-buyer-block': a tax id printed in the buyer's address block is the buyer's, however the block's
 * lines interleave with the columns beside it (a block on the right comes out of the text layer mixed with the left
 * column, so counting lines from "Bill to" misses it). Climbing the page's cells upward from the id (word boxes,
 * geometry.ts cellFinder), a customer heading within five rows above it, in its column, marks it as the buyer's.
 */
function inBuyerBlock(cells: CellFinder, line: Line, from: number, to: number): boolean {
  // from the id's whole cell ("VAT no.: GB123..." starts where the block's lines start)
  let cur = cells.at(line, from, to) ?? { line, from, to };
  for (let k = 0; k < 5; k++) {
    const up = cells.above(cur.line, cur.from, cur.to);
    if (!up) return false;
    const t = fold(up.text);
    if (BUYER_HEADING.test(t) && !/\d/.test(t)) return true;
    cur = up;
  }
  return false;
}

/** Tax ids on labelled lines (or of unmistakable shape anywhere). */
export function findTaxIds(lines: readonly Line[], cells: CellFinder = NO_CELLS): TaxIdHit[] {
  const out: TaxIdHit[] = [];
  let customerBlock = -1;
  for (const line of lines) {
    const f = fold(line.text);
    // a buyer's heading of any vocabulary ("Destinatario", "Exmo(s) Sr(s)", "Klant") opens the block as "Bill to" does;
    // a line with figures ("Kundennummer: 12345") is a reference, not the block's heading
    if (
      /\b(?:bill(?:ed)? to|ship to|nabywca|factuuradres|rechnungsadresse|adresse de facturation|sold to|customer)\b/.test(f) ||
      (BUYER_HEADING.test(f) && !/\d/.test(f))
    )
      customerBlock = line.n;
    const labelled = LABEL.test(f);
    for (const { kind, re, check } of SHAPES) {
      if (!labelled && kind !== 'GSTIN' && kind !== 'VAT') continue;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line.text))) {
        const raw = m[0];
        if (check && !check(raw)) continue;
        // a phone number or a piece of an IBAN is never a tax id, whatever its shape (checks/identifiers)
        if (isIbanPart(raw, line.text) || isPhoneLike(line.text, { start: m.index, end: m.index + raw.length })) continue;
        if (out.some((o) => o.line === line && m!.index < o.to && m!.index + raw.length > o.from)) continue;
        const before = f.slice(Math.max(0, m.index - 40), m.index);
        const customer =
          CUSTOMER.test(before) ||
          (customerBlock >= 0 && line.n - customerBlock <= 4) ||
          inBuyerBlock(cells, line, m.index, m.index + raw.length);
        out.push({
          value: raw.replace(/[\s.-]/g, '').toUpperCase(),
          raw,
          kind,
          line,
          from: m.index,
          to: m.index + raw.length,
          customer,
          // an id whose country prefix names a check digit that fails is a misread or not a tax id
          confidence: (labelled ? 0.8 : 0.6) - (customer ? 0.3 : 0) - (kind === 'VAT' && !validateTaxId(raw).valid ? 0.2 : 0),
        });
      }
    }
  }
  return out;
}

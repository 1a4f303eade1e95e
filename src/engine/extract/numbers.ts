/** Document numbers (invoice, receipt, credit note, PO) from labels in many languages, with OCR-tolerant spellings. */
import { findDateTokens } from './dates.js';
import { type CellFinder, NO_CELLS } from './geometry.js';
import { type TaxIdHit, findTaxIds } from './tax-ids.js';
import { type Line, columns, fold } from './text.js';
import { labelRe } from './vocab.js';

export interface NumberHit {
  value: string;
  raw: string;
  line: Line;
  from: number;
  to: number;
  confidence: number;
  label: string;
  /** The rule that paired label and value, when not the label on the value's own line. */
  rule?: string;
}

const NO = String.raw`(?:n[o0°º]\.?|nr\.?|num(?:ber|bers|mer|ero)?\.?|#|n\s?°|mo\.?|id)`;
interface Label {
  re: RegExp;
  w: number;
  /** Only as a column header over its value (a bare "Factuur" / "Invoice" cell). */
  headerOnly?: boolean;
}
const DOC_LABELS: Label[] = [
  {
    re: new RegExp(
      String.raw`\b(?:tax\s)?(?:in?v[o0]?[il1]?[cеc]?[eo]?|bill|receipt|rcpt|credit\s?note|cn|doc(?:ument)?)\s?${NO}\s*[:.#]?`,
      'g',
    ),
    w: 0.92,
  },
  {
    re: /\b(?:factuur|rechnungs?|faktur[ay]?(?:\svat)?|fattura|factura|nota|facture|invoice|credit\s?nota|gutschrift|avoir)[\s-]?(?:nummer|nr\.?|no\.?|n\s?[°º]|numero|num[eé]ro|number|#)\s*[:.]?/g,
    w: 0.95,
  },
  { re: /\b(?:numero|numéro|n[°º])\s(?:de\s)?(?:la\s)?facture\s*[:.]?/g, w: 0.95 },
  // every language's number labels from the vocabularies (vocab/*.json), with any way of writing the number sign
  { re: new RegExp(String.raw`${labelRe('number').source}\s*[:.#]?`, 'g'), w: 0.95 },
  {
    re: /\b(?:factuur|rechnung|facture|faktura(?:\svat)?|invoice|receipt|gutschrift|credit note|avoir|fattura|factura)\s*[:#]?(?=\s*[a-z]{0,6}[/\-_#]?\d)/g,
    w: 0.8,
  },
  { re: /\b(?:factuur|rechnung|facture|faktura|invoice|fattura|factura)(?=\s{2,}|\s*$)/g, w: 0.75, headerOnly: true },
  {
    re: new RegExp(String.raw`\b(?:booking|transaction|trans|order\sconfirmation|ticket|voucher|reference|ref)\.?\s?${NO}?\s*[:.]?`, 'g'),
    w: 0.55,
  },
  { re: /(?:^|\s)#\s?(?=[a-z0-9_]*\d)/g, w: 0.5 },
];
const PO_LABELS: Label[] = [
  {
    re: new RegExp(
      String.raw`\b(?:p\.?\s?o\.?|purchase\s?order|customer\sorder|your\sorder|order|bestell(?:ung)?|ordernummer|commande|zamowienie|zamówienie)[\s-]?${NO}?\s*[:.#]?`,
      'g',
    ),
    w: 0.85,
  },
  { re: /\b(?:ordernummer|bestellnummer|bestell-nr\.?|n° de commande|numero de commande)\s*[:.]?/g, w: 0.9 },
];
// Labels that look like numbers but are not the document's: never take these.
const NOT_DOC =
  /\b(?:account|acct|customer|client|klant|kunden?|tax|vat|btw|tva|gst|nip|tel|phone|fax|iban|swift|bic|page|seite|blz|kto|reg|company|dossier|order|ordern|bestell|po|p\.o|serial|serienummer|tracking|member|table|cashier|pos|terminal|line|ligne|guest|total[e]?|totaal|totalt|montant|importe|importo|betrag|amount|summe|suma|somma)\b[^:]{0,12}$/;

/** A plausible id: has a digit, no spaces, not a date, not money. */
export function looksLikeId(tok: string): boolean {
  if (tok.length < 2 || tok.length > 40) return false;
  if (!/\d/.test(tok)) return false;
  if (!/^[A-Za-z0-9][A-Za-z0-9\-/_.#:]*[A-Za-z0-9]$/.test(tok) && !/^\d$/.test(tok)) return false;
  if (/^\d{1,3}([.,]\d{3})*[.,]\d{2}$/.test(tok)) return false;
  if (/^\d{1,2}:\d{2}(:\d{2})?$/.test(tok)) return false;
  const d = findDateTokens(tok)[0];
  if (d && d.start === 0 && d.end === tok.length) return false;
  if (/^\d{1,2}$/.test(tok)) return false;
  return true;
}

/** First id-like token in `s` (offsets relative to s), allowing a leading "#" or ": " as printed. */
function firstId(s: string, maxSkip = 3): { tok: string; at: number } | null {
  // a comma before a digit stays in the token: "1.527,46" is one amount, not the id "1.527"
  const re = /(?:[^\s:;,]|,(?=\d))+/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(s)) && n++ <= maxSkip) {
    let tok = m[0].replace(/^[#(]+|[).,]+$/g, '');
    const at = m.index + m[0].indexOf(tok);
    if (!tok) continue;
    // "# ABC_..." "No. 123": skip the separator-only tokens
    if (/^(?:#|n\.?[o°º2]\.?|nr\.?|:)$/i.test(tok)) continue;
    // OCR reads a colon as a speck: "INVOICE NO © ESS447-004439"
    if (/^[^\p{L}\p{N}]+$/u.test(tok)) continue;
    // "F 1234K20/1234/12": one letter then the id proper reads as a single id
    const next = s.slice(at + tok.length).match(/^ ([A-Za-z0-9][\w\-/.]*\d[\w\-/.]*)/);
    if (/^[A-Z]{1,3}$/.test(tok) && next) tok = `${tok} ${next[1]}`;
    if (looksLikeId(tok.replace(/ /, ''))) return { tok, at };
    return null;
  }
  return null;
}

/** Value under a column header (header row followed by a value row): "Factuur  Vervaldatum" / "VF10  22-9-2022". */
function underHeader(lines: readonly Line[], line: Line, from: number, to: number): { line: Line; tok: string; at: number } | null {
  const cols = columns(line.text);
  if (cols.length < 2) return null;
  const col = cols.find((c) => c.start <= from && c.start + c.text.length >= to - 1);
  if (!col) return null;
  // the label must be the whole header cell: "Factuur", not "Factuur: 123"
  if (col.text.length > to - col.start + 3) return null;
  for (let k = line.n + 1; k < Math.min(lines.length, line.n + 3); k++) {
    const next = lines[k]!;
    if (next.page !== line.page) break;
    const nc = columns(next.text);
    if (nc.length < 2) continue;
    const idx = cols.indexOf(col);
    let best: { text: string; start: number } | undefined;
    let bestD = Infinity;
    for (const c of nc) {
      const overlap = Math.min(c.start + c.text.length, col.start + col.text.length) - Math.max(c.start, col.start);
      const d =
        overlap > 0 ? -overlap : Math.min(Math.abs(c.start - col.start), Math.abs(c.start + c.text.length - (col.start + col.text.length)));
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (nc.length === cols.length) best = nc[idx] ?? best;
    if (best && bestD < 12) {
      const id = firstId(best.text, 0);
      if (id) return { line: next, tok: id.tok, at: best.start + id.at };
    }
    break;
  }
  return null;
}

/** Labels that name a cell of their own: a cell beside a number label that starts with one is not its value. */
const CELL_LABEL = new RegExp(
  `^(?:${labelRe(['number', 'date', 'due', 'other_date', 'po', 'customer', 'tax', 'total', 'subtotal', 'total_strong', 'invoice_ref']).source})`,
);

/**
 * The number in the cell beside a label on its row (geometry.ts CellFinder.right): the cell must be the id and nothing
 * else but a label after it (the next pair of the row), never a label itself nor words with an id among them (a postal
 * code before its town).
 */
function besideValue(cells: CellFinder, line: Line, from: number, to: number): Omit<NumberHit, 'confidence' | 'label'> | null {
  const cell = cells.right(line, from, to);
  if (!cell) return null;
  const lead = /^[\s:#.]*/.exec(cell.text)![0].length;
  const body = cell.text.slice(lead);
  if (CELL_LABEL.test(fold(body))) return null;
  const id = firstId(body, 0);
  if (!id || id.at !== 0) return null;
  const after = fold(body.slice(id.tok.length)).replace(/^[\s:;,.)]+/, '');
  if (after && !CELL_LABEL.test(after)) return null;
  const at = cell.from + lead;
  return { value: id.tok, raw: id.tok, line: cell.line, from: at, to: at + id.tok.length };
}

/**
 * Rule 'number.not-invoice-reference': a credit note names the invoice it corrects ("Original invoice: 2024-118",
 * "Storno fattura n. 2024-4981", "zu Rechnung RE-118"); an invoice label inside such a reference (vocabularies'
 * invoice_ref phrases, the label at most a few characters past the phrase's start) is another document's number.
 */
const INVOICE_REF = labelRe('invoice_ref', 'g');
function insideReference(f: string, at: number, end: number): boolean {
  INVOICE_REF.lastIndex = 0;
  for (const m of f.slice(0, end + 2).matchAll(INVOICE_REF)) if (m.index <= at + 2 && m.index + m[0].length >= at) return true;
  return false;
}

/**
 * Rule 'number.ocr-number-sign': OCR reads the raised o or degree sign of "N°" as ® or e ("Factura n®", "Ne d'avoir",
 * "Ne nota de crédito"); before a document word or "de"/"d'" (where "ne" is no word of any vocabulary's language) it is
 * the number sign. Same length, so offsets hold.
 */
export function ocrNumberSign(folded: string): string {
  return folded
    .replace(/(?<![a-z0-9])n\s?®/g, (m) => m.replace('®', '°'))
    .replace(/(?<![a-z0-9])ne(?=\s+(?:de\s|d['’]|nota\s|fa[ckt]?tu|facture|avoir|credit))/g, 'n°');
}

function scan(lines: readonly Line[], labels: Label[], reject: RegExp | null, maxLines: number, cells: CellFinder = NO_CELLS): NumberHit[] {
  const out: NumberHit[] = [];
  for (const line of lines.slice(0, maxLines)) {
    const f = ocrNumberSign(fold(line.text));
    for (const { re, w, headerOnly } of labels) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      // a label repeated many times on one line is noise, not many numbers; bound the work
      let perLine = 0;
      while ((m = re.exec(f)) && perLine++ < 4) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const labelEnd = m.index + m[0].length;
        const labelEndTrim = m.index + m[0].trimEnd().length;
        const before = f.slice(Math.max(0, m.index - 14), m.index);
        if (reject && reject.test(before)) continue;
        if (reject && insideReference(f, m.index, labelEnd)) continue;
        const rest = line.text.slice(labelEnd);
        const id = headerOnly ? null : firstId(rest.slice(0, 150));
        if (id && rest.slice(0, id.at).trim().length <= 3) {
          out.push({
            value: id.tok,
            raw: id.tok,
            line,
            from: labelEnd + id.at,
            to: labelEnd + id.at + id.tok.length,
            confidence: w,
            label: m[0].trim(),
          });
          continue;
        }
        // rule 'number.row-geometry': OCR read the label's column apart from its values' column, so its text line ends
        // at the label; the nearest cell to its right on the same visual row (word boxes) holds the number, unless that
        // cell is another label (a header row of labels, or the next pair of the row: "Invoice no.   Date 12.03.2024")
        // the label must end its word: "ref" is no label at the start of "referentie"
        const afterLabel = line.text.slice(labelEndTrim);
        const beside = /^[\p{L}\p{N}]/u.test(afterLabel) ? null : besideValue(cells, line, m.index, labelEndTrim);
        if (beside) {
          out.push({ ...beside, confidence: w - 0.05, label: m[0].trim(), rule: 'number.row-geometry' });
          continue;
        }
        // rule 'number.label-above': the label ends its cell and the cell directly under it on the page (word boxes)
        // holds the number; lines mixing two columns ("Invoice no." beside the letterhead, "411 19 Göteborg   2023-16"
        // under it) put other words first in reading order (geometry.ts cellFinder). OCR keeps one space between the
        // cells of a header row ("Fecha de vencimiento N° nota de crédito Fecha de pedido"): a label next ends it too
        if (/^\s*[:#.]?\s*(?:\s\s|$)/.test(rest) || (/^\s/.test(afterLabel) && CELL_LABEL.test(ocrNumberSign(fold(rest.trimStart()))))) {
          const below = cells.below(line, m.index, labelEndTrim);
          const id2 = below ? firstId(below.text, 0) : null;
          if (below && id2 && !labelRe(['date', 'due', 'other_date', 'po', 'customer']).test(fold(below.text))) {
            out.push({
              value: id2.tok,
              raw: id2.tok,
              line: below.line,
              from: below.from + id2.at,
              to: below.from + id2.at + id2.tok.length,
              confidence: w - 0.05,
              label: m[0].trim(),
              rule: 'number.label-above',
            });
            continue;
          }
        }
        let h = underHeader(lines, line, m.index, labelEndTrim);
        if (!h && line.text.slice(0, m.index).trim() === '' && rest.trim() !== '') {
          // OCR keeps no column gaps: "Booking ID Payment Mode" / "ABCD1234 Cash at Hotel" — the first cell
          // of the header row names the first cell of the next row
          const next = lines[line.n + 1];
          if (next && next.page === line.page) {
            const t = next.text.trimStart();
            const id2 = firstId(t, 0);
            if (id2 && /\d/.test(id2.tok) && /[A-Za-z]/.test(id2.tok))
              h = { line: next, tok: id2.tok, at: next.text.length - t.length + id2.at };
          }
        }
        if (h) {
          out.push({
            value: h.tok,
            raw: h.tok,
            line: h.line,
            from: h.at,
            to: h.at + h.tok.length,
            confidence: w - 0.08,
            label: m[0].trim(),
          });
          continue;
        }
        // Label alone at the end of its line: plain text extraction puts values a few lines below.
        if (!headerOnly && /[:#.]\s*$|(?:no|nr|number|nummer)\s*$/.test(m[0].trimEnd()) && /^[\s:]*$/.test(rest)) {
          for (let k = line.n + 1; k < Math.min(lines.length, line.n + 5); k++) {
            const nl = lines[k]!;
            const t = nl.text.trim();
            const id2 = firstId(t, 0);
            if (id2) {
              const at = nl.text.indexOf(t) + id2.at;
              out.push({
                value: id2.tok,
                raw: id2.tok,
                line: nl,
                from: at,
                to: at + id2.tok.length,
                confidence: w - 0.2 - 0.03 * (k - line.n),
                label: m[0].trim(),
              });
              break;
            }
            if (/\d/.test(t) && !/:$/.test(t)) break;
          }
        }
      }
    }
  }
  return out;
}

function clean(v: string): string {
  return v.replace(/^[#:]+/, '').replace(/[.,:;]+$/, '');
}

const TAX_LABEL = labelRe('tax');

/**
 * Rule 'number.not-tax-id': a value the tax-id finder reads as a tax id with a tax label before it on its line is that
 * tax id, whatever number label OCR joined to it (a title "Faktura" beside the buyer's "VAT-nr: SE556...", read as one
 * line "Faktura VAT-nr: SE556..."): it is never the document's number.
 */
function taxIdHit(h: NumberHit, taxIds: readonly TaxIdHit[]): boolean {
  return taxIds.some(
    (t) => t.line === h.line && t.from < h.to && t.to > h.from && TAX_LABEL.test(fold(h.line.text).slice(Math.max(0, t.from - 40), t.from)),
  );
}

/** `taxIds`: the document's tax ids when the caller has found them already (extractDocument finds them once). */
export function findDocumentNumber(lines: readonly Line[], cells: CellFinder = NO_CELLS, taxIds?: readonly TaxIdHit[]): NumberHit | null {
  let hits = scan(lines, DOC_LABELS, NOT_DOC, 400, cells);
  if (!hits.length) return null;
  const ids = taxIds ?? findTaxIds(lines, cells);
  hits = hits.filter((h) => !taxIdHit(h, ids));
  if (!hits.length) return null;
  // earliest strong hit wins ties: the header states the number before the footer repeats or references it
  hits.sort((a, b) => b.confidence - a.confidence || a.line.n - b.line.n);
  const h = hits[0]!;
  return { ...h, value: clean(h.value) };
}

export function findPoNumber(lines: readonly Line[]): NumberHit | null {
  const hits = scan(lines, PO_LABELS, /\b(?:date|datum|data)\b/, 400).filter((h) => !/date|datum/i.test(h.label));
  if (!hits.length) return null;
  hits.sort((a, b) => b.confidence - a.confidence || a.line.n - b.line.n);
  const h = hits[0]!;
  return { ...h, value: clean(h.value) };
}

/** Normalise a number for comparison (case, spaces, leading '#'). */
export function sameDocNumber(a: string, b: string): boolean {
  const n = (s: string) => s.replace(/[\s#]/g, '').toLowerCase();
  return n(a) === n(b);
}

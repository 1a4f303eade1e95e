/**
 * Document type from weighted multilingual cues. A title near the top counts more than a word in the body, and
 * till features (cash, change, cashier, times) outweigh a "TAX INVOICE" header, which many shop receipts print.
 */
import type { DocType } from '../../contract/domain.js';
import { findDateTokens } from './dates.js';
import { type Line, fold } from './text.js';
import { type LabelKind, labelRe } from './vocab.js';

type Scored = Exclude<DocType, 'other'>;
interface Cue {
  re: RegExp;
  w: number;
}

const g = (kinds: LabelKind | LabelKind[]) => labelRe(kinds, 'g');
// Rule 'class.cues': titles and labels from the vocabularies, weighted by how surely they mark the type.
const CUES: Record<Scored, Cue[]> = {
  invoice: [
    { re: g('invoice_title'), w: 1.0 },
    { re: g('number'), w: 1.2 },
    { re: g('billing'), w: 0.6 },
    { re: g('tax'), w: 0.2 },
  ],
  receipt: [
    { re: g('receipt_title'), w: 1.1 },
    { re: g(['till', 'cash', 'change', 'card', 'rounding']), w: 0.45 },
    { re: /\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:am|pm)?\b/g, w: 0.35 },
  ],
  purchase_order: [
    { re: g('po_title'), w: 1.6 },
    { re: g('po'), w: 0.5 },
  ],
  credit_note: [{ re: g('credit_title'), w: 2.0 }],
};
const CASH = labelRe(['cash', 'paid']);
const CHANGE = labelRe('change');
const ROUNDING = labelRe('rounding');
const TILL = labelRe('till');
const CARD = labelRe('card');
const BILLING = labelRe('billing');
const TOTALISH = labelRe(['total', 'total_strong']);
const DUE_ALL = labelRe('due', 'g');

/** A due label with a date right after it ("Due date: 30/03/2016", "Payment due 8 Jan 2024"), not "TOTAL DUE: 796.44". */
function dueByDate(f: string): boolean {
  for (const m of f.matchAll(DUE_ALL)) {
    const after = f.slice(m.index + m[0].length, m.index + m[0].length + 40).split('\n')[0]!;
    if (findDateTokens(after).some((t) => t.start <= 12 && !/\d/.test(after.slice(0, t.start)))) return true;
  }
  return false;
}
/** A card number as a terminal prints it, all but its last four digits masked: "XXXXXXXXXXXX6983", "**** **** 1234". */
const CARD_SLIP_PAN = /(?:[x*•][\s-]?){8,}\d{4}\b/;
/** The terminal's approval of the sale: "APPR CODE: 052499", "AUTH NO 123456", "TID: 91418827". */
const CARD_SLIP_CODE = /\b(?:appr(?:oval)?|auth(?:ori[sz]ation)?)\.?\s*(?:code|no)?\.?\s*[:#]?\s*\d{4,}|\btid\s*[:#]?\s*\d{6,}/;
const TIME_TO_SECOND = /\b\d{1,2}:\d{2}:\d{2}\b|\b\d{1,2}:\d{2}\s?(?:am|pm)\b/;

/**
 * Rule 'class.po-reference-not-title': an order's title used as a label, with the order's number after it ("Nota de
 * encomenda: PO-5693", "Bestellung 4711", or the number on the next line under it) or as one cell of a header row
 * ("N.º Fatura   Cliente n.º   Nota de encomenda", "Ihre Bestellung   Bestelldatum"), is an invoice quoting the
 * buyer's order, not an order, when the document also names itself an invoice or credit note (an order titled "BON DE
 * COMMANDE n° 778" says neither); such a label is blanked (same length, so offsets hold) before the cues are counted.
 */
const INVOICE_OR_CREDIT_TITLE = labelRe(['invoice_title', 'credit_title']);
const CREDIT_TITLE_LINE = new RegExp(String.raw`^[^a-z0-9]*(?:${labelRe('credit_title').source})[^a-z0-9]*$`);
const INVOICE_REFERENCE = new RegExp(`${labelRe('invoice_ref').source}(?:\\s*(?:n[.°º]*|nr\\.?|no\\.?|#))?`, 'g');
const PO_TITLE = labelRe('po_title').source;
const PO_TITLE_RE = labelRe('po_title');
const PO_TITLE_ALL = labelRe('po_title', 'g');
const PO_REFERENCE = new RegExp(
  [
    `${PO_TITLE}(?=[ \\t]*(?:\\n[ \\t]*)?(?:n[.°º]*|nr\\.?|no\\.?|#)?[ \\t]*[:#.]?[ \\t]*[a-z]{0,4}[-/]?\\d)`,
    // a cell of a row: a column gap before it on its line, or after it
    `(?<=\\S[ \\t]{2,}[^\\n]*)${PO_TITLE}`,
    `${PO_TITLE}(?=[ \\t]{2,}\\S)`,
  ].join('|'),
  'g',
);

const RETURNS_POLICY =
  /\b(?:no|non)[\s-]?(?:cash\s)?refund\w*|refund\w*\s*(?:or|and|&|\/)\s*exchange\w*|exchange\w*\s*(?:or|and|&|\/)\s*refund\w*/g;

export function classifyDocument(text: string): { docType: DocType; confidence: number } {
  // rule 'class.returns-policy-not-refund': "STRICTLY NO CASH REFUND", "NO REFUND OR EXCHANGE" are a shop's returns
  // policy, not a refund; a policy is known by its "no" or by the exchange it offers beside the refund, since OCR glues
  // specks to the "no" ("BNO REFUND OR EXCHANGE")
  let f = fold(text).replace(RETURNS_POLICY, (m) => `no returns${' '.repeat(Math.max(0, m.length - 10))}`);
  if (INVOICE_OR_CREDIT_TITLE.test(f)) f = f.replace(PO_REFERENCE, (m) => ' '.repeat(m.length));
  // and an order's title printed after the document named itself an invoice or credit note is the buyer's order it
  // quotes, however the layout places its number ("Ihre Bestellung" over "PO-299882" beside the address block)
  const firstTitle = f.search(INVOICE_OR_CREDIT_TITLE);
  const firstOrder = f.search(PO_TITLE_RE);
  if (firstTitle >= 0 && firstOrder > firstTitle) f = f.replace(PO_TITLE_ALL, (m) => ' '.repeat(m.length));
  // rule 'class.invoice-reference-not-cue': a credit note names the invoice it corrects ("Bezug: Rechnung Nr.",
  // "Original invoice", "Storno fattura"); that reference is no cue that the document is an invoice
  f = f.replace(INVOICE_REFERENCE, (m) => ' '.repeat(m.length));
  const head = f.slice(0, Math.min(f.length, 600));
  const scores: Record<Scored, number> = { invoice: 0, receipt: 0, purchase_order: 0, credit_note: 0 };
  for (const [type, cues] of Object.entries(CUES) as Array<[Scored, Cue[]]>) {
    for (const { re, w } of cues) {
      re.lastIndex = 0;
      const all = f.match(re)?.length ?? 0;
      re.lastIndex = 0;
      const top = head.match(re)?.length ?? 0;
      // diminishing returns: the fifth "cash" says little more than the second
      scores[type] += w * (Math.log2(1 + all) + 0.8 * Math.min(top, 2));
    }
  }
  // Rule 'class.till': money handed over and given back happens at a till, whatever the slip's title says
  if (CASH.test(f) && CHANGE.test(f)) scores.receipt += 2.5;
  // Till features: a rounding line, cash and change, a counter/cashier word, a card payment, a time of day to the
  // second. Several of them mark a sale across a counter even when the slip is titled TAX INVOICE and numbered;
  // an invoice sent for payment later has billing terms instead.
  const till = [ROUNDING.test(f), CASH.test(f) && CHANGE.test(f), TILL.test(f), CARD.test(f), TIME_TO_SECOND.test(f)].filter(
    Boolean,
  ).length;
  const billing = BILLING.test(f);
  if (till >= 2 && !billing) scores.receipt += 1.5 * till;
  // rule 'class.card-slip': the card terminal's record of the sale (a masked card number and the approval code or
  // terminal id) was printed at the counter: a receipt, though it names the buyer ("BILL TO" for an expense claim),
  // unless it asks to be paid by a date
  if (CARD_SLIP_PAN.test(f) && CARD_SLIP_CODE.test(f) && !dueByDate(f)) scores.receipt += 2.5;
  // rule 'class.credit-title-line': a line that is a credit note's title and nothing else ("Kreditnota", "CREDIT NOTE")
  // names the document wherever OCR's reading order put it (a title on the right comes after the left column)
  if (f.split('\n').some((l) => CREDIT_TITLE_LINE.test(l))) scores.credit_note += 1.5;
  // a credit note or PO usually also says "invoice" (original invoice, invoice address): their own cue decides
  if (scores.credit_note >= 2.5) scores.credit_note += scores.invoice * 0.5;
  if (scores.purchase_order >= 2.5) scores.purchase_order += scores.invoice * 0.3;
  const ranked = (Object.entries(scores) as Array<[Scored, number]>).sort((a, b) => b[1] - a[1]);
  const [bestType, best] = ranked[0]!;
  const second = ranked[1]![1];
  if (best < 1) {
    // Rule 'class.amounts': OCR too poor to read a title or a till word still leaves a column of money and a total
    // or payment label; a short slip of that kind is a receipt, not "other"
    const money = f.match(/\d[.,]\d{2}(?!\d)/g)?.length ?? 0;
    if (money >= 3 && (TOTALISH.test(f) || CASH.test(f)) && f.length < 3000) return { docType: 'receipt', confidence: 0.5 };
    return { docType: 'other', confidence: Math.max(0.3, 1 - best) * 0.8 };
  }
  const margin = (best - second) / (best + 1);
  const confidence = Math.min(0.98, 0.45 + 0.5 * margin + Math.min(0.2, best * 0.03));
  return { docType: bestType, confidence: Math.round(confidence * 100) / 100 };
}

const PAYMENT_LINE = labelRe(['paid', 'cash', 'change', 'rounding', 'card']);
/** A date and a time to the second on one line: "28 Mar 18 18:32:36", "21/05/2018 11:59:48". */
const TILL_STAMP = /\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}\s?[A-Za-z]{3}\s?\d{2,4}|\d{4}-\d{2}-\d{2})\s+\d{1,2}:\d{2}:\d{2}\b/;
/** Words only a till prints (cashier, counter, terminal): not 'qty' or 'thank you', which invoices print too. */
const CASHIER = labelRe('cashier');

/**
 * Rule 'class.numberless-scan-with-payments': a scanned "TAX INVOICE" with no invoice number but money changing
 * hands (a payment line ending in an amount, or a cashier) is a till slip; so is one stamped with the time to the
 * second and no billing terms ('class.numberless-scan-with-till-stamp').
 */
export function refineDocType(
  c: { docType: DocType; confidence: number },
  ctx: { isOcr: boolean; hasNumber: boolean; lines: readonly Line[] },
): { docType: DocType; confidence: number } {
  if (c.docType !== 'invoice' || !ctx.isOcr || ctx.hasNumber) return c;
  // Rule 'class.billing-terms-stay-invoice': a slip that asks to be paid later (bank details, payment terms, a bill-to
  // party) is an invoice whose number OCR lost, not a till slip
  if (ctx.lines.some((l) => BILLING.test(fold(l.text)))) return c;
  // the payment word starts the line ("CARD 45.00"); a product named "... Card" is no payment
  const paying = ctx.lines.some((l) => (PAYMENT_LINE.exec(fold(l.text))?.index ?? 99) <= 2 && /\d[.,]\d{2}\s*$/.test(l.text));
  // Rule 'class.numberless-scan-with-till-stamp': or the slip is stamped by a till, a date with the time to the second
  // on one line ("28 Mar 18 18:32:36"), and asks for no payment later (no billing terms)
  const stamped = ctx.lines.some((l) => TILL_STAMP.test(l.text));
  if (!paying && !stamped && !ctx.lines.some((l) => CASHIER.test(fold(l.text)))) return c;
  return { docType: 'receipt', confidence: Math.min(c.confidence, 0.6) };
}

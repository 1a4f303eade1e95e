/**
 * Rules-based extraction: pure and synchronous, so it runs inside pipeline workers and in tests without I/O.
 * Each field keeps the span it was read from (and OCR word boxes) so the review UI can highlight it.
 */
import type { DocType, ExtractedField, ExtractionResult, FieldName, FieldSource, LineItem } from '../../contract/domain.js';
import { type DecimalMark, detectDecimalMark, formatAmount } from './amounts.js';
import type { Candidate } from './candidate.js';
import { classifyDocument } from './classifier.js';
import { currencyForLocale, detectCurrency } from './currency.js';
import { type DateToken, findDateTokens, resolveDate, settleOrder, isAmbiguous } from './dates.js';
import { locateWords, totalOnLabelRow } from './geometry.js';
import { findLineItems } from './line-items.js';
import { findDocumentNumber, findPoNumber } from './numbers.js';
import { findTaxIds } from './tax-ids.js';
import { type Line, type PageInput, type Span, clamp01, columns, fold, spanIn, splitLines } from './text.js';
import { type AmountHit, allAmounts, cardAmount, cashLine, findSummaryAmounts, paidAmount, roundingAdjustment } from './totals.js';
import { DEFAULT_REVIEW_THRESHOLD, validateExtraction } from './validate.js';
import { findVendor } from './vendor.js';
import { labelRe } from './vocab.js';

export { classifyDocument } from './classifier.js';
export { validateExtraction, requiredFields, DEFAULT_REVIEW_THRESHOLD, type ValidateOptions, type ValidationOutcome } from './validate.js';
export { parseAmount, formatAmount, findAmounts } from './amounts.js';
export { parseDate } from './dates.js';
export { currencyFromToken } from './currency.js';
export type { PageInput, OcrWord } from './text.js';
export type { Candidate } from './candidate.js';

/** What vendor memory knows about the document's vendor once it has matched it (by tax id, IBAN or name). */
export interface KnownVendor {
  /** Canonical name, as the clerk corrected it. */
  name: string;
  taxId?: string | null;
  iban?: string | null;
  currency?: string | null;
  /** How many reviewed or corrected documents taught it. */
  learnedFrom?: number;
}

export interface ExtractOptions {
  /** "en-US" reads 03/04/2024 as March 4; most other locales as 3 April. Evidence in the document wins. */
  locale?: string;
  reviewThreshold?: number;
  now?: Date;
  /**
   * Candidates found by means outside the built-in rules (vendor memory's learned labels and positions). They
   * compete with the finders' candidates in the decision step and are preferred when the checks agree with them.
   */
  extraCandidates?: Candidate[];
  /** The matched vendor: its canonical name and the ids and currency it is known to use. */
  knownVendor?: KnownVendor;
}

// Date labels come from the vocabularies: what the date is (issued, due, or another date such as delivery)
const ISSUE_LABEL = labelRe('date');
const DUE_LABEL = labelRe('due');
const OTHER_DATE_LABEL = labelRe('other_date');

interface DateCand {
  tok: DateToken;
  iso: string;
  line: Line;
  issue: number;
  due: number;
}

const tailRe = new Map<RegExp, RegExp>();
function labelBefore(f: string, at: number, re: RegExp, window = 40): boolean {
  let tr = tailRe.get(re);
  if (!tr) {
    tr = new RegExp(re.source + String.raw`[^\d]{0,20}$`);
    tailRe.set(re, tr);
  }
  return tr.test(f.slice(Math.max(0, at - window), at));
}
const globalRe = new Map<RegExp, RegExp>();
function lastIndexOf(s: string, re: RegExp): number {
  let g = globalRe.get(re);
  if (!g) {
    g = new RegExp(re.source, 'g');
    globalRe.set(re, g);
  }
  g.lastIndex = 0;
  let pos = -1;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s))) pos = m.index;
  return pos;
}

/** Header cell above the token (column layout): "Invoice Date:   Due Date:" / "03/20/2023   04/04/2023". */
function headerAbove(lines: readonly Line[], line: Line, start: number, end: number): string | null {
  for (let k = line.n - 1; k >= Math.max(0, line.n - 2); k--) {
    const prev = lines[k]!;
    if (prev.page !== line.page) return null;
    const cols = columns(prev.text);
    if (cols.length < 2 || /\d{2}/.test(prev.text.replace(/\b\d{1,2}%/g, ''))) continue;
    // same number of cells: match by position in the row (text joined from PDF runs keeps gaps, not widths)
    const own = columns(line.text);
    if (own.length === cols.length) {
      const i = own.findIndex((c) => c.start <= start && c.start + c.text.length >= end);
      if (i >= 0) return fold(cols[i]!.text);
    }
    let best: string | null = null;
    let bestD = Infinity;
    for (const c of cols) {
      const overlap = Math.min(c.start + c.text.length, end) - Math.max(c.start, start);
      const d = overlap > 0 ? -overlap : Math.min(Math.abs(c.start - start), Math.abs(c.start + c.text.length - end));
      if (d < bestD) {
        bestD = d;
        best = c.text;
      }
    }
    return bestD < 10 ? fold(best!) : null;
  }
  return null;
}

function findDates(
  lines: readonly Line[],
  locale: string | undefined,
  currency: string | null,
  now: Date,
): { issue: DateCand | null; due: DateCand | null; ambiguous: boolean; evidence: boolean } {
  const raw: Array<{ tok: DateToken; line: Line }> = [];
  for (const line of lines) for (const tok of findDateTokens(line.text)) raw.push({ tok, line });
  // a labelled date, or one printed with a time, is better evidence than digits in a dashed rule or a code
  const weights = raw.map(({ tok, line }) => {
    const f = fold(line.text);
    const labelled = ISSUE_LABEL.test(f.slice(Math.max(0, tok.start - 20), tok.start));
    const timed = /^\s{0,3}\d{1,2}:\d{2}/.test(line.text.slice(tok.end, tok.end + 8));
    const padded = /^\d{2}\D/.test(tok.raw);
    return (labelled ? 2 : 0) + (timed ? 2 : 0) + (padded ? 1 : 0.3);
  });
  const { order, evidence } = settleOrder(
    raw.map((r) => r.tok),
    locale,
    currency,
    weights,
  );
  const nowT = now.getTime();
  const cands: DateCand[] = [];
  const labelOnlyBefore = (line: Line): string => {
    // plain-text extraction: "Invoice Date:" lines stacked above the values
    const parts: string[] = [];
    for (let k = line.n - 1; k >= Math.max(0, line.n - 4); k--) {
      const t = lines[k]!.text.trim();
      if (!/:\s*$/.test(t) || /\d/.test(t)) break;
      parts.unshift(fold(t));
    }
    return parts.join(' | ');
  };
  raw.forEach(({ tok, line }, i) => {
    const iso = resolveDate(tok, order);
    if (!iso) return;
    const t = Date.parse(`${iso}T00:00:00Z`);
    const f = fold(line.text);
    let issue = 0.5 - Math.min(0.15, i * 0.02);
    let due = 0;
    const hdr = headerAbove(lines, line, tok.start, tok.end);
    const stacked = labelOnlyBefore(line);
    const before = f.slice(0, tok.start);
    // the label nearest the token decides what the date is
    const lastLabel = (re: RegExp) => lastIndexOf(before, re);
    const pIssue = labelBefore(f, tok.start, ISSUE_LABEL, 45) ? lastLabel(ISSUE_LABEL) : -1;
    const pDue = labelBefore(f, tok.start, DUE_LABEL, 45) ? lastLabel(DUE_LABEL) : -1;
    const pOther = labelBefore(f, tok.start, OTHER_DATE_LABEL, 30) ? lastLabel(OTHER_DATE_LABEL) : -1;
    const nearest = Math.max(pIssue, pDue, pOther);
    if (nearest >= 0) {
      // "Due Date": the issue pattern's "date" sits inside the due label
      if (pDue >= 0 && pDue >= nearest - 8) {
        due += 0.9;
        issue -= 0.4;
      } else if (nearest === pOther) issue -= 0.3;
      // a one-word label ("Date:") says less than "Invoice date"
      else issue += /\s/.test(ISSUE_LABEL.exec(before.slice(pIssue))?.[0] ?? '') ? 0.45 : 0.3;
    } else if (hdr) {
      if (DUE_LABEL.test(hdr)) {
        due += 0.8;
        issue -= 0.4;
      } else if (OTHER_DATE_LABEL.test(hdr)) issue -= 0.3;
      else if (ISSUE_LABEL.test(hdr)) issue += 0.35;
    } else if (stacked) {
      if (ISSUE_LABEL.test(stacked)) issue += 0.2;
      if (DUE_LABEL.test(stacked) && !ISSUE_LABEL.test(stacked)) due += 0.5;
    }
    // OCR drops column gaps: a header row "Date Time Num" over a row that starts with the date still labels it
    const prevLine = lines[line.n - 1];
    if (
      nearest < 0 &&
      !hdr &&
      !stacked &&
      tok.start <= 3 &&
      prevLine &&
      prevLine.page === line.page &&
      !/\d/.test(prevLine.text) &&
      ISSUE_LABEL.test(fold(prevLine.text).slice(0, 12))
    )
      issue += 0.3;
    // a date in a sentence ("billing period July 1 - July 31") or a range is rarely the document date
    if (/\s[-–]\s*$/.test(before) || /^\s*[-–]\s*\d/.test(line.text.slice(tok.end))) issue -= 0.25;
    if (t > nowT + 30 * 86400000) issue -= 0.4;
    // receipts print the transaction date with its time
    if (/^\s{0,3}\d{1,2}:\d{2}/.test(line.text.slice(tok.end, tok.end + 8))) issue += 0.1;
    if (isAmbiguous(tok) && !evidence) issue -= 0.05;
    cands.push({ tok, iso, line, issue, due });
  });
  const issue = cands.slice().sort((a, b) => b.issue - a.issue || a.line.n - b.line.n)[0] ?? null;
  let due = cands.filter((c) => c.due > 0.3 && c !== issue).sort((a, b) => b.due - a.due)[0] ?? null;
  if (due && issue && due.iso < issue.iso && issue.issue < 0.8) due = null;
  return { issue, due, ambiguous: raw.some((r) => isAmbiguous(r.tok)), evidence };
}

/** Same number of digits, differing in exactly one place ("28.70" / "28.90"). */
function oneDigitApart(a: number, b: number): boolean {
  const x = a.toFixed(2);
  const y = b.toFixed(2);
  if (x.length !== y.length || x === y) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  return diff === 1;
}

export function extractDocument(pages: PageInput[], opts: ExtractOptions = {}): ExtractionResult {
  const now = opts.now ?? new Date();
  const threshold = opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  const lines = splitLines(pages);
  const fullText = pages.map((p) => p.text ?? '').join('\n\f\n');
  const isOcr = pages.some((p) => p.method === 'ocr');
  let { docType, confidence: docTypeConfidence } = lines.length
    ? classifyDocument(fullText)
    : { docType: 'other' as DocType, confidence: 0.5 };

  const wordIndex = new Map<number, ReturnType<typeof locateWords>>();
  const sourceOf = (span: Span | null): FieldSource | null => {
    if (!span) return null;
    const page = pages.find((p) => p.index === span.page);
    // OCR pages and text layers both carry word boxes (text layers in points, see read/pdf-text.ts)
    if (!page || !page.words?.length) return { ...span };
    let idx = wordIndex.get(page.index);
    if (!idx) {
      idx = locateWords(page.text, page.words);
      wordIndex.set(page.index, idx);
    }
    const boxes = idx.filter((x) => x.s < span.end && x.e > span.start).map(({ w }) => ({ x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1 }));
    return boxes.length ? { ...span, boxes } : { ...span };
  };

  const fields: ExtractedField[] = [];
  const put = (name: FieldName, value: string | null, raw: string | null, confidence: number, span: Span | null) => {
    // OCR lines were repaired in place ("49. 40" read as "49.40 "): report and point at the characters as printed
    const pageNo = span?.page;
    const page = pageNo === undefined ? undefined : pages.find((p) => p.index === pageNo);
    if (span && page?.method === 'ocr' && name !== 'vendor_name' && span.end > span.start) {
      const t = page.text;
      let end = span.end;
      while (end < t.length && end < span.end + 2 && /\d/.test(t[end]!) && /[\d. ]/.test(t[end - 1]!)) end++;
      span = { ...span, end };
      raw = t.slice(span.start, end).trimEnd();
    }
    fields.push({
      name,
      value,
      raw,
      confidence: Math.round(clamp01(confidence) * 100) / 100,
      source: value === null ? null : sourceOf(span),
      origin: 'rules',
    });
  };

  const decimal: DecimalMark | undefined = detectDecimalMark(fullText);
  const cur = detectCurrency(lines, currencyForLocale(opts.locale));

  // vendor
  const vendor = findVendor(lines);
  put(
    'vendor_name',
    vendor?.value ?? null,
    vendor?.raw ?? null,
    vendor?.confidence ?? 0,
    vendor ? spanIn(vendor.line, vendor.from, vendor.to) : null,
  );

  // tax id: the vendor's, not the customer's
  const tax = findTaxIds(lines)
    .filter((t) => !t.customer)
    .sort((a, b) => b.confidence - a.confidence || a.line.n - b.line.n)[0];
  put('vendor_tax_id', tax?.value ?? null, tax?.raw ?? null, tax?.confidence ?? 0, tax ? spanIn(tax.line, tax.from, tax.to) : null);

  let docNo = findDocumentNumber(lines);
  // a purchase order's own number is its PO number
  if (docType === 'purchase_order') docNo = findPoNumber(lines) ?? docNo;
  if (docNo && isOcr && /^1[A-Z]{3,}\d/.test(docNo.value)) {
    // OCR reads a leading I as 1: "1BZY2087" is a letter prefix ("IBZY2087"), as document numbers print them
    docNo = { ...docNo, value: `I${docNo.value.slice(1)}` };
  }
  // a payment line ("CASH 50.00", "CARD RM 45.00"), not a product that happens to be a memory card
  const tillLine = (l: Line) =>
    (/\b(?:paid|cash|change|tender\w*|rounding|visa|mastercard)\b/.test(fold(l.text)) ||
      /^\W*(?:credit\s|debit\s)?card\b/.test(fold(l.text))) &&
    /\d[.,]\d{2}\s*$/.test(l.text);
  if (docType === 'invoice' && isOcr && !docNo && (lines.some(tillLine) || /\bcashier\b/.test(fold(fullText)))) {
    // a scanned "TAX INVOICE" with no invoice number but money changing hands is a till slip
    docType = 'receipt';
    docTypeConfidence = Math.min(docTypeConfidence, 0.6);
  }
  put(
    'document_number',
    docNo?.value ?? null,
    docNo?.raw ?? null,
    (docNo?.confidence ?? 0) - (isOcr ? 0.05 : 0),
    docNo ? spanIn(docNo.line, docNo.from, docNo.to) : null,
  );
  let po = findPoNumber(lines);
  if (po && docNo && po.value === docNo.value && docType !== 'purchase_order') po = null;
  put('po_number', po?.value ?? null, po?.raw ?? null, po?.confidence ?? 0, po ? spanIn(po.line, po.from, po.to) : null);

  const dates = findDates(lines, opts.locale, cur?.code ?? null, now);
  const dateConf = (c: DateCand | null, score: number) =>
    c ? clamp01(0.35 + score * 0.6 - (isAmbiguous(c.tok) && !dates.evidence ? 0.1 : 0) - (isOcr ? 0.03 : 0)) : 0;
  put(
    'issue_date',
    dates.issue?.iso ?? null,
    dates.issue?.tok.raw ?? null,
    dateConf(dates.issue, dates.issue?.issue ?? 0),
    dates.issue ? spanIn(dates.issue.line, dates.issue.tok.start, dates.issue.tok.end) : null,
  );
  put(
    'due_date',
    dates.due?.iso ?? null,
    dates.due?.tok.raw ?? null,
    dateConf(dates.due, dates.due?.due ?? 0),
    dates.due ? spanIn(dates.due.line, dates.due.tok.start, dates.due.tok.end) : null,
  );

  put('currency', cur?.code ?? null, cur?.raw || null, cur?.confidence ?? 0, cur && cur.raw ? cur.span : null);

  // totals
  const hits = findSummaryAmounts(lines, decimal, isOcr);
  const pick = (kind: AmountHit['kind']) => hits.filter((h) => h.kind === kind).sort((a, b) => b.score - a.score || b.line.n - a.line.n);
  // the pairwise checks below are quadratic: the strongest few dozen candidates are plenty
  const totals = pick('total').slice(0, 40);
  if (isOcr) {
    // a total label with no amount on its text line: OCR may have broken the reading order, and the word boxes
    // show the value on the same visual row, which is better evidence than the label/value blocks of the text
    const row = totalOnLabelRow(lines, pages, decimal);
    if (row) totals.push({ kind: 'total', value: row.token.value, token: row.token, line: row.line, score: 0.92 });
  }
  const subs = pick('subtotal');
  const taxes = pick('tax');
  let total: AmountHit | null = null;
  let totalScore = 0;
  const amountCounts = new Map<number, number>();
  const amounts = allAmounts(lines, decimal);
  for (const { token } of amounts) amountCounts.set(token.value, (amountCounts.get(token.value) ?? 0) + 1);
  const paid = paidAmount(lines, decimal);
  for (const h of totals) {
    let s = h.score;
    const confirmed = paid !== null && Math.abs(paid - h.value) < 0.015;
    if (confirmed) s += 0.4;
    if (subs[0] && taxes[0] && Math.abs(subs[0].value + taxes[0].value - h.value) < 0.02) s += 0.15;
    else if (subs[0] && !taxes[0] && Math.abs(subs[0].value - h.value) < 0.02) s += 0.05;
    if ((amountCounts.get(h.value) ?? 0) >= 2) s += 0.05;
    // the amount due is rarely smaller than another labelled total candidate of similar strength
    // the amount due is the largest labelled total (subtotal, tax and rounding lines are smaller), so a
    // candidate below another credible one loses unless it is far stronger
    const larger = totals.filter((o) => o.value > h.value + 0.05 && o.score >= Math.max(0.45, h.score - 0.15)).length;
    if (!confirmed) s -= 0.12 * Math.min(larger, 2);
    // "(Total included GST @6%: 1.42)" is a tax figure: tiny next to another total
    if (/\b(?:gst|vat|tax|tva|btw|mwst)\b/i.test(h.line.text) && totals.some((o) => o !== h && o.score >= 0.4 && h.value < o.value * 0.25))
      s -= 0.4;
    // "Total 49.39 / Rounding 0.01 / Total 49.40": of two near-equal totals the later one is the rounded amount due
    const laterRounded = total && Math.abs(s - totalScore) <= 0.06 && Math.abs(h.value - total.value) <= 0.1 && h.line.n > total.line.n;
    if (!total || s > totalScore || laterRounded) {
      total = h;
      totalScore = s;
    }
  }
  const addTax = subs[0] && taxes[0] && !taxes[0].inclusive && taxes[0].line.n > subs[0].line.n ? taxes[0].value : 0;
  if (subs[0] && (!total || (totalScore < 0.6 && addTax > 0 && Math.abs(total.value - (subs[0].value + addTax)) > 0.02))) {
    // no (credible) total line: the subtotal plus tax is what is due
    // cash minus change tells whether the printed tax was on top of the subtotal or already inside it
    const t = paid !== null && Math.abs(paid - subs[0].value) < 0.015 ? subs[0].value : subs[0].value + addTax;
    total = { ...subs[0], kind: 'total', value: Math.round(t * 100) / 100, score: Math.max(totalScore, subs[0].score - 0.35) };
    totalScore = total.score;
  }
  if (total && isOcr) {
    // a rounding adjustment printed after the last total line still has to be applied (a "Total Discount 0.00"
    // or "Total Qty" line further down is no total)
    const r = roundingAdjustment(lines, decimal);
    // one printed below the cash tendered rounds the change, not the amount due the total line states
    const tender = lines.find(
      (l) =>
        l.n > total!.line.n &&
        /\b(?:cash|tender(?:ed)?|tunai)\b/.test(fold(l.text)) &&
        (/\d[.,]\d{2}/.test(l.text) || /^\W*(?:cash|tender\w*|tunai)\W*$/i.test(l.text)),
    );
    if (
      r &&
      r.value !== 0 &&
      r.line.n > total.line.n &&
      !(tender && tender.n < r.line.n) &&
      !totals.some((o) => o.line.n > r.line.n && o.score >= 0.5 && o.value > 0)
    ) {
      total = { ...total, value: Math.round((total.value + r.value) * 100) / 100 };
    }
  }
  if (!total && isOcr) {
    // no readable total line: what changed hands (cash minus change, or the card charge) is what was due
    const card = cardAmount(lines, decimal);
    const cash = paid !== null && paid > 0 ? cashLine(lines, decimal) : null;
    const at = cash ?? card;
    const value = cash ? paid! : (at?.token.value ?? 0);
    // a misread cash figure falls short of amounts printed on the slip; the amount due is not below any of them
    const largest = Math.max(0, ...amounts.map((a) => a.token.value));
    if (at && value >= largest - 0.005) {
      total = { kind: 'total', value, token: at.token, line: at.line, score: 0.45 };
      totalScore = 0.45;
    }
  }
  if (!total) {
    // no labelled total: the amount printed more than once (item line, payment line) is the likelier total
    const all = amounts.filter((a) => a.token.value > 0);
    const repeated = all.filter((a) => (amountCounts.get(a.token.value) ?? 0) >= 2);
    const max = (repeated.length ? repeated : all).sort((a, b) => b.token.value - a.token.value)[0];
    if (max) {
      total = { kind: 'total', value: max.token.value, token: max.token, line: max.line, score: 0.35 };
      totalScore = 0.35;
    }
  }
  const agreeing = total ? totals.filter((o) => Math.abs(o.value - total!.value) < 0.005).length : 0;
  if (
    total &&
    paid !== null &&
    paid > 0 &&
    agreeing < 2 &&
    (amountCounts.get(paid) ?? 0) >= 2 &&
    Math.abs(paid - total.value) >= 0.015 &&
    Math.abs(paid - total.value) <= 0.1 + 1e-9
  ) {
    // cash minus change a few cents off a total printed only once, while that amount is printed elsewhere too:
    // rounding to the nearest 5 sen, or an OCR slip in the total (8 for 9); what changed hands was due
    total = { ...total, value: paid };
    totalScore -= 0.05;
  }
  if (total && isOcr && paid !== null && paid > 0 && oneDigitApart(paid, total.value) && agreeing < 2) {
    // "TOTAL 28.70 / CASH 28.90 / CHANGE 0.00": OCR swaps look-alike digits (6/8, 7/9, 3/8); when cash minus change
    // differs from a total printed only once in a single digit, two readings agree against one
    const sumsUp = subs[0] && taxes[0] && Math.abs(subs[0].value + taxes[0].value - total.value) < 0.015;
    const t = total;
    const others = Math.max(
      0,
      ...amounts.filter((a) => a.line !== t.line && Math.abs(a.token.value - t.value) >= 0.005).map((a) => a.token.value),
    );
    if (!sumsUp && totalScore >= 0.5 && (amountCounts.get(total.value) ?? 0) < 2 && paid >= others - 0.005) {
      total = { ...total, value: paid };
      totalScore -= 0.1;
    }
  }
  // several "subtotal"-like lines (net, subtotal incl. VAT): keep the pair that adds up to the total
  let sub = subs[0] ?? null;
  let taxHit = taxes[0] ?? null;
  if (total && (!sub || !taxHit || Math.abs(sub.value + taxHit.value - total.value) > 0.02)) {
    const t = total.value;
    outer: for (const sc of subs.slice(0, 8)) {
      for (const tc of taxes.slice(0, 8)) {
        if (Math.abs(sc.value + tc.value - t) <= 0.02 && tc.value !== 0) {
          sub = sc;
          taxHit = tc;
          break outer;
        }
      }
    }
  }
  const amountField = (name: FieldName, h: AmountHit | null, score: number) =>
    put(
      name,
      h ? formatAmount(h.value) : null,
      h?.token.raw ?? null,
      h ? clamp01(score + 0.05 - (isOcr ? 0.05 : 0)) : 0,
      h ? spanIn(h.line, h.token.start, h.token.end) : null,
    );
  amountField('subtotal', sub, sub?.score ?? 0);
  amountField('tax', taxHit, taxHit?.score ?? 0);
  amountField('total', total, totalScore);

  // vendor memory: learned candidates compete with the rules' values (the decision step weighs them against the checks)
  for (const c of opts.extraCandidates ?? []) {
    const i = fields.findIndex((f) => f.name === c.field);
    if (i < 0) continue;
    const cur = fields[i]!;
    if (cur.value === null || c.score >= cur.confidence) {
      fields[i] = { ...cur, value: c.value, raw: c.raw, confidence: Math.round(clamp01(c.score) * 100) / 100, source: c.source };
    }
  }
  if (opts.knownVendor?.name) {
    const i = fields.findIndex((f) => f.name === 'vendor_name');
    if (i >= 0) fields[i] = { ...fields[i]!, value: opts.knownVendor.name, confidence: Math.max(fields[i]!.confidence, 0.9) };
  }

  const lineItems: LineItem[] = findLineItems(lines, decimal).map((li) => ({ ...li, source: sourceOf(li.source ?? null) }));

  const outcome = validateExtraction(fields, lineItems, { docType, reviewThreshold: threshold, now });
  if (dates.ambiguous && !dates.evidence && !opts.locale && fields.find((f) => f.name === 'issue_date')?.value) {
    outcome.issues.push({
      field: 'issue_date',
      code: 'ambiguous_date_order',
      message: 'day/month order could not be settled from the document; set a locale',
      severity: 'warning',
    });
  }
  return {
    docType,
    docTypeConfidence,
    fields,
    lineItems,
    issues: outcome.issues,
    confidence: outcome.confidence,
    needsReview: outcome.needsReview,
  };
}

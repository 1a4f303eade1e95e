/**
 * Issue and due dates. Every date token on the page is a candidate; labels (from the vocabularies) say which date
 * it is, a header cell above it does the same for column layouts, and a time printed beside it marks a till's
 * transaction date. The day/month order is settled once per document from unambiguous tokens.
 *
 * Rule ids: date.label-issue, date.label-due, date.label-other, date.row-geometry, date.label-above, date.header-above,
 * date.label-stacked, date.header-row, date.with-time, date.in-range, date.future, date.unlabelled; and three that vouch for a date's
 * characters by a second printing: date.printed-twice, date.printed-twice-unseparated, date.in-document-number.
 */
import type { Candidate } from './candidate.js';
import { type DateOrder, type DateToken, findDateTokens, resolveDate, settleOrder, isAmbiguous } from './dates.js';
import { type CellFinder, NO_CELLS } from './geometry.js';
import { type Line, clamp01, columns, fold, spanIn } from './text.js';
import { labelRe } from './vocab.js';

// Date labels come from the vocabularies: what the date is (issued, due, or another date such as delivery)
const ISSUE_LABEL = labelRe('date');
const DUE_LABEL = labelRe('due');
const OTHER_DATE_LABEL = labelRe('other_date');
const NUMBER_LABEL = labelRe('number');
/** A number sign or "No." whose label word OCR garbled ("Invaice # :"); not a tax, registration or phone number. */
const NUMBER_SIGN = /(?:#|\bno\b\.?)(?=\s*:?\s*[a-z]{0,4}\d)/;
const NOT_DOCUMENT_NUMBER = new RegExp(`${labelRe('tax').source}|\\b(?:reg|regn|registration|tel|fax|phone|mobile|company|co)\\b`);

/**
 * Rule 'date.in-document-number': tills often number a receipt by its day ("Invoice # OR18032102170360" for 21 March
 * 2018: year, month, day, then a counter). When a labelled receipt or invoice number starts a run of digits with the
 * date as yymmdd, yyyymmdd, ddmmyy or ddmmyyyy, the date was printed twice and read alike; a misread date would have to
 * be misread the same way inside the number. The number must have at least two digits more than the date (a counter
 * after it), so a number that is only a date is not taken as a second printing of itself. A number sign or "No." stands
 * for the label when OCR garbled its word ("Invaice # :"), except on a tax, registration or phone number's line.
 */
export function dateInDocumentNumber(lines: readonly Line[], iso: string): boolean {
  const [y, m, d] = iso.split('-');
  if (!y || !m || !d) return false;
  const forms = [y.slice(2) + m + d, y + m + d, d + m + y.slice(2), d + m + y];
  for (const line of lines) {
    const f = fold(line.text);
    let label = lastMatch(f, NUMBER_LABEL);
    if (label.at < 0 && !NOT_DOCUMENT_NUMBER.test(f)) label = lastMatch(f, NUMBER_SIGN);
    if (label.at < 0) continue;
    // the number: the first token after the label that holds a long run of digits (letters before it allowed)
    for (const tok of f.slice(label.end).split(/[\s:]+/)) {
      const runs = tok.match(/\d+/g) ?? [];
      const run = runs.find((r) => r.length >= 8);
      if (!run) continue;
      if (forms.some((x) => run.startsWith(x) && run.length >= x.length + 2)) return true;
      break;
    }
  }
  return false;
}

/**
 * Rule 'date.printed-twice-unseparated': the date's digits printed again on another line with a separator OCR lost
 * ("Date: 24/07/2017" and "DD: 2407/2017 12:44"): a second printing read with the same digits in the same order, which
 * vouches for them as 'date.printed-twice' does. Only a numeric date of at least six digits (day, month and a year)
 * counts, and the other printing must be a run of digits and separators of its own (not inside a longer number) that
 * lost exactly one separator: a reference number that merely contains the digits, or a bare run of them (a number
 * made of the date), is not taken.
 */
export function printedUnseparated(lines: readonly Line[], tok: DateToken, at: Line): boolean {
  if (tok.kind === 'named') return false;
  const digits = tok.raw.replace(/\D/g, '');
  const seps = tok.raw.replace(/[\d\s]/g, '').length;
  if (digits.length < 6 || seps < 2) return false;
  const run = /(?<![\d/.\-])\d[\d/.\-]{4,12}\d(?![\d/\-]|\.\d)/g;
  for (const line of lines) {
    if (line === at) continue;
    for (const m of line.text.matchAll(run)) {
      const other = m[0];
      if (other.replace(/\D/g, '') === digits && other.replace(/\d/g, '').length === seps - 1) return true;
    }
  }
  return false;
}

export interface DateCand {
  tok: DateToken;
  iso: string;
  line: Line;
  issue: number;
  due: number;
  because: string[];
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
/** The last match of a label in s: where it starts and ends (-1 when none). */
function lastMatch(s: string, re: RegExp): { at: number; end: number } {
  let g = globalRe.get(re);
  if (!g) {
    g = new RegExp(re.source, 'g');
    globalRe.set(re, g);
  }
  g.lastIndex = 0;
  let out = { at: -1, end: -1 };
  let m: RegExpExecArray | null;
  while ((m = g.exec(s))) out = { at: m.index, end: m.index + m[0].length };
  return out;
}

/**
 * Rule support for 'date.row-geometry': the label in the cell to the left of a date on its visual row (geometry.ts
 * CellFinder.left), and what it names. The label must end the cell (a colon or stop at most after it): a cell that is
 * a value or other words is no label, so another pair of the row never lends its label. Of the labels ending there the
 * longest decides ("due date" and "order date" are not the issue date's "date").
 */
export function rowLabelKind(
  cells: CellFinder,
  line: Line,
  from: number,
  to: number,
): { kind: 'issue' | 'due' | 'other'; words: number } | null {
  const cell = cells.left(line, from, to);
  if (!cell) return null;
  const f = fold(cell.text).replace(/[\s:.\-–]+$/, '');
  let best: { kind: 'issue' | 'due' | 'other'; at: number } | null = null;
  for (const [kind, re] of [
    ['issue', ISSUE_LABEL],
    ['due', DUE_LABEL],
    ['other', OTHER_DATE_LABEL],
  ] as const) {
    const m = lastMatch(f, re);
    if (m.at < 0 || m.end !== f.length) continue;
    if (!best || m.at < best.at) best = { kind, at: m.at };
  }
  return best ? { kind: best.kind, words: f.slice(best.at).trim().split(/\s+/).length } : null;
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

export function findDates(
  lines: readonly Line[],
  locale: string | undefined,
  currency: string | null,
  now: Date,
  cells: CellFinder = NO_CELLS,
  forceOrder?: DateOrder,
): { issue: DateCand | null; due: DateCand | null; ranked: DateCand[]; ambiguous: boolean; evidence: boolean; order: DateOrder } {
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
  const settled = settleOrder(
    raw.map((r) => r.tok),
    locale,
    currency,
    weights,
  );
  const order = forceOrder ?? settled.order;
  const evidence = settled.evidence;
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
    const because: string[] = [];
    // rule 'date.label-above': the label cell directly above the date on the page (word boxes), when it is a label
    // and nothing else; it decides before the character columns guess (see geometry.ts cellFinder)
    const above = cells.above(line, tok.start, tok.end);
    const aboveLabel = above && !/\d/.test(above.text) ? fold(above.text) : null;
    const aboveKind = !aboveLabel
      ? null
      : DUE_LABEL.test(aboveLabel)
        ? 'due'
        : OTHER_DATE_LABEL.test(aboveLabel)
          ? 'other'
          : ISSUE_LABEL.test(aboveLabel)
            ? 'issue'
            : null;
    const hdr = aboveKind ? aboveLabel : headerAbove(lines, line, tok.start, tok.end);
    const stacked = labelOnlyBefore(line);
    const before = f.slice(0, tok.start);
    // the label nearest the token decides what the date is
    const none = { at: -1, end: -1 };
    const issueL = labelBefore(f, tok.start, ISSUE_LABEL, 45) ? lastMatch(before, ISSUE_LABEL) : none;
    const dueL = labelBefore(f, tok.start, DUE_LABEL, 45) ? lastMatch(before, DUE_LABEL) : none;
    const otherL = labelBefore(f, tok.start, OTHER_DATE_LABEL, 30) ? lastMatch(before, OTHER_DATE_LABEL) : none;
    const pIssue = issueL.at;
    let nearest = Math.max(pIssue, dueL.at, otherL.at);
    // rule 'date.row-geometry': no label before the date on its text line (OCR read the labels' column apart from the
    // values'), but the cell beside it on its visual row ends with one: that label says what the date is
    const rowKind = nearest < 0 ? rowLabelKind(cells, line, tok.start, tok.end) : null;
    // a label before the date across a column gap belongs to another column ("Sold to   08/16/2025" under "Date"):
    // where a label cell sits directly above the date, that label decides (date.label-above)
    const nearestEnd = Math.max(...[issueL, dueL, otherL].filter((l) => l.at === nearest).map((l) => l.end));
    if (aboveKind && nearest >= 0 && /\s{2,}/.test(f.slice(nearestEnd, tok.start))) nearest = -1;
    // rule 'date.label-across-gap': OCR keeps one space across any gap ("Sold to Aug 15, 2025", the buyer's heading at
    // the left margin, the date under "Invoice date" at the right); on its page nothing stands beside the date on its
    // row for MAX_BESIDE character heights, so the label before it in the text is another column's
    if (aboveKind && nearest >= 0 && cells.rowsKnown(line) && !cells.left(line, tok.start, tok.end)) {
      nearest = -1;
      because.push('date.label-across-gap');
    }
    // "Due date", "Delivery date": the issue label's "date" inside a longer label belongs to that label
    const claims = (l: { at: number; end: number }) => l.at >= 0 && (l.at >= nearest || (pIssue >= l.at && pIssue < l.end));
    if (nearest >= 0) {
      if (claims(dueL)) {
        due += 0.9;
        issue -= 0.4;
        because.push('date.label-due');
      } else if (claims(otherL)) {
        issue -= 0.3;
        because.push('date.label-other');
      } else {
        // a one-word label ("Date:") says less than "Invoice date"
        issue += /\s/.test(ISSUE_LABEL.exec(before.slice(pIssue))?.[0] ?? '') ? 0.45 : 0.3;
        because.push('date.label-issue');
      }
    } else if (rowKind) {
      because.push('date.row-geometry');
      if (rowKind.kind === 'due') {
        due += 0.9;
        issue -= 0.4;
      } else if (rowKind.kind === 'other') issue -= 0.3;
      else issue += rowKind.words > 1 ? 0.45 : 0.3;
    } else if (aboveKind) {
      because.push('date.label-above');
      if (aboveKind === 'due') {
        due += 0.8;
        issue -= 0.4;
      } else if (aboveKind === 'other') issue -= 0.3;
      // as strong as a label before the date on its line: the box says it sits under it
      else issue += /\s/.test(aboveLabel!.trim()) ? 0.45 : 0.3;
    } else if (hdr) {
      because.push('date.header-above');
      if (DUE_LABEL.test(hdr)) {
        due += 0.8;
        issue -= 0.4;
      } else if (OTHER_DATE_LABEL.test(hdr)) issue -= 0.3;
      else if (ISSUE_LABEL.test(hdr)) issue += 0.35;
    } else if (stacked) {
      because.push('date.label-stacked');
      if (ISSUE_LABEL.test(stacked)) issue += 0.2;
      if (DUE_LABEL.test(stacked) && !ISSUE_LABEL.test(stacked)) due += 0.5;
    }
    // OCR drops column gaps: a header row "Date Time Num" over a row that starts with the date still labels it
    const prevLine = lines[line.n - 1];
    if (
      nearest < 0 &&
      !rowKind &&
      !hdr &&
      !stacked &&
      tok.start <= 3 &&
      prevLine &&
      prevLine.page === line.page &&
      !/\d/.test(prevLine.text) &&
      ISSUE_LABEL.test(fold(prevLine.text).slice(0, 12))
    ) {
      issue += 0.3;
      because.push('date.header-row');
    }
    // a date in a sentence ("billing period July 1 - July 31") or a range is rarely the document date
    if (/\s[-–]\s*$/.test(before) || /^\s*[-–]\s*\d/.test(line.text.slice(tok.end))) {
      issue -= 0.25;
      because.push('date.in-range');
    }
    if (t > nowT + 30 * 86400000) {
      issue -= 0.4;
      because.push('date.future');
    }
    // receipts print the transaction date with its time
    if (/^\s{0,3}\d{1,2}:\d{2}/.test(line.text.slice(tok.end, tok.end + 8))) {
      issue += 0.1;
      because.push('date.with-time');
    }
    // 03/04 is a guess only when neither the document nor a locale (or the country's usage) settles the order
    if (isAmbiguous(tok) && !evidence && !locale) issue -= 0.05;
    if (!because.length) because.push('date.unlabelled');
    cands.push({ tok, iso, line, issue, due, because });
  });
  // rule 'date.unlabelled-among-labels': OCR read the page's date labels apart from their values (the labels' column,
  // then the values' column), so no date is labelled; with several dates on the page, the first unlabelled one is as
  // likely the order or delivery date as the issue date, and its standing is a guess
  const dated = new Set(raw.map((r) => r.line));
  const orphanLabels = () =>
    lines.filter((l) => {
      if (dated.has(l)) return false;
      const f = fold(l.text);
      return ISSUE_LABEL.test(f) || DUE_LABEL.test(f) || OTHER_DATE_LABEL.test(f);
    }).length;
  if (
    cands.some((c) => c.because.length === 1 && c.because[0] === 'date.unlabelled') &&
    new Set(cands.map((c) => c.iso)).size >= 2 &&
    orphanLabels() >= 2
  )
    for (const c of cands)
      if (c.because.length === 1 && c.because[0] === 'date.unlabelled') {
        c.issue -= 0.3;
        c.because.push('date.unlabelled-among-labels');
      }
  const ranked = cands.slice().sort((a, b) => b.issue - a.issue || a.line.n - b.line.n);
  const issue = ranked[0] ?? null;
  let due = cands.filter((c) => c.due > 0.3 && c !== issue).sort((a, b) => b.due - a.due)[0] ?? null;
  if (due && issue && due.iso < issue.iso && issue.issue < 0.8) due = null;
  return { issue, due, ranked, ambiguous: raw.some((r) => isAmbiguous(r.tok)), evidence, order };
}

/** Whether the reading's due date follows its issue date by a usual payment term; null without both dates. */
function usualTerm(r: { issue: DateCand | null; due: DateCand | null }): boolean | null {
  if (!r.issue || !r.due) return null;
  const days = (Date.parse(r.due.iso) - Date.parse(r.issue.iso)) / 86400000;
  return days >= 0 && days <= 120;
}

/**
 * Issue and due date candidates: every distinct date, ranked. A candidate's score is the rule score mapped to 0..1;
 * the same date printed twice keeps its best reading.
 */
export function dateCandidates(
  lines: readonly Line[],
  locale: string | undefined,
  currency: string | null,
  now: Date,
  isOcr: boolean,
  cells: CellFinder = NO_CELLS,
): { issue: Candidate[]; due: Candidate[]; ambiguous: boolean; evidence: boolean } {
  let d = findDates(lines, locale, currency, now, cells);
  // rule 'date.order-by-terms': no date in the document settles day/month and the locale or country only guesses it
  // (Canada writes both): the due date after the issue date by a usual payment term (0-120 days) under one order and
  // not under the other settles it ("12/06/24" due "01/05/25" is 6 December due 5 January, not 12 June due 1 May)
  let byTerms = false;
  if (d.ambiguous && !d.evidence) {
    const other = findDates(lines, locale, currency, now, cells, d.order === 'DMY' ? 'MDY' : 'DMY');
    const mine = usualTerm(d);
    const theirs = usualTerm(other);
    if ((mine === true) !== (theirs === true)) {
      d = { ...(theirs === true ? other : d), evidence: true };
      byTerms = true;
    }
  }
  const conf = (c: DateCand, score: number) =>
    clamp01(0.35 + score * 0.6 - (isAmbiguous(c.tok) && !d.evidence && !locale ? 0.1 : 0) - (isOcr ? 0.03 : 0));
  const toCand = (field: 'issue_date' | 'due_date', c: DateCand, score: number): Candidate => ({
    field,
    value: c.iso,
    raw: c.tok.raw,
    source: spanIn(c.line, c.tok.start, c.tok.end),
    score: conf(c, score),
    because: byTerms ? [...c.because, 'date.order-by-terms'] : c.because,
  });
  // rule 'date.printed-twice': the same date on two lines (header and footer, slip and stub) was read alike twice
  const linesOf = new Map<string, Set<string>>();
  for (const c of d.ranked) linesOf.set(c.iso, (linesOf.get(c.iso) ?? new Set()).add(`${c.line.page}:${c.line.n}`));
  const issue: Candidate[] = [];
  for (const c of d.ranked)
    if (!issue.some((x) => x.value === c.iso)) {
      const cand = toCand('issue_date', c, c.issue);
      if ((linesOf.get(c.iso)?.size ?? 0) >= 2) cand.because = [...cand.because, 'date.printed-twice'];
      else if (printedUnseparated(lines, c.tok, c.line)) cand.because = [...cand.because, 'date.printed-twice-unseparated'];
      else if (dateInDocumentNumber(lines, c.iso)) cand.because = [...cand.because, 'date.in-document-number'];
      issue.push(cand);
    }
  const due = d.due ? [toCand('due_date', d.due, d.due.due)] : [];
  return { issue, due, ambiguous: d.ambiguous, evidence: d.evidence };
}

/**
 * Rules-based extraction: pure and synchronous, so it runs inside pipeline workers and in tests without I/O.
 *
 *   pages → lines → document type → one finder per field (candidates with spans and rule ids)
 *         → decision step (the combination the checks agree on) → status (done only with evidence and no failed check)
 *
 * Knowledge of words lives in vocab/*.json; the checks live in checks/; each field keeps the span it was read from
 * and the word boxes there, so the review screen can highlight it.
 */
import type { DocType, ExtractedField, ExtractionResult, FieldName, FieldSource, LineItem } from '../../contract/domain.js';
import { type DecimalMark, detectDecimalMark } from './amounts.js';
import { orderForLocale } from './dates.js';
import type { Candidate } from './candidate.js';
import { classifyDocument, refineDocType } from './classifier.js';
import { countryFromCues } from './checks/index.js';
import { currencyCandidates } from './currency.js';
import { type FieldCandidates, decide, independent } from './decide.js';
import { dateCandidates } from './find-dates.js';
import { numberCandidates, poCandidates, taxIdCandidates, vendorCandidates } from './find-fields.js';
import { findTaxIds } from './tax-ids.js';
import { amountCandidates } from './find-totals.js';
import { cellFinder, locateWords } from './geometry.js';
import { findLineItems } from './line-items.js';
import { gapInName } from './checks/vendor-name.js';
import { calibrate, confirming, decideStatus, doubting } from './status.js';
import { type OcrWord, type PageInput, type Span, splitLines } from './text.js';
import { DEFAULT_REVIEW_THRESHOLD } from './validate.js';
import { DIGIT_LETTER } from './vendor.js';
import { languageOf } from './vocab.js';

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

export function extractDocument(pages: PageInput[], opts: ExtractOptions = {}): ExtractionResult {
  const now = opts.now ?? new Date();
  const lines = splitLines(pages);
  const text = pages.map((p) => p.text ?? '').join('\n\f\n');
  const isOcr = pages.some((p) => p.method === 'ocr');
  const classified = lines.length ? classifyDocument(text) : { docType: 'other' as DocType, confidence: 0.5 };
  const language = languageOf(text);
  const countryEvidence = countryFromCues(text, language);
  const country = countryEvidence?.country ?? null;
  const localeCountry = opts.locale?.split(/[-_]/)[1]?.toUpperCase() ?? null;
  const decimal: DecimalMark | undefined = detectDecimalMark(text);

  // finders: every field's candidates
  const cells = cellFinder(lines, pages);
  // found once: the vendor's tax id comes from them, and a number the tax-id finder reads is no document number
  const taxIds = findTaxIds(lines, cells);
  const numbers = numberCandidates(lines, {
    isOcr,
    purchaseOrder: classified.docType === 'purchase_order',
    creditNote: classified.docType === 'credit_note',
    cells,
    taxIds,
  });
  const { docType, confidence: docTypeConfidence } = refineDocType(classified, { isOcr, hasNumber: numbers.length > 0, lines });
  const currency = currencyCandidates(text, pages, { country, language, localeCountry });
  const dates = dateCandidates(
    lines,
    opts.locale ?? (country ? `und-${country}` : undefined),
    currency[0]?.value ?? null,
    now,
    isOcr,
    cells,
  );
  const amounts = amountCandidates(lines, pages, decimal, isOcr, country, docType === 'credit_note');
  const candidates: FieldCandidates = {
    vendor_name: vendorCandidates(lines, country),
    vendor_tax_id: taxIdCandidates(lines, cells, taxIds),
    document_number: numbers,
    po_number: poCandidates(lines, numbers[0]?.value ?? null, docType === 'purchase_order'),
    issue_date: dates.issue,
    due_date: dates.due,
    currency,
    subtotal: amounts.subtotal,
    tax: amounts.tax,
    total: amounts.total,
  };
  addVendorMemory(candidates, opts);
  const lineItems: LineItem[] = findLineItems(lines, decimal, pages);

  // decision and status
  const { chosen, checks } = decide({
    docType,
    candidates,
    lineItems,
    extras: amounts.extras,
    country,
    language,
    localeCountry,
    text,
    now,
  });
  const located = wordBoxes(pages);
  const fields: ExtractedField[] = (Object.keys(candidates) as FieldName[]).map((name) => {
    const c = chosen[name];
    if (!c) return { name, value: null, raw: null, confidence: 0, source: null, origin: 'rules', evidence: null };
    const printed = asPrinted(pages, name, c.source);
    // a name's span covers its legal form and registration number (the highlight shows them), but only the words
    // that make up the value are what OCR must vouch for
    const src = located(printed, name === 'vendor_name' ? valueWords(c.value) : undefined);
    // a hole in a scanned name's line: OCR lost letters there, however sure it was of what it read
    const hole = name === 'vendor_name' && src?.ocrConfidence !== null ? gapInName(src?.words ?? []) : null;
    if (hole) checks.push({ id: 'vendor.no-gap', passed: false, fields: ['vendor_name'], message: `vendor "${c.value}": ${hole}` });
    const mine = checks.filter((o) => o.fields.includes(name));
    const passed = mine.filter((o) => o.passed && independent(o, c)).map((o) => o.id);
    const failed = mine.filter((o) => !o.passed).map((o) => o.id);
    return {
      name,
      value: c.value,
      raw: printed && name !== 'vendor_name' && isOcrPage(pages, printed) ? pageText(pages, printed) : c.raw || null,
      confidence: calibrate(
        c.score,
        passed.filter(confirming).length,
        doubting(passed, failed, c.because).length,
        // the currency is a code, and a known vendor's name is the clerk's spelling: OCR's characters vouch for neither
        name === 'currency' || c.because.some(isMemoryName) ? null : (src?.ocrConfidence ?? null),
        name,
        // two printings read alike: OCR misreading both the same way is unlikely
        c.because.some((r) => PRINTED_TWICE.has(r)),
      ),
      source: src?.source ?? null,
      origin: 'rules',
      evidence: { rules: c.because, checksPassed: passed, checksFailed: failed, ...(c.learnedFrom ? { learnedFrom: c.learnedFrom } : {}) },
    };
  });
  const status = decideStatus({
    docType,
    fields,
    lineItems,
    checks,
    reviewThreshold: opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD,
    now,
    // a country settles the order only where it writes dates one way (dates.ts orderForLocale)
    dateOrderUnsettled:
      dates.ambiguous && !dates.evidence && !orderForLocale(opts.locale) && !orderForLocale(country ? `und-${country}` : undefined),
    ocr: isOcr,
  });
  return {
    docType,
    docTypeConfidence,
    fields,
    lineItems: lineItems.map((li) => ({ ...li, source: located(li.source ?? null)?.source ?? null })),
    issues: status.issues,
    checks,
    confidence: status.confidence,
    needsReview: status.needsReview,
  };
}

/**
 * Vendor memory's learned candidates go first in their field's list (the decision step still drops one a check
 * rejects); the matched vendor's canonical name replaces what the letterhead OCR'd.
 */
function addVendorMemory(candidates: FieldCandidates, opts: ExtractOptions): void {
  for (const c of opts.extraCandidates ?? []) {
    const list = candidates[c.field] ?? [];
    const top = list[0]?.score ?? 0;
    candidates[c.field] = [{ ...c, score: Math.max(c.score, Math.min(0.99, top + 0.01)) }, ...list.filter((x) => x.value !== c.value)];
  }
  const known = opts.knownVendor;
  if (known?.name) {
    const printed = candidates.vendor_name?.[0];
    candidates.vendor_name = [
      {
        field: 'vendor_name',
        value: known.name,
        raw: printed?.raw ?? known.name,
        source: printed?.source ?? null,
        score: 0.95,
        because: ['vendor.memory-match'],
        ...(known.learnedFrom ? { learnedFrom: known.learnedFrom } : {}),
      },
    ];
  }
}

/** Rules that found the value printed a second time and read alike: they vouch for its characters as a check does. */
const PRINTED_TWICE = new Set(['date.printed-twice', 'date.printed-twice-unseparated', 'date.in-document-number', 'vendor.printed-twice']);

/** Rules by which vendor memory named a vendor it recognised (by tax id, IBAN or an OCR-tolerant name match). */
const isMemoryName = (rule: string) => rule === 'vendor.memory-match' || rule.startsWith('vendor-memory.match-');

const isOcrPage = (pages: readonly PageInput[], s: FieldSource) => pages.find((p) => p.index === s.page)?.method === 'ocr';

/** The characters as printed under a span (OCR lines are repaired in place, the page text is not). */
function pageText(pages: readonly PageInput[], s: FieldSource): string {
  return (pages.find((p) => p.index === s.page)?.text ?? '').slice(s.start, s.end).trimEnd();
}

/** OCR lines were repaired in place ("49. 40" read as "49.40 "): point at the characters as printed. */
function asPrinted(pages: readonly PageInput[], name: FieldName, src: FieldSource | null): FieldSource | null {
  if (!src || name === 'vendor_name' || src.end <= src.start) return src;
  const page = pages.find((p) => p.index === src.page);
  if (page?.method !== 'ocr') return src;
  let end = src.end;
  const t = page.text;
  while (end < t.length && end < src.end + 2 && /\d/.test(t[end]!) && /[\d. ]/.test(t[end - 1]!)) end++;
  return end === src.end ? src : { ...src, end };
}

/**
 * The page's word boxes under a span (OCR pages and text layers both carry them), and on OCR pages the lowest
 * confidence OCR gave any of those words: a value read from words OCR was unsure of is not vouched for.
 */
function wordBoxes(
  pages: readonly PageInput[],
): (
  span: Span | FieldSource | null,
  vouching?: ReadonlySet<string>,
) => { source: FieldSource; ocrConfidence: number | null; words?: OcrWord[] } | null {
  const index = new Map<number, ReturnType<typeof locateWords>>();
  return (span, vouching) => {
    if (!span) return null;
    const page = pages.find((p) => p.index === span.page);
    const plain = { page: span.page, start: span.start, end: span.end };
    if (!page || !page.words?.length) return { source: plain, ocrConfidence: null };
    let idx = index.get(page.index);
    if (!idx) {
      idx = locateWords(page.text, page.words);
      index.set(page.index, idx);
    }
    const hit = idx.filter((x) => x.s < span.end && x.e > span.start);
    if (!hit.length) return { source: plain, ocrConfidence: null };
    const boxes = hit.map(({ w }) => ({ x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1 }));
    // the words that vouch: those the caller names (the value's own words), or all under the span
    const named = vouching ? hit.filter(({ w }) => vouching.has(wordKey(w.text))) : hit;
    const vouch = named.length ? named : hit;
    const ocrConfidence = page.method === 'ocr' ? Math.min(...vouch.map(({ w }) => w.conf)) / 100 : null;
    return { source: { ...plain, boxes }, ocrConfidence, words: hit.map(({ w }) => w) };
  };
}

/**
 * A word as compared between a value and the OCR words it came from: folded case, no punctuation around it, and the
 * digits a name's letters are read as taken for those letters (vendor.digit-for-letter mends "D.1.Y" to "D.I.Y": the
 * word OCR read as "D.1.Y" still vouches for it, with its own confidence).
 */
const wordKey = (w: string) =>
  w
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/[0158]/g, (d) => DIGIT_LETTER[d]!.toLowerCase());

/** The words of a value, for wordBoxes' `vouching` (empty keys, punctuation alone, are left out). */
export function valueWords(value: string): Set<string> {
  return new Set(value.split(/\s+/).map(wordKey).filter(Boolean));
}

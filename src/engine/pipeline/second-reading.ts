/**
 * A second reading of a weak total, date or vendor name. When OCR's first reading of a key field is doubtful (low
 * confidence, or a check it takes part in fails), its region is read again at other scales and segmentations
 * (the reread task); each distinct reading is put in place of the first in the page text and extracted again,
 * and a reading of another value is kept only when the checks then agree better than before. A reading of the same
 * value, made at the confidence measured to vouch for the field, vouches for the first reading's characters.
 * Extraction itself is unchanged: the checks, not this step, decide which reading is right.
 */
import type { ExtractionResult, FieldName, FieldSource } from '../../contract/domain.js';
import { locateWords } from '../extract/geometry.js';
import { keyFields, ocrVouch } from '../extract/status.js';
import type { FileKind, OcrWord, RereadInput, RereadResult } from '../read/tasks.js';
import type { PageResult } from './process-document.js';

/** The fields worth a second reading: they decide `done`, and OCR misreads their characters most. */
export const REREAD_FIELDS: readonly FieldName[] = ['total', 'issue_date', 'vendor_name'];
/**
 * A letterhead's name is large print on a page scaled for the small print: it is read again at its own size and
 * smaller as well as larger (the reread task's defaults enlarge, for thin receipt digits).
 */
const NAME_VARIANTS: RereadInput['variants'] = [
  { scale: 1, psm: 7 },
  { scale: 1, psm: 6 },
  { scale: 2, psm: 6 },
  { scale: 0.5, psm: 7 },
];
/**
 * A receipt date is a short run of thin digits: each scale lands its strokes on other pixels, and tesseract is sure of
 * a different one on each receipt (on sroie-train, 34 dates read below 90%: the readings that agreed with the first
 * at >= 90% came from 1x, 1.5x, 2x, 2.5x, 3x and 4x, in line and block mode and as raw text; none agreed with a
 * misread date). So a date is read at more scales than the reread task's defaults, each once in line mode (PSM 6 on
 * a one-line crop mostly repeats PSM 7, but not always), plus a raw-line reading (PSM 13).
 */
const DATE_VARIANTS: RereadInput['variants'] = [
  { scale: 1, psm: 7 },
  { scale: 1.5, psm: 7 },
  { scale: 2, psm: 7 },
  { scale: 2.5, psm: 7 },
  { scale: 3, psm: 7 },
  { scale: 4, psm: 7 },
  { scale: 2, psm: 6 },
  { scale: 3, psm: 6 },
  { scale: 1.5, psm: 13 },
];
/** Below this confidence a first reading is weak even when no check fails. */
export const WEAK_CONFIDENCE = 0.6;
/** At most this many distinct readings of one field are tried (each costs one extraction, a few ms). */
const MAX_TRIES = 3;

export interface SecondReadingDeps {
  reread(input: RereadInput): Promise<RereadResult>;
  extract(pages: PageResult[]): ExtractionResult;
}

/** The document a second look reads again: its file and the reader's limits. */
export interface RereadDocument {
  path: string;
  kind: FileKind;
  lang: string;
  maxPixels: number;
  timeoutMs: number;
}

/** Where a page stands as its first OCR saw it, for the reread task: the page, its turn and skew, its image size. */
function pageFrame(page: PageResult): Pick<RereadInput, 'pageIndex' | 'rotation' | 'skew' | 'width' | 'height'> {
  return { pageIndex: page.index, rotation: page.rotation ?? 0, skew: page.skew ?? 0, width: page.width!, height: page.height! };
}

export interface SecondReadingOutcome {
  extraction: ExtractionResult;
  pages: PageResult[];
  notes: string[];
}

/** Whether a field's first reading is weak: low confidence, or a check it takes part in failed. */
export function isWeak(x: ExtractionResult, name: FieldName): boolean {
  const f = x.fields.find((g) => g.name === name);
  if (!f || f.value === null || f.origin !== 'rules') return false;
  return f.confidence < WEAK_CONFIDENCE || (f.evidence?.checksFailed.length ?? 0) > 0;
}

/**
 * How well the checks agree with an extraction, for comparing two readings of one field: a document that can
 * be accepted beats one that cannot; then fewer failed and more passed checks on the field; then its confidence.
 */
export function agreement(x: ExtractionResult, name: FieldName): number {
  const f = x.fields.find((g) => g.name === name);
  return checksAgreement(x, name) + (f?.confidence ?? 0);
}

/**
 * The part of `agreement` the checks decide, without the field's confidence: what another value must improve on to
 * be kept. Failed checks are counted over the whole document, since a new total can break a check that belongs to
 * another field ("tax 14.50 is not below total 12.60"); a value's confidence says how it was read, not whether it
 * is right, so it never decides between two values.
 */
export function checksAgreement(x: ExtractionResult, name: FieldName): number {
  const f = x.fields.find((g) => g.name === name);
  const failed = Math.max(f?.evidence?.checksFailed.length ?? 0, (x.checks ?? []).filter((c) => !c.passed).length);
  const passed = f?.evidence?.checksPassed.length ?? 0;
  return (x.needsReview ? 0 : 1000) - 10 * failed + passed;
}

/** The token of a reading that stands for the value: the one with the most digits ("RM 168.96" → "168.96"). */
export function valueToken(text: string): string | null {
  let best: string | null = null;
  let most = 0;
  for (const t of text.split(/\s+/)) {
    const digits = (t.match(/\d/g) ?? []).length;
    if (digits > most) {
      most = digits;
      best = t;
    }
  }
  return best;
}

/**
 * The pages with one span's text replaced by a new reading: the words under the span give way to the reading's
 * words (in the same page coordinates), so the text and its word boxes still walk together.
 */
export function withReading(pages: readonly PageResult[], src: FieldSource, text: string, words: readonly OcrWord[]): PageResult[] {
  return pages.map((p) => {
    if (p.index !== src.page) return p;
    const before = p.text.slice(0, src.start);
    const after = p.text.slice(src.end);
    const old = new Set(wordsUnder(p, src));
    const kept: OcrWord[] = [];
    let placed = false;
    for (const w of p.words ?? []) {
      if (old.has(w)) {
        if (!placed) kept.push(...words);
        placed = true;
        continue;
      }
      kept.push(w);
    }
    if (!placed) kept.push(...words);
    return { ...p, text: before + text + after, words: kept };
  });
}

/** Letters and digits only, lower-cased: two readings of a name compared without their spacing and punctuation. */
const squash = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Whether a reading holds the whole of a printed value (letters and digits compared, spacing and punctuation not),
 * with no further digit run on to either side of it ("111/05/2018" does not hold "11/05/2018").
 */
export function holds(reading: string, printed: string): boolean {
  const r = squash(reading);
  const p = squash(printed);
  if (!p) return false;
  for (let at = r.indexOf(p); at >= 0; at = r.indexOf(p, at + 1)) {
    const before = r[at - 1] ?? '';
    const after = r[at + p.length] ?? '';
    if (!(/\d/.test(before) && /\d/.test(p[0]!)) && !(/\d/.test(after) && /\d/.test(p[p.length - 1]!))) return true;
  }
  return false;
}

/**
 * The run of a reading's words that spells a value letter for letter, spacing and punctuation aside, or null: the
 * name as the clearer reading spaced it.
 */
export function spelledBy(words: readonly OcrWord[], value: string): OcrWord[] | null {
  const want = squash(value);
  if (!want) return null;
  for (let i = 0; i < words.length; i++) {
    let acc = '';
    for (let j = i; j < words.length; j++) {
      acc += squash(words[j]!.text);
      if (acc === want) return words.slice(i, j + 1);
      if (!want.startsWith(acc)) break;
    }
  }
  return null;
}

/** Whether a word of a reading is part of a printed value, or the value part of the word ("Date:11/03/18"). */
const overlaps = (word: string, printed: string) => {
  const w = squash(word);
  const p = squash(printed);
  return !!w && !!p && (p.includes(w) || w.includes(p));
};

/** The pages with the words under a span given a second reading's confidence (their text and boxes unchanged). */
export function withConfidence(pages: readonly PageResult[], src: FieldSource, conf: number): PageResult[] {
  return pages.map((p) => {
    if (p.index !== src.page) return p;
    const under = new Set(wordsUnder(p, src));
    return { ...p, words: (p.words ?? []).map((w) => (under.has(w) ? { ...w, conf: Math.max(w.conf, conf) } : w)) };
  });
}

/** The page's words whose text lies under a span, found by walking the text in reading order (as extraction does). */
function wordsUnder(p: PageResult, src: FieldSource): OcrWord[] {
  return locateWords(p.text, p.words ?? [])
    .filter((l) => l.s < src.end && l.e > src.start)
    .map((l) => l.w);
}

const union = (boxes: ReadonlyArray<{ x0: number; y0: number; x1: number; y1: number }>) => ({
  x0: Math.min(...boxes.map((b) => b.x0)),
  y0: Math.min(...boxes.map((b) => b.y0)),
  x1: Math.max(...boxes.map((b) => b.x1)),
  y1: Math.max(...boxes.map((b) => b.y1)),
});

/**
 * Reads each weak total, date or vendor name of OCR pages again and keeps the reading the checks agree with best (or,
 * for a reading of the same value at the field's measured reliability, the first reading vouched for); null when
 * nothing was weak or no reading did better than the first.
 */
export async function secondReading(
  deps: SecondReadingDeps,
  doc: RereadDocument,
  pages: PageResult[],
  first: ExtractionResult,
  signal?: AbortSignal,
): Promise<SecondReadingOutcome | null> {
  let extraction = first;
  let current = pages;
  const notes: string[] = [];
  for (const name of REREAD_FIELDS) {
    if (signal?.aborted || !isWeak(extraction, name)) continue;
    const f = extraction.fields.find((g) => g.name === name)!;
    const src = f.source;
    const page = src ? current.find((p) => p.index === src.page) : undefined;
    if (!src || !page || page.method !== 'ocr' || !src.boxes?.length || !page.width || !page.height) continue;
    const r = await deps.reread({
      ...doc,
      ...pageFrame(page),
      box: union(src.boxes),
      ...(name === 'vendor_name' ? { variants: NAME_VARIANTS } : name === 'issue_date' ? { variants: DATE_VARIANTS } : {}),
    });
    if (!r.ok || signal?.aborted) continue;
    const printed = page.text.slice(src.start, src.end);
    const firstConf = Math.min(100, ...wordsUnder(page, src).map((w) => w.conf));
    const { vouch } = ocrVouch(name);
    if (name === 'vendor_name') {
      // A name is only ever vouched for, never replaced: no check could say which of two spellings is right.
      // Second readings of receipt names that contained the first reading at >= 85% were right 19 of 19 times.
      const agreeing = r.readings.find((g) => {
        const conf = Math.min(...g.words.map((w) => w.conf));
        return conf / 100 >= vouch && conf > firstConf && squash(g.text).includes(squash(String(f.value)));
      });
      if (!agreeing) continue;
      const conf = Math.min(...agreeing.words.map((w) => w.conf));
      // rule 'vendor.spaced-as-read': the same letters, spaced (or punctuated) otherwise by the clearer reading
      // ("KEDAI PAPAN YEW CHUAN" where the first ran two words together): its words stand in for the first's
      const spelled = spelledBy(agreeing.words, String(f.value));
      const respaced = spelled && spelled.map((w) => w.text).join(' ') !== f.value ? spelled.map((w) => w.text).join(' ') : null;
      const tries: Array<{ pages: PageResult[]; value: string }> = [
        ...(respaced ? [{ pages: withReading(current, src, respaced, spelled!), value: respaced }] : []),
        { pages: withConfidence(current, src, conf), value: String(f.value) },
      ];
      // the respaced name first; the first reading's own spelling is extracted only when that is not kept
      let kept: { pages: PageResult[]; value: string; x: ExtractionResult } | null = null;
      for (const t of tries) {
        const x = deps.extract(t.pages);
        if ((x.fields.find((g) => g.name === name)?.value ?? null) !== t.value || agreement(x, name) <= agreement(extraction, name))
          continue;
        kept = { ...t, x };
        break;
      }
      if (!kept) continue;
      notes.push(
        `read the vendor on page ${page.index + 1} again (${agreeing.scale}x, PSM ${agreeing.psm}, ${Math.round(conf)}% sure where the first reading was ${Math.round(firstConf)}%): ${
          kept.value === f.value ? `${f.value} again` : `${f.value} → ${kept.value}, the same letters as the clearer reading spaced them`
        }`,
      );
      extraction = kept.x;
      current = kept.pages;
      continue;
    }
    const tried = new Set<string>();
    let best = { x: extraction, pages: current, score: agreement(extraction, name), how: '' };
    for (const reading of r.readings) {
      const token = valueToken(reading.text);
      if (!token || tried.size > MAX_TRIES) continue;
      // A value of several words ("22 May 2018") is read again alike when the reading holds all of it; its
      // digits token alone ("2018") is not the value.
      const whole = token !== printed.trim() && holds(reading.text, printed);
      const words = whole
        ? reading.words.filter((w) => overlaps(w.text, printed))
        : reading.words.filter((w) => w.text.includes(token) || token.includes(w.text));
      const read = words.length ? words : reading.words;
      const readConf = Math.min(...read.map((w) => w.conf));
      const same = token === printed.trim() || whole;
      // The same value read again: it vouches for the characters only when this reading is at the field's measured
      // reliability (second readings of receipt dates that agreed with the first at >= 90% were right 22 of 22).
      if (same && !(readConf / 100 >= vouch && readConf > firstConf)) continue;
      const key = `${token}@${same ? 'same' : 'other'}`;
      if (tried.has(key)) continue;
      tried.add(key);
      // Another value is no more certain for being read clearly: only the checks may prefer it, so its words keep
      // the first reading's confidence.
      const placed = same ? read : read.map((w) => ({ ...w, conf: Math.min(w.conf, firstConf) }));
      const candidatePages = whole ? withConfidence(current, src, readConf) : withReading(current, src, token, placed);
      const x = deps.extract(candidatePages);
      const value = x.fields.find((g) => g.name === name)?.value ?? null;
      if ((value === f.value) !== same) continue;
      // another value is kept only when the checks agree with it better than with the first reading
      if (!same && checksAgreement(x, name) <= checksAgreement(extraction, name)) continue;
      const score = agreement(x, name);
      if (score > best.score)
        best = {
          x,
          pages: candidatePages,
          score,
          how: `${reading.scale}x, PSM ${reading.psm}${same ? `, ${Math.round(readConf)}% sure where the first reading was ${Math.round(firstConf)}%` : ''}`,
        };
    }
    if (best.x !== extraction) {
      const was = f.value;
      const now = best.x.fields.find((g) => g.name === name)?.value ?? null;
      notes.push(
        was === now
          ? `read the ${name.replace('_', ' ')} on page ${page.index + 1} again (${best.how}): ${now} again`
          : `read the ${name.replace('_', ' ')} on page ${page.index + 1} again (${best.how}): ${was} → ${now}, which the checks agree with`,
      );
      extraction = best.x;
      current = best.pages;
    }
  }
  return notes.length ? { extraction, pages: current, notes } : null;
}

/**
 * The key fields a sparse reading of the whole page may find when the first reading has none: a document number,
 * a date or a total printed in a box or a coloured band that tesseract's page layout dropped as a picture.
 */
export const SPARSE_FIELDS: readonly FieldName[] = ['document_number', 'issue_date', 'total'];
/** The resolution a sparse reading is made at: low-resolution images (a 96-dpi screenshot) are enlarged to it. */
const SPARSE_DPI = 280;

/** The lines of a reading's text, each with the reading's words that spell it, in order (geometry.ts locateWords). */
export function readingLines(reading: { text: string; words: readonly OcrWord[] }): Array<{ text: string; words: OcrWord[] }> {
  const located = locateWords(reading.text, reading.words);
  const out: Array<{ text: string; words: OcrWord[] }> = [];
  let start = 0;
  for (const raw of reading.text.split('\n')) {
    const end = start + raw.length;
    const text = raw.trim();
    if (text) out.push({ text, words: located.filter((w) => w.s >= start && w.e <= end).map((w) => w.w) });
    start = end + 1;
  }
  return out;
}

/**
 * Rule 'ocr.sparse-reading': a key field the first reading did not find at all is looked for in a sparse reading
 * of the page (PSM 11, every piece of text wherever it stands, at ~300 dpi), which keeps what the layout analysis
 * dropped ("Invoice No : # BLR_WFLD..." in a dotted box on a 96-dpi screenshot). Only lines the first reading lacks
 * are added, one at a time, and a line is kept only when the missing field is then read from that very line, no key
 * field found before changes its value, and the checks agree no less: a line read twice must not vouch for itself.
 */
export async function sparseReading(
  deps: SecondReadingDeps,
  doc: RereadDocument,
  pages: PageResult[],
  first: ExtractionResult,
  signal?: AbortSignal,
): Promise<SecondReadingOutcome | null> {
  const keys = first.docType === 'other' ? [] : keyFields(first.docType);
  const value = (x: ExtractionResult, name: FieldName) => x.fields.find((g) => g.name === name)?.value ?? null;
  const missing = SPARSE_FIELDS.filter((n) => keys.includes(n) && value(first, n) === null);
  const page = pages.find((p) => p.method === 'ocr' && p.width && p.height);
  if (!missing.length || !page || signal?.aborted) return null;
  const scale = Math.min(3, Math.max(1, Math.round((SPARSE_DPI / Math.max(1, page.dpi ?? SPARSE_DPI)) * 2) / 2));
  const r = await deps.reread({
    ...doc,
    ...pageFrame(page),
    box: { x0: 0, y0: 0, x1: page.width!, y1: page.height! },
    variants: [{ scale, psm: 11 }],
  });
  if (!r.ok || signal?.aborted || !r.readings[0]) return null;
  const known = squash(page.text);
  let extraction = first;
  let current = pages;
  const notes: string[] = [];
  for (const line of readingLines(r.readings[0])) {
    const want = missing.filter((n) => value(extraction, n) === null);
    if (!want.length) break;
    const sq = squash(line.text);
    if (sq.length < 4 || known.includes(sq) || !line.words.length) continue;
    const at = current.find((p) => p.index === page.index)!;
    const start = at.text.length + 1;
    const candidatePages = current.map((p) =>
      p.index === page.index ? { ...p, text: `${p.text}\n${line.text}`, words: [...(p.words ?? []), ...line.words] } : p,
    );
    const x = deps.extract(candidatePages);
    const found = want.filter((n) => {
      const f = x.fields.find((g) => g.name === n);
      return f?.value != null && f.source?.page === page.index && f.source.start >= start;
    });
    if (!found.length) continue;
    const unchanged = keys.every((n) => value(extraction, n) === null || value(x, n) === value(extraction, n));
    if (!unchanged || found.some((n) => checksAgreement(x, n) < checksAgreement(extraction, n))) continue;
    notes.push(
      `read page ${page.index + 1} again as sparse text (${scale}x, PSM 11) and found the ${found.map((n) => n.replace('_', ' ')).join(' and ')} in "${line.text}"`,
    );
    extraction = x;
    current = candidatePages;
  }
  return notes.length ? { extraction, pages: current, notes } : null;
}

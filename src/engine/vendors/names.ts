/**
 * OCR-tolerant vendor names. Two readings of one letterhead differ in the ways OCR errs: look-alike characters
 * (0/O, 1/I/l, 5/S, 8/B, rn/m), a letter or two misread (SANYO / SANYU), punctuation and spacing. A name key folds
 * the look-alikes and drops everything but letters, so the remaining differences are plain edits, which are
 * allowed in proportion to the name's length.
 */
import { LEGAL_FORMS } from './legal-forms.js';

/** Pairs OCR confuses, folded to one representative (applied after upper-casing, multi-letter first). */
const CONFUSABLE: ReadonlyArray<[RegExp, string]> = [
  [/RN/g, 'M'],
  [/VV/g, 'W'],
  [/0/g, 'O'],
  [/[1|!]/g, 'I'],
  [/5/g, 'S'],
  [/8/g, 'B'],
  [/2/g, 'Z'],
  [/6/g, 'G'],
];

function stripAccents(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Upper-case, accent-free, look-alikes folded, punctuation and spaces kept as single spaces (for word windows). */
export function foldName(s: string): string {
  // a lower-case l in an otherwise upper-case word is OCR's I ("SANlO"); elsewhere it is an l
  let t = stripAccents(s).replace(/\b[A-Z0-9]*l[A-Z0-9l]*\b/g, (w) => w.replace(/l/g, 'I'));
  t = t.toUpperCase().replace(/ß/g, 'SS');
  // look-alike digits are letters only inside words ("0JC", "SANY0"); a number of its own ("Store 12") stays a
  // number, so branches and numbered companies keep apart (see keyDistance)
  t = t.replace(/[A-Z0-9|!]+/g, (w) => {
    if (/^[0-9]+$/.test(w)) return w;
    for (const [re, to] of CONFUSABLE) w = w.replace(re, to);
    return w;
  });
  return t
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const LEGAL_FORM_WORDS = LEGAL_FORMS.map((f) => foldName(f)).sort((a, b) => b.length - a.length);

/**
 * The comparison key of a vendor name: folded, without a trailing legal form ("GmbH", "Sdn Bhd", "Ltd."), with no
 * spaces. "OJC Marketing Sdn. Bhd." and "0JC MARKETING" share the key OJCMARKETING.
 */
export function nameKey(name: string): string {
  let f = foldName(name);
  for (let changed = true; changed;) {
    changed = false;
    for (const form of LEGAL_FORM_WORDS) {
      if (f.length > form.length && f.endsWith(` ${form}`)) {
        f = f.slice(0, -form.length - 1).trim();
        changed = true;
      }
    }
  }
  return f.replace(/ /g, '');
}

/** How many edits a key of this length may differ by and still be the same name: none below 4 letters, then 1 per 5. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return Math.min(3, Math.max(1, Math.floor(length / 5)));
}

/** Levenshtein distance, or max + 1 as soon as it must exceed max (banded: O(length * max)). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  // two rows reused across calls: the matcher compares thousands of keys per document
  if (rowA.length < n + 1) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    cur.fill(max + 1, 0, n + 1);
    cur[0] = i;
    let rowMin = i <= max ? i : max + 1;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j - 1]! + cost, (prev[j] ?? max + 1) + 1, (cur[j - 1] ?? max + 1) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[n]!, max + 1);
}

/**
 * Whether two name keys are one name misread: within the edits allowed for the shorter, and with the first four
 * letters within one edit of each other. OCR slips are scattered; "NORDLICHT" and "SUDLICHT" differ in their
 * distinctive first letters, which makes them two vendors even though the whole keys are only three edits apart.
 * Returns the edit distance, or null when they are different names.
 */
export function keyDistance(a: string, b: string): number | null {
  if (!a || !b) return null;
  if (a === b) return 0;
  const max = allowedEdits(Math.min(a.length, b.length));
  if (!max || Math.abs(a.length - b.length) > max) return null;
  if (a.slice(0, 4) !== b.slice(0, 4) && boundedEditDistance(a.slice(0, 4), b.slice(0, 4), 1) > 1) return null;
  // numbers in a name are not misread letters: "Store 12" and "Store 15" are two shops
  if (digitsOf(a) !== digitsOf(b)) return null;
  const d = boundedEditDistance(a, b, max);
  return d <= max ? d : null;
}

const digitsOf = (key: string) => key.replace(/\D+/g, '');

/** Whether two names are one vendor's, read by OCR or typed by a clerk. */
export function sameName(a: string, b: string): boolean {
  return keyDistance(nameKey(a), nameKey(b)) !== null;
}

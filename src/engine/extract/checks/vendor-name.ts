/**
 * Vendor name sanity: a name is mostly letters, reads as words rather than OCR noise, is not a label or a document
 * title, and is not the party the document is addressed to. The labels are the extractor's vocabularies (vocab/),
 * so a language added there is known here too.
 */
import { fold } from '../text.js';
import { LABEL_KINDS, type LabelKind, phrasePattern, phrases } from '../vocab.js';
import type { Check } from './types.js';

/** Share of the name's visible characters that must be letters. */
const MIN_LETTER_SHARE = 0.6;

export function letterShare(name: string): { letters: number; visible: number } {
  const visible = name.replace(/\s/g, '');
  return { letters: (visible.match(/\p{L}/gu) ?? []).length, visible: visible.length };
}

/** A closing bracket before any opening one, or an opening one never closed. */
function unbalanced(name: string): boolean {
  let depth = 0;
  for (const ch of name) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth < 0) return true;
  }
  return depth > 0;
}

/**
 * Why a name looks like OCR noise, or null: rules that hold for words of any Latin-script language.
 * - a run of three or more rule characters (dashes, underscores, box drawing, =, ~, *): a ruled line, not a name;
 * - a bracket without its pair: a piece of a longer name;
 * - a long word made of very few distinct letters ("AARERERIIRRII"): real words of 8+ letters use more
 *   ("Mississippi", the most repetitive common one, has 4 of 11);
 * - the same letter four times in a row (German writes three: "Schifffahrt");
 * - a long word without a vowel.
 */
export function noiseReason(name: string): string | null {
  if (/[-_=~*\u2010-\u2015\u2500-\u257f\u2212]{3,}/u.test(name)) return 'a run of rule characters';
  // "ALAM)": the tail of a longer name whose start was lost ("AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM)")
  if (unbalanced(name)) return 'a bracket without its pair (a piece of a longer name)';
  for (const word of name.match(/\p{L}+/gu) ?? []) {
    const w = word.toLowerCase();
    if (w.length >= 8 && new Set(w).size / w.length < 0.35) return `"${word}" repeats too few letters`;
    if (/(\p{L})\1{3}/u.test(w)) return `"${word}" repeats a letter`;
    if (w.length >= 6 && /^[a-z]+$/.test(w) && !/[aeiouy]/.test(w)) return `"${word}" has no vowel`;
  }
  return null;
}

// every label the vocabularies know except the business words ("restaurant", "mart"), which names are made of
const LABEL_KINDS_FOR_NAMES: readonly LabelKind[] = LABEL_KINDS.filter((k) => k !== 'business_word');
let labelStrip: RegExp | null = null;
function labelStripRe(): RegExp {
  labelStrip ??= new RegExp(
    String.raw`(?<![a-z0-9])(?:${[...new Set(LABEL_KINDS_FOR_NAMES.flatMap((k) => phrases(k)))]
      .sort((a, b) => b.length - a.length)
      .map(phrasePattern)
      .join('|')})(?![a-z0-9])`,
    'g',
  );
  return labelStrip;
}

/** Is the name nothing but labels and titles ("TAX INVOICE", "Bill To:", "Date / Time")? */
export function isOnlyLabels(name: string): boolean {
  const rest = fold(name).replace(labelStripRe(), ' ');
  return !/\p{L}{2,}/u.test(rest);
}

/** Name as compared: folded, letters and digits only, single spaces. */
function plain(s: string): string {
  return fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The same party: equal, or one holds the other and is most of it (legal forms and branch names differ). */
export function sameParty(a: string, b: string): boolean {
  const x = plain(a);
  const y = plain(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 6 && short.length / long.length >= 0.6 && new RegExp(`(?:^| )${short}(?: |$)`).test(long);
}

let customerLabel: RegExp | null = null;
/**
 * The parties a document is addressed to: what follows a bill-to / ship-to / sold-to / customer label on its line, or
 * the next line when the label stands alone.
 */
export function addressedParties(text: string): string[] {
  customerLabel ??= new RegExp(String.raw`(?<![a-z0-9])(?:${phrases('customer').map(phrasePattern).join('|')})(?![a-z0-9])\s*[:.-]?\s*`);
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = customerLabel.exec(fold(line));
    if (!m) continue;
    // fold keeps offsets, so the rest of the printed line starts where the folded match ends
    const rest = line.slice(m.index + m[0].length).trim();
    if (/\p{L}{2,}/u.test(rest)) out.push(rest);
    else {
      const next = lines.slice(i + 1).find((l) => l.trim());
      if (next && /\p{L}{2,}/u.test(next)) out.push(next.trim());
    }
  }
  return out;
}

export const vendorMostlyLetters: Check = {
  id: 'vendor.mostly-letters',
  fields: ['vendor_name'],
  run(d) {
    const v = d.values.vendor_name;
    if (!v) return null;
    const { letters, visible } = letterShare(v);
    if (letters >= 2 && letters / visible >= MIN_LETTER_SHARE) return { passed: true, message: `vendor "${v}" is mostly letters` };
    return { passed: false, message: `vendor "${v}" is ${letters} letters of ${visible} characters` };
  },
};

export const vendorNotNoise: Check = {
  id: 'vendor.not-noise',
  fields: ['vendor_name'],
  run(d) {
    const v = d.values.vendor_name;
    if (!v) return null;
    const why = noiseReason(v);
    return why
      ? { passed: false, message: `vendor "${v}" looks like OCR noise: ${why}` }
      : { passed: true, message: `vendor "${v}" reads as words` };
  },
};

export const vendorNotLabel: Check = {
  id: 'vendor.not-label',
  fields: ['vendor_name'],
  run(d) {
    const v = d.values.vendor_name;
    if (!v) return null;
    return isOnlyLabels(v)
      ? { passed: false, message: `vendor "${v}" is a label or a document title` }
      : { passed: true, message: `vendor "${v}" is not a label` };
  },
};

export const vendorNotAddressee: Check = {
  id: 'vendor.not-bill-to',
  fields: ['vendor_name'],
  run(d) {
    const v = d.values.vendor_name;
    if (!v) return null;
    const parties = [...(d.parties ?? []), ...addressedParties(d.text)];
    const hit = parties.find((p) => sameParty(v, p));
    return hit
      ? { passed: false, message: `vendor "${v}" is the party billed or shipped to ("${hit}")` }
      : { passed: true, message: `vendor "${v}" is not the bill-to or ship-to party` };
  },
};

/**
 * A gap wider than this many of its neighbours' character widths, inside a name's line, is a hole; one wider than a
 * long word (COLUMN_CHARS) is a column gutter of a laid-out page, not letters lost.
 */
const HOLE_CHARS = 2.5;
const COLUMN_CHARS = 12;

/**
 * Check 'vendor.no-gap' (run where the word boxes are, in extraction): OCR that loses faint letters inside a word
 * leaves the rest of the line where it was printed, so "GARDENIA BAKER (KL)" from "GARDENIA BAKERIES (KL)" shows a
 * gap of three letters after BAKER that word spacing never makes. Between two words of letters on one line, a gap
 * wider than HOLE_CHARS of their average character width says letters were lost there, however sure OCR was of the
 * words it did read. Specks and numbers beside a name (no two letters) are left out, and so is a gap as wide as a
 * column gutter. Null when there is no hole.
 */
export function gapInName(words: ReadonlyArray<{ text: string; x0: number; y0: number; x1: number; y1: number }>): string | null {
  const lettered = (w: { text: string }) => /\p{L}.*\p{L}/u.test(w.text);
  // neighbours in reading order; a speck or "&" between two words closes the gap
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1]!;
    const b = words[i]!;
    if (!lettered(a) || !lettered(b)) continue;
    // the same printed line: their boxes overlap vertically by half a line
    if (Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) < 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) continue;
    const [l, r] = a.x0 <= b.x0 ? [a, b] : [b, a];
    const charWidth = (l.x1 - l.x0 + r.x1 - r.x0) / Math.max(1, l.text.length + r.text.length);
    const gap = r.x0 - l.x1;
    if (charWidth > 0 && gap > HOLE_CHARS * charWidth && gap <= COLUMN_CHARS * charWidth)
      return `a gap of ${Math.round((r.x0 - l.x1) / charWidth)} letters between "${l.text}" and "${r.text}" (letters OCR lost)`;
  }
  return null;
}

export const VENDOR_CHECKS: readonly Check[] = [vendorMostlyLetters, vendorNotNoise, vendorNotLabel, vendorNotAddressee];

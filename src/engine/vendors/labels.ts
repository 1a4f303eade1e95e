/**
 * Labels as vendor memory keeps them: the words printed before a value on its line ("Summe fällig:") or in the
 * cell above it ("Rechnungsbeleg Kennung" over "RB-2026-0001"). Folded to lower-case letters, digits and single
 * spaces, so "Summe fällig:" and "SUMME FALLIG" are one label; found again with OCR-tolerant word windows.
 */
import { allowedEdits, boundedEditDistance } from './names.js';

export function foldLabel(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

/** Cells of a line: runs of text separated by two or more spaces or a tab (how columns survive in page text). */
export function cells(text: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

const MAX_LABEL_WORDS = 5;

/** The label printed before a value on its line: the rest of the value's cell, else the cell before it. */
export function labelBefore(text: string, valueStart: number): { raw: string; label: string } | null {
  const before = text.slice(0, valueStart).replace(/\s+$/, '');
  if (!before) return null;
  const own = cells(before);
  const last = own[own.length - 1];
  if (!last) return null;
  // a label is words, at most a few of them, and ends where the value's cell begins; it starts after the last value
  // before it on the line ("INV NO: CS-0098805 Date 12/03/18": the date's label is "Date", not the number)
  const all = last.text.split(' ');
  const lastValue = all.map((w) => /\d{3}|\d[.,:/-]\d/.test(w)).lastIndexOf(true);
  const words = all.slice(lastValue + 1).slice(-MAX_LABEL_WORDS);
  const raw = words.join(' ').replace(/[\s:#.=-]+$/, '');
  const label = foldLabel(raw);
  if (!/[a-z]{2}/.test(label)) return null;
  return { raw, label };
}

/** The label in the cell above a value (column layouts): the previous line's cell nearest the value's column. */
export function labelAbove(prevLine: string, valueStart: number, valueEnd: number): { raw: string; label: string } | null {
  let best: { text: string; d: number } | null = null;
  for (const c of cells(prevLine)) {
    const overlap = Math.min(c.end, valueEnd) - Math.max(c.start, valueStart);
    const d = overlap > 0 ? -overlap : Math.min(Math.abs(c.start - valueStart), Math.abs(c.end - valueEnd));
    if (!best || d < best.d) best = { text: c.text, d };
  }
  if (!best || best.d > 12) return null;
  const raw = best.text.replace(/[\s:#.=-]+$/, '');
  const label = foldLabel(raw);
  // a cell with a value in it (an amount, a number, a date) is a value, not the label of the one below
  if (!/[a-z]{2}/.test(label) || /\d{3}|\d[.,:/-]\d/.test(raw) || label.split(' ').length > MAX_LABEL_WORDS) return null;
  return { raw, label };
}

/**
 * Where a learned label is printed in a line: a window of as many words as the label whose folded letters are
 * within the allowed edits of it. Returns the window's span in the line and how many edits it took.
 */
export function findLabel(text: string, label: string): { start: number; end: number; edits: number } | null {
  const want = label.replace(/ /g, '');
  const n = label.split(' ').length;
  const words: Array<{ key: string; start: number; end: number }> = [];
  const re = /[^\s:]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const key = foldLabel(m[0]).replace(/ /g, '');
    if (key) words.push({ key, start: m.index, end: m.index + m[0].length });
  }
  const max = allowedEdits(want.length);
  let best: { start: number; end: number; edits: number } | null = null;
  for (let i = 0; i + n <= words.length; i++) {
    const key = words
      .slice(i, i + n)
      .map((w) => w.key)
      .join('');
    const d = boundedEditDistance(key, want, max);
    if (d <= max && (!best || d < best.edits)) best = { start: words[i]!.start, end: words[i + n - 1]!.end, edits: d };
    if (best?.edits === 0) break;
  }
  return best;
}

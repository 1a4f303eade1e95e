/**
 * What a reviewed or corrected document teaches its vendor: for every field whose value (as the clerk left it) is
 * printed on the page, the label printed with it and where it stood. Pure: pages and final values in, lessons out.
 */
import type { FieldName } from '../../contract/domain.js';
import { detectDecimalMark } from '../extract/amounts.js';
import { labelAbove, labelBefore } from './labels.js';
import { positions, type PlacedPage } from './position.js';
import type { Lesson } from './types.js';
import { occurrences, valueKind } from './values.js';

export type LearnPage = PlacedPage;

export interface FinalValue {
  name: FieldName;
  value: string | null;
}

/** A value printed more often than this is boilerplate (a repeated footer id), not something a label points at. */
const MAX_OCCURRENCES = 4;

export function lessonsFrom(pages: readonly LearnPage[], values: readonly FinalValue[]): Lesson[] {
  const decimal = detectDecimalMark(pages.map((p) => p.text).join('\n'));
  const out: Lesson[] = [];
  for (const f of values) {
    const kind = valueKind(f.name);
    if (!kind || !f.value) continue;
    const found: Lesson[] = [];
    for (const p of pages) {
      const lines = p.text.split('\n');
      let offset = 0;
      const place = positions(p);
      lines.forEach((text, n) => {
        for (const o of occurrences(kind, text, f.value!, decimal)) {
          const before = labelBefore(text, o.start);
          const above = before ? null : n > 0 ? labelAbove(previousTextLine(lines, n), o.start, o.end) : null;
          const label = before ?? above;
          const xy = place(offset + o.start, n, lines.length, o.start, text.length);
          found.push({
            field: f.name,
            label: label?.label ?? null,
            labelRaw: label?.raw ?? null,
            placement: before ? 'after' : above ? 'below' : 'alone',
            page: p.index,
            x: xy.x,
            y: xy.y,
            shape: o.shape,
          });
        }
        offset += text.length + 1;
      });
    }
    if (found.length > MAX_OCCURRENCES) continue;
    // one lesson per distinct label: the same "Total" printed twice teaches once
    const seen = new Set<string>();
    for (const l of found) {
      const key = `${l.label ?? ''}\u0000${l.placement}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(l);
    }
  }
  return out;
}

function previousTextLine(lines: readonly string[], n: number): string {
  for (let k = n - 1; k >= 0 && k >= n - 2; k--) if (/[\p{L}\p{N}]/u.test(lines[k]!)) return lines[k]!;
  return '';
}

/**
 * A known vendor's learned hints turned into extraction candidates: wherever one of its learned labels is printed,
 * the value of the field's kind after it (or below it) is proposed, with rule ids saying how it was found and
 * learnedFrom saying how many reviewed documents taught the label. Pure: pages and hints in, candidates out; the
 * decision step weighs them against the built-in finders and the checks.
 */
import type { FieldSource } from '../../contract/domain.js';
import { detectDecimalMark } from '../extract/amounts.js';
import { currencyFromToken } from '../extract/currency.js';
import type { Candidate } from '../extract/candidate.js';
import type { PageInput } from '../extract/text.js';
import { cells, findLabel } from './labels.js';
import { positions, type PlacedPage } from './position.js';
import type { KnownVendor, VendorHint } from './types.js';
import { findVendorName } from './match.js';
import { readAfter, valueKind } from './values.js';

/** Rule ids of vendor memory (each has its own test in test/engine/vendors). */
export const VENDOR_RULES = {
  /** The value printed after a learned label on the same line. */
  label: 'vendor-memory.label',
  /** The value printed in the cell under a learned label. */
  labelAbove: 'vendor-memory.label-above',
  /** The label was read with OCR slips (within the allowed edits). */
  labelFuzzy: 'vendor-memory.label-fuzzy',
  /** The value stood where this vendor's documents had it (within a tenth of the page). */
  position: 'vendor-memory.position',
  /** The identifier has the shape this vendor's identifiers had (A-9-9). */
  shape: 'vendor-memory.shape',
  /** The vendor was recognised (tax id, IBAN or name): its canonical name. */
  name: 'vendor-memory.name',
  /** The vendor's known currency, printed on the document. */
  currency: 'vendor-memory.currency',
  /** The vendor's known tax id, printed on the document. */
  taxId: 'vendor-memory.tax-id',
} as const;

const BASE_SCORE = 0.78;

export function learnedCandidates(pages: readonly PlacedPage[], hints: readonly VendorHint[]): Candidate[] {
  const decimal = detectDecimalMark(pages.map((p) => p.text).join('\n'));
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const h of hints) {
    const kind = valueKind(h.field);
    if (!kind || !h.label || h.placement === 'alone') continue;
    for (const p of pages) {
      const lines = p.text.split('\n');
      const place = positions(p);
      let offset = 0;
      for (let n = 0; n < lines.length; offset += lines[n]!.length + 1, n++) {
        const text = lines[n]!;
        const at = findLabel(text, h.label);
        if (!at) continue;
        let found = null;
        let lineOffset = offset;
        let lineNo = n;
        let lineText = text;
        let rule: string = VENDOR_RULES.label;
        if (h.placement === 'after') {
          found = readAfter(kind, text, at.end, { decimal, order: h.shape });
        } else {
          // the value sits in the next line with text, in the label's column
          let k = n + 1;
          let below = offset + text.length + 1;
          while (k < lines.length && !/[\p{L}\p{N}]/u.test(lines[k]!)) below += lines[k++]!.length + 1;
          const next = lines[k];
          if (next !== undefined) {
            const col = cells(next).find((c) => c.end >= at.start - 2 && c.start <= at.end + 2);
            if (col) found = readAfter(kind, next, col.start, { decimal, order: h.shape, reach: col.end - col.start + 1 });
            lineOffset = below;
            lineNo = k;
            lineText = next;
            rule = VENDOR_RULES.labelAbove;
          }
        }
        if (!found) continue;
        const key = `${h.field}\u0000${found.value}\u0000${p.index}\u0000${lineOffset + found.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const because: string[] = [rule];
        let score = BASE_SCORE + 0.04 * Math.min(h.learnedFrom, 4);
        if (at.edits) {
          because.push(VENDOR_RULES.labelFuzzy);
          score -= 0.06 * at.edits;
        }
        if (kind === 'code' && h.shape && found.shape === h.shape) {
          because.push(VENDOR_RULES.shape);
          score += 0.03;
        } else if (kind === 'code' && h.shape) score -= 0.1;
        const xy = place(lineOffset + found.start, lineNo, lines.length, found.start, lineText.length);
        if (h.y !== null && xy.y !== null && Math.abs(xy.y - h.y) < 0.1) {
          because.push(VENDOR_RULES.position);
          score += 0.02;
        }
        const source: FieldSource = { page: p.index, start: lineOffset + found.start, end: lineOffset + found.end };
        out.push({
          field: h.field,
          value: found.value,
          raw: found.raw,
          source,
          score: Math.min(0.97, score),
          because,
          learnedFrom: h.learnedFrom,
        });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * Candidates the vendor record itself vouches for: the canonical name (at the place the match was printed), its
 * currency and tax id when the document prints them. `learnedFrom` is the number of documents that taught the vendor.
 */
export function vendorCandidates(
  pages: readonly PageInput[],
  vendor: KnownVendor,
  matched: { source: FieldSource; printed: string; by: string },
  learnedFrom: number,
): Candidate[] {
  // recognised by an identifier: point at the printed name where there is one, not at the tax id or IBAN
  const printed = matched.by === 'name' ? matched : (findVendorName(pages, vendor) ?? null);
  const out: Candidate[] = [
    {
      field: 'vendor_name',
      value: vendor.name,
      raw: printed?.printed ?? vendor.name,
      source: printed?.source ?? null,
      score: matched.by === 'name' ? 0.9 : 0.95,
      because: [VENDOR_RULES.name, `vendor-memory.match-${matched.by.replace('_', '-')}`],
      ...(learnedFrom ? { learnedFrom } : {}),
    },
  ];
  const text = pages.map((p) => p.text);
  if (vendor.currency) {
    // the code itself, or a symbol that stands for it and nothing else ("RM" for MYR, "€" for EUR; a "$" is USD to
    // the symbol table, so on a Singapore vendor's receipt it proposes nothing and the checks settle the currency)
    const code = new RegExp(`(?<![A-Za-z])${vendor.currency}(?![A-Za-z])`);
    const symbol = /[€£¥₹₩₱₫฿]|(?<![A-Za-z])(?:RM|Rp|Rs|kr|zł|Kč|Ft|CHF|S\$|A\$|US\$|\$)(?![A-Za-z])/g;
    const find = (t: string): RegExpExecArray | null => {
      const m = code.exec(t);
      if (m) return m;
      for (const s of t.matchAll(symbol)) if (currencyFromToken(s[0]) === vendor.currency) return s as RegExpExecArray;
      return null;
    };
    for (const [i, t] of text.entries()) {
      const m = find(t);
      if (!m) continue;
      out.push({
        field: 'currency',
        value: vendor.currency,
        raw: m[0],
        source: { page: pages[i]!.index, start: m.index, end: m.index + m[0].length },
        score: 0.9,
        because: [VENDOR_RULES.currency],
        ...(learnedFrom ? { learnedFrom } : {}),
      });
      break;
    }
  }
  if (vendor.taxId) {
    const compact = vendor.taxId.replace(/[^A-Z0-9]/gi, '');
    for (const [i, t] of text.entries()) {
      const m = new RegExp(compact.split('').join('[ .\\-/]?'), 'i').exec(t);
      if (!m) continue;
      out.push({
        field: 'vendor_tax_id',
        value: vendor.taxId,
        raw: m[0],
        source: { page: pages[i]!.index, start: m.index, end: m.index + m[0].length },
        score: 0.95,
        because: [VENDOR_RULES.taxId],
        ...(learnedFrom ? { learnedFrom } : {}),
      });
      break;
    }
  }
  return out;
}

/** Split points as the document screen edits them: the 1-based first page of each part of a multi-document file. */
import type { DocumentPart } from '../../contract/engine-api.js';

/** The 1-based first pages of the split parts: what splitDocument takes. */
export function firstPagesOf(parts: DocumentPart[]): number[] {
  return parts
    .filter((p) => p.origin === 'split-part' && p.firstPage !== null)
    .map((p) => p.firstPage!)
    .sort((a, b) => a - b);
}

/** Split points after merging part `i` into the one before it. */
export function mergeWithPrevious(firsts: number[], i: number): number[] {
  return firsts.filter((_, k) => k !== i);
}

/** Split points after starting a new part at `page` (1-based). */
export function splitAt(firsts: number[], page: number): number[] {
  return [...new Set([...(firsts.length ? firsts : [1]), page])].sort((a, b) => a - b);
}

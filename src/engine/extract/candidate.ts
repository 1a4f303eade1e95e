/**
 * What every field finder returns: candidates, never a single answer. The decision step picks the combination
 * that the checks agree on, so a finder only has to say where a value stood and which named rules proposed it.
 */
import type { FieldName, FieldSource } from '../../contract/domain.js';

export interface Candidate {
  field: FieldName;
  /** Normalised value: ISO date, amount with '.' decimals, ISO 4217 code, plain text. */
  value: string;
  /** The text as printed. */
  raw: string;
  /** Where it stood: page, character span in that page's text, and word boxes where known. */
  source: FieldSource | null;
  /** 0..1: how strongly the rules that found it point at this field, before any check. */
  score: number;
  /** Ids of the rules that proposed it (each rule has its own unit test). */
  because: string[];
  /** Vendor memory: the number of corrections the hint that found it was learned from. */
  learnedFrom?: number;
}

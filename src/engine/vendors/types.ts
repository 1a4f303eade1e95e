/** Shapes vendor memory passes between matching, learning and hints (the contract's Vendor is what hosts see). */
import type { FieldName } from '../../contract/domain.js';

/** A vendor as the matcher needs it: identifiers normalised (see ids.ts), names as printed. */
export interface KnownVendor {
  id: number;
  name: string;
  taxId: string | null;
  iban: string | null;
  currency: string | null;
  aliases: string[];
}

/** Where a value stood relative to its label: after it on the same line, on the line below it, or with no label. */
export type Placement = 'after' | 'below' | 'alone';

/** What one reviewed document taught about one field: the label printed with the value and where the value stood. */
export interface Lesson {
  field: FieldName;
  /** Folded label words (labels.ts foldLabel); null when the value stood alone. */
  label: string | null;
  /** The label as printed. */
  labelRaw: string | null;
  placement: Placement;
  page: number;
  /** Value position relative to the page, 0..1 (from word boxes, else from line and column). */
  x: number | null;
  y: number | null;
  /** Identifiers: the value's shape; dates: the order that read it (DMY, MDY, YMD). */
  shape: string | null;
}

/** A lesson as taught by N documents of one vendor: the hint tried first on that vendor's next document. */
export interface VendorHint extends Lesson {
  learnedFrom: number;
}

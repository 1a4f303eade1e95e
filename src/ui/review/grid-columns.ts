/** The review grid's columns and row heights: which fields are editable cells, the optional columns, and their widths. */
import type { FieldName } from '../../contract/domain.js';

export const ROW_H = 36;
export const HEADER_H = 34;

/** The editable columns always shown, left to right. */
export const EDITABLE: FieldName[] = ['vendor_name', 'document_number', 'issue_date', 'due_date', 'total', 'tax', 'currency'];

/** The money columns: right-aligned (cells and headers), so decimal points line up down the column as in any ledger. */
export const AMOUNT_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(['subtotal', 'tax', 'total']);

/** Columns a clerk may add: three more fields (editable) and two read-only facts about the document. */
export const OPTIONAL_COLUMNS = ['subtotal', 'po_number', 'vendor_tax_id', 'type', 'confidence'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
export const OPTIONAL_LABEL: Record<OptionalColumn, string> = {
  subtotal: 'Subtotal',
  po_number: 'PO number',
  vendor_tax_id: 'Tax id',
  type: 'Type',
  confidence: 'Confidence',
};

/**
 * A column's width: its narrowest (the rows never get narrower than the sum of these, so a window that is too narrow
 * scrolls sideways instead of overlapping cells) and, for a column that grows, its share of the room left. The
 * narrowest widths hold a whole date, status pill, total up to 999,999.99 and tax up to 99,999.99 at the grid's 13px
 * with 6px padding (an amount cut to "35802…" would read as another figure), and add up so that the default columns
 * fit beside the page pane in a 1366px window; text columns end in an ellipsis.
 */
interface ColWidth {
  min: number;
  /** Share (fr) of the room left; absent: fixed at `min`. */
  grow?: number;
}

const FIELD_W: Partial<Record<FieldName, ColWidth>> = {
  vendor_name: { min: 80, grow: 1.5 },
  vendor_tax_id: { min: 80, grow: 0.9 },
  document_number: { min: 60, grow: 1 },
  po_number: { min: 60, grow: 0.8 },
  issue_date: { min: 88 },
  due_date: { min: 88 },
  subtotal: { min: 86, grow: 0.8 },
  total: { min: 86, grow: 0.8 },
  tax: { min: 76, grow: 0.7 },
  currency: { min: 48 },
};
const OTHER_FIELD_W: ColWidth = { min: 72, grow: 1 };
const EXTRA_W: Record<'type' | 'confidence', ColWidth> = { type: { min: 88 }, confidence: { min: 60 } };
/** The checkbox (the file column's sticky offset in styles.css is this width). */
export const CHECK_W = 28;
const FILE_W: ColWidth = { min: 80, grow: 1.7 };
/** The status pill whole ("Needs review" was cut to "Needs r…"). */
const STATUS_W: ColWidth = { min: 106 };
/** "Possible duplicate" or "2 issues": cut with an ellipsis (its title says it whole) before the fields are. */
const FLAGS_W: ColWidth = { min: 48, grow: 0.9 };

const track = (c: ColWidth) => (c.grow ? `minmax(${c.min}px, ${c.grow}fr)` : `${c.min}px`);

/** The grid as shown: the editable fields in order (a cell position's `col` indexes them), the read-only extras, the CSS template. */
export interface GridLayout {
  fields: FieldName[];
  extras: Array<'type' | 'confidence'>;
  template: string;
  /** The narrowest the rows may be, in px (the sum of the columns' narrowest widths). */
  minWidth: number;
}

/**
 * Checkbox, file, status, the editable fields (optional ones beside their kin: tax id after the vendor, PO after the
 * number, subtotal before the total), the read-only extras, flags. The default fits beside the page pane in a 1366px
 * window without a horizontal scrollbar: dates and the status are never cut.
 */
export function gridLayout(shown: ReadonlySet<OptionalColumn> = new Set()): GridLayout {
  const fields: FieldName[] = [];
  for (const f of EDITABLE) {
    if (f === 'total' && shown.has('subtotal')) fields.push('subtotal');
    fields.push(f);
    if (f === 'vendor_name' && shown.has('vendor_tax_id')) fields.push('vendor_tax_id');
    if (f === 'document_number' && shown.has('po_number')) fields.push('po_number');
  }
  const extras = (['type', 'confidence'] as const).filter((c) => shown.has(c));
  const cols: ColWidth[] = [
    { min: CHECK_W },
    FILE_W,
    STATUS_W,
    ...fields.map((f) => FIELD_W[f] ?? OTHER_FIELD_W),
    ...extras.map((c) => EXTRA_W[c]),
    FLAGS_W,
  ];
  return { fields, extras, template: cols.map(track).join(' '), minWidth: cols.reduce((a, c) => a + c.min, 0) };
}

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

const COL_W: Partial<Record<FieldName, string>> = {
  vendor_name: 'minmax(130px, 1.5fr)',
  vendor_tax_id: 'minmax(96px, 0.9fr)',
  document_number: 'minmax(84px, 1fr)',
  po_number: 'minmax(76px, 0.8fr)',
  issue_date: '102px',
  due_date: '102px',
  subtotal: 'minmax(88px, 0.8fr)',
  total: 'minmax(88px, 0.8fr)',
  tax: 'minmax(70px, 0.7fr)',
  currency: '52px',
};

/** The grid as shown: the editable fields in order (a cell position's `col` indexes them), the read-only extras, the CSS template. */
export interface GridLayout {
  fields: FieldName[];
  extras: Array<'type' | 'confidence'>;
  template: string;
}

/**
 * Checkbox, file, status, the editable fields (optional ones beside their kin: tax id after the vendor, PO after the
 * number, subtotal before the total), the read-only extras, flags. The default fits a 1400px window without a
 * horizontal scrollbar: dates and the duplicate flag are never cut.
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
  const template = [
    '36px',
    'minmax(140px, 1.7fr)',
    // the status pill whole ("Needs review" was cut to "Needs r…")
    '118px',
    ...fields.map((f) => COL_W[f] ?? 'minmax(84px, 1fr)'),
    ...extras.map((c) => (c === 'type' ? '96px' : '64px')),
    '150px',
  ].join(' ');
  return { fields, extras, template };
}

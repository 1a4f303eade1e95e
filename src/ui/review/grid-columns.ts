/** The review grid's columns and row heights: which fields are editable cells, and how wide each column is. */
import type { FieldName } from '../../contract/domain.js';

export const ROW_H = 36;
export const HEADER_H = 34;

/** The editable columns, left to right: a cell position's `col` indexes this list. */
export const EDITABLE: FieldName[] = ['vendor_name', 'document_number', 'issue_date', 'due_date', 'total', 'tax', 'currency'];

const COL_W: Partial<Record<FieldName, string>> = {
  vendor_name: 'minmax(130px, 1.5fr)',
  document_number: 'minmax(84px, 1fr)',
  issue_date: '102px',
  due_date: '102px',
  total: 'minmax(76px, 0.8fr)',
  tax: 'minmax(70px, 0.7fr)',
  currency: '52px',
};

/**
 * Checkbox, file, status, the editable fields, flags. Fits a 1400px window without a horizontal scrollbar: dates and
 * the duplicate flag are never cut.
 */
export const GRID_COLUMNS = ['36px', 'minmax(140px, 1.7fr)', '96px', ...EDITABLE.map((f) => COL_W[f] ?? 'minmax(84px, 1fr)'), '150px'].join(
  ' ',
);

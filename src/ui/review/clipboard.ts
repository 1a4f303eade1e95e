/**
 * Cells to and from the clipboard as TSV, the format spreadsheets write and read. Pure: formatting a copied range
 * and planning a paste (which cells change, which fall outside the grid) are tested without a browser.
 */
import type { FieldName } from '../../contract/domain.js';
import type { ReviewRow } from '../../contract/engine-api.js';
import type { CellPos, CellRange } from './selection.js';

/** TSV as spreadsheets write it: tabs between cells, newlines between rows (no quoting; tabs/newlines in values become spaces). */
export function toTsv(rows: Array<Array<string | null>>): string {
  return rows.map((r) => r.map((v) => (v ?? '').replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
}

/** Rows of cells from clipboard text: any line ending, and the trailing newline spreadsheets add, accepted. */
export function parseTsv(text: string): string[][] {
  const t = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (!t) return [];
  return t.split('\n').map((line) => line.split('\t'));
}

/** The grid's row at an index, undefined where there is none (past the end) or it is not loaded. */
export type RowAt = (index: number) => ReviewRow | undefined;

/** The values of a range of the grid's editable columns, as TSV (the grid loads the range first; a row missing copies as empty cells). */
export function rangeToTsv(rowAt: RowAt, range: CellRange, fields: readonly FieldName[]): string {
  const out: Array<Array<string | null>> = [];
  for (let r = range.r0; r <= range.r1; r++) {
    const row = rowAt(r);
    const line: Array<string | null> = [];
    for (let k = range.c0; k <= range.c1; k++) line.push(row?.cells[fields[k]!]?.value ?? null);
    out.push(line);
  }
  return toTsv(out);
}

/** One cell a paste writes: an empty pasted cell clears the field. */
export interface PasteEdit {
  rowIndex: number;
  row: ReviewRow;
  field: FieldName;
  value: string | null;
}

export interface PastePlan {
  /** Cells whose value changes, row by row, left to right. */
  edits: PasteEdit[];
  /** Pasted cells that land past the last row or the last editable column (left out). */
  outside: number;
  /** The pasted block's size, for selecting it afterwards. */
  height: number;
  width: number;
}

/**
 * Which cells a pasted block changes when its top-left corner lands on `start`; cells already holding the value are
 * skipped. The grid loads the rows under the block first, so a row missing here is past the end of the grid.
 */
export function planPaste(grid: string[][], start: CellPos, rowAt: RowAt, fields: readonly FieldName[]): PastePlan {
  const edits: PasteEdit[] = [];
  let outside = 0;
  grid.forEach((line, r) => {
    const row = rowAt(start.row + r);
    line.forEach((raw, k) => {
      const field = fields[start.col + k];
      if (!row || !field) {
        outside++;
        return;
      }
      const value = raw.trim() === '' ? null : raw.trim();
      if ((row.cells[field]?.value ?? null) !== value) edits.push({ rowIndex: start.row + r, row, field, value });
    });
  });
  return { edits, outside, height: grid.length, width: Math.max(0, ...grid.map((l) => l.length)) };
}

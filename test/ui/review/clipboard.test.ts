import { describe, expect, it } from 'vitest';
import type { FieldName } from '../../../src/contract/domain.js';
import type { ReviewRow } from '../../../src/contract/engine-api.js';
import { parseTsv, planPaste, rangeToTsv, toTsv } from '../../../src/ui/review/clipboard.js';

const FIELDS: FieldName[] = ['vendor_name', 'document_number', 'total'];

/** A grid row with just what the clipboard reads: its id, name and cell values. */
function row(id: number, values: Partial<Record<FieldName, string | null>>): ReviewRow {
  const cells: ReviewRow['cells'] = {};
  for (const [f, v] of Object.entries(values)) cells[f as FieldName] = { value: v ?? null, confidence: 0.9, origin: 'rules', flags: [] };
  return { id, name: `doc-${id}.pdf`, cells, issues: [], duplicates: [] } as unknown as ReviewRow;
}

describe('TSV as spreadsheets write and read it', () => {
  it('joins cells with tabs and rows with newlines; empty cells stay empty, tabs and newlines in values become one space', () => {
    expect(
      toTsv([
        ['Acme', null, '12.50'],
        ['Two\tParts', 'line\r\nbreak', ''],
      ]),
    ).toBe('Acme\t\t12.50\nTwo Parts\tline break\t');
  });

  it('reads CRLF, CR and LF line ends and drops the one trailing newline a spreadsheet adds', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('a\rb')).toEqual([['a'], ['b']]);
    expect(parseTsv('single')).toEqual([['single']]);
    expect(parseTsv('')).toEqual([]);
    expect(parseTsv('\n')).toEqual([]);
    // an empty middle row is a row of one empty cell, as pasted
    expect(parseTsv('a\n\nb')).toEqual([['a'], [''], ['b']]);
  });

  it('round-trips a block of values', () => {
    const block = [
      ['Acme Ltd', 'INV-1', '10.00'],
      ['', 'INV-2', ''],
    ];
    expect(parseTsv(toTsv(block))).toEqual(block);
  });
});

describe('copying a range of the grid', () => {
  const list = [row(1, { vendor_name: 'Acme', document_number: 'A-1', total: '5.00' }), row(2, { vendor_name: 'Beta', total: null })];
  const rows = (i: number) => list[i];

  it('writes the values of the rectangle, missing values as empty cells', () => {
    expect(rangeToTsv(rows, { r0: 0, r1: 1, c0: 0, c1: 1 }, FIELDS)).toBe('Acme\tA-1\nBeta\t');
    expect(rangeToTsv(rows, { r0: 1, r1: 1, c0: 2, c1: 2 }, FIELDS)).toBe('');
    expect(rangeToTsv(rows, { r0: 0, r1: 0, c0: 2, c1: 2 }, FIELDS)).toBe('5.00');
  });

  it('copies a row missing (past the end) as an empty line', () => {
    expect(rangeToTsv(rows, { r0: 1, r1: 2, c0: 0, c1: 1 }, FIELDS)).toBe('Beta\t\n\t');
  });
});

describe('planning a paste', () => {
  const list = [
    row(1, { vendor_name: 'Acme', document_number: 'A-1', total: '5.00' }),
    row(2, { vendor_name: 'Beta', document_number: 'B-1' }),
    row(3, { vendor_name: 'Gamma' }),
  ];
  const rows = (i: number) => list[i];

  it('writes the block from the active cell, skipping cells that already hold the pasted value', () => {
    const plan = planPaste(parseTsv('Acme\tX-9\nNew Co\tB-1'), { row: 0, col: 0 }, rows, FIELDS);
    expect(plan.edits.map((e) => [e.rowIndex, e.row.id, e.field, e.value])).toEqual([
      [0, 1, 'document_number', 'X-9'],
      [1, 2, 'vendor_name', 'New Co'],
    ]);
    expect(plan.outside).toBe(0);
    expect([plan.height, plan.width]).toEqual([2, 2]);
  });

  it('trims pasted values and clears a field with an empty cell (an already empty field is left alone)', () => {
    const plan = planPaste([['  Spaced  ', '', '']], { row: 1, col: 0 }, rows, FIELDS);
    expect(plan.edits.map((e) => [e.field, e.value])).toEqual([
      ['vendor_name', 'Spaced'],
      ['document_number', null],
    ]);
  });

  it('counts cells past the last column or the last row as outside, and leaves them out', () => {
    const plan = planPaste(parseTsv('a\tb\tc\nd\te\tf'), { row: 2, col: 1 }, rows, FIELDS);
    // row 2 takes 'a' and 'b' (document_number, total); 'c' is past the last column; there is no row 3
    expect(plan.edits.map((e) => [e.rowIndex, e.field, e.value])).toEqual([
      [2, 'document_number', 'a'],
      [2, 'total', 'b'],
    ]);
    expect(plan.outside).toBe(4);
    expect([plan.height, plan.width]).toEqual([2, 3]);
  });

  it('reports the widest line of a ragged block as its width', () => {
    expect(planPaste([['a'], ['b', 'c', 'd']], { row: 0, col: 0 }, rows, FIELDS).width).toBe(3);
  });
});

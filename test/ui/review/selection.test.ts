import { describe, expect, it } from 'vitest';
import { clampPos, isMultiCell, moveCursor, pastedCursor, rangeHas, rangeOf, type Cursor } from '../../../src/ui/review/selection.js';

const at = (row: number, col: number) => ({ row, col });

describe('the grid cursor', () => {
  it('keeps a position on the grid, and on row 0 when the grid is empty', () => {
    expect(clampPos(at(-3, -1), 10, 7)).toEqual(at(0, 0));
    expect(clampPos(at(25, 9), 10, 7)).toEqual(at(9, 6));
    expect(clampPos(at(4, 3), 10, 7)).toEqual(at(4, 3));
    expect(clampPos(at(5, 2), 0, 7)).toEqual(at(0, 2));
  });

  it('a plain move drops the range; extending starts it at the cell moved from and keeps it while extending', () => {
    const start: Cursor = { active: at(2, 1), anchor: null };
    expect(moveCursor(start, at(3, 1), false, 10, 7)).toEqual({ active: at(3, 1), anchor: null });
    const once = moveCursor(start, at(3, 1), true, 10, 7);
    expect(once).toEqual({ active: at(3, 1), anchor: at(2, 1) });
    const twice = moveCursor(once, at(3, 2), true, 10, 7);
    expect(twice).toEqual({ active: at(3, 2), anchor: at(2, 1) });
    expect(moveCursor(twice, at(0, 0), false, 10, 7)).toEqual({ active: at(0, 0), anchor: null });
  });

  it('clamps a move past the edge of the grid', () => {
    expect(moveCursor({ active: at(9, 6), anchor: null }, at(24, 7), true, 10, 7)).toEqual({ active: at(9, 6), anchor: at(9, 6) });
  });
});

describe('the selected range', () => {
  it('is the rectangle between anchor and active cell, whichever corner each is', () => {
    expect(rangeOf({ active: at(1, 2), anchor: at(4, 0) })).toEqual({ r0: 1, r1: 4, c0: 0, c1: 2 });
    expect(rangeOf({ active: at(4, 0), anchor: at(1, 2) })).toEqual({ r0: 1, r1: 4, c0: 0, c1: 2 });
    expect(rangeOf({ active: at(3, 3), anchor: null })).toEqual({ r0: 3, r1: 3, c0: 3, c1: 3 });
  });

  it('is drawn only when it covers more than one cell', () => {
    expect(isMultiCell({ active: at(3, 3), anchor: null })).toBe(false);
    expect(isMultiCell({ active: at(3, 3), anchor: at(3, 3) })).toBe(false);
    expect(isMultiCell({ active: at(3, 3), anchor: at(3, 4) })).toBe(true);
  });

  it('holds the cells inside its bounds, edges included', () => {
    const r = { r0: 1, r1: 2, c0: 0, c1: 1 };
    expect([rangeHas(r, 1, 0), rangeHas(r, 2, 1), rangeHas(r, 0, 0), rangeHas(r, 1, 2), rangeHas(r, 3, 1)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('after a paste covers the pasted block, cut at the last row and column', () => {
    expect(pastedCursor(at(3, 0), 2, 2, 10, 7)).toEqual({ anchor: at(3, 0), active: at(4, 1) });
    expect(pastedCursor(at(8, 5), 4, 3, 10, 7)).toEqual({ anchor: at(8, 5), active: at(9, 6) });
  });
});

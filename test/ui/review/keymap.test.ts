import { describe, expect, it } from 'vitest';
import { editorKeyToExit, keepsBrowserDefault, keyToAction, PAGE_ROWS, targetOf, type KeyPress } from '../../../src/ui/review/keymap.js';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keys on the review grid', () => {
  it('arrows move one cell, Shift extends the range; PageUp/PageDown move a page', () => {
    expect(keyToAction(press('ArrowDown'))).toEqual({ kind: 'move', rows: 1, cols: 0, extend: false });
    expect(keyToAction(press('ArrowUp', { shiftKey: true }))).toEqual({ kind: 'move', rows: -1, cols: 0, extend: true });
    expect(keyToAction(press('ArrowRight'))).toEqual({ kind: 'move', rows: 0, cols: 1, extend: false });
    expect(keyToAction(press('ArrowLeft', { shiftKey: true }))).toEqual({ kind: 'move', rows: 0, cols: -1, extend: true });
    expect(keyToAction(press('PageDown'))).toEqual({ kind: 'move', rows: PAGE_ROWS, cols: 0, extend: false });
    expect(keyToAction(press('PageUp', { shiftKey: true }))).toEqual({ kind: 'move', rows: -PAGE_ROWS, cols: 0, extend: true });
  });

  it('Tab and Shift+Tab move sideways and never extend', () => {
    expect(keyToAction(press('Tab'))).toEqual({ kind: 'move', rows: 0, cols: 1, extend: false });
    expect(keyToAction(press('Tab', { shiftKey: true }))).toEqual({ kind: 'move', rows: 0, cols: -1, extend: false });
  });

  it('Home/End go to the row ends; with Ctrl to the first or last row', () => {
    expect(keyToAction(press('Home'))).toEqual({ kind: 'jump', row: 'same', col: 'first' });
    expect(keyToAction(press('End', { ctrlKey: true }))).toEqual({ kind: 'jump', row: 'last', col: 'last' });
    expect(keyToAction(press('Home', { metaKey: true }))).toEqual({ kind: 'jump', row: 'first', col: 'first' });
    // Shift+Ctrl+End: the range from the active cell to the grid's last cell (the rows between load before a copy)
    expect(keyToAction(press('End', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'jump', row: 'last', col: 'last', extend: true });
  });

  it('Enter/F2 edit the value, Backspace and typing replace it, Delete clears the cell', () => {
    expect(keyToAction(press('Enter'))).toEqual({ kind: 'edit', initial: null });
    expect(keyToAction(press('F2'))).toEqual({ kind: 'edit', initial: null });
    expect(keyToAction(press('Backspace'))).toEqual({ kind: 'edit', initial: '' });
    expect(keyToAction(press('N', { shiftKey: true }))).toEqual({ kind: 'edit', initial: 'N' });
    expect(keyToAction(press('7'))).toEqual({ kind: 'edit', initial: '7' });
    expect(keyToAction(press('Delete'))).toEqual({ kind: 'clear-cell' });
  });

  it('Space checks the row, Esc collapses the range', () => {
    expect(keyToAction(press(' '))).toEqual({ kind: 'toggle-row' });
    expect(keyToAction(press('Escape'))).toEqual({ kind: 'collapse-range' });
  });

  it('Ctrl or Cmd chords: undo, redo (not offered), copy, paste, check all, open', () => {
    expect(keyToAction(press('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(keyToAction(press('Z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(keyToAction(press('z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(keyToAction(press('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(keyToAction(press('c', { ctrlKey: true }))).toEqual({ kind: 'copy' });
    expect(keyToAction(press('V', { metaKey: true }))).toEqual({ kind: 'paste' });
    expect(keyToAction(press('a', { ctrlKey: true }))).toEqual({ kind: 'select-all-rows' });
    expect(keyToAction(press('Enter', { ctrlKey: true }))).toEqual({ kind: 'open-document' });
  });

  it('leaves other keys alone: modified letters, Alt chords, named keys it does not use', () => {
    expect(keyToAction(press('b', { ctrlKey: true }))).toBeNull();
    expect(keyToAction(press('x', { altKey: true }))).toBeNull();
    expect(keyToAction(press('Shift', { shiftKey: true }))).toBeNull();
    expect(keyToAction(press('F5'))).toBeNull();
  });

  it('lets the browser run copy and paste (its clipboard events do the work) and takes every other key it acts on', () => {
    expect(keepsBrowserDefault({ kind: 'copy' })).toBe(true);
    expect(keepsBrowserDefault({ kind: 'paste' })).toBe(true);
    expect(keepsBrowserDefault({ kind: 'undo' })).toBe(false);
    expect(keepsBrowserDefault({ kind: 'move', rows: 0, cols: 1, extend: false })).toBe(false);
  });
});

describe('where a move lands', () => {
  it('adds the step to the active cell (clamping is the cursor’s)', () => {
    expect(targetOf({ kind: 'move', rows: PAGE_ROWS, cols: 0, extend: false }, { row: 2, col: 3 }, 10, 7)).toEqual({ row: 17, col: 3 });
  });

  it('jumps to the first or last column, on this row or the first or last', () => {
    expect(targetOf({ kind: 'jump', row: 'same', col: 'last' }, { row: 4, col: 1 }, 10, 7)).toEqual({ row: 4, col: 6 });
    expect(targetOf({ kind: 'jump', row: 'last', col: 'last' }, { row: 4, col: 1 }, 10, 7)).toEqual({ row: 9, col: 6 });
    expect(targetOf({ kind: 'jump', row: 'first', col: 'first' }, { row: 4, col: 1 }, 10, 7)).toEqual({ row: 0, col: 0 });
    expect(targetOf({ kind: 'jump', row: 'last', col: 'first' }, { row: 0, col: 3 }, 0, 7)).toEqual({ row: 0, col: 0 });
  });
});

describe('keys inside the cell editor', () => {
  it('Enter commits and moves down, Tab right, Shift+Tab left, Esc cancels; other keys type', () => {
    expect(editorKeyToExit({ key: 'Enter', shiftKey: false })).toBe('down');
    expect(editorKeyToExit({ key: 'Tab', shiftKey: false })).toBe('right');
    expect(editorKeyToExit({ key: 'Tab', shiftKey: true })).toBe('left');
    expect(editorKeyToExit({ key: 'Escape', shiftKey: false })).toBe('cancel');
    expect(editorKeyToExit({ key: 'a', shiftKey: false })).toBeNull();
    expect(editorKeyToExit({ key: 'ArrowDown', shiftKey: false })).toBeNull();
  });
});

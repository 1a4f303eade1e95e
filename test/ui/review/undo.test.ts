import { describe, expect, it } from 'vitest';
import type { Correction, DocumentDetail } from '../../../src/contract/domain.js';
import { latestCorrection, UndoStack } from '../../../src/ui/review/undo.js';

const step = (label: string, ...correctionIds: number[]) => ({
  label,
  edits: correctionIds.map((correctionId) => ({ documentId: 1, correctionId })),
});

describe('the review undo stack', () => {
  it('pops the newest step first', () => {
    const s = new UndoStack();
    s.push(step('first', 1));
    s.push(step('paste of 2 cells', 2, 3));
    expect(s.pop()?.label).toBe('paste of 2 cells');
    expect(s.pop()?.label).toBe('first');
    expect(s.pop()).toBeUndefined();
  });

  it('ignores a step that recorded no correction', () => {
    const s = new UndoStack();
    s.push(step('paste of 0 cells'));
    expect(s.size).toBe(0);
  });

  it('keeps only the newest steps past its limit', () => {
    const s = new UndoStack(3);
    for (let i = 1; i <= 5; i++) s.push(step(`edit ${i}`, i));
    expect(s.size).toBe(3);
    expect([s.pop()?.label, s.pop()?.label, s.pop()?.label, s.pop()]).toEqual(['edit 5', 'edit 4', 'edit 3', undefined]);
  });
});

describe('the correction an edit just recorded', () => {
  const detail = (corrections: Array<Partial<Correction> & Pick<Correction, 'id' | 'field'>>) =>
    ({ corrections: corrections.map((c) => ({ oldValue: null, newValue: null, at: 0, ...c })) }) as unknown as DocumentDetail;

  it('is the newest live edit of that field: undos, undone edits and other fields do not count', () => {
    const d = detail([
      { id: 4, field: 'vendor_name', kind: 'edit' },
      { id: 9, field: 'vendor_name', kind: 'edit', revertedBy: 10 },
      { id: 10, field: 'vendor_name', kind: 'undo' },
      { id: 7, field: 'vendor_name', kind: 'bulk' },
      { id: 12, field: 'total', kind: 'edit' },
    ]);
    expect(latestCorrection(d, 'vendor_name')).toBe(7);
    expect(latestCorrection(d, 'total')).toBe(12);
    expect(latestCorrection(d, 'tax')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { DocumentPart } from '../../src/contract/engine-api.js';
import { firstPagesOf, mergeWithPrevious, splitAt } from '../../src/ui/intake/split-points.js';

const part = (id: number, first: number, last: number, origin: DocumentPart['origin'] = 'split-part'): DocumentPart => ({
  id,
  name: `p${first}`,
  origin,
  status: 'done',
  firstPage: first,
  lastPage: last,
  vendor: null,
  docNumber: null,
  total: null,
});

describe('split points on the document screen', () => {
  it('reads the first pages of the split parts only, in page order', () => {
    expect(firstPagesOf([part(3, 5, 6), part(1, 1, 2), part(2, 3, 4), part(9, 1, 1, 'attachment')])).toEqual([1, 3, 5]);
  });

  it('merging a part with the previous one drops its first page', () => {
    expect(mergeWithPrevious([1, 3, 5], 1)).toEqual([1, 5]);
    expect(mergeWithPrevious([1, 3, 5], 2)).toEqual([1, 3]);
  });

  it('splitting at a page adds it once, and a file never split starts at page 1', () => {
    expect(splitAt([1, 5], 3)).toEqual([1, 3, 5]);
    expect(splitAt([1, 3], 3)).toEqual([1, 3]);
    expect(splitAt([], 4)).toEqual([1, 4]);
  });
});

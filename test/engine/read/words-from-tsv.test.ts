import { describe, expect, it } from 'vitest';
import { wordsFromTsv } from '../../../src/engine/read/ocr-engine.js';

describe("wordsFromTsv: tesseract's TSV rows to words with boxes", () => {
  it('keeps level-5 rows (words) with their box and confidence to a tenth; skips other levels and empty words', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t2480\t3507\t-1\t',
      '4\t1\t1\t1\t1\t0\t100\t200\t400\t40\t-1\t',
      '5\t1\t1\t1\t1\t1\t100\t200\t180\t40\t96.123456\tTotal',
      '5\t1\t1\t1\t1\t2\t300\t201\t200\t39\t-1\t   ',
      '5\t1\t1\t1\t1\t3\t320\t202\t90\t38\t-1\t12.50',
      '5\t1\t1\t1\t1\t4\t10\t20\t30',
    ].join('\n');
    expect(wordsFromTsv(tsv)).toEqual([
      { text: 'Total', conf: 96.1, x0: 100, y0: 200, x1: 280, y1: 240 },
      // tesseract's -1 (no confidence) is 0, not a negative confidence
      { text: '12.50', conf: 0, x0: 320, y0: 202, x1: 410, y1: 240 },
    ]);
  });

  it('reads nothing from no TSV', () => {
    expect(wordsFromTsv(null)).toEqual([]);
    expect(wordsFromTsv('')).toEqual([]);
  });
});

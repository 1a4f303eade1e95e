import { describe, expect, it } from 'vitest';
import type { GrayPixels } from '../../../src/engine/read/image-decode.js';
import { cropBand, insertLine, keepsReading, lineHeight, uncoveredLargeBands } from '../../../src/engine/read/large-print.js';
import type { OcrWord } from '../../../src/engine/read/tasks.js';

/** A white page with black boxes of ink standing for printed lines. */
function page(width: number, height: number, ink: Array<[number, number, number, number]>): GrayPixels {
  const data = Buffer.alloc(width * height, 250);
  for (const [x0, y0, x1, y1] of ink) for (let y = y0; y < y1; y++) data.fill(10, y * width + x0, y * width + x1);
  return { data, width, height };
}
const word = (text: string, x0: number, y0: number, x1: number, y1: number, conf = 90): OcrWord => ({ text, conf, x0, y0, x1, y1 });

// three lines of ordinary print (20 px), read; a double-size line (44 px) above them, not read
const small = [
  word('NO.', 40, 120, 80, 140),
  word('53,', 90, 120, 130, 140),
  word('JALAN', 140, 120, 220, 140),
  word('TEL:', 40, 160, 90, 180),
  word('03-1234', 100, 160, 200, 180),
  word('TOTAL', 40, 200, 120, 220),
];

describe('ocr.large-print: what one-block segmentation drops as large print is found and put back', () => {
  it('takes the median height of the confident words as the line height', () => {
    expect(lineHeight(small)).toBe(20);
    expect(lineHeight(small.slice(0, 2))).toBeNull();
  });

  it('finds a band of ink no word covers, taller than the lines; not a covered one, not a picture', () => {
    const img = page(400, 600, [
      [60, 40, 340, 84], // large print, uncovered: found
      [40, 120, 220, 140],
      [40, 160, 200, 180],
      [40, 200, 120, 220],
      [40, 250, 300, 290], // large print, covered by a word below: left alone
      [100, 330, 300, 530], // a 200 px picture: ten line heights, not a line of text
    ]);
    const words = [...small, word('GRAND', 40, 252, 300, 288)];
    expect(uncoveredLargeBands(img, words)).toEqual([{ x0: 60, y0: 40, x1: 340, y1: 84 }]);
  });

  it('finds nothing where every band of ink is read or is print of the page size', () => {
    const img = page(400, 300, [
      [40, 120, 220, 140],
      [40, 160, 200, 180],
      [40, 200, 120, 220],
      [40, 240, 200, 262], // an unread line of ordinary size: not large print
    ]);
    expect(uncoveredLargeBands(img, small)).toEqual([]);
  });

  it('crops a band with a white margin', () => {
    const img = page(100, 100, [[10, 10, 30, 20]]);
    const c = cropBand(img, { x0: 10, y0: 10, x1: 30, y1: 20 }, 5);
    expect([c.width, c.height]).toEqual([30, 20]);
    expect(c.data[0]).toBe(255);
    expect(c.data[5 * 30 + 5]).toBe(10);
  });

  it('keeps a reading that spells words clearly, not specks or a doubtful one', () => {
    expect(keepsReading([word('LIBERTY', 0, 0, 10, 10, 91), word('CAFE', 0, 0, 10, 10, 88)])).toBe(true);
    expect(keepsReading([word('LIBERTY', 0, 0, 10, 10, 41), word('CAFE', 0, 0, 10, 10, 50)])).toBe(false);
    expect(keepsReading([word('|', 0, 0, 10, 10, 95), word('1.', 0, 0, 10, 10, 95)])).toBe(false);
    expect(keepsReading([])).toBe(false);
  });

  it('puts the line in the text and the words where it stands on the page, the order of both kept', () => {
    const text = 'NO. 53, JALAN\nTEL: 03-1234\nTOTAL';
    const line = [word('HENG', 60, 40, 180, 84), word('STATIONERY', 190, 40, 340, 84)];
    const top = insertLine(text, small, line, { x0: 60, y0: 40, x1: 340, y1: 84 });
    expect(top.text).toBe('HENG STATIONERY\nNO. 53, JALAN\nTEL: 03-1234\nTOTAL');
    expect(top.words.map((w) => w.text)).toEqual(['HENG', 'STATIONERY', 'NO.', '53,', 'JALAN', 'TEL:', '03-1234', 'TOTAL']);
    // between two lines
    const mid = insertLine(text, small, [word('WELCOME', 40, 141, 200, 159)], { x0: 40, y0: 141, x1: 200, y1: 159 });
    expect(mid.text).toBe('NO. 53, JALAN\nWELCOME\nTEL: 03-1234\nTOTAL');
    expect(mid.words.map((w) => w.text)).toEqual(['NO.', '53,', 'JALAN', 'WELCOME', 'TEL:', '03-1234', 'TOTAL']);
    // below every line
    const end = insertLine(text, small, [word('THANKS', 40, 300, 200, 340)], { x0: 40, y0: 300, x1: 200, y1: 340 });
    expect(end.text).toBe('NO. 53, JALAN\nTEL: 03-1234\nTOTAL\nTHANKS');
    expect(end.words.at(-1)!.text).toBe('THANKS');
  });
});

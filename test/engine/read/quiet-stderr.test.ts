import { describe, expect, it } from 'vitest';
import { isTesseractNoise } from '../../../src/engine/read/quiet-stderr.js';

describe('tesseract stderr filter', () => {
  it('drops the wasm build diagnostics and keeps everything else', () => {
    for (const l of [
      'Error in boxClipToRectangle: box outside rectangle',
      'Error in pixScanForForeground: invalid box',
      'Detected 14 diacritics',
      'Estimating resolution as 387',
      'Image too small to scale!! (2x36 vs min width of 3)',
      'Line cannot be recognized!!',
    ]) {
      expect(isTesseractNoise(l), l).toBe(true);
    }
    for (const l of ['docket: no such file or folder: /x', 'Error: something real happened', '[####----] 3/10 docs', '']) {
      expect(isTesseractNoise(l), l).toBe(false);
    }
  });
});

/**
 * Pages that read as noise (a damaged image decoded into garbage): tesseract finds "glyphs" everywhere on them and
 * spends minutes per pass, so they are recognised and stopped before or after a first pass (ocr-page.ts).
 */
import type { GrayPixels } from './image-decode.js';
import { BUSY_EDGE_RATE, MAX_EDGE_RATE } from './limits.js';

/** Light-to-dark jump between neighbouring pixels, in grey levels: anti-aliased print edges stay well above it. */
const JUMP = 64;

/**
 * Share of horizontally neighbouring pixel pairs (every other row) that jump by more than JUMP grey levels: the
 * rate glyph edges appear at. Print on paper: under 0.09; random noise: about 0.5.
 */
export function edgeRate(gray: GrayPixels): number {
  const { data, width, height } = gray;
  let jumps = 0;
  let pairs = 0;
  for (let y = 0; y < height; y += 2) {
    const row = y * width;
    for (let x = 1; x < width; x++) {
      const d = data[row + x]! - data[row + x - 1]!;
      if (d > JUMP || d < -JUMP) jumps++;
    }
    pairs += width - 1;
  }
  return pairs > 0 ? jumps / pairs : 0;
}

/** Before any recognition: a page whose edge rate no printed page reaches. */
export function isNoise(gray: GrayPixels): boolean {
  return edgeRate(gray) > MAX_EDGE_RATE;
}

/** Busier than any printed page: with soup for words, noise rather than a photograph (BUSY_EDGE_RATE). */
export function isBusierThanPrint(gray: GrayPixels): boolean {
  return edgeRate(gray) > BUSY_EDGE_RATE;
}

/**
 * After a first pass and the orientation probes: (almost) no word-like word read with confidence anywhere, and a
 * low mean confidence over what tesseract did "find". `readable` counts the characters of confident word-like words
 * (up to 12 each); on a page of real print, even a faint one, they are a fair share of four per word found, while
 * a page of noise reads a couple of two-letter "words" among hundreds (measured: 4 of 269 words, mean 18.7).
 * A photo without text yields fewer than three words, or soup on a page no busier than print (isBusierThanPrint),
 * and is kept as a page without text, not called noise.
 */
export const NOISE_RULE = { MAX_MEAN_CONF: 35, MIN_WORDS: 3, MAX_READABLE_SHARE: 0.02 } as const;
export function readsAsNoise(q: { meanConf: number; readable: number; words: number }): boolean {
  if (q.words < NOISE_RULE.MIN_WORDS || q.meanConf >= NOISE_RULE.MAX_MEAN_CONF) return false;
  return q.readable / (q.words * 4) < NOISE_RULE.MAX_READABLE_SHARE;
}

export const UNREADABLE_NOISE = 'unreadable image: the page is noise (a damaged or garbled picture)';
export const UNREADABLE_NO_WORDS = 'unreadable image: no word on the page could be read with confidence';

import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { inspect } from '../../../src/engine/read/worker.js';
import { layoutTextWords } from '../../../src/engine/read/pdf-text.js';
import type { InspectedPage, OcrWord } from '../../../src/engine/read/tasks.js';
import { EVAL, tempDir } from './fixtures.js';

const MAX_PIXELS = 100_000_000;
const tmp = tempDir('boxes');
afterAll(() => tmp.cleanup());

/**
 * Walks the page text with the words in order, as extraction does for OCR words: every word must be found at
 * the cursor with only whitespace skipped, so a field's character span maps to exactly its words' boxes.
 */
function offsetsOf(text: string, words: readonly OcrWord[]): Array<{ s: number; e: number; w: OcrWord }> {
  const out: Array<{ s: number; e: number; w: OcrWord }> = [];
  let cursor = 0;
  for (const w of words) {
    const at = text.indexOf(w.text, cursor);
    expect(at, `"${w.text}" after offset ${cursor}`).toBeGreaterThanOrEqual(0);
    expect(text.slice(cursor, at).trim(), `only whitespace before "${w.text}"`).toBe('');
    out.push({ s: at, e: at + w.text.length, w });
    cursor = at + w.text.length;
  }
  // and every non-space character of the text belongs to some word
  expect(text.slice(cursor).trim()).toBe('');
  return out;
}

function boxesOfSpan(text: string, words: readonly OcrWord[], needle: string): OcrWord[] {
  const start = text.indexOf(needle);
  expect(start, needle).toBeGreaterThanOrEqual(0);
  const end = start + needle.length;
  return offsetsOf(text, words)
    .filter((x) => x.s < end && x.e > start)
    .map((x) => x.w);
}

async function pageOf(bytes: Uint8Array, name: string): Promise<InspectedPage> {
  const r = await inspect({ path: tmp.file(name, bytes), kind: 'pdf', maxPixels: MAX_PIXELS });
  if (!r.ok) throw new Error(r.message);
  return r.pages[0]!;
}

describe('text-layer word boxes', () => {
  it('puts each word where pdf-lib drew it, in points from the top-left, and maps text offsets to them', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([400, 300]);
    page.drawText('Invoice no. A-17', { x: 40, y: 250, size: 12, font });
    page.drawText('Total due', { x: 40, y: 100, size: 10, font });
    page.drawText('418.50 EUR', { x: 250, y: 100, size: 10, font });
    const p = await pageOf(await doc.save(), 'made-up.pdf');

    expect(p.needsOcr).toBe(false);
    expect(p.widthPt).toBe(400);
    expect(p.heightPt).toBe(300);
    const text = p.text!;
    const words = p.words!;
    const lines = text.split('\n');
    expect(lines[0]).toBe('Invoice no. A-17');
    expect(lines[1]).toMatch(/^Total due +418\.50 EUR$/);
    expect(lines).toHaveLength(2);
    expect(words.map((w) => w.text)).toEqual(['Invoice', 'no.', 'A-17', 'Total', 'due', '418.50', 'EUR']);
    expect(words.every((w) => w.conf === 100)).toBe(true);

    const [amount, ...rest] = boxesOfSpan(text, words, '418.50');
    expect(rest).toEqual([]);
    // x from 250 to 250 + the string's advance; the baseline at 300 - 100 = 200 from the top, inside the box
    expect(amount!.x0).toBeCloseTo(250, 0);
    // positions inside an item are shared by glyph widths (Helvetica's), so for Helvetica they are exact
    expect(Math.abs(amount!.x1 - (250 + font.widthOfTextAtSize('418.50', 10)))).toBeLessThan(0.6);
    const eur = boxesOfSpan(text, words, 'EUR')[0]!;
    expect(Math.abs(eur.x0 - (250 + font.widthOfTextAtSize('418.50 ', 10)))).toBeLessThan(0.6);
    expect(amount!.y0).toBeLessThan(200);
    expect(amount!.y0).toBeGreaterThan(188);
    expect(amount!.y1).toBeGreaterThan(200);
    expect(amount!.y1).toBeLessThan(204);

    const number = boxesOfSpan(text, words, 'A-17');
    expect(number).toHaveLength(1);
    expect(number[0]!.y1).toBeLessThan(60); // near the top: drawn at y=250 of 300
    // a span across two words gets both boxes
    expect(boxesOfSpan(text, words, 'Total due').map((b) => b.text)).toEqual(['Total', 'due']);
  });

  it('applies the page rotation, so boxes line up with the page as displayed', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([400, 300]);
    page.drawText('Rotated receipt total 12.00 and more words here', { x: 40, y: 250, size: 12, font });
    page.setRotation(degrees(90));
    const p = await pageOf(await doc.save(), 'rotated.pdf');
    // displayed turned a quarter clockwise: 300 wide, 400 tall, the text running down the right-hand side
    expect(p.widthPt).toBe(300);
    expect(p.heightPt).toBe(400);
    const [b] = boxesOfSpan(p.text!, p.words!, '12.00');
    expect(b!.x0).toBeGreaterThan(240);
    expect(b!.x1).toBeLessThanOrEqual(300);
    expect(b!.y1 - b!.y0).toBeGreaterThan(b!.x1 - b!.x0);
  });

  it('shares a fixed-pitch item evenly and a proportional one by glyph widths', () => {
    const toPage = (x: number, y: number): [number, number] => [x, 300 - y];
    const mono = layoutTextWords([{ str: 'TOTAL 1.00', x: 0, y: 100, h: 10, w: 60, eol: false, mono: true }], toPage).words;
    expect(mono.map((w) => [w.x0, w.x1])).toEqual([
      [0, 30],
      [36, 60],
    ]);
    const prop = layoutTextWords([{ str: 'iiii MMMM', x: 0, y: 100, h: 10, w: 100, eol: false }], toPage).words;
    // four i (222 each) and a space (278) before four M (833 each): the M's start far past the middle
    expect(prop[1]!.x0).toBeCloseTo((100 * (4 * 222 + 278)) / (4 * 222 + 278 + 4 * 833), 1);
  });

  it('keeps words of overlapping items (overprinted bold) in text order', () => {
    const { text, words } = layoutTextWords(
      [
        { str: 'TOTAL', x: 10, y: 100, h: 10, w: 30, eol: false },
        { str: 'TOTAL', x: 10.3, y: 100, h: 10, w: 30, eol: false },
        { str: '9.99', x: 200, y: 100, h: 10, w: 20, eol: false },
      ],
      (x, y) => [x, 300 - y],
    );
    expect(text).toBe('TOTALTOTAL   9.99');
    offsetsOf(text, words);
    expect(words.map((w) => w.text)).toEqual(['TOTAL', 'TOTAL', '9.99']);
  });

  it('covers every character of the real invoices with words in text order', async () => {
    for (const name of ['AmazonWebServices.pdf', 'FlipkartInvoice.pdf', 'QualityHosting.pdf']) {
      const r = await inspect({ path: join(EVAL, 'invoices', name), kind: 'pdf', maxPixels: MAX_PIXELS });
      if (!r.ok) throw new Error(r.message);
      for (const p of r.pages) {
        offsetsOf(p.text!, p.words!);
        for (const w of p.words!) {
          expect(w.x0).toBeGreaterThanOrEqual(-1);
          expect(w.x1).toBeLessThanOrEqual(p.widthPt! + 1);
          expect(w.y0).toBeGreaterThanOrEqual(-1);
          expect(w.y1).toBeLessThanOrEqual(p.heightPt! + 1);
          expect(w.x1).toBeGreaterThan(w.x0);
        }
      }
    }
  });
});

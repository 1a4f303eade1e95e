import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { closePdf, openPdf } from '../../../src/engine/read/pdf-document.js';
import { imageBoxes, largestImageCoverage } from '../../../src/engine/read/pdf-text.js';

/** A 400x300 pt page with a logo at (20, 200)-(120, 280) and a picture at (200, 20)-(380, 140), the second inside q/cm/Q. */
async function pageWithTwoImages(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const image = await doc.embedPng(png);
  const page = doc.addPage([400, 300]);
  page.drawImage(image, { x: 20, y: 200, width: 100, height: 80 });
  page.drawImage(image, { x: 200, y: 20, width: 180, height: 120 });
  return doc.save();
}

describe('where a PDF page paints its images (the operator list walked with its transforms)', () => {
  it('gives each image its box as fractions of the page, from the top left, largest first', async () => {
    const pdf = await openPdf(await pageWithTwoImages(), undefined, 'render');
    try {
      const page = await pdf.doc.getPage(1);
      const boxes = await imageBoxes(page, 0.01);
      expect(boxes).toHaveLength(2);
      const r = (b: { x0: number; y0: number; x1: number; y1: number }) => [b.x0, b.y0, b.x1, b.y1].map((v) => Math.round(v * 1000) / 1000);
      expect(r(boxes[0]!)).toEqual([0.5, 0.533, 0.95, 0.933]);
      expect(r(boxes[1]!)).toEqual([0.05, 0.067, 0.3, 0.333]);
      // the smaller image is left out under a larger minimum area (100x80 of 400x300 is 6.7%)
      expect(await imageBoxes(page, 0.1)).toHaveLength(1);
      // the largest covers 180x120 of 400x300
      expect(await largestImageCoverage(page)).toBeCloseTo(0.18, 3);
    } finally {
      await closePdf(pdf);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { ExtractionResult, FieldName } from '../../../src/contract/domain.js';
import { extractDocument, type OcrWord } from '../../../src/engine/extract/index.js';

const now = new Date('2024-07-01T00:00:00Z');
const v = (r: ExtractionResult, name: FieldName) => r.fields.find((f) => f.name === name)?.value ?? null;

/** Words laid out on rows: [text, x0, y0] with a fixed height and a width from the text length. */
function layout(rows: Array<Array<[string, number, number]>>): OcrWord[] {
  return rows.flat().map(([text, x0, y0]) => ({ text, conf: 90, x0, y0, x1: x0 + text.length * 10, y1: y0 + 20 }));
}

describe('total found by word-box geometry', () => {
  it('reads the price printed on the TOTAL row when OCR put the price column in its own block', () => {
    // the text lists the labels first and the price column last, in a different order than the rows
    const text = 'MAJU BAKERY SDN BHD\n12/05/2019 10:11:12\nBUN\nCAKE\nTOTAL\nTHANK YOU\n8.80\n2.40\n6.40\n';
    const words = layout([
      [
        ['MAJU', 10, 10],
        ['BAKERY', 60, 10],
        ['SDN', 130, 10],
        ['BHD', 170, 10],
      ],
      [
        ['12/05/2019', 10, 40],
        ['10:11:12', 120, 40],
      ],
      [['BUN', 10, 70]],
      [['CAKE', 10, 100]],
      [['TOTAL', 10, 130]],
      [
        ['THANK', 10, 160],
        ['YOU', 70, 160],
      ],
      [['8.80', 300, 131]],
      [['2.40', 300, 70]],
      [['6.40', 300, 100]],
    ]);
    const r = extractDocument([{ index: 0, text, method: 'ocr', words }], { now });
    expect(v(r, 'total')).toBe('8.80');
    const total = r.fields.find((f) => f.name === 'total')!;
    expect(text.slice(total.source!.start, total.source!.end)).toBe('8.80');
  });

  it('follows the skew of a photographed slip along the row', () => {
    const text = 'MAJU BAKERY SDN BHD\n12/05/2019 10:11:12\nBUN 2 x 1.20\nCAKE 1 x 6.40\nGRAND TOTAL\nCHANGE DUE\n0.20\n8.80\n';
    // every row drops 0.1 px per px to the right
    const at = (t: string, x: number, y: number): [string, number, number] => [t, x, y + 0.1 * x];
    const words = layout([
      [at('MAJU', 10, 10), at('BAKERY', 60, 10), at('SDN', 130, 10), at('BHD', 170, 10)],
      [at('12/05/2019', 10, 40), at('10:11:12', 120, 40)],
      [at('BUN', 10, 70), at('2', 60, 70), at('x', 80, 70), at('1.20', 100, 70)],
      [at('CAKE', 10, 100), at('1', 60, 100), at('x', 80, 100), at('6.40', 100, 100)],
      [at('GRAND', 10, 130), at('TOTAL', 70, 130)],
      [at('CHANGE', 10, 156), at('DUE', 80, 156)],
      [at('0.20', 300, 156)],
      [at('8.80', 300, 130)],
    ]);
    const r = extractDocument([{ index: 0, text, method: 'ocr', words }], { now });
    expect(v(r, 'total')).toBe('8.80');
  });

  it('ignores a number that is not on the label row', () => {
    const text = 'MAJU BAKERY\nTOTAL\n9.99\n';
    const words = layout([
      [
        ['MAJU', 10, 10],
        ['BAKERY', 60, 10],
      ],
      [['TOTAL', 10, 40]],
      [['9.99', 300, 200]],
    ]);
    const r = extractDocument([{ index: 0, text, method: 'ocr', words }], { now });
    // the text route still pairs the label with the value under it; geometry must not invent another one
    expect(v(r, 'total')).toBe('9.99');
  });
});

describe('total.row-geometry in every language of the vocabularies', () => {
  it("reads an invoice's right-aligned total that OCR put in a block of its own, grouped thousands and all", () => {
    // PSM 3 on a scanned invoice: the summary labels, then the column of amounts
    const text = "Solaris Systems SA\nZwischensumme\nEndbetrag brutto\nenthaltene MwSt. 8.1%\n\nCHF 4'208.03\nCHF 4'548.88\nCHF 340.85\n";
    const words = layout([
      [
        ['Solaris', 10, 10],
        ['Systems', 90, 10],
        ['SA', 170, 10],
      ],
      [['Zwischensumme', 300, 400]],
      [
        ['Endbetrag', 300, 430],
        ['brutto', 400, 430],
      ],
      [
        ['enthaltene', 300, 460],
        ['MwSt.', 410, 460],
        ['8.1%', 470, 460],
      ],
      [
        ['CHF', 600, 400],
        ["4'208.03", 640, 400],
      ],
      [
        ['CHF', 600, 431],
        ["4'548.88", 640, 431],
      ],
      [
        ['CHF', 600, 460],
        ['340.85', 640, 460],
      ],
    ]);
    const r = extractDocument([{ index: 0, text, method: 'ocr', words }], { now });
    expect(v(r, 'total')).toBe('4548.88');
    expect(r.fields.find((f) => f.name === 'total')!.evidence?.rules).toContain('total.row-geometry');
  });

  it('takes the total row, not the subtotal row, in Italian with comma decimals', () => {
    const text = 'Verde Mar S.p.A.\nImponibile\nIVA 22%\nTotale fattura\n\n10.519,30 EUR\n2.314,25 EUR\n12.833,55 EUR\n';
    const words = layout([
      [
        ['Verde', 10, 10],
        ['Mar', 70, 10],
        ['S.p.A.', 110, 10],
      ],
      [['Imponibile', 300, 400]],
      [
        ['IVA', 300, 430],
        ['22%', 340, 430],
      ],
      [
        ['Totale', 300, 460],
        ['fattura', 370, 460],
      ],
      [
        ['10.519,30', 600, 400],
        ['EUR', 700, 400],
      ],
      [
        ['2.314,25', 600, 430],
        ['EUR', 700, 430],
      ],
      [
        ['12.833,55', 600, 461],
        ['EUR', 700, 461],
      ],
    ]);
    const r = extractDocument([{ index: 0, text, method: 'ocr', words }], { now });
    expect(v(r, 'total')).toBe('12833.55');
  });
});

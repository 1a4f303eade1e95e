/**
 * 'number.row-geometry' and 'date.row-geometry' (geometry.ts CellFinder.right/left): OCR read a meta block's labels as
 * one block of lines and the values beside them as another, so the labels' text lines hold no values; the word boxes
 * still put each value on its label's row. Made-up OCR pages: the text is given in OCR's reading order, line by line,
 * each word placed at its x on a numbered visual row (rows 30 px apart, words 20 px high, 10 px a character).
 */
import { describe, expect, it } from 'vitest';
import { dateCandidates, rowLabelKind } from '../../../src/engine/extract/find-dates.js';
import { numberCandidates } from '../../../src/engine/extract/find-fields.js';
import { ocrNumberSign } from '../../../src/engine/extract/numbers.js';
import { cellFinder } from '../../../src/engine/extract/geometry.js';
import { extractDocument } from '../../../src/engine/extract/index.js';
import { type Line, type OcrWord, type PageInput, splitLines } from '../../../src/engine/extract/text.js';

/** An OCR page from lines in reading order, each a list of cells [x, row, text]; `tilt` drops the page by px per px. */
function ocrPage(readingOrder: Array<Array<[number, number, string]>>, tilt = 0, method: 'ocr' | 'text' = 'ocr'): PageInput[] {
  const words: OcrWord[] = [];
  const lines = readingOrder.map((cells) => {
    for (const [x, row, t] of cells) {
      let cx = x;
      for (const w of t.split(' ')) {
        const y0 = 100 + row * 30 + tilt * cx;
        words.push({ text: w, conf: 95, x0: cx, y0, x1: cx + w.length * 10, y1: y0 + 20 });
        cx += (w.length + 1) * 10;
      }
    }
    return cells.map(([, , t]) => t).join(' ');
  });
  return [{ index: 0, text: lines.join('\n'), method, words }];
}

const now = new Date('2025-06-01T00:00:00Z');
const lineWith = (ls: readonly Line[], s: string) => ls.find((l) => l.text.includes(s))!;
const spanOf = (l: Line, s: string): [number, number] => [l.text.indexOf(s), l.text.indexOf(s) + s.length];

// a letterhead, then the meta block read column by column: its labels, then its values (rows 3-5)
const SPLIT = ocrPage([
  [[60, 0, 'Nordlicht Werkzeuge GmbH']],
  [[60, 1, 'Hafenstraße 12, 20457 Hamburg']],
  [[60, 3, 'Rechnungsnummer']],
  [[60, 4, 'Lieferdatum']],
  [[60, 5, 'Rechnungsdatum']],
  [[400, 3, 'RE-2025-0417']],
  [[400, 4, '02.03.2025']],
  [[400, 5, '05.03.2025']],
]);

describe('geometry: the cell beside a span on its visual row', () => {
  it('finds the value to the right of a label and the label to the left of a value across text lines', () => {
    const ls = splitLines(SPLIT);
    const cells = cellFinder(ls, SPLIT);
    const label = lineWith(ls, 'Rechnungsnummer');
    expect(cells.right(label, ...spanOf(label, 'Rechnungsnummer'))?.text).toBe('RE-2025-0417');
    const value = lineWith(ls, '05.03.2025');
    expect(cells.left(value, ...spanOf(value, '05.03.2025'))?.text).toBe('Rechnungsdatum');
  });

  it('finds nothing from the row above or below', () => {
    const p = ocrPage([[[60, 3, 'Invoice no.']], [[400, 4, 'INV-5521']]]);
    const ls = splitLines(p);
    const cells = cellFinder(ls, p);
    const label = lineWith(ls, 'Invoice no.');
    expect(cells.right(label, ...spanOf(label, 'Invoice no.'))).toBeNull();
  });

  it('follows the page skew along the row', () => {
    // the page drops 0.03 px per px: the value 340 px to the right stands 10 px lower than a level row would put it
    const p = ocrPage(
      [
        [[60, 0, 'Harbour Tools Ltd 14 Quay Street Bristol']],
        [[60, 1, 'VAT GB 123 4567 89 Phone 0117 496 0000']],
        [[60, 7, 'Thank you for your business, payment within 30 days']],
        [[60, 3, 'Invoice no.']],
        [[60, 4, 'Date']],
        [[400, 3, 'INV-5521']],
        [[400, 4, '12/03/2025']],
      ],
      0.03,
    );
    const ls = splitLines(p);
    const cells = cellFinder(ls, p);
    const label = lineWith(ls, 'Date');
    expect(cells.right(label, ...spanOf(label, 'Date'))?.text).toBe('12/03/2025');
  });

  it('reads only OCR pages: a text layer keeps its rows on its lines', () => {
    const p = ocrPage([[[60, 3, 'Invoice no.']], [[400, 3, 'INV-5521']]], 0, 'text');
    const ls = splitLines(p);
    const label = lineWith(ls, 'Invoice no.');
    expect(cellFinder(ls, p).right(label, ...spanOf(label, 'Invoice no.'))).toBeNull();
  });

  it('stops at a wide gap: a word far across the page belongs to another block', () => {
    const p = ocrPage([[[60, 3, 'Invoice no.']], [[1400, 3, 'INV-5521']]]);
    const ls = splitLines(p);
    const label = lineWith(ls, 'Invoice no.');
    expect(cellFinder(ls, p).right(label, ...spanOf(label, 'Invoice no.'))).toBeNull();
  });
});

describe('number.row-geometry', () => {
  it('pairs a number label with the id beside it that OCR read in another block', () => {
    const ls = splitLines(SPLIT);
    const n = numberCandidates(ls, { isOcr: true, purchaseOrder: false, cells: cellFinder(ls, SPLIT) });
    expect(n[0]?.value).toBe('RE-2025-0417');
    expect(n[0]?.because).toContain('number.row-geometry');
    expect(n[0]?.source?.start).toBe(SPLIT[0]!.text.indexOf('RE-2025-0417'));
  });

  it('gives each label of a row its own value: "Invoice no. 123   Date 01.02.2025" read as two lines', () => {
    const p = ocrPage([
      [
        [60, 3, 'Invoice no.'],
        [400, 3, 'Date'],
      ],
      [
        [190, 3, 'INV-88120'],
        [460, 3, '01/02/2025'],
      ],
    ]);
    const ls = splitLines(p);
    const cells = cellFinder(ls, p);
    expect(numberCandidates(ls, { isOcr: true, purchaseOrder: false, cells })[0]?.value).toBe('INV-88120');
    const d = dateCandidates(ls, 'en-GB', 'GBP', now, true, cells);
    expect(d.issue[0]?.value).toBe('2025-02-01');
    expect(d.issue[0]?.because).toContain('date.row-geometry');
  });

  it('takes nothing when another label stands between: a header row of labels over its values', () => {
    const p = ocrPage([
      [
        [60, 3, 'Invoice no.'],
        [260, 3, 'Order no.'],
      ],
      [[260, 4, 'PO-7781']],
    ]);
    const ls = splitLines(p);
    const n = numberCandidates(ls, { isOcr: true, purchaseOrder: false, cells: cellFinder(ls, p) });
    expect(n.some((c) => c.because.includes('number.row-geometry'))).toBe(false);
  });

  it('reads a label only where it ends its word: "ref" is no label at the start of "referentie"', () => {
    const p = ocrPage([[[60, 3, 'Uw referentie']], [[400, 3, 'B924290']]]);
    const ls = splitLines(p);
    const n = numberCandidates(ls, { isOcr: true, purchaseOrder: false, cells: cellFinder(ls, p) });
    expect(n.some((c) => c.because.includes('number.row-geometry'))).toBe(false);
  });

  it('never takes an id among other words (a postal code before its town)', () => {
    const p = ocrPage([[[60, 3, 'Rechnungsnummer']], [[300, 3, '20457 Hamburg']]]);
    const ls = splitLines(p);
    const n = numberCandidates(ls, { isOcr: true, purchaseOrder: false, cells: cellFinder(ls, p) });
    expect(n.some((c) => c.because.includes('number.row-geometry'))).toBe(false);
  });
});

describe('date.row-geometry', () => {
  it('labels each date by the label on its row: the delivery date is not the issue date', () => {
    const ls = splitLines(SPLIT);
    const d = dateCandidates(ls, 'de-DE', 'EUR', now, true, cellFinder(ls, SPLIT));
    expect(d.issue[0]?.value).toBe('2025-03-05');
    expect(d.issue[0]?.because).toContain('date.row-geometry');
    const delivery = d.issue.find((c) => c.value === '2025-03-02')!;
    expect(delivery.score).toBeLessThan(d.issue[0]!.score - 0.3);
  });

  it('gives a due label its due date, not the issue date', () => {
    const p = ocrPage([[[60, 3, 'Date de facture']], [[60, 4, "Date d'échéance"]], [[400, 4, '14/04/2025']], [[400, 3, '15/03/2025']]]);
    const ls = splitLines(p);
    const d = dateCandidates(ls, 'fr-FR', 'EUR', now, true, cellFinder(ls, p));
    expect(d.issue[0]?.value).toBe('2025-03-15');
    expect(d.due[0]?.value).toBe('2025-04-14');
    expect(d.due[0]?.because).toContain('date.row-geometry');
  });

  it('takes no label from a value beside the date, nor from another row', () => {
    const p = ocrPage([[[60, 2, 'Datum']], [[60, 3, 'Kunde 4471']], [[400, 3, '12.03.2025']]]);
    const ls = splitLines(p);
    const value = lineWith(ls, '12.03.2025');
    expect(rowLabelKind(cellFinder(ls, p), value, ...spanOf(value, '12.03.2025'))).toBeNull();
  });

  it('reads the longest label ending the cell: "Due date" is due, "Order date" is another date', () => {
    const p = ocrPage([[[60, 3, 'Order date:']], [[60, 4, 'Due date']], [[400, 3, '01/03/2025']], [[400, 4, '31/03/2025']]]);
    const ls = splitLines(p);
    const cells = cellFinder(ls, p);
    const a = lineWith(ls, '01/03/2025');
    const b = lineWith(ls, '31/03/2025');
    expect(rowLabelKind(cells, a, ...spanOf(a, '01/03/2025'))?.kind).toBe('other');
    expect(rowLabelKind(cells, b, ...spanOf(b, '31/03/2025'))?.kind).toBe('due');
  });
});

describe('date.label-across-gap', () => {
  it("takes the label above a date, not another column's label OCR joined to it with one space", () => {
    // the buyer's "Sold to" at the left margin, the date under "Invoice date" at the right, read as one line
    const p = ocrPage([
      [[1000, 2, 'Invoice date']],
      [
        [60, 3, 'Sold to'],
        [1000, 3, '15/08/2025'],
      ],
    ]);
    const ls = splitLines(p);
    const d = dateCandidates(ls, 'en-GB', 'GBP', new Date('2026-01-01'), true, cellFinder(ls, p));
    expect(d.issue[0]?.value).toBe('2025-08-15');
    expect(d.issue[0]?.because).toEqual(['date.label-across-gap', 'date.label-above']);
    // beside its label on the row, the label before it in the text stands
    const q = ocrPage([
      [[1000, 2, 'Invoice date']],
      [
        [860, 3, 'Due date'],
        [1000, 3, '15/08/2025'],
      ],
    ]);
    const lq = splitLines(q);
    const dq = dateCandidates(lq, 'en-GB', 'GBP', new Date('2026-01-01'), true, cellFinder(lq, q));
    expect(dq.issue.find((c) => c.value === '2025-08-15')?.because).toEqual(['date.label-due']);
  });
});

describe('row geometry through extraction', () => {
  it('reads the number and the issue date of a scanned meta block read column by column', () => {
    const r = extractDocument(SPLIT, { now, locale: 'de-DE' });
    const f = (n: string) => r.fields.find((x) => x.name === n);
    expect(f('document_number')?.value).toBe('RE-2025-0417');
    expect(f('document_number')?.evidence?.rules).toContain('number.row-geometry');
    expect(f('issue_date')?.value).toBe('2025-03-05');
    expect(f('issue_date')?.evidence?.rules).toContain('date.row-geometry');
  });
});

describe('number.label-above under a header row OCR read with single spaces', () => {
  it('takes the value under a number label followed by another label on its line', () => {
    const p = ocrPage([
      [
        [60, 3, 'Fecha de vencimiento'],
        [300, 3, 'N° nota de crédito'],
        [560, 3, 'Fecha de pedido'],
      ],
      [
        [60, 4, '01/06/2024'],
        [300, 4, 'CN-20243967'],
        [560, 4, '20/04/2024'],
      ],
    ]);
    const ls = splitLines(p);
    const n = numberCandidates(ls, { isOcr: true, purchaseOrder: false, cells: cellFinder(ls, p) });
    expect(n[0]?.value).toBe('CN-20243967');
    expect(n[0]?.because).toContain('number.label-above');
  });
});

describe('number.ocr-number-sign', () => {
  it('reads ® and e for the raised o of "N°" before a document word', () => {
    expect(ocrNumberSign("ne d'avoir")).toBe("n° d'avoir");
    expect(ocrNumberSign('ne nota de credito')).toBe('n° nota de credito');
    expect(ocrNumberSign('ne fattura 12')).toBe('n° fattura 12');
    expect(ocrNumberSign('factura n® 2025/4684')).toBe('factura n° 2025/4684');
    // "ne" elsewhere is a word, and the text keeps its length
    expect(ocrNumberSign('il ne paie pas')).toBe('il ne paie pas');
    const num = (t: string) =>
      numberCandidates(splitLines([{ index: 0, text: t, method: 'ocr' }]), { isOcr: true, purchaseOrder: false })[0];
    expect(num("Ne d'avoir: GS2024-4797")?.value).toBe('GS2024-4797');
  });
});

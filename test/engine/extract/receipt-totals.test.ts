import { describe, expect, it } from 'vitest';
import type { ExtractionResult, FieldName } from '../../../src/contract/domain.js';
import { extractDocument } from '../../../src/engine/extract/index.js';

const now = new Date('2024-07-01T00:00:00Z');
const ocr = (text: string) => extractDocument([{ index: 0, text, method: 'ocr' }], { now });
const v = (r: ExtractionResult, name: FieldName) => r.fields.find((f) => f.name === name)?.value ?? null;

describe('receipt totals when OCR damaged the total line', () => {
  it('takes cash minus change when the total figure is unreadable', () => {
    const r = ocr(
      'LEMON TREE CAFE\nDate : 04/05/2019 8:12:40 PM\nNASI LEMAK 2 9.00 18.00\nTEH TARIK 2 2.50 5.00\nGrand Total ~~ e3o0\nCash Received 50.00\nChange 27.00',
    );
    expect(v(r, 'total')).toBe('23.00');
  });

  it('takes the card charge when no total line was read', () => {
    const r = ocr(
      'ACME HYPERMART SDN BHD\nDate : 12 Jun 2019 10:02am\nFLOUR 1KG 1 x 4.20 4.20\nSUGAR 2KG 1 x 5.60 5.60\nTotzxl Incl. GST\nVisa ****4321: 9.80\nChange: RM 0.00',
    );
    expect(v(r, 'total')).toBe('9.80');
  });

  it('does not take a misread cash figure below the amounts on the slip', () => {
    const r = ocr(
      'OAK FURNITURE SDN BHD\nDate: 02-03-19 14:10\nTABLE 2,400.00\nCHAIR x4 600.00\nTotal RM |\nCASH (MYR) 1000.00\nChange 0.00\nSR 6 2,830.19 169.81 3,000.00',
    );
    expect(v(r, 'total')).toBe('3000.00');
  });

  it('sends a total that cash minus change contradicts to review, with the figures', () => {
    const r = ocr('GREEN LEAF PHARMACY SDN BHD\nDATE: 11/08/2019\nTOTAL 18.98\nCASH 20.00\nCHANGE 1.10');
    expect(r.needsReview).toBe(true);
    expect(r.issues.find((i) => i.code === 'check:sum.cash-change-total')?.message).toContain('18.90');
  });

  it('keeps a total that subtotal plus tax confirms', () => {
    const r = ocr('GREEN LEAF PHARMACY SDN BHD\nDATE: 11/08/2019\nSUB TOTAL 17.00\nGST 1.02\nTOTAL 18.02\nCASH 20.00\nCHANGE 1.88');
    expect(v(r, 'total')).toBe('18.02');
  });
});

describe('a bare PAY line is the money handed over', () => {
  it('takes DUE over the larger PAY amount', () => {
    const r = ocr('ROTI BAKERY S/B\nDate:11/03/18 21:20\nBUN 1 7.50\nROUNDING ADJ\n0.00\nDUE\n7.50\nPAY\n20.00\nCHANGE\n12.50');
    expect(v(r, 'total')).toBe('7.50');
  });
});

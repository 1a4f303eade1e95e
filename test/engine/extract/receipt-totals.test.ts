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

describe('total.sum-rounded: a rounding line after the subtotal and tax rounds their sum', () => {
  it('takes the rounded sum printed below the rounding line when the total line lost its label', () => {
    const r = ocr(
      'KEDAI MAKAN PELANGI\nGST ID: 000123456789\nDATE: 04/08/2017 15:12\nTEH TARIK 1 6.68 6.68\nA4 PAPER 1 171.31 171.31\nSUB TOTAL: 177.99\nGST 6%: 10.68\nCENT ROUNDING: -0.02\n188.65\nTHANK YOU',
    );
    expect(v(r, 'total')).toBe('188.65');
    expect(r.fields.find((f) => f.name === 'total')?.evidence?.rules).toContain('total.sum-rounded');
  });

  it('never leaves the sum before rounding done (till.rounding-applied)', () => {
    const r = ocr(
      'KEDAI MAKAN PELANGI\nGST ID: 000123456789\nDATE: 04/08/2017 15:12\nTEH TARIK 1 6.68 6.68\nA4 PAPER 1 171.31 171.31\nSUB TOTAL: 177.99\nGST 6%: 10.68\nCENT ROUNDING: -0.02\nTHANK YOU',
    );
    expect(v(r, 'total') === '188.67' && !r.needsReview).toBe(false);
  });
});

describe('a total the customer paid rounded to 0.05 (till.rounding-applied)', () => {
  it('does not pass the unrounded sum as done when cash minus change is that sum rounded', () => {
    const r = ocr(
      'PELANGI TRADING\nGST ID: 000123456789\nDATE: 19/06/2018 10:02\nPVC PIPE 1 42.05 42.05\nDETTOL 1 54.38 54.38\nSUB TOTAL: 96.43\nGST @ 0%: 0.00\nCASH TENDERED: 97.00\nCHANGE DUE: 0.55\nTAX SUMMARY\nSR @ 0% 96.43 0.00\nTOTAL 96.43 0.00',
    );
    expect(v(r, 'total') === '96.43' && !r.needsReview).toBe(false);
    expect(r.checks?.some((c) => c.id === 'till.rounding-applied' && !c.passed) || v(r, 'total') === '96.45').toBe(true);
  });
});

describe('the largest amount is not confirmed by a lines sum of itself', () => {
  it('leaves a total read as the one item amount, with the total line unread, for review', () => {
    // OCR read the amount column apart from its rows, and the total's figure not at all
    const r = ocr(
      'KIM LOONG SDN. BHD.\nCOMPANY NO: 585185482-V\nBILL NO: 64499\nDESCRIPTION QTY PRICE\nGLUE STICK 21G x: 41.77\nMEE GORENG 1 TRO\nJUMLAH KECIL:\nDISC:\nGRAND TOTAL: RM\nTHANK YOU\n22/06/2018 3:27 PM\nAMT\n41.77\n.01\n6.90',
    );
    const total = r.fields.find((f) => f.name === 'total');
    expect(total?.evidence?.checksPassed).not.toContain('sum.lines-total');
    expect(r.needsReview).toBe(true);
  });
});

describe('total.paid-by-card: an e-wallet or debit tender line is the charge as a card slip is', () => {
  it.each(['GRABPAY', 'TNG EWALLET', 'BOOST', 'DEBIT'])('%s charged the total: a second printing of it', (tender) => {
    const r = ocr(
      `SAN HUAT MOTOR ENTERPRISE\nDATE: 20-10-2019 TIME: 22:38\nPVC PIPE 1/2" 138.06\nGLUE STICK 21G 516.69\nSUB TOTAL 654.75\nSERVICE TAX 6% 51499\nGRAND TOTAL RM 694.05\n${tender} 694.05\nTHANK YOU`,
    );
    const total = r.fields.find((f) => f.name === 'total');
    expect(total?.value).toBe('694.05');
    expect(total?.evidence?.rules).toContain('total.paid-by-card');
  });
});

describe('total.cents-cut: a figure whose cents OCR lost at the column edge', () => {
  it('is not taken for a whole amount, however often it is printed so', () => {
    const r = ocr(
      'WATTLE BAKERY PTY LTD\nSYDNEY NSW 2000\nDATE: 01/01/19 10:22\nA4 PAPER 80GSM 1 166.50 $166.\nWHOLEMEAL BREAD 5 61.92 $309.\nTOTAL SALES: $546.\nGRAND TOTAL: $546.\nCARD: $546.\nSALE $ 546.\nTHANK YOU!',
    );
    expect(v(r, 'total') === '546.00' && !r.needsReview).toBe(false);
    expect(v(r, 'total')).not.toBe('546.00');
  });

  it('takes the same lines with their cents read', () => {
    const r = ocr(
      'WATTLE BAKERY PTY LTD\nSYDNEY NSW 2000\nDATE: 01/01/19 10:22\nA4 PAPER 80GSM 1 166.50 $166.50\nTOTAL SALES: $546.42\nROUNDING: -0.02\nGRAND TOTAL: $546.40\nCARD: $546.40\nTHANK YOU!',
    );
    expect(v(r, 'total')).toBe('546.40');
  });
});

describe("till.colon-for-point: OCR's colon for a thermal print's decimal point on a cash or change line", () => {
  it.each([
    ['BAKI: 0:75', 'CASH: 50.00'],
    ['CHANGE 9:95', 'TUNAI 500.00'],
  ])('reads "%s" as money, so cash - change confirms the total', (change, cash) => {
    const total = cash === 'CASH: 50.00' ? '49.25' : '490.05';
    const r = ocr(`KEDAI UBAT PELANGI\nDATE/TIME: 01-SEP-2017 09:46\nTEH TARIK 24.38\nTOTAL: RM ${total}\n${cash}\n${change}\nTHANK YOU`);
    const t = r.fields.find((f) => f.name === 'total');
    expect(t?.value).toBe(total);
    expect(t?.evidence?.checksPassed).toContain('sum.cash-change-total');
  });

  it('leaves a time of day on another line alone', () => {
    const r = ocr('KEDAI UBAT PELANGI\nTIME: 9:46\nTEH TARIK 24.38\nTOTAL: RM 24.40\nCASH: 50.00\nCHANGE: 25.60');
    expect(r.fields.find((f) => f.name === 'total')?.evidence?.checksPassed).toContain('sum.cash-change-total');
  });
});

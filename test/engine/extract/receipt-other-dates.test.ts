import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/engine/extract/index.js';

const now = new Date('2024-07-01T00:00:00Z');
const ocr = (text: string) => extractDocument([{ index: 0, text, method: 'ocr' }], { now });

describe('vocab other_date: dates a receipt prints beside its own', () => {
  // the sale's date at the foot, unreadable to OCR; the other date printed clearly above it
  const receipt = (other: string) =>
    `GUAN HENG ENTERPRISE\nNO. 15, JALAN AIR PANAS, 81300 JOHOR BAHRU\nINVOICE NO: INV01761\nCASHIER: AMIRAH\nTEH TARIK RM3.74\nAMOUNT DUE RM 3.75\nMASTERCARD RM3.75\n${other}\nTHANK YOU!\n12, 0CT 20l7 22:38:14`;

  it.each(['POINTS EXPIRE ON 12 OCT 2023', 'VOUCHER VALID TILL 12/10/2023', 'BEST BEFORE 12/10/2023', 'MATA GANJARAN LUPUT 12/10/2023'])(
    '"%s" is not vouched for as the issue date',
    (other) => {
      const r = ocr(receipt(other));
      const date = r.fields.find((f) => f.name === 'issue_date')!;
      expect(date.value === '2023-10-12' && date.confidence >= 0.6).toBe(false);
      expect(r.needsReview).toBe(true);
    },
  );
});

describe('date.tax-in-force on a whole receipt', () => {
  it('leaves a GST 6% receipt whose year OCR misread (2019) for review', () => {
    const text = (year: string) =>
      `KEDAI MAJU SDN BHD\nJALAN 3, 47100 PUCHONG, SELANGOR\nDATE: 12/03/${year} 10:22\nTEH TARIK 10.00\nTOTAL EXCL GST 10.00\nGST 6% 0.60\nTOTAL 10.60\nCASH 20.00\nCHANGE 9.40`;
    const misread = ocr(text('2019'));
    expect(misread.checks?.find((c) => c.id === 'date.tax-in-force')?.passed).toBe(false);
    expect(misread.needsReview).toBe(true);
    expect(ocr(text('2017')).checks?.find((c) => c.id === 'date.tax-in-force')?.passed).toBe(true);
  });
});

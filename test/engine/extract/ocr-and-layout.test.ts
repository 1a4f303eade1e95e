import { describe, expect, it } from 'vitest';
import type { ExtractionResult, FieldName } from '../../../src/contract/domain.js';
import { extractDocument } from '../../../src/engine/extract/index.js';
import { repairOcrLine } from '../../../src/engine/extract/text.js';
import { normaliseVendor } from '../../../src/engine/extract/vendor.js';

const now = new Date('2024-07-01T00:00:00Z');
const ocr = (text: string) => extractDocument([{ index: 0, text, method: 'ocr' }], { now });
const pdf = (text: string, locale?: string) => extractDocument([{ index: 0, text, method: 'text' }], { now, locale });
const v = (r: ExtractionResult, name: FieldName) => r.fields.find((f) => f.name === name)?.value ?? null;

describe('repairOcrLine keeps the line length', () => {
  it.each([
    ['Date: D2/O2/17 19:46', 'Date: 02/02/17 19:46'],
    ['CASHI 17/83/2817 21:35', 'CASHI 17/03/2017 21:35'],
    ['14 Mar 2618 18:40', '14 Mar 2018 18:40'],
    ['Total RM Incl. of GST 49. 39', 'Total RM Incl. of GST 49.39 '],
    ['TOTAL Pg 55.1 0', 'TOTAL Pg 55.10 '],
    ['TOTAL §5.10', 'TOTAL 55.10'],
    ['Grand Total —— 92 80', 'Grand Total —— 92.80'],
    ['Rounding Adjustment RM OQ 02', 'Rounding Adjustment RM 00.02'],
    ['Total M™M1.00', 'Total M™ 1.00'],
    ['Total RM1.00', 'Total RM1.00'],
    ['Item A12.50', 'Item A12.50'],
  ])('%s', (raw, want) => {
    const got = repairOcrLine(raw);
    expect(got).toBe(want);
    expect(got.length).toBe(raw.length);
  });
});

describe('receipts through OCR', () => {
  it('prefers the rounded total printed after the rounding line', () => {
    const r = ocr(
      'ABC BOOKSTORE SDN BHD\nDate 01/03/18 19:14\nTotal RM Incl. of GST 49. 39\nRounding Adj 0.01\nTotal RM 49. 40\nCash 50. 00\nCHANGE 0.60',
    );
    expect(v(r, 'total')).toBe('49.40');
  });

  it('reports repaired values with the characters as printed', () => {
    const text = 'ABC BOOKSTORE SDN BHD\nDate: D2/O2/17 19:46\nTotal RM 49. 40\nCash 50. 00\nCHANGE 0.60';
    const r = ocr(text);
    const total = r.fields.find((f) => f.name === 'total')!;
    const date = r.fields.find((f) => f.name === 'issue_date')!;
    expect([total.value, total.raw]).toEqual(['49.40', 'RM 49. 40']);
    expect(text.slice(total.source!.start, total.source!.end)).toBe('RM 49. 40');
    expect([date.value, date.raw]).toEqual(['2017-02-02', 'D2/O2/17']);
  });

  it('applies a rounding adjustment printed after the only total', () => {
    const r = ocr(
      'KEDAI MAJU\nDate: 12/03/2018\nTotal Sales (Incl GST 6%) RM 64.13\nRounding Adjustment RM 0.02\nCASH RM 100.00\nCHANGE RM 35.85',
    );
    expect(v(r, 'total')).toBe('64.15');
  });

  it('lets cash minus change confirm the total over a misread larger figure', () => {
    const r = ocr(
      'POPULAR BOOK CO. (M) SDN BHD\n27/02/2018 10:12\nTotal RM Incl. of GST 490.99\nRounding Adj 0.01\nTotal RH 41.00\nCash -51. 00\nCHANGE 10.00',
    );
    expect(v(r, 'total')).toBe('41.00');
  });

  it('does not take the tax contained in the total for the total', () => {
    const r = ocr("KING'S CONFECTIONERY S/B\n11/03/2018 10:00\nBREAD 8 25.15\nPay 25.15\nChange 0.00\n(Total Included GST @ 6% : 1.42)");
    expect(v(r, 'total')).toBe('25.15');
    expect(v(r, 'tax')).toBe('1.42');
  });

  it('adds tax to the subtotal when no total is printed', () => {
    const r = ocr('HARDWARE TRADING\nDate: 20/12/2017\nSub Total RM 68.87\nService Charge RM 0.00\nGST/TAX 6% RM 4.13\nThank you');
    expect(v(r, 'total')).toBe('73.00');
  });

  it('reads a day-first receipt even when a dashed rule looks like a month-first date', () => {
    const r = ocr('SHOP ENTERPRISE\n---- 2-22-25 ----\n28-03-18 18:05 TRAINEE\nTOTAL 38.80\nCASH 50.00\nCHANGE 11.20');
    expect(v(r, 'issue_date')).toBe('2018-03-28');
  });

  it('cleans OCR specks and wrapped names in the header', () => {
    expect(v(ocr('| | PASAR MINI JIN SENG | |\n_ 879, JALAN PERMAS SATU\nTOTAL 44.90'), 'vendor_name')).toBe('PASAR MINI JIN SENG');
    expect(v(ocr('HOME MASTER HARDWARE &\nELECTRICAL\nNO.113G, JALAN SETIA\nTOTAL 15.90'), 'vendor_name')).toBe(
      'HOME MASTER HARDWARE & ELECTRICAL',
    );
    expect(v(ocr('PASARAYA BORONG PINTAR\nSDN BHD\n(124360-X)\nTOTAL 9.00'), 'vendor_name')).toBe('PASARAYA BORONG PINTAR');
    expect(v(ocr('3180404 ; ,\nGHEE HIANG\nGH DISTRIBUTOR & MARKETING SDN BHO\n(1097826-F)\nTOTAL 25.00'), 'vendor_name')).toBe(
      'GHEE HIANG GH DISTRIBUTOR & MARKETING',
    );
  });
});

describe('vendor names', () => {
  it.each([
    ['Coolblue B.V.', 'Coolblue'],
    ['Polski Koncern Naftowy ORLEN S.A.', 'Polski Koncern Naftowy ORLEN'],
    ['QualityHosting AG', 'QualityHosting'],
    ['GARDENIA BAKERIES (KL) SDN BHD (139386 X)', 'GARDENIA BAKERIES'],
    ['AEON CO. (M) BHD (126526-H)', 'AEON'],
    ['Drukarnia Nowak Sp. z o.o.', 'Drukarnia Nowak'],
    ['Acme Widgets Inc.', 'Acme Widgets'],
    ['Müller & Söhne GmbH', 'Müller & Söhne'],
    // trading and enterprise describe a business (they score a name line) but are no legal form: they stay
    ['Contoso Trading Ltd', 'Contoso Trading'],
    ['KEDAI AH SENG TRADING', 'KEDAI AH SENG TRADING'],
    ['SRI MURNI ENTERPRISE', 'SRI MURNI ENTERPRISE'],
    // what OCR left of a legal form's second half is a speck; the half before it ends the name
    ['KEDAI MAKANAN LAUT SDN i.', 'KEDAI MAKANAN LAUT'],
    ['KEDAI ROTI gl', 'KEDAI ROTI'],
    ['KEDAI ROTI SDN', 'KEDAI ROTI'],
    // vendor.digit-for-letter: a capital name's I, O, S, B read as 1, 0, 5, 8 between letters; digits elsewhere stay
    ['MR. D.1.Y. (M) SDN BHD', 'MR. D.I.Y'],
    ['TEO HENG STATIONERY & B00K5', 'TEO HENG STATIONERY & BOOK5'],
    ['CITY B00KS', 'CITY BOOKS'],
    ['A1 MART', 'A1 MART'],
    ['OLIVE9 PHARMACY', 'OLIVE9 PHARMACY'],
    ['99 SPEED MART S/B', '99 SPEED MART'],
    ['7-ELEVEN MALAYSIA', '7-ELEVEN MALAYSIA'],
    ['Caf3 8ar', 'Caf3 8ar'],
  ])('%s → %s', (raw, want) => {
    expect(normaliseVendor(raw)).toBe(want);
  });

  it('takes the seller from a letterhead sender line', () => {
    const r = pdf(
      '  QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen\n\n  iViveLabs Ltd.\n  93B Sai Yu Chung\n\nRechnung\nRechnungsnr.   30064443\nRechnungsdatum   7. Mai 2014\nTotal EUR   34,73\nQualityHosting AG   Vorstand: X\n',
    );
    expect(v(r, 'vendor_name')).toBe('QualityHosting');
    expect(v(r, 'document_number')).toBe('30064443');
    expect(v(r, 'issue_date')).toBe('2014-05-07');
    expect(v(r, 'total')).toBe('34.73');
    expect(v(r, 'currency')).toBe('EUR');
  });

  it('names a marketplace order by the platform it was ordered through', () => {
    const r = pdf(
      'Retail Invoice\nInvoice No : # BLR_WFLD2015\nSold By : WS Retail Services Pvt. Ltd.,\nInvoice Date: 20-10-2015\nGrand Total   319.00\nOrdered Through :\nFlipkart.com Customer Care : 1800 208 9898 || www.flipkart.com/support\n',
    );
    expect(v(r, 'vendor_name')).toBe('Flipkart');
    expect(v(r, 'document_number')).toBe('BLR_WFLD2015');
  });

  it('does not take the customer block for the vendor', () => {
    const r = pdf('Bill To:\nGlobex Corporation Ltd\n42 Elm Road\n\nFrom: Initech LLC\nInvoice #: 7781\nDate: 2024-01-05\nTotal: $100.00');
    expect(v(r, 'vendor_name')).toBe('Initech');
  });
});

describe('plain text extraction (labels stacked above values)', () => {
  it('pairs labels and values that come in separate blocks', () => {
    const text =
      'Amazon Web Services Invoice\nInvoice Number:\nInvoice Date:\n\n42183017\nAugust 3 , 2014\n\nTOTAL AMOUNT DUE ON August 3 , 2014\n\n$4.11\n';
    const r = pdf(text);
    expect(v(r, 'document_number')).toBe('42183017');
    expect(v(r, 'issue_date')).toBe('2014-08-03');
    expect(v(r, 'total')).toBe('4.11');
    expect(v(r, 'vendor_name')).toBe('Amazon Web Services');
  });

  it('reads a header row over a value row, with or without column gaps preserved', () => {
    const text =
      'Kopie factuur\nKlant   Order   Factuur datum   Factuur   Vervaldatum\nSCONL0303006280999   SCONL000000444   8-9-2022   VF1005193039   22-9-2022\nFactuur totaal EUR   49,99\n';
    const r = pdf(text);
    expect(v(r, 'document_number')).toBe('VF1005193039');
    expect(v(r, 'issue_date')).toBe('2022-09-08');
    expect(v(r, 'due_date')).toBe('2022-09-22');
    expect(v(r, 'total')).toBe('49.99');
  });
});

describe('OCR noise in dates and letterheads', () => {
  it('leaves the total alone when the rounding line follows the cash tendered', () => {
    const r = ocr(
      'BEAUTY PHARMACY SDN BHD\n19/05/18 16:58\nSUBTOTAL 12.48\nTOTAL (GST INCL) 12.48\nCASH 20.00\nROUNDING ADJUSTMENTS 0.02\nCHANGE DUE 7.50\nYOUR SAVINGS FOR TODAY 1.10',
    );
    expect(v(r, 'total')).toBe('12.48');
    const stacked = ocr(
      'BEAUTY PHARMACY SDN BHD\n19/05/18 16:58\nSUBTOTAL\n12.48\nTOTAL (GST INCL)\n12.48\nCASH\n20.00\nROUNDING ADJUSTMENTS\n0.02\nCHANGE DUE\n7.50\nYOUR SAVINGS FOR TODAY\n1.10',
    );
    expect(v(stacked, 'total')).toBe('12.48');
  });

  it('applies a rounding adjustment whose zeros OCR read as letters', () => {
    const r = ocr(
      'KEDAI MAJU\nDate: 12/03/2018\nTotal Sales (Incl GST 6%) RM 21 48\nRounding Adjustment RM OQ 02\nCASH RM 50. 00\nTotal Discount RM 0 00',
    );
    expect(v(r, 'total')).toBe('21.50');
  });

  it('reads Z as 2 inside a numeric date', () => {
    expect(repairOcrLine('Date: Z9-01-18 20:38')).toBe('Date: 29-01-18 20:38');
    const r = ocr('KAYU FURNITURE SDN BHD\nDate: Z9-01-18 20:38\nTotal RM 120.00');
    expect(v(r, 'issue_date')).toBe('2018-01-29');
  });

  it('passes over a camel-cased logo speck above the shop name', () => {
    const r = ocr('MiaLo\nKEDAI RUNCIT AMAN JAYA\n12, JALAN MELATI\n81750 JOHOR\n12/03/2018 10:00\nTOTAL 5.00\nCASH 10.00\nCHANGE 5.00');
    expect(v(r, 'vendor_name')).toBe('KEDAI RUNCIT AMAN JAYA');
  });
});

describe('dates under a header row without column gaps', () => {
  it('takes the date under a "Date Time" header over an unlabelled timestamp', () => {
    const r = ocr('PETRO KIOSK SERI\nTotal RM 40.00\n2019-05-09 08:12:40\nApproved\nDate Time Num\n05/05/19 08:12 1234\nThank you');
    expect(v(r, 'issue_date')).toBe('2019-05-05');
  });
});

/** OCR words for every token of the text at one confidence, with the confidences of named tokens overridden. */
function ocrWords(text: string, conf: number, unsure: Record<string, number> = {}) {
  return text.split('\n').flatMap((line, row) =>
    line
      .split(/\s+/)
      .filter(Boolean)
      .map((t, i) => ({ text: t, conf: unsure[t] ?? conf, x0: 10 + 60 * i, y0: 20 * row, x1: 60 + 60 * i, y1: 20 * row + 15 })),
  );
}
const scanned = (text: string, unsure: Record<string, number>) =>
  extractDocument([{ index: 0, text, method: 'ocr', words: ocrWords(text, 96, unsure) }], { now });
const field = (r: ExtractionResult, name: FieldName) => r.fields.find((f) => f.name === name)!;

describe('vendor.digit-for-letter on a scanned name', () => {
  it('the word OCR read with a digit still vouches for the mended name, with its own confidence', () => {
    const text = 'MR. D.1.Y. (M) SDN BHD\n21 Mar 2018 18:17\nRice 7.10\nTotal 7.10\nCash 10.00\nChange 2.90';
    const unsure = field(scanned(text, { 'D.1.Y.': 40 }), 'vendor_name');
    expect(unsure).toMatchObject({ value: 'MR. D.I.Y' });
    expect(unsure.confidence).toBeLessThan(0.6);
    expect(field(scanned(text, {}), 'vendor_name').confidence).toBeGreaterThanOrEqual(0.6);
  });
});

describe('a date OCR was unsure of, vouched for by a second printing', () => {
  const till = (number: string) =>
    `KEDAI RUNCIT AMAN SDN BHD\n21 Mar 2018 18:17\nInvoice # : ${number}\nRice 7.10\nTotal 7.10\nCash 10.00\nChange 2.90`;
  it('date.in-document-number: the receipt number starts with the day, so the unsure date is not held back', () => {
    const r = scanned(till('OR18032102170360'), { Mar: 57, '21': 57 });
    expect(field(r, 'issue_date')).toMatchObject({ value: '2018-03-21' });
    expect(field(r, 'issue_date').evidence?.rules).toContain('date.in-document-number');
    expect(field(r, 'issue_date').confidence).toBeGreaterThanOrEqual(0.6);
  });
  it('without it the same unsure date goes to review', () => {
    const r = scanned(till('OR99120102170360'), { Mar: 57, '21': 57 });
    expect(field(r, 'issue_date').confidence).toBeLessThan(0.6);
    expect(r.issues.some((i) => i.field === 'issue_date' && i.code === 'low_confidence')).toBe(true);
  });
  it('date.printed-twice-unseparated: the delivery stamp prints the digits again, one separator lost', () => {
    const note = (stamp: string) => `ROTI SEGAR BAKERIES SDN BHD\nTAX INVOICE\nDate: 24/07/2017\n${stamp}\nBread 4.26\nTotal Payable: 4.26`;
    const r = scanned(note('DD: 2407/2017 12:44'), { '24/07/2017': 46 });
    expect(field(r, 'issue_date')).toMatchObject({ value: '2017-07-24' });
    expect(field(r, 'issue_date').evidence?.rules).toContain('date.printed-twice-unseparated');
    expect(field(r, 'issue_date').confidence).toBeGreaterThanOrEqual(0.6);
    // a stamp with other digits vouches for nothing
    expect(field(scanned(note('DD: 2401/2017 12:44'), { '24/07/2017': 46 }), 'issue_date').confidence).toBeLessThan(0.6);
  });
});

describe('a total confirmed by the cash tendered on the line above the change', () => {
  it('till.tendered-above-change: cash - change confirms the total though OCR garbled the cash label', () => {
    const r = ocr(
      'KEDAI MAKAN SELERA SDN BHD\n21/05/2018 11:59\nNasi Lemak 14.95\nTotal (incl GST) 70.30\nCas ndered 100.00\nChange 29.70',
    );
    expect(v(r, 'total')).toBe('70.30');
    expect(field(r, 'total').evidence?.checksPassed).toContain('sum.cash-change-total');
    expect(r.issues.map((i) => i.code)).not.toContain('total_unconfirmed');
  });
});

describe('a total line misread below its subtotal', () => {
  it('total.below-subtotal: subtotal + tax, which cash - change and the tax summary confirm, is the total', () => {
    const r = ocr(
      'KEDAI KUIH MAJU SDN BHD\nDate: 20/06/2018\n4 KUIH LAPIS 9.00 36.00 SR\n2 ONDE ONDE 24.60 49.20 SR\nSubTotal 85.20\nNet Total 35.20\nCash 100.20\nChange 15.00\nGST 0% 85.20 0.00',
    );
    expect(v(r, 'total')).toBe('85.20');
    expect(field(r, 'total').evidence?.rules).toContain('total.below-subtotal');
    expect(field(r, 'total').evidence?.checksPassed).toContain('sum.cash-change-total');
    expect(r.issues.map((i) => i.code)).not.toContain('total_unconfirmed');
  });
  it('with nothing else to confirm it, the sum goes to review', () => {
    const r = ocr(
      'KEDAI KUIH MAJU SDN BHD\nDate: 20/06/2018\n4 KUIH LAPIS 9.00 36.00 SR\nSubTotal 85.20\nNet Total 35.20\nCash 100.20\nChange 16.00',
    );
    expect(r.docType).toBe('receipt');
    expect(r.needsReview).toBe(true);
    expect(r.issues.some((i) => i.field === 'total' && i.severity === 'error')).toBe(true);
  });
});

describe('a hole in a scanned name', () => {
  it('vendor.no-gap: OCR sure of "BAKER" but a gap of lost letters after it sends the name to review', () => {
    const text = 'GARDENIA BAKER (KL) SDN BHD\n05/10/2017 10:00\nTotal Payable: 51.42\nCash 60.00\nChange 8.58';
    const words = ocrWords(text, 96);
    // "BAKER" stands where "BAKERIES" was printed: the rest of the line keeps its place
    for (const w of words.filter((x) => x.y0 === 0 && x.x0 >= 190)) Object.assign(w, { x0: w.x0 + 40, x1: w.x1 + 40 });
    const r = extractDocument([{ index: 0, text, method: 'ocr', words }], { now });
    expect(field(r, 'vendor_name').value).toBe('GARDENIA BAKER');
    expect(field(r, 'vendor_name').evidence?.checksFailed).toContain('vendor.no-gap');
    expect(r.needsReview).toBe(true);
    // printed whole, the same line passes
    const whole = extractDocument([{ index: 0, text, method: 'ocr', words: ocrWords(text, 96) }], { now });
    expect(field(whole, 'vendor_name').evidence?.checksFailed ?? []).not.toContain('vendor.no-gap');
  });
});

import { describe, expect, it } from 'vitest';
import type { ExtractionResult, FieldName } from '../../../src/contract/domain.js';
import { extractDocument } from '../../../src/engine/extract/index.js';

const now = new Date('2024-07-01T00:00:00Z');
const ocr = (text: string) => extractDocument([{ index: 0, text, method: 'ocr' }], { now });
const pdf = (text: string) => extractDocument([{ index: 0, text, method: 'text' }], { now });
const v = (r: ExtractionResult, name: FieldName) => r.fields.find((f) => f.name === name)?.value ?? null;

describe('vendor name on noisy letterheads', () => {
  it('drops OCR specks of a logo before a title-case name', () => {
    const r = ocr(
      'ok 4Q7x e Northwind Cloud Services Invoice\nQuestions about your account? visit help.northwindcloud.com\nCustomer number: .\n8812345 Invoice Summary\nInvoice Number: 7781\nInvoice Date: May 3, 2023\nTotal for this invoice $12.00',
    );
    expect(v(r, 'vendor_name')).toBe('Northwind Cloud Services');
  });

  it('does not take a field label for the name', () => {
    const r = ocr('Account number:\nInvoice Number: 7781\nBrightpath Analytics Ltd\nInvoice Date: May 3, 2023\nTotal $12.00');
    expect(v(r, 'vendor_name')).toBe('Brightpath Analytics');
  });

  it('does not read a label word in running prose as a label', () => {
    const r = pdf(
      'Invoice VF-2291\nInvoice date 08-09-2022\n' +
        'Item 1 x 10,00\n'.repeat(14) +
        'Total EUR 49,99\nThe seller printed their company details in a picture below.',
    );
    expect(String(v(r, 'vendor_name'))).not.toMatch(/printed/);
  });
});

describe('document titles misspelt by OCR', () => {
  it.each(['+ TAX INVQICE', 'Tax Imvoioce', 'TAXINVOIGE', 'RECIEPT'])('%s is not the vendor', (title) => {
    const r = ocr(`${title}\n: Petronas Kiosk Seri Alam\nJalan Lapangan 3\n18-01-2018 15:44:46 Cashier: 12\nTOTAL RM 41.95`);
    expect(v(r, 'vendor_name')).toBe('Petronas Kiosk Seri Alam');
  });
});

describe('vendor from the website when no line reads as a name', () => {
  it('names the business by its www address, OCR spaces and all', () => {
    const r = ocr(
      '(Co. No. 123456-W)\n(GST Reg No. 001122334455)\nNo 8, Jalan 7/11, Taman Maju\n56000 Kuala Lumpur\n01/03/18 19:14 Slip No.: 0010104733\nTotal RM 12.00\nTHANK YOU\nww. brightbooks. con. my',
    );
    const f = r.fields.find((x) => x.name === 'vendor_name')!;
    expect(f.value).toBe('Brightbooks');
    expect(f.confidence).toBeLessThan(0.6);
  });
});

describe('OCR digit-for-letter slips in names and numbers', () => {
  it('strips a legal form OCR spelt with a digit for a letter (C0., SDN 8HD)', () => {
    expect(v(ocr('NOVA C0. (M) BHD\nLOT 1, JALAN MAWAR\n12/03/2018 10:00\nTOTAL 5.00'), 'vendor_name')).toBe('NOVA');
    expect(v(ocr('KEDAI BUNGA SDN 8HD\nLOT 1, JALAN MAWAR\n12/03/2018 10:00\nTOTAL 5.00'), 'vendor_name')).toBe('KEDAI BUNGA');
  });

  it('reads a leading 1 before a letter prefix of a document number as I', () => {
    const r = ocr('STAYWELL HOTELS\nBooking ID: 1QXR5521\nDate: 31/12/2017\nGrand Total Rs 1939');
    expect(v(r, 'document_number')).toBe('IQXR5521');
  });
});

describe('no issuer name in the text', () => {
  it('does not name the customer of the bill-to block as the vendor', () => {
    const r = pdf(
      'Factuuradres   Afleveradres\nHarbor Corp   Harbor Corp\nKade 4   Kade 4\n3500 MJ Utrecht\nFactuur datum 8-9-2022   Factuur VF-1234\nFactuur totaal EUR 49,99',
    );
    expect(v(r, 'vendor_name')).toBeNull();
  });
});

describe('document number after an OCR speck', () => {
  it('skips a symbol OCR put where the colon was', () => {
    const r = ocr('ELKA SERVICE SDN BHD\nTAX INVOICE\nINVOICE NO © ESS123-004400\nDATE 10/10/2017\nTOTAL AMOUNT DUE 250.00');
    expect(v(r, 'document_number')).toBe('ESS123-004400');
  });
});

describe('trade name and legal entity in one letterhead', () => {
  it('names the legal entity over the shop it trades as', () => {
    const r = ocr(
      'KIRANA FOODS SDN BHD (123456-K)\nSERI MELATI MART SRI PETALING\nLot 3, Jalan Mawar, 47000 Selangor\nDate: 12/03/2018 10:22\nTOTAL 12.00\nCASH 20.00\nCHANGE 8.00',
    );
    expect(v(r, 'vendor_name')).toBe('KIRANA FOODS');
  });

  it('does not read letters inside a name as a legal form of another country ("SRI" is not S.r.l.)', () => {
    const r = ocr('SERI MELATI MART SRI PETALING\nKIRANA FOODS SDN BHD (123456-K)\nDate: 12/03/2018 10:22\nTOTAL 12.00');
    expect(v(r, 'vendor_name')).toBe('KIRANA FOODS');
  });
});

describe('a name wrapped over two lines', () => {
  it('points at every word it was read from, so an unsure word on the first line makes it unsure', () => {
    const lines = ['SH POWER HARDWARE', 'TRADING', 'NO 3 JALAN PJU 1, 47301 PETALING JAYA', 'Date: 12/03/2018 10:22', 'TOTAL 12.00'];
    const words = lines.flatMap((l, row) =>
      l
        .split(' ')
        .map((text, i) => ({ text, conf: text === 'SH' ? 15 : 96, x0: 20 + 80 * i, y0: 30 * row, x1: 90 + 80 * i, y1: 30 * row + 20 })),
    );
    const r = extractDocument([{ index: 0, text: lines.join('\n'), method: 'ocr', words }], { now });
    const f = r.fields.find((x) => x.name === 'vendor_name')!;
    expect(f.value).toBe('SH POWER HARDWARE TRADING');
    expect(f.source?.boxes?.length).toBe(4);
    expect(f.confidence).toBeLessThanOrEqual(0.5);
  });
});

describe("what OCR must vouch for in a vendor's name", () => {
  const read = (line: string, conf: (word: string) => number) => {
    const lines = [line, 'NO 3 JALAN PJU 1, 47301 PETALING JAYA', 'Date: 12/03/2018 10:22', 'TOTAL 12.00'];
    const words = lines.flatMap((l, row) =>
      l.split(' ').map((text, i) => ({ text, conf: conf(text), x0: 20 + 80 * i, y0: 30 * row, x1: 90 + 80 * i, y1: 30 * row + 20 })),
    );
    return extractDocument([{ index: 0, text: lines.join('\n'), method: 'ocr', words }], { now }).fields.find(
      (x) => x.name === 'vendor_name',
    )!;
  };

  it('the words of the name: an unsure registration number or legal form after it does not make the name unsure', () => {
    const f = read('KMF FOODICIOUS SDN BHD (1132106-H)', (w) => (/\d|BHD/.test(w) ? 40 : 96));
    expect(f.value).toBe('KMF FOODICIOUS');
    expect(f.source?.boxes?.length).toBe(5); // the highlight still shows the whole printed name
    expect(f.confidence).toBeGreaterThan(0.5);
  });

  it('an unsure word of the name itself still makes it unsure', () => {
    const f = read('KMF FOODICIOUS SDN BHD (1132106-H)', (w) => (w === 'FOODICIOUS' ? 40 : 96));
    expect(f.confidence).toBeLessThanOrEqual(0.5);
  });
});

describe('a vendor that vendor memory recognised', () => {
  it("carries the clerk's spelling, which OCR's unsure letters do not cast doubt on", () => {
    const lines = ['UN1HAKKA INTERNAT1ONAL SDN BHD', 'GST ID: 000656195584', 'Date: 12/03/2018 10:22', 'TOTAL 12.00'];
    const words = lines.flatMap((l, row) =>
      l
        .split(' ')
        .map((text, i) => ({ text, conf: row === 0 ? 40 : 96, x0: 20 + 80 * i, y0: 30 * row, x1: 90 + 80 * i, y1: 30 * row + 20 })),
    );
    const pages = [{ index: 0, text: lines.join('\n'), method: 'ocr' as const, words }];
    const plain = extractDocument(pages, { now }).fields.find((x) => x.name === 'vendor_name')!;
    expect(plain.confidence).toBeLessThanOrEqual(0.5);
    const known = extractDocument(pages, { now, knownVendor: { name: 'UNIHAKKA INTERNATIONAL', taxId: '000656195584', learnedFrom: 2 } });
    const f = known.fields.find((x) => x.name === 'vendor_name')!;
    expect(f.value).toBe('UNIHAKKA INTERNATIONAL');
    expect(f.confidence).toBeGreaterThanOrEqual(0.9);
  });
});

describe('vendor.registration-number: the registered name beside its company number', () => {
  const till = '\nNO. 3, JALAN MERANTI 3,\n40400 SHAH ALAM, SELANGOR.\nDATE: 12/03/2018 10:22\nTOTAL 12.00\nCASH 20.00\nCHANGE 8.00';

  it('prefers the name carrying the number to a proprietor line above it', () => {
    const r = ocr(`LIM AH KOW\nMAJU JAYA (123456-X)${till}`);
    expect(v(r, 'vendor_name')).toBe('MAJU JAYA');
    expect(r.fields.find((f) => f.name === 'vendor_name')?.evidence?.rules).toContain('vendor.registration-number');
  });

  it('reads a labelled number on the line under the name alike', () => {
    expect(v(ocr(`LIM AH KOW\nMAJU JAYA\nCOMPANY NO: 1234567-A${till}`), 'vendor_name')).toBe('MAJU JAYA');
    expect(v(ocr(`WELCOME\nKOPI HOUSE\nCO. REG. NO: 199904567K${till}`), 'vendor_name')).toBe('KOPI HOUSE');
  });

  it('adds nothing to a name that prints its legal form (a legal entity under the trade name it owns)', () => {
    const withNumber = ocr(`LEMON TREE RESTAURANT\nJTJ FOODS SDN BHD\n(1179227-A)${till}`);
    const without = ocr(`LEMON TREE RESTAURANT\nJTJ FOODS SDN BHD${till}`);
    expect(v(withNumber, 'vendor_name')).toBe(v(without, 'vendor_name'));
    expect(withNumber.fields.find((f) => f.name === 'vendor_name')?.evidence?.rules).not.toContain('vendor.registration-number');
  });
});

describe('vendor.letterhead-only: a name only its place at the top supports is a guess', () => {
  const till = '\n12 HIGH STREET\nLEEDS LS1 4DY\nDATE: 12/03/2018 10:22\nTOTAL 12.00\nCASH 20.00\nCHANGE 8.00';
  const vendor = (r: ExtractionResult) => r.fields.find((f) => f.name === 'vendor_name')!;

  it('keeps a plain name at the top below the review threshold', () => {
    const r = ocr(`ROSE AND CROWN${till}`);
    expect(vendor(r).value).toBe('ROSE AND CROWN');
    expect(vendor(r).confidence).toBeLessThan(0.6);
    expect(r.issues.some((i) => i.code === 'low_confidence' && i.field === 'vendor_name')).toBe(true);
  });

  it('does not count the company number as support: OCR may have lost the name above it', () => {
    const r = ocr(`LIM AH KOW\nCOMPANY NO: 1234567-A${till}`);
    expect(vendor(r).confidence).toBeLessThan(0.6);
  });

  it('vouches for a name with a trade word or a legal form as before', () => {
    expect(vendor(ocr(`ROSE AND CROWN BAKERY${till}`)).confidence).toBeGreaterThanOrEqual(0.6);
    expect(vendor(ocr(`ROSE AND CROWN LTD${till}`)).confidence).toBeGreaterThanOrEqual(0.6);
  });
});

describe('vendor.below-transaction: a till prints its seller above the time of sale and the cashier', () => {
  const sale =
    '\nNO.: CS62090735\n04/23/18 8:08 AM\nCASHIER: AMIRAH\nICED LEMON TEA\n1 x 48.92 $48.92\nTOTAL $48.92\nCASH $50.00\nCHANGE $1.08';

  it('takes no item below them for the name when the letterhead lost it', () => {
    expect(v(ocr(`8998 ELM AVE\nDAYTON, OH 45402${sale}`), 'vendor_name')).not.toBe('ICED LEMON TEA');
  });

  it('keeps the name above them', () => {
    expect(v(ocr(`HILLTOP TEA HOUSE\n8998 ELM AVE\nDAYTON, OH 45402${sale}`), 'vendor_name')).toBe('HILLTOP TEA HOUSE');
  });
});

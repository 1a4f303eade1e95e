import { describe, expect, it } from 'vitest';
import {
  addressedParties,
  gapInName,
  isOnlyLabels,
  noiseReason,
  sameParty,
  vendorMostlyLetters,
  vendorNotAddressee,
  vendorNotLabel,
  vendorNotNoise,
} from '../../../../src/engine/extract/checks/vendor-name.js';
import { draft } from './draft.js';

const vendor = (vendor_name: string, text = '') => draft({ values: { vendor_name }, text });

describe('vendor.mostly-letters', () => {
  it('passes names, with digits or not', () => {
    expect(vendorMostlyLetters.run(vendor('Kedai Maju Sdn Bhd'))?.passed).toBe(true);
    expect(vendorMostlyLetters.run(vendor('99 Speedmart'))?.passed).toBe(true);
  });
  it('fails numbers and punctuation', () => {
    expect(vendorMostlyLetters.run(vendor('(801580-T)'))?.passed).toBe(false);
    expect(vendorMostlyLetters.run(vendor('12/03/2018 10:22'))?.passed).toBe(false);
  });
  it('does not apply without a vendor', () => {
    expect(vendorMostlyLetters.run(draft())).toBeNull();
  });
});

describe('vendor.not-noise', () => {
  it('fails ruled lines and letter soup', () => {
    expect(vendorNotNoise.run(vendor('ERE AARERERIIRRII————'))?.passed).toBe(false);
    expect(noiseReason('AARERERIIRRII')).toMatch(/too few letters/);
    expect(noiseReason('SHOPPPP')).toMatch(/repeats a letter/);
    expect(noiseReason('TRWQSTK MART')).toMatch(/no vowel/);
  });
  it('fails the bracketed tail of a longer name', () => {
    expect(noiseReason('ALAM)')).toMatch(/bracket/);
    expect(noiseReason('SUPERMART (SETIA')).toMatch(/bracket/);
    expect(noiseReason('MR. D.I.Y. (KUCHAI)')).toBeNull();
  });
  it('passes real names, Roman numerals and long words', () => {
    for (const n of ['Mississippi Trading', 'LOUIS XIII CAFE', 'Kedai Perabot Seri Kembangan', 'Schifffahrt GmbH', 'Ng Hardware'])
      expect(noiseReason(n)).toBeNull();
  });
});

describe('vendor.not-label', () => {
  it('fails titles and labels in any vocabulary language', () => {
    for (const n of ['TAX INVOICE', 'Bill To:', 'Rechnung', 'FACTURE', 'Official Receipt']) expect(isOnlyLabels(n)).toBe(true);
    expect(vendorNotLabel.run(vendor('CASH BILL'))).toEqual({
      passed: false,
      message: 'vendor "CASH BILL" is a label or a document title',
    });
  });
  it('passes a name that contains a label word', () => {
    expect(isOnlyLabels('Invoice Ninja Ltd')).toBe(false);
    expect(vendorNotLabel.run(vendor('Kedai Maju'))?.passed).toBe(true);
  });
});

describe('vendor.not-bill-to', () => {
  const text = 'Fabrikam Supplies Ltd\n1 High St\nBill To:\nContoso Trading Ltd\nShip To: Contoso Warehouse\nInvoice 42';
  it('reads the parties after the labels, on the line or the next', () => {
    expect(addressedParties(text)).toEqual(['Contoso Trading Ltd', 'Contoso Warehouse']);
  });
  it('fails the bill-to party as vendor, passes the seller', () => {
    expect(vendorNotAddressee.run(vendor('CONTOSO TRADING LTD', text))?.passed).toBe(false);
    expect(vendorNotAddressee.run(vendor('Fabrikam Supplies Ltd', text))?.passed).toBe(true);
  });
  it('uses the parties a finder passed', () => {
    expect(vendorNotAddressee.run({ ...vendor('Northwind', 'Northwind'), parties: ['Northwind'] })?.passed).toBe(false);
  });
  it('compares parties loosely but not by a short shared word', () => {
    expect(sameParty('Contoso Trading', 'Contoso Trading Ltd')).toBe(true);
    expect(sameParty('Ltd', 'Contoso Trading Ltd')).toBe(false);
  });
});

describe('vendor.no-gap (gapInName)', () => {
  // words of one printed line, 10 px a letter, one letter's width between words unless said otherwise
  const line = (...parts: Array<string | number>) => {
    const out: Array<{ text: string; x0: number; y0: number; x1: number; y1: number }> = [];
    let x = 0;
    for (const p of parts) {
      // a number widens the gap before the next word to that many letters
      if (typeof p === 'number') {
        x += (p - 1) * 10;
        continue;
      }
      out.push({ text: p, x0: x, y0: 0, x1: x + 10 * p.length, y1: 20 });
      x += 10 * p.length + 10;
    }
    return out;
  };
  it('finds the hole where OCR lost letters inside a name', () => {
    expect(gapInName(line('GARDENIA', 'BAKER', 3, '(KL)', 'SDN', 'BHD'))).toMatch(/gap of 3 letters between "BAKER" and "\(KL\)"/);
  });
  it('says nothing of word spacing, a speck or number beside the name, or a column gutter', () => {
    expect(gapInName(line('GARDENIA', 'BAKERIES', '(KL)', 'SDN', 'BHD'))).toBeNull();
    expect(gapInName(line('KEDAI', 'MAJU', 'SDN', 'BHD', 5, '’'))).toBeNull();
    expect(gapInName(line('KEDAI', 'MAJU', 5, '(123456-X)'))).toBeNull();
    expect(gapInName(line('OYO', 30, 'Paid', 'through', 'Cash'))).toBeNull();
    // two printed lines are not one line with a gap
    expect(
      gapInName([...line('KEDAI', 'MAJU'), ...line('SDN', 'BHD').map((w) => ({ ...w, x0: w.x0 + 200, x1: w.x1 + 200, y0: 30, y1: 50 }))]),
    ).toBeNull();
  });
});

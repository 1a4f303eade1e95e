/** Each finder's named rules on made-up snippets: the candidate values they propose and the ids they give. */
import { describe, expect, it } from 'vitest';
import { dateCandidates } from '../../../src/engine/extract/find-dates.js';
import { numberCandidates, poCandidates, taxIdCandidates, vendorCandidates } from '../../../src/engine/extract/find-fields.js';
import { amountCandidates } from '../../../src/engine/extract/find-totals.js';
import { refineDocType } from '../../../src/engine/extract/classifier.js';
import { extractDocument } from '../../../src/engine/extract/index.js';
import { type PageInput, splitLines } from '../../../src/engine/extract/text.js';

const page = (text: string, method: 'text' | 'ocr' = 'ocr'): PageInput[] => [{ index: 0, text, method }];
const amounts = (text: string, method: 'text' | 'ocr' = 'ocr') => {
  const p = page(text, method);
  return amountCandidates(splitLines(p), p, undefined, method === 'ocr');
};
const rules = (cs: Array<{ value: string; because: string[] }>, value: string) => cs.find((c) => c.value === value)?.because ?? [];

describe('total, subtotal and tax finders', () => {
  it('total.label-strong and total.label-weak', () => {
    expect(rules(amounts('GRAND TOTAL 12.00').total, '12.00')).toContain('total.label-strong');
    expect(rules(amounts('TOTAL 12.00').total, '12.00')).toContain('total.label-weak');
    expect(rules(amounts('Jumlah Besar RM 12.00').total, '12.00')).toContain('total.label-strong');
    // a till's amount after its rounding adjustment is the amount due
    expect(rules(amounts('Total After Adj Incl GST 1.75').total, '1.75')).toContain('total.label-strong');
  });

  it('total labels as OCR misspells the key word: a vowel read as a, u or 0, the l as 1 or i', () => {
    for (const t of [
      'Tatal Sales (Inclusive of GST) 32.70',
      'Tutal Sales (Inclusive of GST) 32.70',
      'T0TA1 Sales (Inclusive of GST) 32.70',
    ])
      expect(amounts(`Total Sales (Excluding GST) 31.03\nTotal GST 1.65\nRounding 0.02\n${t}`).total[0]?.value, t).toBe('32.70');
    // a word that only looks like it is no total label
    expect(rules(amounts('Tutul 32.70').total, '32.70')).not.toContain('total.label-weak');
  });

  it('total.label-strong-below: the value on the line under its label', () => {
    expect(rules(amounts('Grand Total\n12.00').total, '12.00')).toContain('total.label-strong-below');
  });

  it('total.printed-as-sum: subtotal + tax printed below on a line whose label OCR lost', () => {
    const a = amounts('Sub Total RM 68.87\nGST/TAX 6% : RM 4.13\nTOBE: RM 73.00\nCA. RM 73.00');
    expect(rules(a.total, '73.00')).toEqual(expect.arrayContaining(['total.subtotal-plus-tax', 'total.printed-as-sum']));
    expect(rules(amounts('Sub Total RM 68.87\nGST/TAX 6% : RM 4.13\nThank you').total, '73.00')).not.toContain('total.printed-as-sum');
  });
  it('tax breakdown rows, zero-rated ones included, are summed for the breakdown check', () => {
    const a = amounts('Total Incl. GST:RM 20.05\nGST Code Amount (RM) Tax(RM)\nS 6.0% 16.42 0.99\nZ 0.0% 2.64 0.00');
    expect(a.extras.breakdown).toEqual({ gross: 20.05, rows: 2 });
  });
  it('total.below-subtotal: a total line read below the subtotal is misread; subtotal + tax is proposed beside it', () => {
    const r = amounts('SubTotal 85.20\nNet Total 35.20\nCash 100.20\nChange 15.00');
    expect(rules(r.total, '85.20')).toEqual(expect.arrayContaining(['total.subtotal-plus-tax', 'total.below-subtotal']));
    expect(rules(r.total, '35.20')).toContain('total.label-strong');
    // with the tax after the subtotal and a rounding line after both, the rounded sum too
    const t = amounts('SUB TOTAL 21.00\nGST 6% 1.26\nROUNDING ADJ -0.01\nNET TOTAL 0.50\nCash 22.25');
    expect(rules(t.total, '22.26')).toContain('total.below-subtotal');
    expect(rules(t.total, '22.25')).toEqual(expect.arrayContaining(['total.below-subtotal', 'total.rounding-applied']));
    // a total at or above the subtotal, or below it only by the printed discount, proposes nothing
    expect(rules(amounts('SubTotal 85.20\nTotal 90.31\nCash 100.00').total, '85.20')).toEqual([]);
    expect(rules(amounts('SubTotal 85.20\nDiscount 5.20\nTotal 80.00\nCash 100.00').total, '85.20')).toEqual([]);
  });

  it('total.paid-by-card: the card charged the total on another line', () => {
    expect(rules(amounts('Total Sales (Inclusive GST) RM 61.65\nCREDIT RM 61.65').total, '61.65')).toContain('total.paid-by-card');
    expect(rules(amounts('Total Sales (Inclusive GST) RM 61.65\nVISA RM 60.00').total, '61.65')).not.toContain('total.paid-by-card');
    expect(rules(amounts('TOTAL VISA 61.65').total, '61.65')).not.toContain('total.paid-by-card');
  });
  it('total.rounding-line and total.rounding-applied', () => {
    expect(rules(amounts('ROUNDED TOTAL 9.00').total, '9.00')).toContain('total.label-strong');
    const r = amounts('Total Sales 64.13\nRounding Adj 0.02\nCash 100.00\nChange 35.85');
    expect(rules(r.total, '64.15')).toContain('total.rounding-applied');
    expect(r.extras).toMatchObject({ cash: 100, change: 35.85, rounding: 0.02 });
  });

  it('total.after-rounding: the total below the rounding line that equals the one above plus the rounding', () => {
    const r = amounts('Total (Inclusive of GST): 10.03\nRounding Adj: -0.03\nTOTAL: 10.00');
    expect(r.total[0]).toMatchObject({ value: '10.00', because: expect.arrayContaining(['total.after-rounding']) });
  });

  it('total.two-total-lines: the same amount under two total labels', () => {
    expect(rules(amounts('Total Sales Inclusive GST 5.80\nTotal 5.80').total, '5.80')).toContain('total.two-total-lines');
    expect(rules(amounts('Subtotal 5.80\nTotal 5.80').total, '5.80')).not.toContain('total.two-total-lines');
  });

  it('total.per-rate: a total label qualified by a tax rate totals one rate of the breakdown, not the document', () => {
    const r = amounts('Total 6% supplies (excl GST): -13.87\nTotal 0% supplies: 12.98\nTotal 0% supplies: 12.98\nTotal Payable: -1.73');
    expect(rules(r.total, '12.98')).toContain('total.per-rate');
    expect(rules(r.total, '12.98')).not.toContain('total.two-total-lines');
    expect(r.total[0]).toMatchObject({ value: '-1.73' });
    // "incl." before the rate: the document's total
    expect(amounts('Item 66.32\nTotal incl. 6% GST 70.30').total[0]).toMatchObject({ value: '70.30' });
  });

  it('tax.summary-row: rows under a tax summary header whose rate OCR lost, by the rate of the net', () => {
    const my = (text: string) => {
      const p = page(text);
      return amountCandidates(splitLines(p), p, undefined, true, 'MY');
    };
    const r = my('Total Sales (Inclusive GST) RM 213.00\nGST Summary Amount (RM) Tax (RM)\n5 = 47 200.94 12.06\nThank You');
    expect(r.extras.breakdown).toEqual({ gross: 213, rows: 1 });
    expect(rules(r.tax, '12.06')).toContain('tax.summary-row');
    // a zero-rated row adds its net; a row whose tax is no rate of the net spoils the block
    expect(my('GST Summary Amount Tax\nSR 6 5.00 0.30\nZR 2.00 0.00\nTotal 7.30').extras.breakdown).toEqual({ gross: 7.3, rows: 2 });
    expect(my('GST Summary Amount Tax\nSR 6 5.00 0.30\nXX 2.00 0.90\nTotal 7.30').extras.breakdown).toBeUndefined();
    // no header, or a country whose rates are unknown: nothing
    expect(my('SR 6 5.00 0.30\nTotal 5.30').extras.breakdown).toBeUndefined();
    expect(amounts('GST Summary Amount Tax\nSR 6 5.00 0.30\nTotal 5.30').extras.breakdown).toBeUndefined();
  });

  it("total.tax-summary-total-row: a GST summary's TOTAL row is its net and tax, not the amount due", () => {
    const my = (text: string) => {
      const p = page(text);
      return amountCandidates(splitLines(p), p, undefined, true, 'MY');
    };
    const slip =
      'GRAND TOTAL RM 113.65\nCREDIT CARD 113,565\nGST Summary\nGST CODE AMOUNT (RM) TAX (RM)\nSR @ 6% 107222 6.43\nTOTAL 107.22 6.43';
    const r = my(slip);
    expect(r.total.map((c) => c.value)).toContain('113.65');
    expect(rules(r.total, '6.43')).not.toContain('total.label-weak');
    expect(rules(r.subtotal, '107.22')).toEqual(['subtotal.tax-summary-total-row']);
    expect(rules(r.tax, '6.43')).toContain('tax.tax-summary-total-row');
    // two figures the country's rates do not relate are a total row like any other
    expect(rules(my('TOTAL 107.22 9.99').total, '9.99')).toContain('total.label-weak');
  });

  it('tax.summary-zero-unpointed: a zero tax whose decimal point OCR lost still reads as 0.00', () => {
    const my = (text: string) => {
      const p = page(text);
      return amountCandidates(splitLines(p), p, undefined, true, 'MY');
    };
    const head = 'Total Sales (Inclusive GST) RM 61.65\nGST Summary Amount (RM) Tax (RM)';
    expect(my(`${head}\nS = 6 34.62 2.08\nZ = 0 24.95 00\nThank You`).extras.breakdown).toEqual({
      gross: 61.65,
      rows: 2,
      rules: ['tax.summary-zero-unpointed'],
    });
    // the only row: a zero-rated sale
    expect(my('Total Sales RM 9.90\nGST Summary Amount (RM) Tax (RM)\nZ = 0 9.90 000').extras.breakdown).toMatchObject({
      gross: 9.9,
      rows: 1,
    });
    // a lone 0 may be a count, another digit without its point is a garbled figure: the row is not read
    expect(my(`${head}\nZ = 0 24.95 0`).extras.breakdown).toBeUndefined();
    expect(my(`${head}\nS = 6 34.62 208`).extras.breakdown).toBeUndefined();
    expect(my(`${head}\nS = 6 34.62 2.08\nZ = 0 24.95 0`).extras.breakdown).toEqual({ gross: 36.7, rows: 1 });
  });

  it('subtotal.label: an amount "excluding GST" is before tax, whatever OCR made of the words before it', () => {
    const r = amounts('vial Sales (Excluding GST) 19.34\nTotal GST 1.16\nTotal Sales (Inclusiva of GST) 20.50');
    expect(rules(r.subtotal, '19.34')).toContain('subtotal.label');
    expect(rules(r.tax, '1.16')).toContain('tax.label');
  });

  it('till.unreadable-figure: a change line whose figure lost its decimal point has no figure, not the row below', () => {
    const r = amounts('Total Sales RM 213.00\nCASH RM 213.00\nCHANGE RM 00\nGST Summary Amount (RM) Tax (RM)\n5 = 47 200.94 12.06');
    expect(r.extras.cash).toBe(213);
    expect(r.extras.change).toBeUndefined();
    expect(amounts('TOTAL 9.50\nCASH 10.00\nCHANGE\n0.50').extras.change).toBe(0.5);
  });

  it('an amount paid counts as the money handed over', () => {
    expect(amounts('Total Payable 31.80\nPaid Amount: 40.00\nChange: 8.20').extras).toMatchObject({ cash: 40, change: 8.2 });
  });

  it('till.tendered-above-change: the line between the total and the change is the cash tendered, whatever OCR made of its label', () => {
    expect(amounts('Total (incl GST) 70.30\nCas ndered 70.30\nChange 0.00').extras).toMatchObject({ cash: 70.3, change: 0 });
    expect(amounts('Total Sales (Inclusive GST) RM 2.10\nCRSH RM 5.10\nCHANGE RM 3.00').extras).toMatchObject({ cash: 5.1, change: 3 });
    // not the total's own line, a rounding or tax line, a line with two figures, or a line with no total above it
    expect(amounts('Item 4.00\nTOTAL 70.30\nChange 0.00').extras.cash).toBeUndefined();
    expect(amounts('Total 70.30\nRounding Adj 0.02\nChange 0.00').extras.cash).toBeUndefined();
    expect(amounts('Total 70.30\nSR 6% 66.32 3.98\nChange 0.00').extras.cash).toBeUndefined();
    expect(amounts('Total 70.30\nItem 1\nItem 2\nItem 3\nXyz 70.30\nChange 0.00').extras.cash).toBeUndefined();
  });

  it('total.per-rate-sum: the totals per tax rate, tax included, add up to the amount due', () => {
    const note = (zero: string, inc: string) =>
      `Total 0% supplies: ${zero}\nTotal 6% supplies (excl. GST): 30.28\n${inc}Total 0% supplies: 27.44\nTotal Payable: 59.54`;
    // with the inclusive figure, or only the net (30.28 + 6% = 32.10 to the cent)
    expect(rules(amounts(note('27.44', 'Total 6% supplies (Inc. GST): 32.10\n')).total, '59.54')).toContain('total.per-rate-sum');
    expect(rules(amounts(note('27.44', '')).total, '59.54')).toContain('total.per-rate-sum');
    // a rate's figure read two ways, or a sum that disagrees: no second printing (and no doubt either)
    expect(rules(amounts(note('23.44', '')).total, '59.54')).not.toContain('total.per-rate-sum');
    expect(rules(amounts(note('27.44', 'Total 6% supplies (Inc. GST): 32.19\n')).total, '59.54')).not.toContain('total.per-rate-sum');
    expect(rules(amounts(note('27.44', '')).total, '59.54')).not.toContain('total.per-rate');
  });

  it("total.per-rate-parts: the rates' totals that add up to the amount due are its parts, not candidates beside it", () => {
    const note = (zero: string) =>
      `Total 0% supplies: ${zero}\nTotal 6% supplies (excl. GST): 21.84\nGST: 1.31\nTotal 6% supplies (Inc. GST): 23.15\nTotal 0% supplies: ${zero}\nTotal Payable: 50.60`;
    const summed = amounts(note('27.45'));
    expect(summed.total.map((c) => c.value)).toEqual(['50.60']);
    expect(summed.extras.zeroRated).toBe(27.45);
    // a sum that does not hold: the per-rate figures stay, weak, for the checks to weigh
    const unsummed = amounts(note('27.54'));
    expect(unsummed.total[0]).toMatchObject({ value: '50.60' });
    expect(rules(unsummed.total, '27.54')).toContain('total.per-rate');
  });

  it('tax.per-rate-difference: a taxed rate printed without and with its tax shows the tax as their difference', () => {
    const note = (gross: string) =>
      `Total 0% supplies: 3.44\nTotal 6% supplies (excl. GST): 26.40\nTotal 6% supplies (Inc. GST): ${gross}\nTotal Payable: 51.42`;
    const r = amounts(note('27.98'));
    expect(rules(r.tax, '1.58')).toEqual(['tax.per-rate-difference']);
    expect(r.extras.taxedNet).toBe(26.4);
    // a difference that is not the rate of the net to the cent is a misread figure, not a tax
    expect(amounts(note('28.98')).tax.map((c) => c.value)).not.toContain('2.58');
    // a tax line read already is not proposed twice
    const printed = amounts('Total 6% supplies (excl. GST): 26.40\nGST: 1.58\nTotal 6% supplies (Inc. GST): 27.98\nTotal Payable: 27.98');
    expect(rules(printed.tax, '1.58')).toEqual(['tax.label']);
  });

  it("tax.not-per-rate-total: a rate's total whose label names the tax is no tax figure", () => {
    const r = amounts('Total 6% supplies (excl. GST): 21.84\nGST: 1.31\nTotal 6% supplies (Inc. GST): 23.15\nTotal Payable: 23.15');
    expect(r.tax.map((c) => c.value)).toEqual(['1.31']);
  });

  it('total.per-rate-unread-rate: a per-rate line whose rate OCR read as a symbol is still one rate of the sum', () => {
    const note = (first: string, last: string) =>
      `${first}\nTotal 6% supplies (excl. GST): 13.68\nTotal 6% supplies (Inc. GST): 14.50\n${last}\nTotal Payable: 27.10`;
    const r = amounts(note('Total &% supplies: 12.60', 'Total @% supplies: 12.60'));
    expect(rules(r.total, '27.10')).toEqual(expect.arrayContaining(['total.per-rate-sum', 'total.per-rate-unread-rate']));
    // such a line is one rate's total, not the document's: a part of the sum, not proposed beside it
    expect(r.total.map((c) => c.value)).not.toContain('12.60');
    const unsummed = amounts('Total &% supplies: 12.60\nTotal Payable: 27.10');
    expect(rules(unsummed.total, '12.60')).toContain('total.per-rate');
    expect(rules(unsummed.total, '12.60')).not.toContain('total.label-weak');
    // the two printings of the unread rate disagree, or the unread line speaks of tax (its rate may be the taxed one)
    expect(rules(amounts(note('Total &% supplies: 12.60', 'Total @% supplies: 12.06')).total, '27.10')).not.toContain('total.per-rate-sum');
    const taxed = 'Total 6% supplies (excl. GST): 13.68\nTotal @% supplies (Inc. GST): 12.60\nTotal Payable: 27.10';
    expect(rules(amounts(taxed).total, '27.10')).not.toContain('total.per-rate-sum');
    // a readable rate needs no such rule
    expect(rules(amounts(note('Total 0% supplies: 12.60', 'Total 0% supplies: 12.60')).total, '27.10')).not.toContain(
      'total.per-rate-unread-rate',
    );
  });

  it('total.printed-twice', () => {
    expect(rules(amounts('Item A 7.50\nTOTAL 7.50').total, '7.50')).toContain('total.printed-twice');
  });

  it('total.cash-minus-change and total.card-charge when no total line was read', () => {
    expect(rules(amounts('Item 4.00\nCash 10.00\nChange 6.00').total, '4.00')).toContain('total.cash-minus-change');
    expect(rules(amounts('Item 4.00\nVISA 4.00').total, '4.00')).toContain('total.card-charge');
  });

  it('total.subtotal-plus-tax when no total line is credible', () => {
    expect(rules(amounts('Subtotal 10.00\nVAT 2.00', 'text').total, '12.00')).toContain('total.subtotal-plus-tax');
  });

  it('total.largest-amount as the last resort', () => {
    expect(rules(amounts('Bread 2.00\nMilk 3.50').total, '3.50')).toContain('total.largest-amount');
  });

  it('subtotal.label, tax.label and tax.included-note', () => {
    const r = amounts('Sub Total 10.00\nGST 6% 0.60\nTotal 10.60');
    expect(rules(r.subtotal, '10.00')).toContain('subtotal.label');
    expect(rules(r.tax, '0.60')).toContain('tax.label');
    expect(rules(amounts('Total 10.60\n(Total included GST @6%: 0.60)').tax, '0.60')).toContain('tax.included-note');
  });

  it('subtotal.breakdown-row and tax.breakdown-row: net and tax of a breakdown row whose rate holds', () => {
    const r = amounts('Total 42.40\nGST Summary Amount Tax\nSR @ 6% 40.00 2.40');
    expect(rules(r.subtotal, '40.00')).toContain('subtotal.breakdown-row');
    expect(rules(r.tax, '2.40')).toContain('tax.breakdown-row');
    expect(amounts('Total 42.40\nSR @ 6% 40.00 9.40').tax.map((c) => c.value)).not.toContain('9.40');
  });

  it("subtotal.net-total-before-tax: a 'net total' with a tax line and a larger total after it is the subtotal", () => {
    const text = [
      'Printing 500 flyers      6    58.10      348.60',
      'Net total                              348.60',
      'Delivery                                 9.90',
      'VAT 20%                                 71.70',
      'Total                                  430.20',
    ].join('\n');
    const r = extractDocument([{ index: 0, text, method: 'text' }], { now: new Date('2024-07-01T00:00:00Z') });
    const v = (n: string) => r.fields.find((f) => f.name === n)?.value ?? null;
    expect([v('subtotal'), v('tax'), v('total')]).toEqual(['348.60', '71.70', '430.20']);
    // a receipt's last line "NETT TOTAL" is still its total
    const receipt = extractDocument(
      [{ index: 0, text: 'ITEM A   10.00\nDISCOUNT  -1.00\nNETT TOTAL   9.00\nCASH   10.00\nCHANGE   1.00', method: 'ocr' }],
      {
        now: new Date('2024-07-01T00:00:00Z'),
      },
    );
    expect(receipt.fields.find((f) => f.name === 'total')?.value).toBe('9.00');
  });
  it('discount and shipping from summary lines only', () => {
    expect(amounts('Discount 2.00\nTotal 8.00', 'text').extras.discount).toBe(2);
    expect(amounts('Price includes a discount of 2.00\nTotal 8.00', 'text').extras.discount).toBeUndefined();
    expect(amounts('Shipping 4.95\nTotal 14.95', 'text').extras.shipping).toBe(4.95);
  });
});

describe('date finder', () => {
  const dates = (text: string) => dateCandidates(splitLines(page(text, 'text')), 'en-GB', null, new Date('2024-06-01'), false);
  it('date.label-issue, date.label-due, date.label-other', () => {
    const d = dates('Invoice date: 05/02/2024\nDue date: 06/03/2024\nDelivery date: 01/02/2024');
    expect(d.issue[0]).toMatchObject({ value: '2024-02-05', because: ['date.label-issue'] });
    expect(d.due[0]).toMatchObject({ value: '2024-03-06', because: ['date.label-due'] });
    expect(rules(d.issue, '2024-02-01')).toContain('date.label-other');
  });
  it('date.unlabelled-among-labels: dates OCR read apart from their labels are a guess, not a vouched issue date', () => {
    // the labels' column, then the values' column (PSM 3 on a two-column meta block)
    const d = dates('Factuurnr.\nBesteldatum\nDatum\nLeverdatum\n\nINV-2024-7891\n10-03-2024\n22-03-2024\n20-03-2024');
    expect(rules(d.issue, '2024-03-10')).toContain('date.unlabelled-among-labels');
    expect(d.issue[0]!.score).toBeLessThan(0.6);
    // one date and no label, as on a till slip: still a plain unlabelled date
    expect(rules(dates('Thank you\n10-03-2024').issue, '2024-03-10')).toEqual(['date.unlabelled']);
  });
  it('date.header-above: a column header names the date under it', () => {
    const d = dates('Invoice Date        Due Date\n05/02/2024          06/03/2024');
    expect(rules(d.issue, '2024-02-05')).toContain('date.header-above');
  });
  it('date.with-time, date.future and date.unlabelled', () => {
    expect(rules(dates('12/03/2018 10:42:01').issue, '2018-03-12')).toContain('date.with-time');
    expect(rules(dates('Date: 01/01/2031').issue, '2031-01-01')).toContain('date.future');
    expect(rules(dates('Shop 12\n03/04/2019').issue, '2019-04-03')).toEqual(['date.unlabelled']);
  });
  it('date.printed-twice: the same date on two lines was read alike twice', () => {
    expect(rules(dates('Date: 12/03/2018\nTOTAL 5.00\n12/03/2018 10:42').issue, '2018-03-12')).toContain('date.printed-twice');
    expect(rules(dates('Date: 12/03/2018\nTOTAL 5.00').issue, '2018-03-12')).not.toContain('date.printed-twice');
  });
  it('date.printed-twice-unseparated: the date again on another line with one separator OCR lost', () => {
    const d = (text: string) => rules(dates(text).issue, '2017-07-24');
    expect(d('Date: 24/07/2017\nMAKASSAR FRESH MARKET\nDD: 2407/2017 12:44')).toContain('date.printed-twice-unseparated');
    expect(d('Date: 24/07/2017\nDD: 24/072017')).toContain('date.printed-twice-unseparated');
    // other digits, a bare run of the digits, the digits inside a longer number, or on the date's own line: no
    expect(d('Date: 24/07/2017\nDD: 2407/2011 12:44')).not.toContain('date.printed-twice-unseparated');
    expect(d('Date: 24/07/2017\nRef: 24072017')).not.toContain('date.printed-twice-unseparated');
    expect(d('Date: 24/07/2017\nRef: 1/2407/20175')).not.toContain('date.printed-twice-unseparated');
    expect(d('Date: 24/07/2017 2407/2017')).not.toContain('date.printed-twice-unseparated');
    // a day and month alone are no second printing of the year
    expect(rules(dates('Date: 24/07/17\n24/07 promo').issue, '2017-07-24')).not.toContain('date.printed-twice-unseparated');
  });
  it('date.in-document-number: a receipt number that starts with the day (yymmdd) prints the date again', () => {
    const d = (text: string) => rules(dates(text).issue, '2018-03-21');
    expect(d('21 Mar 2018 18:17\nInvoice # : OR18032102170360\nTotal 8.20')).toContain('date.in-document-number');
    expect(d('Receipt No: 2018032100042\n21/03/2018 10:02')).toContain('date.in-document-number');
    expect(d('Bill No 21031800125\n21/03/2018 10:02')).toContain('date.in-document-number');
    // a misread date does not match the number, a number that is only the date is no second printing, and digits
    // off the number's line (a phone number, a tax id) are not the receipt's number
    expect(rules(dates('21 Mar 2018 18:17\nInvoice # : OR18032802170360').issue, '2018-03-21')).not.toContain('date.in-document-number');
    expect(d('Invoice No: 180321\n21/03/2018 10:02')).not.toContain('date.in-document-number');
    expect(d('GST No: 180321551234\n21/03/2018 10:02')).not.toContain('date.in-document-number');
    expect(d('Invoice No: 5518032100\n21/03/2018 10:02')).not.toContain('date.in-document-number');
    // a number sign stands for a label OCR garbled, but not on a tax, registration or phone number's line
    expect(d('21 Mar 2018 18:17\nInvaice # : OR18032102170360')).toContain('date.in-document-number');
    expect(d('21 Mar 2018 18:17\nGST REG # 180321021703')).not.toContain('date.in-document-number');
    expect(d('21 Mar 2018 18:17\nTel No: 18032102170')).not.toContain('date.in-document-number');
  });
  it('an ambiguous day/month costs nothing once a locale settles the order', () => {
    const settled = dateCandidates(splitLines(page('Date: 02/03/2018', 'text')), 'und-MY', null, new Date('2024-06-01'), false);
    const unsettled = dateCandidates(splitLines(page('Date: 02/03/2018', 'text')), undefined, null, new Date('2024-06-01'), false);
    expect(settled.issue[0]!.score).toBeGreaterThan(unsettled.issue[0]!.score);
  });
  it('date.in-range: a date that starts a period is not the issue date', () => {
    const d = dates('Period 01/01/2024 - 31/01/2024\nDate: 02/02/2024');
    expect(d.issue[0]!.value).toBe('2024-02-02');
    expect(rules(d.issue, '2024-01-01')).toContain('date.in-range');
  });
});

describe('vendor, tax id, number and PO finders', () => {
  it('vendor.legal-form-only: a legal form alone names no one', () => {
    expect(vendorCandidates(splitLines(page('SDN BHD\nNo 1, Jalan Satu\nTotal 5.00'))).map((c) => c.value)).toEqual([]);
  });

  it('vendor.letterhead, vendor.legal-form, vendor.label', () => {
    expect(vendorCandidates(splitLines(page('KEDAI CONTOH SDN BHD\nNo 1, Jalan Satu\nTotal 5.00')))[0]).toMatchObject({
      value: 'KEDAI CONTOH',
      because: expect.arrayContaining(['vendor.letterhead', 'vendor.legal-form']),
    });
    expect(vendorCandidates(splitLines(page('Invoice\nSold By : Example Traders Pvt. Ltd.\nTotal 5.00', 'text')))[0]?.because).toContain(
      'vendor.label',
    );
  });
  it('vendor.legal-form-of-country: a two-letter form the country does not use is a speck, not a company', () => {
    const receipt = 'ERIE SL, TT LE\nROTI SEGAR BAKERIES (KL) SDN BHD (123456 X)\nLot 3, Jalan Satu 23/1\nTotal 5.00';
    expect(vendorCandidates(splitLines(page(receipt)), 'MY')[0]?.value).toBe('ROTI SEGAR BAKERIES');
    // the country unknown, or a country that uses the form: it still ends a name
    expect(vendorCandidates(splitLines(page(receipt)))[0]?.value).toBe('ERIE');
    expect(vendorCandidates(splitLines(page('Panaderia Sol SL\nCalle Mayor 3\nTotal 5.00')), 'ES')[0]).toMatchObject({
      value: 'Panaderia Sol',
      because: expect.arrayContaining(['vendor.legal-form']),
    });
  });

  it('vendor.trade-name-above: a short caps line right above the registered name is the trade name it goes by', () => {
    const receipt = (above: string) => `${above}\nGL TRADING & MARKETING SDN BHD (123456-X)\nNo 1, Jalan Satu\nTotal 5.00`;
    expect(vendorCandidates(splitLines(page(receipt('GOLDEN LEAF'))), 'MY')[0]).toMatchObject({
      value: 'GOLDEN LEAF GL TRADING & MARKETING',
      because: expect.arrayContaining(['vendor.trade-name-above']),
    });
    // a line of several words, or a document title, is not a trade name
    for (const above of ['WELCOME TO OUR SHOP', 'TAX INVOICE'])
      expect(vendorCandidates(splitLines(page(receipt(above))), 'MY')[0]?.because).not.toContain('vendor.trade-name-above');
  });

  it('vendor.legal-form-second-word: "SDN BID" ends the name as "SDN BHD" does', () => {
    expect(
      vendorCandidates(splitLines(page('ROTI SEGAR BAKERIES (KL) SDN BID (123456 X)\nLot 3, Jalan Satu\nTotal 5.00')), 'MY')[0],
    ).toMatchObject({
      value: 'ROTI SEGAR BAKERIES',
      because: expect.arrayContaining(['vendor.legal-form']),
    });
  });

  it('vendor.printed-twice counts whole words only', () => {
    const v = (text: string) => vendorCandidates(splitLines(page(text)), 'MY')[0]?.because ?? [];
    expect(v('KEDAI ERIE SDN BHD\nJalan Satu\nThank you from KEDAI ERIE')).toContain('vendor.printed-twice');
    expect(v('KEDAI ERIE SDN BHD\nJalan Satu\nBAKEDAI ERIES 5.00')).not.toContain('vendor.printed-twice');
  });

  it('taxid.labelled-shape, and never the customer’s', () => {
    const t = taxIdCandidates(splitLines(page('Acme GmbH\nUSt-IdNr.: DE123456000\nBill to: Foo BV\nBTW: NL001234560B01', 'text')));
    expect(t.map((c) => c.value)).toEqual(['DE123456000']);
    expect(t[0]!.because).toEqual(['taxid.labelled-shape']);
  });
  it("a buyer's heading of any vocabulary opens the buyer's block for its tax id; a customer number line does not", () => {
    const ids = (t: string) => taxIdCandidates(splitLines(page(t))).map((c) => c.value);
    // OCR put the title between the buyer's name and its id; the seller's id is in the footer
    expect(
      ids('Verde Mar S.p.A.\nDestinatario\nVanta Retail S.p.A.\nFATTURA\nPartita IVA: IT01114601006\nTotale 5,00\nP.IVA: IT00743110157'),
    ).toEqual(['IT00743110157']);
    expect(ids('Alpen Werk GmbH\nKundennummer: 44120\nUSt-IdNr.: DE811907980\nSumme 5,00')).toEqual(['DE811907980']);
  });
  it('number.label and number.ocr-letter-prefix', () => {
    expect(numberCandidates(splitLines(page('Invoice No: INV-77', 'text')), { isOcr: false, purchaseOrder: false })[0]).toMatchObject({
      value: 'INV-77',
      because: ['number.label'],
    });
    expect(numberCandidates(splitLines(page('Booking ID: 1QXR5521')), { isOcr: true, purchaseOrder: false })[0]?.because).toContain(
      'number.ocr-letter-prefix',
    );
  });
  it('number.label from every vocabulary, with the number sign written any way', () => {
    const num = (t: string) => numberCandidates(splitLines(page(t, 'text')), { isOcr: false, purchaseOrder: false })[0]?.value ?? null;
    expect(num('Fatura n.º: FT 2024/118')).toBe('FT 2024/118');
    expect(num('Número da fatura: 2024-0311')).toBe('2024-0311');
    expect(num('Fattura n.: RE2023-2031')).toBe('RE2023-2031');
    expect(num('Fakturanr: 50021')).toBe('50021');
    expect(num('Factura n2 2025/4684')).toBe('2025/4684');
    expect(num('N.2 Fatura: 2024/5503')).toBe('2024/5503');
    // OCR reads the raised o of "n°" as ®
    expect(num('Factura n® 2025/4684')).toBe('2025/4684');
  });
  it('number.not-tax-id: a tax id under its tax label is never the number, whatever number label OCR joined to it', () => {
    const num = (t: string) => numberCandidates(splitLines(page(t)), { isOcr: true, purchaseOrder: false })[0]?.value ?? null;
    // the title "Faktura" beside the buyer's "VAT-nr:", read as one line
    expect(num('Nordlicht HB\nFaktura VAT-nr: SE556703748501\nFakturanummer ~~ RE20238145')).toBe('RE20238145');
    expect(num('Nordlicht HB\nFaktura VAT-nr: SE556703748501')).toBe(null);
    // a Polish "Faktura VAT nr" labels the invoice's own number, which is no tax id
    expect(num('Faktura VAT nr FV/2024/118\nNIP: 526-000-12-46')).toBe('FV/2024/118');
  });
  it('an amount after a total label is never the document number, nor part of one', () => {
    const num = (t: string) => numberCandidates(splitLines(page(t, 'text')), { isOcr: false, purchaseOrder: false })[0]?.value ?? null;
    // the number's label is missing: nothing, rather than the figure of "Totale fattura"
    expect(num('Kestrel S.n.c.\nImponibile 1.252,02 €\nTotale fattura 1.527,46 €')).toBe(null);
    expect(num('Total factura 2.120,00 €')).toBe(null);
    expect(num('Invoice 1.527,46')).toBe(null);
  });
  it('vendor.title-after-name: a document title OCR joined to the letterhead name after its legal form is cut', () => {
    const top = (t: string) => vendorCandidates(splitLines(page(t)))[0]?.value ?? null;
    expect(top('Solaris Systems S.L.U. FACTURA\nGran Via 22\nTotal 5.00')).toBe('Solaris Systems');
    expect(top('Verde Mar B.V. Creditnota\nDamrak 5\nTotal 5.00')).toBe('Verde Mar');
    // a title word that is the name's own, with no legal form before it, stays
    expect(top('Smart Receipt Ltd\nMain Street 1\nTotal 5.00')).toBe('Smart Receipt');
  });
  it("number.invoice-label-on-credit-note: on a credit note, a number under an invoice word is likely the credited invoice's", () => {
    const cn = (t: string) => numberCandidates(splitLines(page(t)), { isOcr: true, purchaseOrder: false, creditNote: true })[0];
    const ref = cn('Creditnota\nKlant QOorspronkelijke factuur: 2024-7460\nTotaal -5,00');
    expect(ref?.value).toBe('2024-7460');
    expect(ref?.because).toContain('number.invoice-label-on-credit-note');
    expect(ref!.score).toBeLessThanOrEqual(0.5);
    const own = cn('Creditnota\nCreditnotanummer: CN-2024-12\nTotaal -5,00');
    expect(own?.because).not.toContain('number.invoice-label-on-credit-note');
    // on an invoice the same label is its own number
    const inv = numberCandidates(splitLines(page('Factuur: 2024-7460')), { isOcr: true, purchaseOrder: false })[0];
    expect(inv?.because).toEqual(['number.label']);
  });
  it('po.label, unless it is the document number itself', () => {
    const lines = splitLines(page('Invoice No: 100\nPO Number: PO-9', 'text'));
    expect(poCandidates(lines, '100', false)[0]).toMatchObject({ value: 'PO-9', because: ['po.label'] });
    expect(poCandidates(lines, 'PO-9', false)).toEqual([]);
  });
});

describe('classification refinement', () => {
  it('class.numberless-scan-with-payments: a scanned TAX INVOICE without a number, paid at a till, is a receipt', () => {
    const lines = splitLines(page('TAX INVOICE\nTotal 5.00\nCASH 10.00\nCHANGE 5.00'));
    expect(refineDocType({ docType: 'invoice', confidence: 0.8 }, { isOcr: true, hasNumber: false, lines }).docType).toBe('receipt');
    expect(refineDocType({ docType: 'invoice', confidence: 0.8 }, { isOcr: true, hasNumber: true, lines }).docType).toBe('invoice');
  });
  it('class.numberless-scan-with-till-stamp: a numberless scanned TAX INVOICE stamped to the second by a till is a receipt', () => {
    const refine = (text: string) =>
      refineDocType({ docType: 'invoice', confidence: 0.8 }, { isOcr: true, hasNumber: false, lines: splitLines(page(text)) }).docType;
    expect(refine('Tax Invoice\n28 Mar 18 18:32:36\nSub Total 129.30\nAmt Due 129.30')).toBe('receipt');
    // billing terms mean payment later; a time without the seconds, or with no date, is no till stamp
    expect(refine('Tax Invoice\n28/03/2018 18:32:36\nPayment terms: 30 days\nAmount Due 129.30')).toBe('invoice');
    expect(refine('Tax Invoice\n28/03/2018 18:32\nAmount Due 129.30')).toBe('invoice');
    expect(refine('Tax Invoice\nPrinted 18:32:36\nAmount Due 129.30')).toBe('invoice');
  });
  it('class.billing-terms-stay-invoice: a numberless scan that asks to be paid by transfer stays an invoice; qty is no till word', () => {
    const refine = (text: string) =>
      refineDocType({ docType: 'invoice', confidence: 0.8 }, { isOcr: true, hasNumber: false, lines: splitLines(page(text)) }).docType;
    // the number lost by OCR: a line-items header and bank details, as any invoice prints
    expect(
      refine(
        'Invoice\nDescription Qty Unit price Amount\nCable 10 m 1 202.13 202.13\nAmount due 202.13\nIBAN: GB29 NWBK 6016 1331 9268 19',
      ),
    ).toBe('invoice');
    expect(refine('Invoice\nDescription Qty Unit price Amount\nCable 10 m 1 202.13 202.13\nAmount due 202.13')).toBe('invoice');
    // a cashier's name is a till's, and paid at the till without billing terms it stays a receipt
    expect(refine('TAX INVOICE\nCashier: AMIRA\nTotal 5.00')).toBe('receipt');
    expect(refine('TAX INVOICE\nTotal 5.00\nCASH 10.00\nCHANGE 5.00\nBank transfer to: Maybank 5140 1234')).toBe('invoice');
  });
});

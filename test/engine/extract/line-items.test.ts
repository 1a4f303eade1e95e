import { describe, expect, it } from 'vitest';
import { findLineItems, headerColumns } from '../../../src/engine/extract/line-items.js';
import { splitLines } from '../../../src/engine/extract/text.js';

const items = (text: string, method: 'text' | 'ocr' = 'text') => findLineItems(splitLines([{ index: 0, text, method }]), undefined);

describe('line items by column headers', () => {
  it('lines.header: names the numeric columns in order, in several languages', () => {
    expect(headerColumns('Description   Qty   Unit price   Amount')?.cols.map((c) => c.kind)).toEqual(['qty', 'price', 'amount']);
    expect(headerColumns('Bezeichnung Menge Einzelpreis Betrag')?.cols.map((c) => c.kind)).toEqual(['qty', 'price', 'amount']);
    expect(headerColumns('Blue widgets 10 12.50 125.00')).toBeNull();
  });

  it('lines.header: a summary word anywhere in a row that starts with no quantity ends the table', () => {
    const r = items(
      'QTY ITEM TOTAL\n1 Nasi Lemak Set 14.95\n2 Teh Tarik 5.00\nTakeM: Total (incl GST) 19.95\nCash tendered 20.00\nChange 0.05',
    );
    expect(r.map((i) => i.description)).toEqual(['1 Nasi Lemak Set', '2 Teh Tarik']);
    // an item that starts with its quantity keeps its name, whatever words it has
    expect(items('QTY ITEM TOTAL\n1 Petty cash box 12.00\n1 Skin care kit total 8.00').map((i) => i.amount)).toEqual([12, 8]);
  });

  it('lines.column-order: never reads a quantity from the description', () => {
    const r = items(
      'Item Qty Price Total\nLaptop sleeve 13.3-inch grey 2 15.00 30.00\nUSB stick 16 GB 1 8.50 8.50\nOffice 2011 licence 1 99.00 99.00\nSubtotal 137.50',
    );
    expect(r.map((i) => [i.description, i.quantity, i.unitPrice, i.amount])).toEqual([
      ['Laptop sleeve 13.3-inch grey', 2, 15, 30],
      ['USB stick 16 GB', 1, 8.5, 8.5],
      ['Office 2011 licence', 1, 99, 99],
    ]);
  });

  it('lines.column-order: a tax-rate and tax column between price and amount', () => {
    const [i] = items('Product Title Qty Price Tax(%) Tax Total\nGadget case 32 GB 1 278.61 14.50% 40.39 319.00');
    expect([i!.quantity, i!.unitPrice, i!.amount]).toEqual([1, 278.61, 319]);
  });

  it('lines.wrapped-description: a row of figures under its description line', () => {
    const r2 = items('Item Qty Price Amount\nPAINT ROLLER 9 INCH\n2 2.65 5.30 SR\nSub Total 5.30', 'ocr');
    expect(r2.map((i) => [i.description, i.quantity, i.amount])).toEqual([['PAINT ROLLER 9 INCH', 2, 5.3]]);
  });

  it('the summary block closes the table, indented or not', () => {
    const r = items(
      'Description     Qty   Amount\nWidget     1   5.00\n                 Subtotal:   5.00\n                 Total Due:  5.00',
    );
    expect(r).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { findLineItems, headerColumns } from '../../../src/engine/extract/line-items.js';
import { type OcrWord, splitLines } from '../../../src/engine/extract/text.js';

const items = (text: string, method: 'text' | 'ocr' = 'text') => findLineItems(splitLines([{ index: 0, text, method }]), undefined);
const row = (i: { description: string; quantity: number | null; unitPrice: number | null; amount: number | null }) => [
  i.description,
  i.quantity,
  i.unitPrice,
  i.amount,
];

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
    expect(r.map((i) => [i.description, i.quantity])).toEqual([
      ['Nasi Lemak Set', 1],
      ['Teh Tarik', 2],
    ]);
    // an item that starts with its quantity keeps its name, whatever words it has
    expect(items('QTY ITEM TOTAL\n1 Petty cash box 12.00\n1 Skin care kit total 8.00').map((i) => i.amount)).toEqual([12, 8]);
  });

  it("lines.per-rate-section: one rate's total closes its rows, and the next rate's rows go on the table", () => {
    const r = items(
      [
        'DESCRIPTION   U.P   QTY   AMT(RM)',
        'WHITE LOAF   2.13   2   4.26',
        'WHOLEMEAL   2.78   3   8.34',
        'TOTAL 0% SUPPLIES:   12.60',
        'CREAM ROLL   0.72   20   14.40',
        'TOTAL 6% SUPPLIES (EXCL. GST):   14.40',
        'GST:   0.86',
        'TOTAL 6% SUPPLIES (INC. GST):   15.26',
        'TOTAL PAYABLE:   27.86',
      ].join('\n'),
      'ocr',
    );
    expect(r.map((i) => i.amount)).toEqual([4.26, 8.34, 14.4]);
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

  it('lines.header: of overlapping labels the longest names the column ("Prijs incl. BTW" is the amount)', () => {
    expect(headerColumns('Artikel Aantal Prijs per stuk BTW Prijs incl. BTW')?.cols.map((c) => c.kind)).toEqual([
      'qty',
      'price',
      'tax',
      'amount',
    ]);
    expect(headerColumns('Description Quantity Unit Price Disc.% Taxes Amount')?.cols.map((c) => c.kind)).toEqual([
      'qty',
      'price',
      'disc',
      'tax',
      'amount',
    ]);
  });

  it('lines.column-order: a percentage goes only to a rate, discount or tax column, a figure with a unit only to the quantity', () => {
    const r = items(
      'Description Quantity Unit Price Disc.% Taxes Amount\n' +
        'Garden hose 10 m 1.00 pcs 12.00 0.00 20.00% $ 12.00\n' +
        'Seed mix 2.50 kg 4.00 10.00 $ 9.00\n' +
        'Subtotal $ 21.00',
    );
    expect(r.map(row)).toEqual([
      ['Garden hose 10 m', 1, 12, 12],
      ['Seed mix', 2.5, 4, 9],
    ]);
  });

  it('lines.column-order: a currency mark between two figures is the second one\'s ("1 € 19,99")', () => {
    const r = items('Artikel Aantal Prijs per stuk BTW Prijs incl. BTW\nKabel 3 meter 1 € 19,99 21% € 19,99\nTotaal € 19,99');
    expect(r.map(row)).toEqual([['Kabel 3 meter', 1, 19.99, 19.99]]);
  });

  it('lines.column-order: a year or size at the end of a description is not a figure of the row', () => {
    const r = items('Pos. Menge Beschreibung Rabatt % VK-Preis Zeilenbetrag\n1 2 Mailbox Standard 2019 4,50 9,00\nTotal EUR 9,00');
    expect(r.map(row)).toEqual([['Mailbox Standard 2019', 2, 4.5, 9]]);
  });

  it('lines.leading-columns: numbers before the description fill the columns printed there, a position number is dropped', () => {
    const r = items('Pos Qty Description Price Amount\n1 3 Pencils HB 1.00 3.00\n2 1 Eraser 0.50 0.50\nTotal 3.50');
    expect(r.map(row)).toEqual([
      ['Pencils HB', 3, 1, 3],
      ['Eraser', 1, 0.5, 0.5],
    ]);
    // with only a quantity column before it, a second number stays in the description
    expect(items('Qty Description Amount\n2 100 envelopes 8.00\nTotal 8.00').map(row)).toEqual([['100 envelopes', 2, null, 8]]);
  });

  it('lines.column-boxes: on a page with word boxes a figure goes to the column whose header stands above it', () => {
    // the price column left empty on the row: only the boxes tell that 5.00 is the discount, not the unit price
    const text = 'Item Qty Price Discount Total\nWidget 2 5.00 10.00\nTotal 10.00';
    const at = (t: string, x0: number, y: number): OcrWord => ({ text: t, conf: 99, x0, y0: y, x1: x0 + 10 * t.length, y1: y + 10 });
    const words = [
      at('Item', 0, 0),
      at('Qty', 200, 0),
      at('Price', 260, 0),
      at('Discount', 340, 0),
      at('Total', 430, 0),
      at('Widget', 0, 20),
      at('2', 205, 20),
      at('5.00', 340, 20),
      at('10.00', 430, 20),
      at('Total', 0, 40),
      at('10.00', 430, 40),
    ];
    const pages = [{ index: 0, text, method: 'text' as const, words }];
    const [withBoxes] = findLineItems(splitLines(pages), undefined, pages);
    expect([withBoxes!.quantity, withBoxes!.unitPrice, withBoxes!.amount]).toEqual([2, null, 10]);
    const [without] = items(text);
    expect([without!.quantity, without!.unitPrice, without!.amount]).toEqual([2, 5, 10]);
  });

  it('lines.continued-description: lines without figures under an item continue it, up to a line set off in columns', () => {
    const r = items(
      'Pos. Menge Beschreibung VK-Preis Zeilenbetrag\n' +
        '1 1 Hosting Paket M 3,89 3,89\nGrundgebühr pro Einheit\nZeitraum Mai\n' +
        '2 1 Domain 1,00 1,00\nMusterfirma AG   Vorstand: Max Muster\n' +
        'Total EUR 4,89',
    );
    expect(r.map((i) => i.description)).toEqual(['Hosting Paket M Grundgebühr pro Einheit Zeitraum Mai', 'Domain']);
  });

  it('lines.summary-row: a tax rate under an item is a note of it, not the end of the table', () => {
    const r = items(
      'Item Quantity Rate Amount\nService A 2 $10.00 $20.00\nTax: 0.2%\nService B 1 $5.00 $5.00\nTax: 0.4%\nSubtotal: $25.00',
    );
    expect(r.map((i) => [i.description, i.amount])).toEqual([
      ['Service A Tax: 0.2%', 20],
      ['Service B Tax: 0.4%', 5],
    ]);
  });

  it('lines.summary-row: a section subtotal ends the section, the next section goes on; a discount or total after it does not', () => {
    const r = items(
      'Description Quantity Unit Price Amount\n--- Tools ---\nHammer 1.00 10.00 10.00\nSubtotal $ 10.00\n--- Food ---\n' +
        'Honey 2.00 3.00 6.00\nSubtotal $ 6.00\nSubtotal $ 16.00\nTax 10% $ 1.60\nTotal $ 17.60',
    );
    expect(r.map((i) => [i.description, i.amount])).toEqual([
      ['Hammer', 10],
      ['Honey', 6],
    ]);
    expect(items('QTY ITEM PRICE TOTAL\n1 Kopi O 2.00 2.00\nSubtotal 2.00\nDiscount 1 0.20 0.20\nTotal 1.80').map((i) => i.amount)).toEqual(
      [2],
    );
  });

  it('lines.itemised-breakdown: charges each followed by the same breakdown rows are the items, when they add up to a printed total', () => {
    const text =
      'Summary\nService charges $7.50\nCredits $0.00\nTotal for this statement $7.50\nDetail\n' +
      'Cloud Storage $5.00\nCharges $5.00\nVAT ** $0.00\nMail Relay $2.50\nCharges $2.50\nVAT ** $0.00\n* footnote';
    expect(items(text).map((i) => [i.description, i.amount])).toEqual([
      ['Cloud Storage', 5],
      ['Mail Relay', 2.5],
    ]);
    // the same shape whose amounts make no printed total is not taken
    expect(items(text.replace('Total for this statement $7.50', 'Total for this statement $9.00'))).toEqual([]);
    // nor a list whose rows do not repeat a breakdown
    expect(items('Cloud Storage $5.00\nMail Relay $2.50\nBackup $1.00\nSupport $1.50\nTotal $10.00')).toEqual([]);
  });

  it('lines.header: a label line with an id or phone number is no header; a header under a false one opens the table anew', () => {
    expect(headerColumns('Service tax #: AAACW8725FSD001 Phone: 8756390642')).toBeNull();
    const r = items(
      'Service tax #: see below\nProduct Title Qty Price Tax(%) Tax Total\nMemory card 32 GB 1 278.61 14.50% 40.39 319.00\nGrand Total 319.00',
    );
    expect(r.map(row)).toEqual([['Memory card 32 GB', 1, 278.61, 319]]);
  });

  it('lines.column-boxes: a figure in running text under no column of the header stays in the text; without an amount label it is kept', () => {
    const text = 'Item Qty Price Total\nCable 1 5.00 5.00\nNote: a discount of Rs -1.00\nTotal 5.00';
    const at = (t: string, x0: number, y: number): OcrWord => ({ text: t, conf: 99, x0, y0: y, x1: x0 + 10 * t.length, y1: y + 10 });
    const words = [
      ...['Item', 'Qty', 'Price', 'Total'].map((t, i) => at(t, [0, 200, 260, 340][i]!, 0)),
      ...['Cable', '1', '5.00', '5.00'].map((t, i) => at(t, [0, 205, 260, 340][i]!, 20)),
      ...['Note:', 'a', 'discount', 'of', 'Rs', '-1.00'].map((t, i) => at(t, i * 25, 40)),
      at('Total', 0, 60),
      at('5.00', 340, 60),
    ];
    const pages = [{ index: 0, text, method: 'text' as const, words }];
    expect(findLineItems(splitLines(pages), undefined, pages).map((i) => i.amount)).toEqual([5]);
    // a header whose amount label OCR lost ("ANOUHT", two edits from "amount"): the figures far from its columns are
    // still the row's
    const noAmount = text.replace('Item Qty Price Total', 'Item Qty Price ANOUHT');
    const pages2 = [
      {
        index: 0,
        text: noAmount,
        method: 'ocr' as const,
        words: words.map((w) => (w.text === 'Total' && w.y0 === 0 ? { ...w, text: 'ANOUHT' } : w)),
      },
    ];
    expect(findLineItems(splitLines(pages2), undefined, pages2).map((i) => i.amount)).toEqual([5, -1]);
  });

  it('lines.description-below: rows of an item code and figures take the text line under them', () => {
    const r = items(
      'ITEM/DESC. QTY U.PRICE TOTAL\n4132 1 20.00 20.00\nGARDEN HOSE 15M\n4133 2 5.00 10.00\nHOSE CLIP\nSUB TOTAL : 30.00',
      'ocr',
    );
    expect(r.map(row)).toEqual([
      ['4132 GARDEN HOSE 15M', 1, 20, 20],
      ['4133 HOSE CLIP', 2, 5, 10],
    ]);
    // a row of figures under its description keeps the line above (lines.wrapped-description), not the one below
    expect(
      items('Item Qty Price Amount\nPAINT ROLLER\n2 2.65 5.30\nBRUSH 1 1.00 1.00\nTotal 6.30', 'ocr').map((i) => i.description),
    ).toEqual(['PAINT ROLLER', 'BRUSH']);
  });
});

describe('line items on OCR text', () => {
  it('lines.ocr-tolerant-header: column labels OCR misspelt by a confusable letter or one edit are read as the columns', () => {
    expect(headerColumns('Descriptlon Oty U.price AMOUHT')?.cols.map((c) => c.kind)).toEqual(['qty', 'price', 'amount']);
    expect(headerColumns('0ty Item Tota1')?.cols.map((c) => c.kind)).toEqual(['qty', 'amount']);
    const r = items('Descriptior aty Price AMOUHT\nGarden hose 1 12.00 12.00\nTotal 12.00', 'ocr');
    expect(r.map(row)).toEqual([['Garden hose', 1, 12, 12]]);
  });

  it('lines.ocr-tolerant-header: never in running text, nor a word that is a label of its own', () => {
    // "All" is one edit from the Malay "bil" (quantity), but the line is prose
    expect(headerColumns('All services are sold by the company')).toBeNull();
    // "Date" is a label of its own, not a misread "rate"
    expect(headerColumns('Service Date')).toBeNull();
  });

  it('lines.qty-price-amount: "qty x price amount" whose product holds to the cent takes the amount, not the price', () => {
    expect(items('Item Qty Total\nChicken rice 2x 95.00 190.00\nTotal 190.00', 'ocr').map(row)).toEqual([['Chicken rice', 2, 95, 190]]);
    expect(items('QTY ITEM TOTAL\n3 Iced tea 1.50 4.50\nTotal 4.50', 'ocr').map(row)).toEqual([['Iced tea', 3, 1.5, 4.5]]);
    // a price whose decimal point OCR lost, right after its quantity
    expect(items('Item Qty Price Amount\nBolts pack 12 274 32.88\nTotal 32.88', 'ocr').map(row)).toEqual([['Bolts pack', 12, 2.74, 32.88]]);
    // a till roll's quantity printed "1.00", under a header whose amount column has no label of its own
    expect(items('Item Qty U Price RM\nPaint roller 1.00 99.00 99.00 SR\nTotal 99.00', 'ocr').map(row)).toEqual([
      ['Paint roller', 1, 99, 99],
    ]);
    // the figure before the price gives no product ("3.00" is the price before tax): the row's quantity column does
    expect(items('Item Qty S/Price S/Price Amount Tax\n100160 2 3.00 3.18 6.36 SR\nLIME\nTotal 6.36', 'ocr').map(row)).toEqual([
      ['100160 LIME', 2, 3.18, 6.36],
    ]);
  });

  it('lines.qty-price-amount: no product to the cent, or a whole number that may be the description, changes nothing', () => {
    expect(items('QTY ITEM TOTAL\n5 Wall plug 100 5.00\nTotal 5.00', 'ocr').map(row)).toEqual([['Wall plug 100', 5, null, 5]]);
    expect(items('Item Qty Total\nChicken rice 2 95.00 180.00\nTotal 180.00', 'ocr').map((i) => [i.unitPrice, i.amount])).toEqual([
      [null, 180],
    ]);
  });
});

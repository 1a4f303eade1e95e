/**
 * Rules that read a page's layout by its word boxes (labels above values, the buyer's block beside the letterhead),
 * and the credit-note and order-reference rules, on made-up text-layer pages: each row is laid out at its x positions
 * (6 pt a character, rows 14 pt apart) and joined into lines as a text layer does, three spaces between columns.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../../src/engine/extract/classifier.js';
import { orderForLocale } from '../../../src/engine/extract/dates.js';
import { dateCandidates } from '../../../src/engine/extract/find-dates.js';
import { numberCandidates, taxIdCandidates, vendorCandidates } from '../../../src/engine/extract/find-fields.js';
import { amountCandidates } from '../../../src/engine/extract/find-totals.js';
import { cellFinder } from '../../../src/engine/extract/geometry.js';
import { extractDocument } from '../../../src/engine/extract/index.js';
import { type OcrWord, type PageInput, splitLines } from '../../../src/engine/extract/text.js';

/** A text-layer page from rows of cells [x, text]: its text and its words' boxes. */
function laidOut(rows: Array<Array<[number, string]>>): PageInput[] {
  const words: OcrWord[] = [];
  const lines = rows.map((cells, r) => {
    const y0 = 40 + r * 14;
    for (const [x, t] of cells) {
      let cx = x;
      for (const w of t.split(' ')) {
        words.push({ text: w, conf: 100, x0: cx, y0, x1: cx + w.length * 6, y1: y0 + 10 });
        cx += (w.length + 1) * 6;
      }
    }
    return cells.map(([, t]) => t).join('   ');
  });
  return [{ index: 0, text: lines.join('\n'), method: 'text', words }];
}

// a letterhead on the left and a meta block on the right, each label above its value
const STACKED = laidOut([
  [
    [50, 'Verde Mar AB'],
    [420, 'Faktura'],
  ],
  [
    [50, 'Kungsgatan 44'],
    [420, 'Fakturanr'],
  ],
  [
    [50, '411 19 Göteborg'],
    [420, '2023-1600'],
  ],
  [
    [50, 'Tiber Logistica AB'],
    [420, 'Orderdatum'],
  ],
  [
    [50, 'Postfach 44'],
    [420, '2023-04-06'],
  ],
  [[420, 'Fakturadatum']],
  [[420, '2023-04-18']],
  [[420, 'Förfallodatum']],
  [[420, '2023-05-18']],
]);
const lines = (p: PageInput[]) => splitLines(p);

describe('geometry: cells above and below by word boxes', () => {
  it('finds the label cell above a value and the value cell below a label, not the other column', () => {
    const ls = lines(STACKED);
    const cells = cellFinder(ls, STACKED);
    const value = ls[2]!;
    const at = value.text.indexOf('2023-1600');
    expect(cells.above(value, at, at + 9)?.text).toBe('Fakturanr');
    expect(cells.below(ls[1]!, ls[1]!.text.indexOf('Fakturanr'), ls[1]!.text.length)?.text).toBe('2023-1600');
  });

  it('finds nothing when another row lies between (a header row between a title and the values)', () => {
    const p = laidOut([[[44, 'Kopie factuur']], [[44, 'Klant']], [[44, 'SCONL0303006280999']]]);
    const ls = lines(p);
    // the title's own words start further right than the header cell, so only a row skip would reach the values
    const cells = cellFinder(ls, p);
    expect(cells.below(ls[0]!, 6, 13)).toBeNull();
  });
});

describe('date.label-above', () => {
  it('takes the date under the issue-date label, not the order date or the due date beside the address', () => {
    const ls = lines(STACKED);
    const d = dateCandidates(ls, undefined, 'SEK', new Date('2026-01-01'), false, cellFinder(ls, STACKED));
    expect(d.issue[0]?.value).toBe('2023-04-18');
    expect(d.issue[0]?.because).toContain('date.label-above');
    expect(d.due[0]?.value).toBe('2023-05-18');
  });
});

describe('date.label-above across a column gap', () => {
  it('a label of the column beside the date ("Sold to") gives way to the label above it', () => {
    const p = laidOut([
      [[420, 'Order date']],
      [[420, '08/04/2025']],
      [[420, 'Date']],
      [
        [50, 'Sold to'],
        [420, '08/16/2025'],
      ],
      [[420, 'Payment due']],
      [[420, '09/15/2025']],
    ]);
    const ls = lines(p);
    const d = dateCandidates(ls, undefined, 'USD', new Date('2026-01-01'), false, cellFinder(ls, p));
    expect(d.issue[0]?.value).toBe('2025-08-16');
    expect(d.issue[0]?.because).toContain('date.label-above');
  });
});

describe('number.label-above', () => {
  it('takes the number under its label, not the postcode that comes first on the mixed line', () => {
    const ls = lines(STACKED);
    const n = numberCandidates(ls, { isOcr: false, purchaseOrder: false, cells: cellFinder(ls, STACKED) });
    expect(n[0]?.value).toBe('2023-1600');
    expect(n[0]?.because).toContain('number.label-above');
  });
});

describe('number.not-invoice-reference', () => {
  it("a credit note's reference to the invoice it corrects is not its number", () => {
    for (const ref of ['Original invoice: 2023-4153', 'Storno fattura n.: 2024-4981', 'zu Rechnung Nr. RE-2023-0815']) {
      const p: PageInput[] = [{ index: 0, text: `Credit note\n${ref}\nCredit memo no.: CN-2023-77`, method: 'text' }];
      expect(numberCandidates(lines(p), { isOcr: false, purchaseOrder: false })[0]?.value, ref).toBe('CN-2023-77');
    }
    // with no number of its own, a reference alone gives no number
    const only: PageInput[] = [{ index: 0, text: 'Credit note\nOriginal invoice: 2023-4153', method: 'text' }];
    expect(numberCandidates(lines(only), { isOcr: false, purchaseOrder: false })).toEqual([]);
  });
});

describe('taxid.in-buyer-block', () => {
  it("the buyer's VAT id in its block on the right loses to the seller's in the footer", () => {
    const p = laidOut([
      [[50, 'Nordlicht Lda.']],
      [[330, 'Cliente']],
      [[330, 'Sunfield Farms Lda.']],
      [[330, 'Unit 4, Trade Park']],
      [
        [50, 'FATURA'],
        [330, 'Contribuinte: PT502011378'],
      ],
      [[50, 'Nordlicht Lda. · Rua Augusta 20 · 1100-148 Lisboa']],
      [[50, 'NIF: PT501964843']],
    ]);
    const ls = lines(p);
    const ids = taxIdCandidates(ls, cellFinder(ls, p));
    expect(ids.map((c) => c.value)).toEqual(['PT501964843']);
    // without the boxes, the heading a few lines above opens the buyer's block by the lines alone
    expect(taxIdCandidates(ls).map((c) => c.value)).toEqual(['PT501964843']);
  });
});

describe('class.po-reference-not-title', () => {
  it("an invoice quoting the buyer's order under the order's title is an invoice", () => {
    expect(classifyDocument('FATURA\nFatura nº FT 2023/437\nNota de encomenda\nPO-569384\nTotal 12,00').docType).toBe('invoice');
    expect(classifyDocument('Rechnung\nRechnungsnummer RE-1\nBestellung: 4711\nSumme 12,00').docType).toBe('invoice');
    // one cell of a header row, its value under it
    expect(
      classifyDocument('Rechnung\nFälligkeit   Rechnungsnummer   Ihre Bestellung\n09.02.2024   RE2024/7526   PO-406942\nSumme 12,00')
        .docType,
    ).toBe('invoice');
  });
  it('an order titled with its own number stays an order', () => {
    expect(classifyDocument('BON DE COMMANDE n° 778\nFournisseur: Durand SA\nTotal 1 200,00 €').docType).toBe('purchase_order');
  });
});

describe('subtotal.net-total-before-tax on a credit note', () => {
  it('reads negative figures by size: the net total is the subtotal, the last total the total', () => {
    const p: PageInput[] = [
      { index: 0, text: 'Credit note\nNet total GBP -13,290.46\nVAT 20% GBP -2,658.09\nTotal GBP -15,948.55', method: 'text' },
    ];
    const a = amountCandidates(lines(p), p, '.', false);
    expect(a.total[0]?.value).toBe('-15948.55');
    expect(a.subtotal.find((c) => c.value === '-13290.46')?.because).toContain('subtotal.net-total-before-tax');
  });
});

describe('total.credit-by-size', () => {
  it("a credit note's amount due is its largest figure in size, not the largest number", () => {
    const text = 'Credit note\nTotal -100.00\nVAT 20% -20.00\nTotal -120.00';
    const p: PageInput[] = [{ index: 0, text, method: 'text' }];
    const a = amountCandidates(lines(p), p, '.', false);
    expect(a.total[0]?.value).toBe('-120.00');
    expect(a.total[0]?.because).toContain('total.credit-by-size');
    // an invoice's figures compare as before
    const inv: PageInput[] = [{ index: 0, text: text.replace(/-/g, ''), method: 'text' }];
    expect(amountCandidates(lines(inv), inv, '.', false).total[0]?.value).toBe('120.00');
  });
});

describe('amounts.credit-note-negative', () => {
  const text = [
    'Nota de crédito',
    'Total sem IVA -79.062,56 €',
    'IVA 23% -3.735,37 €',
    'IVA 6% -3.769,31 €',
    'Total com IVA -86.567,24 €',
    'Taxa Incidência IVA Total',
    '23% -16.240,73 -3.735,37 -19.976,10',
    '6% -62.821,83 -3.769,31 -66.591,14',
  ].join('\n');
  const p: PageInput[] = [{ index: 0, text, method: 'text' }];

  it("reads a credit note's negative figures as printed: the net as subtotal, its breakdown rows by size", () => {
    const a = amountCandidates(lines(p), p, ',', false, 'PT', true);
    expect(a.total.map((c) => c.value)).toEqual(['-86567.24']);
    expect(a.subtotal[0]?.value).toBe('-79062.56');
    expect(a.subtotal.map((c) => c.value)).toContain('-16240.73');
    expect(a.extras.breakdown).toEqual({ gross: -86567.24, rows: 2 });
  });

  it('on a document not read as a credit note, negative rows are no breakdown', () => {
    expect(amountCandidates(lines(p), p, ',', false, 'PT', false).extras.breakdown).toBeUndefined();
  });
});

describe('total.tax-included-label', () => {
  it('"Total IVA incluido" is the total with its tax, not the tax total', () => {
    for (const [label, dec] of [
      ['Total IVA incluido', ','],
      ['Totale IVA inclusa', ','],
      ['Total GST inclusive', '.'],
    ] as const) {
      const amount = dec === ',' ? '64.545,41' : '64,545.41';
      const tax = dec === ',' ? '11.202,10' : '11,202.10';
      const p: PageInput[] = [{ index: 0, text: `${label} ${amount}\nincl. ${label.split(' ')[1]} 21% ${tax}`, method: 'text' }];
      expect(amountCandidates(lines(p), p, dec, false).total[0]?.value, label).toBe('64545.41');
    }
    // "Total IVA" alone is still the tax total
    const p: PageInput[] = [{ index: 0, text: 'Base imponible 100,00\nTotal IVA 21,00\nTotal factura 121,00', method: 'text' }];
    expect(amountCandidates(lines(p), p, ',', false).total.map((c) => c.value)).not.toContain('21.00');
  });

  it('"Totaalbedrag incl. BTW" is a total (nl vocabulary)', () => {
    const p: PageInput[] = [{ index: 0, text: 'Totaalbedrag incl. BTW 61.560,57 EUR\nwaarvan btw 21% 10.684,07 EUR', method: 'text' }];
    expect(amountCandidates(lines(p), p, ',', false).total[0]?.value).toBe('61560.57');
  });
});

describe('class.invoice-reference-not-cue and an order title after the invoice title', () => {
  it("a credit note's reference to the invoice it corrects does not make it an invoice", () => {
    const t = [
      'Blue Harbor GmbH   GUTSCHRIFT',
      'Belegnummer',
      '8001 Zürich, Schweiz   CN-2025-3867',
      'Rechnungsadresse   31. Mai 2025',
      'Hollis & Gray AG   Rechnungsdatum',
      'Bezug: Rechnung Nr.',
      'INV-2025-3256',
      'Gesamtbetrag inkl. MwSt. -4753.01 CHF',
      'IBAN: CH93 0076 2011 6238 5295 7',
    ].join('\n');
    expect(classifyDocument(t).docType).toBe('credit_note');
  });

  it("an order's title below the invoice title, its number beside another column's text, is a reference", () => {
    const t =
      'Solaris Systems GmbH   RECHNUNG\nRechnungs-Nr.\n10115 Berlin   FT 2024-920\nIhre Bestellung\nRechnungsadresse   PO-299882\nSumme 12,00';
    expect(classifyDocument(t).docType).toBe('invoice');
    // an order whose title comes first stays an order, whatever invoice words follow
    expect(classifyDocument('PURCHASE ORDER\nPO Number: 4500012345\nPlease quote the PO number on your invoice\nTotal 12.00').docType).toBe(
      'purchase_order',
    );
  });
});

describe('date.order-by-terms and date.order-of-mixed-country', () => {
  const run = (text: string, locale?: string) => {
    const p: PageInput[] = [{ index: 0, text, method: 'text' }];
    return dateCandidates(lines(p), locale, 'CAD', new Date('2026-01-01'), false);
  };

  it('settles day and month by the payment term when no date does: 12/06/24 due 01/05/25 is 6 December', () => {
    const d = run('Invoice\nDate: 12/06/24\nPayment due: 01/05/25', 'und-CA');
    expect(d.issue[0]?.value).toBe('2024-12-06');
    expect(d.issue[0]?.because).toContain('date.order-by-terms');
    expect(d.evidence).toBe(true);
  });

  it('leaves the order open when both readings give a usual term, and Canada settles nothing by itself', () => {
    const d = run('Invoice\nDate: 09/12/23\nPayment due: 10/12/23', 'und-CA');
    expect(d.evidence).toBe(false);
    expect(d.issue[0]?.because).not.toContain('date.order-by-terms');
    expect(orderForLocale('und-CA')).toBeUndefined();
    expect(orderForLocale('en-GB')).toBe('DMY');
    expect(orderForLocale('en-US')).toBe('MDY');
  });
});

describe('vendor.tagline-after-dash', () => {
  it('the name on a letterhead line ends at an em dash before a tagline', () => {
    const text = [
      'Brightwater Aktiebolag — Industriellt tryck sedan 1982',
      'Fakturaadress',
      'Sunfield Farms AB',
      'FAKTURA',
      'Faktura nr FT 2023-231',
      'Software licence (12 months) 11 546,83 12% 6 015,13',
    ].join('\n');
    const p: PageInput[] = [{ index: 0, text, method: 'text' }];
    const v = vendorCandidates(lines(p), 'SE');
    // the name with or without its legal form, never the tagline or an item line
    expect(v[0]?.value).toMatch(/^Brightwater( Aktiebolag)?$/);
  });
});

describe('tax.lines-sum', () => {
  it('two tax lines on one net (GST and PST) are proposed as their sum, which subtotal + tax = total confirms', () => {
    const p: PageInput[] = [
      { index: 0, text: 'Subtotal 6,392.64 CAD\nGST 5% 319.63 CAD\nPST 7% 447.48 CAD\nAmount due 7,159.75 CAD', method: 'text' },
    ];
    const a = amountCandidates(lines(p), p, '.', false);
    expect(a.tax.find((c) => c.because.includes('tax.lines-sum'))?.value).toBe('767.11');
    const r = extractDocument(p, { now: new Date('2026-01-01') });
    expect(r.fields.find((f) => f.name === 'tax')?.value).toBe('767.11');
    expect(r.checks?.find((c) => c.id === 'sum.subtotal-tax-total')?.passed).toBe(true);
  });

  it('one tax line, or lines of both signs, give no sum', () => {
    const one: PageInput[] = [{ index: 0, text: 'Subtotal 100.00\nVAT 20% 20.00\nTotal 120.00', method: 'text' }];
    expect(amountCandidates(lines(one), one, '.', false).tax.some((c) => c.because.includes('tax.lines-sum'))).toBe(false);
  });
});

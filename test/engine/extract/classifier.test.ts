import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../../src/engine/extract/classifier.js';
import {
  CREDIT_NOTE,
  DE_INVOICE,
  FR_INVOICE,
  MY_RECEIPT,
  MY_RECEIPT_STACKED,
  NL_INVOICE,
  PL_INVOICE,
  PURCHASE_ORDER,
  UK_INVOICE,
  US_INVOICE,
} from './fixtures.js';

describe('classifyDocument', () => {
  it.each([
    ['US invoice', US_INVOICE, 'invoice'],
    ['UK invoice', UK_INVOICE, 'invoice'],
    ['German Rechnung', DE_INVOICE, 'invoice'],
    ['French facture', FR_INVOICE, 'invoice'],
    ['Dutch factuur', NL_INVOICE, 'invoice'],
    ['Polish faktura', PL_INVOICE, 'invoice'],
    ['Malaysian till receipt printed as TAX INVOICE', MY_RECEIPT, 'receipt'],
    ['receipt transcript', MY_RECEIPT_STACKED, 'receipt'],
    ['credit note', CREDIT_NOTE, 'credit_note'],
    ['purchase order', PURCHASE_ORDER, 'purchase_order'],
    ['short till slip', 'SHELL STATION\nCASH 20.00\nCHANGE 1.50\nTHANK YOU', 'receipt'],
    ['Gutschrift', 'Gutschrift Nr. G-11\nzu Rechnung RE-2023-0815\nBetrag -50,00 EUR', 'credit_note'],
    ['bon de commande', 'BON DE COMMANDE n° 778\nFournisseur: Durand SA\nTotal 1 200,00 €', 'purchase_order'],
  ])('%s → %s', (_name, text, want) => {
    const r = classifyDocument(text);
    expect(r.docType).toBe(want);
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('says other, with some confidence, for text that is no business document', () => {
    const r = classifyDocument('Meeting notes\nWe discussed the roadmap and agreed to meet again next week.');
    expect(r.docType).toBe('other');
    expect(r.confidence).toBeGreaterThan(0);
    expect(classifyDocument('').docType).toBe('other');
  });
});

describe('till slips titled TAX INVOICE', () => {
  it('reads a numbered TAX INVOICE with cash, change and a shop farewell as a receipt', () => {
    const text =
      'KEDAI MURAH S/B (123456-X)\nNO 1 JALAN MAWAR\nGST ID NO : 000111222333\nTAX INVOICE\nINVOICE NO : 2231/77/T0101\n17-02-18\n12 SOAP BAR RM 4.50\nTotal Sales (Inclusive GST) RM 4.50\nCASH RM 10.00\nCHANGE RM 5.50\nThank You. Please come again\nKeep the invoice for applicable returns';
    expect(classifyDocument(text).docType).toBe('receipt');
  });

  it('reads a card-paid slip with rounding and a time to the second as a receipt', () => {
    const text =
      'TAX INVOICE\nPETROL KIOSK SUBANG\nInvoice No: 1-220033\n18-01-2018 15:44:46 Cashier: 12\nFUEL 95 10.000 2.20 22.00\nTOTAL SALES RM 22.02\nRounding -0.02\nTOTAL AMOUNT PAYABLE 22.00\nVISA 22.00';
    expect(classifyDocument(text).docType).toBe('receipt');
  });

  it('keeps an invoice with billing terms an invoice, even with a time and a card mention', () => {
    const text =
      'Harbor Tools Ltd\nTAX INVOICE\nInvoice No: HT-1001\nInvoice Date: 03/04/2024 10:15:22\nBill To: Quayside Cafe\nPayment terms: Net 30\nWe accept Visa\nTotal 120.00\nThank you for your business';
    expect(classifyDocument(text).docType).toBe('invoice');
  });
});

describe('receipt policy lines and numberless scanned tax invoices', () => {
  it('does not read "NO CASH REFUND" as a credit note', () => {
    const text =
      'MR. HANDY (KUCHAI) SDN BHD\n- TAX INVOICE -\nTOTAL INCL. GST@6% RM 45.00\nCARD RM 45.00\n12-03-18 14:37 T1 R000183898\nEXCHANGE ARE ALLOWED WITHIN 7 DAYS WITH RECEIPT.\nSTRICTLY NO CASH REFUND.';
    expect(classifyDocument(text).docType).toBe('receipt');
  });

  it('class.returns-policy-not-refund: a refund offered or refused beside an exchange is a policy, however OCR reads the "no"', () => {
    // a faded slip: its total and payment labels lost to OCR, its title and policy line read
    const slip = (policy: string) => `KOPI KING SUPERMART PTE LTD\nBE RECEIPT\nBED LEMON TEA 4.80\nBY $103.72\nmw THANK YOU\n${policy}`;
    for (const policy of ['BNO REFUND OR EXCHANGE', 'NO REFUND OR EXCHANGE', 'EXCHANGE OR REFUND WITHIN 7 DAYS', 'N0 REFUND/EXCHANGE'])
      expect(classifyDocument(slip(policy)).docType).toBe('receipt');
    // a refund slip is still a credit
    expect(classifyDocument('KOPI KING SUPERMART PTE LTD\nREFUND\nReturned: ICED LEMON TEA -4.80\nTotal refunded -4.80').docType).toBe(
      'credit_note',
    );
  });

  it("class.card-slip: a slip with the card terminal's approval is a receipt though it names the buyer", () => {
    const slip = (extra: string) =>
      [
        'ORCHID FOOD HOUSE PTE. LTD.',
        'RECEIPT',
        'BILL TO: LION CITY BUILDERS PTE LTD',
        'CASHIER: MEI',
        'BILL NO: 63073',
        '18/03/2016 09:48PM',
        'NASI LEMAK AYAM 6 x 132.74 796.44',
        'TOTAL DUE: 796.44',
        'VISA: 796.44',
        extra,
      ].join('\n');
    expect(classifyDocument(slip('CARD NO: XXXXXXXXXXXX6983\nAPPR CODE: 052499 TID: 91418827')).docType).toBe('receipt');
    // without the terminal's approval, or asking to be paid by a date, it stays an invoice
    expect(classifyDocument(slip('Paid by Visa ending 6983')).docType).toBe('invoice');
    expect(classifyDocument(slip('CARD NO: XXXXXXXXXXXX6983\nAPPR CODE: 052499\nDue date: 30/03/2016')).docType).toBe('invoice');
  });

  it('treats a scanned TAX INVOICE slip without an invoice number, paid at a machine, as a receipt', async () => {
    const { extractDocument } = await import('../../../src/engine/extract/index.js');
    const text = 'CITY PARKING SDN BHD\nTAX INVOICE\nEntry Time: 30/04/2017 20:22\nExit Time 30/04/2017 21:51\nTotal RM3.00\nPaid RM3.00';
    const r = extractDocument([{ index: 0, text, method: 'ocr' }], { now: new Date('2024-01-01') });
    expect(r.docType).toBe('receipt');
    expect(r.issues.some((i) => i.field === 'document_number')).toBe(false);
    // a product named "... Card" is no payment
    const inv =
      'Retail Invoices/Bill\nSold By : Acme Retail Pvt. Ltd.\nInvoice Date: 20-10-2015\nBilling Address\nMemory Card 16 GB 1 278.61 319.00\nGrand Total 319.00';
    expect(extractDocument([{ index: 0, text: inv, method: 'ocr' }], { now: new Date('2024-01-01') }).docType).toBe('invoice');
  });
});

describe('class.credit-title-line', () => {
  it('reads a credit note whose title OCR put after the left column, among invoice words, as a credit note', () => {
    const text = [
      'Verde Mar Aktiebolag',
      'Kungsgatan 44',
      'Fakturaadress',
      'Greywood Partners AB',
      'Beskrivning Antal Belopp',
      'Software licence 1 -500,00',
      'Kreditnota',
      'Kreditfakturanr: CN-2023-6189',
      'Fakturadatum: 2023-12-12',
      'Krediterar faktura: RE2023-1147',
      'Summa att betala SEK -625,00',
    ].join('\n');
    expect(classifyDocument(text).docType).toBe('credit_note');
    // without the title line the invoice words win, as before
    expect(classifyDocument(text.replace('Kreditnota\n', '')).docType).toBe('invoice');
  });
});

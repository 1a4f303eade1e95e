import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../src/main/engine/extract/classifier.js';
import { CREDIT_NOTE, DE_INVOICE, FR_INVOICE, MY_RECEIPT, MY_RECEIPT_STACKED, NL_INVOICE, PL_INVOICE, PURCHASE_ORDER, UK_INVOICE, US_INVOICE } from './fixtures.js';

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

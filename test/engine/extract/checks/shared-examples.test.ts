/**
 * The failures issue 9 reports on the shared documents, caught by the checks: each test reads the document's own
 * text (the PDF's text layer, or the receipt's published line transcripts) and judges the wrong values Docket
 * produced against the right ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { findCurrencyHits, resolveCurrency, runChecks, type Draft } from '../../../../src/engine/extract/checks/index.js';
import { EVAL } from '../../../helpers/tmp.js';
import { draft, line } from './draft.js';

async function pdfText(file: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(path.join(EVAL, 'invoices', file))), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const tc = await (await doc.getPage(i)).getTextContent();
    pages.push(tc.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n\f\n');
}

/** A SROIE receipt's text from its line transcripts (the ninth comma-separated column on). */
function receiptText(set: string, id: string): string {
  return fs
    .readFileSync(path.join(EVAL, set, `${id}.box.txt`), 'utf8')
    .split('\n')
    .map((l) => l.split(',').slice(8).join(','))
    .join('\n');
}

const failed = (d: Draft) =>
  runChecks(d)
    .filter((o) => !o.passed)
    .map((o) => o.id)
    .sort();

describe('FlipkartInvoice.pdf: the phone number as tax and as tax id', () => {
  it('fails the phone number as tax and as vendor tax id, passes the printed values', async () => {
    const text = await pdfText('FlipkartInvoice.pdf');
    const wrong = draft({ text, values: { tax: '8756390642.00', vendor_tax_id: '8756390642', total: '319.00', currency: 'INR' } });
    expect(failed(wrong)).toEqual(expect.arrayContaining(['amount.tax-not-identifier', 'id.tax-id-not-phone', 'sum.tax-rate']));
    const right = draft({ text, values: { tax: '40.39', vendor_tax_id: '29670869006', total: '319.00', currency: 'INR' } });
    expect(failed(right)).toEqual([]);
  });
});

describe('QualityHosting.pdf and NetpresseInvoice.pdf: a piece of the IBAN as VAT id', () => {
  it('QualityHosting: the IBAN piece fails, the printed USt-Id passes with its check digit', async () => {
    const text = await pdfText('QualityHosting.pdf');
    expect(failed(draft({ text, values: { vendor_tax_id: 'DE30507500' } }))).toContain('id.tax-id-not-iban');
    const right = runChecks(draft({ text, values: { vendor_tax_id: 'DE 232 446 240', currency: 'EUR' } }));
    expect(right.filter((o) => !o.passed)).toEqual([]);
    expect(right.find((o) => o.id === 'id.tax-id-valid')?.message).toContain('check digit hold');
  });
  it('Netpresse: the IBAN piece fails', async () => {
    const text = await pdfText('NetpresseInvoice.pdf');
    expect(failed(draft({ text, values: { vendor_tax_id: 'FR7610107' } }))).toContain('id.tax-id-not-iban');
    expect(failed(draft({ text, values: { vendor_tax_id: '00245006170' } }))).toContain('id.tax-id-not-iban');
  });
});

describe("King's Confectionery (sroie-dev X51005719902): total 29.15 while the lines sum to 25.15", () => {
  const text = receiptText('sroie-dev', 'X51005719902');
  const lines = [
    line('KAYA PUFF', 6.4, 4, 1.6),
    line('SLICE CAK', 8.7, 1, 8.7),
    line('CHEESE LE', 2.45, 1, 3.5),
    line('CHEESE TA', 3.4, 1, 3.4),
    line('D/R BUTTE', 4.2, 1, 4.2),
  ];
  it('fails the wrong total, passes the right one', () => {
    const base = { text, lineItems: lines, values: { currency: 'MYR', tax: '1.42', vendor_name: "KING'S CONFECTIONERY S/B" } };
    expect(failed(draft({ ...base, values: { ...base.values, total: '29.15' } }))).toEqual(expect.arrayContaining(['sum.lines-total']));
    expect(failed(draft({ ...base, values: { ...base.values, total: '25.15' } }))).toEqual([]);
  });
});

describe('Malaysian receipts: a stray symbol is not the currency', () => {
  it('every SROIE receipt transcript resolves to MYR', () => {
    const wrong: string[] = [];
    let n = 0;
    for (const set of ['sroie-train', 'sroie-dev'])
      for (const f of fs.readdirSync(path.join(EVAL, set)).filter((x) => x.endsWith('.box.txt'))) {
        const text = receiptText(set, f.replace('.box.txt', ''));
        const r = resolveCurrency(findCurrencyHits(text), { text });
        n++;
        if (r.code !== 'MYR') wrong.push(`${f}: ${r.code} (${r.reason})`);
      }
    expect(n).toBe(160);
    expect(wrong).toEqual([]);
  });
  it('USD from the "$" these receipts print fails the currency check', () => {
    const text = receiptText(
      'sroie-train',
      fs
        .readdirSync(path.join(EVAL, 'sroie-train'))
        .filter((f) => f.endsWith('.box.txt'))
        .map((f) => f.replace('.box.txt', ''))
        .find((id) => /\$\d/.test(receiptText('sroie-train', id)))!,
    );
    expect(failed(draft({ text, values: { currency: 'USD' } }))).toContain('currency.country-agrees');
    expect(failed(draft({ text, values: { currency: 'MYR' } }))).toEqual([]);
  });
});

describe('OCR noise as vendor', () => {
  it('"ERE AARERERIIRRII————" fails', () => {
    expect(failed(draft({ values: { vendor_name: 'ERE AARERERIIRRII————' } }))).toEqual(['vendor.not-noise']);
  });
});

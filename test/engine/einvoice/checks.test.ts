/**
 * The XML's own arithmetic (EN 16931 BR-CO-10..16) and the page-versus-XML comparison, on real samples with one
 * value altered at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArithmetic, checkPayment, fmt, units } from '../../../src/engine/einvoice/check.js';
import { amountForms, comparePageWithXml, dateForms } from '../../../src/engine/einvoice/compare-page.js';
import { einvoiceExtraction } from '../../../src/engine/einvoice/index.js';
import { parseEInvoice } from '../../../src/engine/einvoice/parse.js';
import { EINV } from './fixtures.js';

const xml = (name: string) => fs.readFileSync(path.join(EINV, name), 'utf8');
const failedIds = (s: string) =>
  checkArithmetic(parseEInvoice(s))
    .filter((c) => !c.passed)
    .map((c) => c.id);

describe('decimal units', () => {
  it('reads and writes the XML decimals exactly', () => {
    expect(units('529.87')).toBe(5_298_700);
    expect(units('-8.79')).toBe(-87_900);
    expect(units('0.025')).toBe(250);
    expect(units('10')).toBe(100_000);
    expect(units('1.00005')).toBe(10_001);
    expect(units('abc')).toBeNull();
    expect(units('')).toBeNull();
    expect(fmt(5_298_700)).toBe('529.87');
    expect(fmt(-87_900)).toBe('-8.79');
    expect(fmt(250)).toBe('0.025');
  });
});

describe('the XML arithmetic', () => {
  const base = xml('base-example.xml');

  it('holds on an untouched Peppol invoice: every rule that applies is checked', () => {
    const checks = checkArithmetic(parseEInvoice(base));
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'einvoice.lines-sum',
        'einvoice.net-total',
        'einvoice.tax-breakdown',
        'einvoice.grand-total',
        'einvoice.payable',
      ]),
    );
    expect(checks.every((c) => c.passed)).toBe(true);
  });

  it('catches a line total that does not add up', () => {
    const altered = base.replace('<cbc:LineExtensionAmount currencyID= "EUR">2800<', '<cbc:LineExtensionAmount currencyID= "EUR">2810<');
    expect(altered).not.toBe(base);
    expect(failedIds(altered)).toEqual(['einvoice.lines-sum']);
  });

  it('catches net + VAT != grand total, and names the numbers', () => {
    const altered = base.replace(/<cbc:TaxInclusiveAmount currencyID="EUR">1656.25</, '<cbc:TaxInclusiveAmount currencyID="EUR">1756.25<');
    const inv = parseEInvoice(altered);
    const bad = checkArithmetic(inv).filter((c) => !c.passed);
    expect(bad.map((c) => c.id)).toEqual(['einvoice.grand-total', 'einvoice.payable']);
    expect(bad[0]!.message).toBe('net 1325.00 + VAT 331.25 = 1656.25, but the grand total is 1756.25');
    // As the document's result: needs review, with the failed sums as errors on the fields they concern.
    const x = einvoiceExtraction(inv, null);
    expect(x.needsReview).toBe(true);
    expect(x.issues.map((i) => i.code)).toEqual(['einvoice_arithmetic', 'einvoice_arithmetic']);
    expect(x.fields.find((f) => f.name === 'total')?.evidence?.checksFailed).toEqual(['einvoice.grand-total', 'einvoice.payable']);
  });

  it('catches a VAT breakdown that does not add up to the VAT total (CII)', () => {
    const cii = xml('01.01a-INVOICE_uncefact.xml');
    const altered = cii.replace(
      /<ram:CalculatedAmount>([\d.]+)<\/ram:CalculatedAmount>/,
      (_m, a: string) => `<ram:CalculatedAmount>${(Number(a) + 1).toFixed(2)}</ram:CalculatedAmount>`,
    );
    expect(failedIds(altered)).toEqual(expect.arrayContaining(['einvoice.tax-breakdown']));
  });

  it('an untouched invoice is done: fields from the XML at confidence 1, origin e-invoice', () => {
    const x = einvoiceExtraction(parseEInvoice(base), null);
    expect(x.needsReview).toBe(false);
    expect(x.docType).toBe('invoice');
    expect(x.fields.map((f) => [f.name, f.value])).toEqual([
      ['vendor_name', 'SupplierOfficialName Ltd'],
      ['vendor_tax_id', 'GB1232434'],
      ['document_number', 'Snippet1'],
      ['issue_date', '2017-11-13'],
      ['due_date', '2017-12-01'],
      ['currency', 'EUR'],
      ['subtotal', '1325.00'],
      ['tax', '331.25'],
      ['total', '1656.25'],
    ]);
    expect(x.fields.every((f) => f.confidence === 1 && f.origin === 'e-invoice')).toBe(true);
    expect(x.lineItems).toHaveLength(2);
  });
});

describe("the payee's IBAN", () => {
  const withIban = (iban: string) =>
    xml('01.21a-INVOICE_uncefact.xml').replace('<ram:IBANID>DE79000000001234567890</ram:IBANID>', `<ram:IBANID>${iban}</ram:IBANID>`);

  it('passes a valid IBAN, warns on a wrong check digit, leaves a national account number alone', () => {
    expect(checkPayment(parseEInvoice(withIban('DE79 0000 0000 1234 5678 90')))).toMatchObject([{ id: 'einvoice.iban', passed: true }]);
    const bad = parseEInvoice(withIban('DE78000000001234567890'));
    expect(checkPayment(bad)).toMatchObject([
      { passed: false, message: "the payee's IBAN DE78000000001234567890 is not valid (length or check digits)" },
    ]);
    const x = einvoiceExtraction(bad, null);
    expect(x.issues).toEqual([expect.objectContaining({ code: 'einvoice_iban_invalid', severity: 'warning' })]);
    expect(x.needsReview).toBe(false);
    expect(checkPayment(parseEInvoice(withIban('32423940')))).toEqual([]);
  });
});

describe('page against XML', () => {
  const inv = parseEInvoice(xml('base-example.xml'));
  const page = (total: string) => `SupplierOfficialName Ltd\nVAT GB 1232434\nInvoice Snippet1   Date 13.11.2017\nTotal   ${total} €\n`;

  it('prints amounts and dates in every form a page may use', () => {
    expect(amountForms('1656.25')).toEqual(expect.arrayContaining(['1656.25', '1656,25', '1,656.25', '1.656,25', '1 656,25']));
    expect(amountForms('-8.79')).toContain('8,79');
    expect(amountForms('1200.00')).toContain('1200');
    expect(dateForms('2018-03-05')).toEqual(
      expect.arrayContaining(['05.03.2018', '5.3.2018', '05/03/2018', '2018-03-05', '5 March 2018', '5. März 2018']),
    );
  });

  it('agrees when the page shows the XML values (decimal comma, split VAT id)', () => {
    const checks = comparePageWithXml(inv, [{ text: page('1.656,25') }]);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.map((c) => c.id)).toEqual([
      'einvoice.page-shows.document_number',
      'einvoice.page-shows.issue_date',
      'einvoice.page-shows.vendor_name',
      'einvoice.page-shows.vendor_tax_id',
      'einvoice.page-shows.total',
      'einvoice.page-shows.currency',
    ]);
  });

  it('flags the total when the page shows another amount', () => {
    const x = einvoiceExtraction(inv, [{ text: page('1.956,25') }]);
    expect(x.needsReview).toBe(true);
    expect(x.issues).toEqual([
      {
        field: 'total',
        code: 'einvoice_page_mismatch',
        message: "the page does not show the XML's total 1656.25: page and embedded XML disagree",
        severity: 'error',
      },
    ]);
  });

  it('says what the page reads instead, when the page was read', () => {
    const checks = comparePageWithXml(inv, [{ text: page('1.956,25') }], { total: '1956.25', document_number: 'Snippet1' });
    expect(checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([
      "the page does not show the XML's total 1656.25 (the page reads 1956.25): page and embedded XML disagree",
    ]);
  });

  it('marks where the page prints a value the XML states, and nowhere for one the page disagrees on', () => {
    const at = (page: number, start: number) => ({ page, start, end: start + 5, boxes: [{ x0: start, y0: 10, x1: start + 50, y1: 20 }] });
    const x = einvoiceExtraction(
      inv,
      [{ text: page('1.956,25') }],
      [
        { name: 'document_number', value: 'SNIPPET1', source: at(0, 40) },
        { name: 'issue_date', value: '2017-11-13', source: at(0, 60) },
        { name: 'vendor_name', value: 'SupplierOfficialName', source: at(0, 0) },
        { name: 'total', value: '1956.25', source: at(0, 80) },
        { name: 'currency', value: 'EUR', source: null },
      ],
    );
    const source = (n: string) => x.fields.find((f) => f.name === n)?.source ?? null;
    expect(source('document_number')).toEqual(at(0, 40));
    expect(source('issue_date')).toEqual(at(0, 60));
    expect(source('vendor_name')).toEqual(at(0, 0));
    // the page's 1956.25 is not the XML's 1656.25: no box vouches for it
    expect(source('total')).toBeNull();
    expect(source('currency')).toBeNull();
    // without a page (an XML file) nothing is placed
    expect(
      einvoiceExtraction(inv, null, [{ name: 'document_number', value: 'Snippet1', source: at(0, 40) }]).fields.every((f) => !f.source),
    ).toBe(true);
  });

  it('does not take a longer number for the amount', () => {
    const checks = comparePageWithXml(inv, [{ text: page('21656.25') }]);
    expect(checks.find((c) => c.id === 'einvoice.page-shows.total')?.passed).toBe(false);
  });

  it('says nothing about a page without text (nothing to compare)', () => {
    expect(comparePageWithXml(inv, [{ text: '  ' }])).toEqual([]);
  });
});

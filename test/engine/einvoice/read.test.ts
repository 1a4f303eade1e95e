/**
 * Every file of shared/eval/einvoices read by the worker's e-invoice task (in-process: pdfjs for the PDFs'
 * attachments) and compared with truth.json; the XML's own arithmetic holds in all of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { einvoice, mayHaveAttachments } from '../../../src/engine/read/pdf-attachments.js';
import { sniffFile } from '../../../src/engine/ingest/sniff.js';
import { checkArithmetic } from '../../../src/engine/einvoice/check.js';
import { fieldValues } from '../../../src/engine/einvoice/map.js';
import { EVAL } from '../../helpers/tmp.js';
import { EINV, loadTruth } from './fixtures.js';
import { inspect } from '../../../src/engine/read/worker.js';
import { textPdf } from '../read/fixtures.js';

const truth = loadTruth();
const names = Object.keys(truth);

describe('e-invoices of the eval set', () => {
  it('has the 32 files the README lists', () => {
    expect(names).toHaveLength(32);
  });

  it.each(names)('%s: recognised and read exactly', async (name) => {
    const t = truth[name]!;
    const file = path.join(EINV, name);
    const sniffed = await sniffFile(file);
    expect(sniffed.kind).toBe(name.endsWith('.pdf') ? 'pdf' : 'xml');
    const r = await einvoice({ path: file, kind: sniffed.kind! });
    if (!r.ok || !r.found) throw new Error(`not read: ${JSON.stringify(r)}`);
    const inv = r.invoice;
    expect(inv.number).toBe(t.invoice_number);
    expect(inv.issueDate).toBe(t.issue_date);
    expect(inv.seller.name).toBe(t.seller_name);
    expect(inv.currency).toBe(t.currency);
    expect(inv.totals.grandTotal).toBe(t.grand_total);
    expect(inv.totals.payable).toBe(t.payable_amount);
    expect(inv.lines).toHaveLength(t.line_items);
    expect(inv.typeCode).toBe(t.type_code);
    expect(inv.profileId).toBe(t.profile);
    expect(inv.profile).toBe(t.profile_label);
    expect(inv.syntax).toBe({ 'CII D16B': 'CII', 'CII ZUGFeRD 1.0': 'CII ZUGFeRD 1.0' }[t.syntax] ?? t.syntax);
    if (t.embedded_xml) expect(t.embedded_xml).toContain(r.attachment);
    else expect(r.attachment).toBeNull();
    // The XML's own sums hold in every published sample.
    const failed = checkArithmetic(inv).filter((c) => !c.passed);
    expect(failed.map((c) => c.message)).toEqual([]);
    // Docket's fields: the invoice total (BT-112) and the rest as stated.
    const v = fieldValues(inv);
    expect(v.document_number).toBe(t.invoice_number);
    expect(Number(v.total)).toBe(Number(t.grand_total));
    expect(v.vendor_name).toBe(t.seller_name);
  });

  it('keeps credit notes as credit notes, with the sign the XML states', async () => {
    const ubl = await einvoice({ path: path.join(EINV, 'base-creditnote-correction.xml'), kind: 'xml' });
    const cii = await einvoice({ path: path.join(EINV, 'Avoir_FR_type381_BASIC.pdf'), kind: 'pdf' });
    const corrected = await einvoice({ path: path.join(EINV, 'zugferd_2p0_EN16931_Rechnungskorrektur.pdf'), kind: 'pdf' });
    const negative = await einvoice({ path: path.join(EINV, 'base-negative-inv-correction.xml'), kind: 'xml' });
    if (!ubl.ok || !ubl.found || !cii.ok || !cii.found || !corrected.ok || !corrected.found || !negative.ok || !negative.found)
      throw new Error('not read');
    expect(ubl.invoice.creditNote).toBe(true);
    expect(ubl.invoice.totals.payable).toBe('1656.25');
    expect(cii.invoice.creditNote).toBe(true);
    // 384 (corrected invoice) is an invoice; its negative total is stated, not inferred.
    expect(corrected.invoice.creditNote).toBe(false);
    expect(fieldValues(corrected.invoice).total).toBe('-8.79');
    expect(negative.invoice.creditNote).toBe(false);
    expect(fieldValues(negative.invoice).total).toBe('-1656.25');
  });

  it('reads parties, lines, VAT breakdown and payment in full', async () => {
    const r = await einvoice({ path: path.join(EINV, '01.21a-INVOICE_uncefact.xml'), kind: 'xml' });
    if (!r.ok || !r.found) throw new Error('not read');
    const inv = r.invoice;
    expect(inv.seller).toMatchObject({
      name: 'Mustermann GmbH',
      vatId: 'DE152338654',
      address: { street: ['Musterstrasse 4'], postcode: '60388', city: 'Frankfurt am Main', country: 'DE' },
    });
    expect(inv.buyer?.name).toBe('DB Station&Service AG RB Mitte');
    expect(inv.lines[0]).toMatchObject({
      id: '1',
      name: 'Tür Instandsetzung',
      quantity: '4.00',
      unit: 'HUR',
      netPrice: '52.00',
      lineTotal: '208.00',
    });
    expect(inv.taxes).toEqual([
      { category: 'AE', rate: '0.00', basis: '233.00', amount: '0.00', exemptionReason: 'als gemeinnützig anerkannt' },
    ]);
    expect(inv.allowanceCharges).toMatchObject([{ charge: true, amount: '25.00', reason: 'Lieferpauschale' }]);
    expect(inv.payment.accounts).toEqual([{ iban: 'DE79000000001234567890', bic: 'DRESDEFFXXX', name: 'Mustermann GmbH' }]);
    expect(inv.buyerReference).toBe('04011000-12349-88');
    // The XRechnung UBL extension nests sub-lines; they detail a line and are not counted as lines.
    const nested = await einvoice({ path: path.join(EINV, '04.01a-INVOICE_ubl.xml'), kind: 'xml' });
    if (!nested.ok || !nested.found) throw new Error('not read');
    expect(nested.invoice.lines).toHaveLength(2);
    expect(nested.invoice.lines[0]!.subLines.map((s) => s.name)).toEqual(['Demontage Sanitär', 'Abwasserleitungen und Zubehör']);
    expect(nested.invoice.lines[0]!.subLines[0]!.subLines).toHaveLength(3);
  });

  it('says so when a PDF carries no invoice', async () => {
    const dir = path.join(EVAL, 'invoices');
    const plain = path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.endsWith('.pdf'))!,
    );
    const r = await einvoice({ path: plain, kind: 'pdf' });
    expect(r).toMatchObject({ ok: true, found: false, problem: null });
  });
});

describe('attachment pre-check', () => {
  it('opens a PDF for attachments only when its bytes can hold them', () => {
    const b = (s: string) => new TextEncoder().encode(s);
    expect(mayHaveAttachments(b('%PDF-1.7\n1 0 obj <</Type /Catalog /Names <</EmbeddedFiles 5 0 R>> >> endobj'))).toBe(true);
    expect(mayHaveAttachments(b('%PDF-1.7\n4 0 obj <</Type /ObjStm /N 3>> stream'))).toBe(true);
    expect(mayHaveAttachments(b('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj'))).toBe(false);
    for (const name of Object.keys(truth).filter((n) => n.endsWith('.pdf')))
      expect(mayHaveAttachments(fs.readFileSync(path.join(EINV, name)))).toBe(true);
  });

  it('inspect says whether the PDF it read carries attachments, so the e-invoice task is run only where it has some', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-attachments-'));
    try {
      // pdf-lib writes object streams, so the bytes alone cannot rule attachments out: pdfjs's listing does
      const objectStreams = path.join(tmp, 'object-streams.pdf');
      fs.writeFileSync(objectStreams, await textPdf());
      expect(mayHaveAttachments(fs.readFileSync(objectStreams))).toBe(true);
      const plain = await inspect({ path: objectStreams, kind: 'pdf', maxPixels: 100_000_000 });
      expect(plain).toMatchObject({ ok: true, attachments: false });
      expect(await einvoice({ path: objectStreams, kind: 'pdf' })).toMatchObject({ ok: true, found: false, problem: null });
      for (const name of Object.keys(truth).filter((n) => n.endsWith('.pdf')))
        expect(await inspect({ path: path.join(EINV, name), kind: 'pdf', maxPixels: 100_000_000 })).toMatchObject({
          ok: true,
          attachments: true,
        });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

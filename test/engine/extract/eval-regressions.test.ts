/**
 * The failures issue 9 opens with, as regression tests on the shared documents, through the real engine (text
 * layer and OCR as a user gets them; needs the built worker bundle: `npx electron-vite build`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../../src/contract/schemas/documents.js';
import type { Engine } from '../../../src/engine/engine.js';
import { doubting } from '../../../src/engine/extract/status.js';
import { processPaths } from '../../helpers/engine.js';
import { EVAL, tmpDir } from '../../helpers/tmp.js';

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

const value = (d: DocumentDetail, name: string) => d.fields.find((f) => f.name === name)?.value ?? null;
/** Digits of every IBAN-like run printed in the text, spaces removed. */
const ibanDigits = (text: string) =>
  (text.match(/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g) ?? []).map((s) => s.replace(/\s/g, ''));

describe('invoices: a phone number or an IBAN is never a tax id or an amount', () => {
  const docs = new Map<string, DocumentDetail>();
  beforeAll(async () => {
    const names = ['FlipkartInvoice.pdf', 'QualityHosting.pdf', 'NetpresseInvoice.pdf'];
    const r = await processPaths(names.map((n) => path.join(EVAL, 'invoices', n)));
    engines.push(r.engine);
    for (const row of r.rows) docs.set(row.name, (await r.engine.getDocument(row.id))!);
  }, 120_000);

  it('FlipkartInvoice.pdf: the tax is 40.39 or left for review, never the phone number; the tax id is not the phone', () => {
    const d = docs.get('FlipkartInvoice.pdf')!;
    const text = d.pages.map((p) => p.text).join('\n');
    expect(text).toMatch(/8756390642|1800 208 9898/);
    const tax = value(d, 'tax');
    expect(tax === null || tax === '40.39', `tax ${tax}`).toBe(true);
    expect(value(d, 'total')).not.toMatch(/^\d{7,}/);
    expect(value(d, 'vendor_tax_id') ?? '').not.toContain('8756390642');
  });

  it.each(['QualityHosting.pdf', 'NetpresseInvoice.pdf'])('%s: the VAT id is not a piece of the IBAN', (name) => {
    const d = docs.get(name)!;
    const text = d.pages.map((p) => p.text).join('\n');
    const id = (value(d, 'vendor_tax_id') ?? '').replace(/\s/g, '');
    for (const iban of ibanDigits(text)) if (id) expect(iban.includes(id.replace(/^[A-Z]{2}/, '')), `${id} in ${iban}`).toBe(false);
    if (name === 'QualityHosting.pdf') expect([null, 'DE232446240']).toContain(value(d, 'vendor_tax_id'));
  });
});

describe('Malaysian receipts (sroie-dev, through OCR)', () => {
  let rows: Awaited<ReturnType<typeof processPaths>>['rows'] = [];
  let engine: Engine;
  beforeAll(async () => {
    // only the receipt images: the truth files beside them are not documents
    const dir = tmpDir('docket-sroie-');
    for (const f of fs.readdirSync(path.join(EVAL, 'sroie-dev')).filter((x) => x.endsWith('.jpg')))
      fs.symlinkSync(path.join(EVAL, 'sroie-dev', f), path.join(dir, f));
    const r = await processPaths([dir]);
    engines.push(r.engine);
    engine = r.engine;
    rows = r.rows;
  }, 600_000);

  it('none comes out in USD, GBP, EUR, JPY or SAR from a stray symbol', () => {
    expect(rows.length).toBe(60);
    const foreign = rows.filter((r) => r.currency && r.currency !== 'MYR').map((r) => `${r.name}: ${r.currency}`);
    expect(foreign).toEqual([]);
  });

  it("a receipt whose lines do not add up to its total is not done (King's Confectionery)", async () => {
    for (const name of ['X51005719902.jpg', 'X51006335547.jpg']) {
      const row = rows.find((r) => r.name === name)!;
      const d = (await engine.getDocument(row.id))!;
      const sums = d.lineItems.reduce((a, li) => a + (li.amount ?? 0), 0);
      if (d.lineItems.length >= 2 && Math.abs(sums - Number(value(d, 'total'))) > 0.05) expect(row.status, name).toBe('needs_review');
      // either way, a done receipt has its total confirmed by an independent figure
      if (row.status === 'done') expect(d.fields.find((f) => f.name === 'total')?.evidence?.checksPassed.length, name).toBeGreaterThan(0);
    }
  });

  it('a vendor read as OCR noise ("ERE AARERERIIRRII————") is not done, and the reason says so', async () => {
    const row = rows.find((r) => r.name === 'X51005361898.jpg')!;
    expect(row.status).toBe('needs_review');
    const d = (await engine.getDocument(row.id))!;
    if (/[—-]{3,}|AARERER/.test(value(d, 'vendor_name') ?? '')) expect(d.issues.some((i) => i.field === 'vendor_name')).toBe(true);
  });

  it('every done receipt has each key field backed by rules and no check that casts doubt on it', async () => {
    for (const row of rows.filter((r) => r.status === 'done')) {
      const d = (await engine.getDocument(row.id))!;
      for (const name of ['vendor_name', 'issue_date', 'total', 'currency']) {
        const f = d.fields.find((x) => x.name === name);
        expect(f?.value, `${row.name} ${name}`).toBeTruthy();
        expect(f?.evidence?.rules.length, `${row.name} ${name}`).toBeGreaterThan(0);
        // a line sum or a payment may fail beside a total that subtotal + tax, cash - change or two printings confirmed
        // (that part was misread), as the status judges it
        expect(
          doubting(f?.evidence?.checksPassed ?? [], f?.evidence?.checksFailed ?? [], f?.evidence?.rules ?? []),
          `${row.name} ${name}`,
        ).toEqual([]);
      }
    }
  });
});

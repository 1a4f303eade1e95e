/**
 * The document screen in Chromium (against the browser host, built renderer): an XML-only invoice reads like an
 * invoice (parties, lines, VAT, totals) and its XML downloads byte for byte; a hybrid PDF names its attachment;
 * one whose page total was altered says so in its banner.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot, startApp, waitFor, type App } from '../../ui/helpers.js';
import { tmpDir } from '../../helpers/tmp.js';
import { EINV, makeHybridPdf } from './fixtures.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');

describe.skipIf(!hasChromium || !fs.existsSync(EINV))('document screen: e-invoices', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let folder: string;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    folder = tmpDir('docket-einv-ui-');
    for (const f of ['01.21a-INVOICE_uncefact.xml', '04.01a-INVOICE_ubl.xml', 'zugferd_2p0_EN16931_Einfach.pdf'])
      fs.copyFileSync(path.join(EINV, f), path.join(folder, f));
    const xml = fs.readFileSync(path.join(EINV, 'base-example.xml'));
    const printed = {
      number: 'Snippet1',
      date: '13.11.2017',
      seller: 'SupplierOfficialName Ltd',
      vat: 'GB1232434',
      total: '1956.25',
      currency: 'EUR',
    };
    fs.writeFileSync(path.join(folder, 'tampered.pdf'), await makeHybridPdf(xml, printed));
    app = await startApp({ workers: 2 });
    await app.engine.createBatch({ paths: [folder] });
    await waitFor(async () => (await app.engine.listBatches())[0]?.status === 'done', 120_000, 'the batch to finish');
    for (const r of (await app.engine.listDocuments({})).rows) ids.set(r.name, r.id);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.server.url));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const open = async (name: string) => {
    await page.goto(`${app.server.url}#/document/${ids.get(name)}`, { waitUntil: 'networkidle' });
  };

  it('shows an XML-only invoice as an invoice: parties, lines, VAT breakdown, totals, payment', async () => {
    await open('01.21a-INVOICE_uncefact.xml');
    const inv = page.locator('[data-einvoice]');
    await inv.waitFor({ timeout: 30_000 });
    await screenshot(page, 'einvoice-xml');
    expect(await inv.locator('.einv-title').innerText()).toBe('Invoice 18383');
    expect(await inv.locator('[data-party="seller"]').innerText()).toContain('Mustermann GmbH');
    expect(await inv.locator('[data-party="seller"]').innerText()).toContain('VAT id DE152338654');
    expect(await inv.locator('[data-party="buyer"]').innerText()).toContain('DB Station&Service AG RB Mitte');
    const line = await inv.locator('[data-einvoice-lines] tbody tr').first().innerText();
    expect(line.replace(/\s+/g, ' ')).toBe('1 Tür Instandsetzung [1] 4 h 52.00 0.00% 208.00');
    expect(await inv.locator('[data-einvoice-tax]').innerText()).toContain('als gemeinnützig anerkannt');
    const totals = (await inv.locator('[data-einvoice-totals]').innerText()).replace(/\s+/g, ' ');
    expect(totals).toContain('Grand total 233.00 EUR');
    expect(totals).toContain('Amount due 233.00 EUR');
    expect(await inv.innerText()).toContain('IBAN DE79000000001234567890');
    // No page image is asked for: there is no page.
    expect(await page.locator('.viewer-tools').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('saves the XML as received', async () => {
    await open('01.21a-INVOICE_uncefact.xml');
    await page.locator('[data-save-xml]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-save-xml]').click()]);
    expect(download.suggestedFilename()).toBe('01.21a-INVOICE_uncefact.xml');
    const saved = path.join(folder, 'downloaded.xml');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved, 'utf8')).toBe(fs.readFileSync(path.join(EINV, '01.21a-INVOICE_uncefact.xml'), 'utf8'));
  });

  it('indents XRechnung sub-lines under their line', async () => {
    await open('04.01a-INVOICE_ubl.xml');
    await page.locator('[data-einvoice]').waitFor({ timeout: 30_000 });
    // the view can stand before its lines are drawn (CI once counted 0 rows right after the view appeared)
    await expect.poll(() => page.locator('[data-einvoice-lines] tbody tr').count(), { timeout: 30_000 }).toBe(15);
    expect(await page.locator('[data-einvoice-lines] tbody tr.einv-subline').count()).toBe(13);
    // amounts as a clerk reads them (grouped, with cents), the day in the locale's order (Chromium's en-US here)
    const totals = (await page.locator('[data-einvoice-totals]').innerText()).replace(/\s+/g, ' ');
    expect(totals).toContain('Grand total 14,918.84 EUR');
    expect(await page.locator('.einv-facts').innerText()).toContain('05/15/2019');
    expect(await page.locator('.doc-summary').innerText()).toContain('05/15/2019 · 14,918.84 EUR');
  });

  it('names the embedded XML of a hybrid PDF beside its page, and flags one whose page total was altered', async () => {
    await open('zugferd_2p0_EN16931_Einfach.pdf');
    const strip = page.locator('[data-einvoice-strip]');
    await strip.waitFor({ timeout: 30_000 });
    expect(await strip.innerText()).toContain('zugferd-invoice.xml');
    await page.locator('.page-wrap img').waitFor({ timeout: 60_000 });
    await screenshot(page, 'einvoice-hybrid');
    await open('tampered.pdf');
    await page.locator('.banner').waitFor({ timeout: 30_000 });
    expect(await page.locator('.banner').innerText()).toMatch(
      /^e-invoice: the page does not show the XML's total 1656\.25.*: page and embedded XML disagree$/,
    );
    await page.locator('.page-wrap img').waitFor({ timeout: 60_000 });
    await screenshot(page, 'einvoice-tampered');
    expect(errors).toEqual([]);
  });
});

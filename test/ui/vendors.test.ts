import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, startApp, waitFor, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');

// The vendors screen and the Settings import in Chromium against docket serve: the CSV is read by the page and
// handed to the engine as text, so the same button works in the browser host, which has no file paths.
describe.skipIf(!hasChromium)('vendors in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let csv: string;

  beforeAll(async () => {
    csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docket-e2e-vendors-')), 'suppliers.csv');
    fs.writeFileSync(
      csv,
      'Lieferant;USt-IdNr;IBAN;Währung;Aliases\nQuellbrunn Feinmechanik KG;DE 298 374 615;DE89 3704 0044 0532 0130 00;EUR;Quellbrunn|QF\nOJC Marketing;;;MYR;\nBroken;;DE00 1234;EUR;\n',
    );
    app = await startApp({ workers: 1 });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.server.url));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('imports a supplier list from Settings and shows the rows it refused', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Supplier list' }).waitFor();
    await page.setInputFiles('input[aria-label="Supplier list CSV"]', csv);
    await page.getByText('Supplier list: 2 added, 0 updated, 0 unchanged; 1 row refused').waitFor();
    expect((await app.engine.listVendors()).map((v) => v.name)).toEqual(['OJC Marketing', 'Quellbrunn Feinmechanik KG']);
  });

  it('lists, finds and edits vendors on the vendors screen', async () => {
    await page.getByRole('button', { name: 'Open vendors' }).click();
    await page.getByRole('heading', { name: 'Vendors' }).waitFor();
    await page.getByText('DE89370400440532013000').waitFor();
    await page.getByLabel('Find vendor').fill('ojc');
    await waitFor(async () => (await page.locator('.vendor-row').count()) === 1, 10_000, 'the filtered list');
    await page.locator('.vendor-row', { hasText: 'OJC Marketing' }).click();
    await page.getByLabel('Other names (comma separated)').fill('0JC, OJC Mktg');
    await page.getByLabel('Currency').fill('sgd');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved OJC Marketing').waitFor();
    await waitFor(async () => (await app.engine.listVendors({ text: 'ojc' }))[0]?.currency === 'SGD', 10_000, 'the edit');
    expect((await app.engine.listVendors({ text: 'ojc' }))[0]).toMatchObject({ aliases: ['0JC', 'OJC Mktg'], origin: 'user' });
    await screenshot(page, 'vendors-edit');
    expect(errors).toEqual([]);
  });
});

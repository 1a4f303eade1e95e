import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInvoicePdf } from '../helpers/fixtures.js';
import { launchBrowser, openPage, screenshot, startApp, waitFor, type App } from './helpers.js';

/** Three invoices scanned as one file: the first two pages long ("Page 2 of 2"), then two of one page each. */
async function threeInvoices(): Promise<Buffer> {
  const out = await PDFDocument.create();
  const parts = [
    await makeInvoicePdf(1, { pages: 2, vendor: 'Northwind Traders Ltd' }),
    await makeInvoicePdf(2, { vendor: 'Contoso Supplies Ltd', total: '120.00' }),
    await makeInvoicePdf(3, { vendor: 'Fabrikam Parts Ltd', total: '75.00' }),
  ];
  for (const bytes of parts) {
    const src = await PDFDocument.load(bytes);
    for (const p of await out.copyPages(src, src.getPageIndices())) out.addPage(p);
  }
  return Buffer.from(await out.save());
}

describe('intake in the UI', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let containerId: number;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-e2e-intake-'));
    fs.writeFileSync(path.join(dir, 'scanner.pdf'), await threeInvoices());
    app = await startApp({ workers: 1 });
    const b = await app.engine.createBatch({ paths: [dir] });
    await app.engine.waitForBatch(b.id);
    containerId = (await app.engine.listDocuments({ batchId: b.id })).rows.find((r) => r.name === 'scanner.pdf')!.id;
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.server.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows a split file's parts with their pages, and merges a part with the previous one", async () => {
    await page.goto(`${app.server.url}#/document/${containerId}`);
    await page.getByText('Holds 3 documents:', { exact: true }).waitFor();
    for (const label of ['pp. 1–2', 'p. 3', 'p. 4']) await page.getByRole('link', { name: label }).waitFor();
    await screenshot(page, 'intake-split-parts');
    await page.getByTitle(/^Merge with the previous document \(pages 3–4/).click();
    await page.getByText('Holds 2 documents:', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'pp. 3–4' }).waitFor();
    const parts = (await app.engine.getDocument(containerId))!.parts!;
    expect(parts.map((p) => [p.firstPage, p.lastPage])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('adds a watched folder in Settings', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-e2e-watch-'));
    await page.goto(`${app.server.url}#/settings`);
    await page.getByRole('heading', { name: 'Watched folders' }).waitFor();
    await page.getByText('No folder is watched.').waitFor();
    await page.getByPlaceholder(/Folder to watch/).fill(folder);
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.locator('.watched-list .path', { hasText: folder }).waitFor();
    await waitFor(async () => (await app.engine.listWatchedFolders()).length === 1, 10_000, 'the folder to be stored');
    expect((await app.engine.listWatchedFolders())[0]).toMatchObject({ path: folder, enabled: true, polling: false });
    // its extraction mode in the words the settings use, not the stored 'rules' / 'llm-review'
    expect(await page.getByLabel('Extraction', { exact: true }).last().locator('option').allTextContents()).toEqual([
      'Rules only',
      'Rules + LLM review',
      'LLM for all',
    ]);
    await screenshot(page, 'intake-watched-folders');
    expect(errors).toEqual([]);
  }, 60_000);
});

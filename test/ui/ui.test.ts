import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, makeFolder, openPage, reportFailure, screenshot, startApp, waitFor, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');

describe.skipIf(!hasChromium)('the renderer in Chromium against docket serve', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let folder: string;

  beforeAll(async () => {
    folder = await makeFolder(12, { broken: true });
    app = await startApp({ workers: 1 });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.server.url));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await reportFailure(page, 'failed-', ctx.task.name, errors, 600);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('starts empty and offers a new batch', async () => {
    await page.getByText('No batches yet').waitFor();
    expect(errors).toEqual([]);
  });

  it('makes a batch from a folder through the UI, with the estimate shown first', async () => {
    await page.getByRole('button', { name: 'New batch' }).first().click();
    // a path that does not exist: the estimate says so as an error, and the batch cannot start
    await page.getByLabel('Paths').fill(`${folder}-missing`);
    await page.getByRole('button', { name: 'Estimate' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Cannot estimate' }).textContent()).toContain(`${folder}-missing`);
    await page.getByLabel('Paths').fill(folder);
    const start = page.getByRole('button', { name: 'Start batch' });
    expect(await start.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.getByText('Estimated cost').waitFor();
    await page.getByRole('combobox', { name: 'Extraction mode' }).selectOption('llm-all');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.getByText(/Send these documents to/).waitFor();
    expect(await start.isDisabled()).toBe(true); // a paid model needs explicit confirmation
    await screenshot(page, '2-new-batch');
    await page.getByRole('combobox', { name: 'Extraction mode' }).selectOption('rules');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.getByText('Estimated cost').waitFor();
    await start.click();
    await page.getByRole('heading', { name: 'Batches' }).waitFor();
    await waitFor(async () => (await app.engine.listBatches())[0]?.status === 'done', 120_000, 'the batch to finish');
    // the pushed batch.finished event reaches the page without a reload
    await page.locator('.batch-card .pill', { hasText: 'Done' }).waitFor({ timeout: 10_000 });
    await page.getByText('invoice-012.pdf').waitFor({ timeout: 10_000 });
    await expect.poll(async () => page.locator('.tr .pill', { hasText: /Queued|Processing/ }).count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, '1-batches');
    expect(errors).toEqual([]);
  });

  it('lists every file name as text and survives a reload', async () => {
    await page.reload({ waitUntil: 'networkidle' });
    const body = (await page.textContent('body')) ?? '';
    expect((body.match(/\.pdf/g) ?? []).length).toBeGreaterThanOrEqual(13);
    expect(body).toMatch(/13 \/ 13 \(100%\)/);
  });

  it('filters by status and searches in the documents screen', async () => {
    await page.getByRole('button', { name: 'Documents' }).click();
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await page.getByText('invoice-001.pdf').waitFor();
    await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('failed');
    await page.getByText('1 document', { exact: true }).waitFor();
    expect(await page.getByText('invoice-001.pdf').count()).toBe(0);
    // the failed file's reason runs on over its empty number and date cells, whole
    const reason = page.locator('.tr .row-reason').first();
    expect(await reason.textContent()).toMatch(/\w/);
    expect(await page.evaluate("(el => el.scrollWidth <= el.clientWidth)(document.querySelector('.tr .row-reason'))")).toBe(true);
    await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
    await page.getByLabel('Search documents').fill('invoice-00');
    await page.getByText('9 documents', { exact: true }).waitFor();
    await page.getByRole('columnheader', { name: 'File' }).click(); // sort by name
    await page.getByRole('columnheader', { name: 'File' }).click(); // descending
    await expect.poll(async () => page.locator('.tr .file-name').first().textContent()).toBe('invoice-009.pdf');
    await screenshot(page, '3-documents');
    await page.getByLabel('Search documents').fill('');
    await page.getByText('13 documents', { exact: true }).waitFor();
  });

  it('searches inside the documents (full text) and opens a hit', async () => {
    await page.getByRole('button', { name: 'Documents' }).click();
    await page.getByLabel('Search inside documents').check();
    await page.getByLabel('Search documents').fill('Umbrella');
    await page.getByRole('list', { name: 'Search results' }).waitFor();
    const hits = page.locator('.hits li');
    await expect.poll(() => hits.count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.hits mark').first().textContent()).toMatch(/umbrella/i);
    // where each hit is, in words: "page 1", "Vendor", "file name", never the index's "vendor_name"
    for (const where of await page.locator('.hits li > .muted').allTextContents())
      expect(where).toMatch(/^ · (page \d+|[A-Z][a-z]+( [a-zA-Z]+)*|file name)$/);
    await screenshot(page, '3b-search');
    await page.getByLabel('Search documents').fill('');
    await page.getByLabel('Search inside documents').uncheck();
    await page.getByText('13 documents', { exact: true }).waitFor();
  });

  it('opens a document, edits a field (original kept) and marks it reviewed', async () => {
    await page.getByText('invoice-003.pdf').click();
    await page.locator('.doc-screen h1', { hasText: 'invoice-003.pdf' }).waitFor();
    await page.locator('.page-wrap img').waitFor({ timeout: 30_000 });
    const doc = (await app.engine.listDocuments({ text: 'invoice-003' })).rows[0]!;
    const before = await app.engine.getDocument(doc.id);
    const numberInput = page.locator('#f-document_number');
    await numberInput.click();
    await numberInput.fill('EDITED-42');
    await numberInput.press('Enter');
    await waitFor(
      async () => (await app.engine.getDocument(doc.id))?.fields.find((f) => f.name === 'document_number')?.value === 'EDITED-42',
      10_000,
      'the edit',
    );
    const after = (await app.engine.getDocument(doc.id))!;
    expect(after.corrections.at(-1)?.newValue).toBe('EDITED-42');
    expect(after.corrections.at(-1)?.oldValue ?? null).toBe(before?.fields.find((f) => f.name === 'document_number')?.value ?? null);
    await page.getByText(/^was: /).waitFor();
    await page.locator('#f-total').click();
    await screenshot(page, '4-document');
    // Mark reviewed moves on to the next document of the current filter (the table was left sorted by name, descending)
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.locator('.doc-screen h1', { hasText: 'invoice-002.pdf' }).waitFor();
    expect((await app.engine.getDocument(doc.id))?.reviewedAt).toBeTruthy();
    await page.keyboard.press('k');
    await page.locator('.doc-screen h1', { hasText: 'invoice-003.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Mark unreviewed' }).waitFor();
    await page.getByRole('button', { name: 'Next ›' }).click();
    await page.locator('.doc-screen h1', { hasText: 'invoice-002.pdf' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('reviews in the grid: inline edit, bulk action, undo from the history', async () => {
    await page.locator('.nav-item', { hasText: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    // the grid has the keyboard as soon as the screen opens: the first arrow key moves its cursor, no click needed
    await expect.poll(() => page.evaluate("document.activeElement?.classList.contains('table-scroll') ?? false")).toBe(true);
    await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
    await page.getByLabel('Search documents').fill('invoice-00');
    await page.getByText('9 documents', { exact: true }).waitFor();
    // inline edit: double-click the vendor cell of invoice-005, type, Enter
    const doc5 = (await app.engine.listDocuments({ text: 'invoice-005' })).rows[0]!;
    const row5 = page.getByRole('row').filter({ hasText: 'invoice-005.pdf' });
    await row5.locator('.rcell').first().dblclick();
    const input = page.getByLabel('Vendor of invoice-005.pdf');
    await input.fill('Acme Supplies Limited');
    await input.press('Enter');
    await waitFor(async () => (await app.engine.getDocument(doc5.id))?.vendor === 'Acme Supplies Limited', 10_000, 'the inline edit');
    // keyboard: arrows + Enter edit the number of the next row
    await page.locator('.review-grid .table-scroll').focus();
    // bulk: select two rows, set their type
    await page.getByLabel('Select invoice-006.pdf').check();
    await page.getByLabel('Select invoice-007.pdf').check();
    await page.getByText('2 selected').waitFor();
    await screenshot(page, '5b-review');
    await page.getByRole('combobox', { name: 'Set type of selected' }).selectOption('receipt');
    await page.getByText('Set type: 2 documents changed').waitFor();
    const six = (await app.engine.listDocuments({ text: 'invoice-006' })).rows[0]!;
    expect(six.docType).toBe('receipt');
    // undo the bulk change from the document's history
    await page.getByRole('button', { name: 'invoice-006.pdf' }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Undo' }).first().click();
    await page.getByText(/restored/).waitFor();
    expect((await app.engine.getDocument(six.id))?.docType).toBe('invoice');
    await screenshot(page, '5c-history-undo');
    expect(errors).toEqual([]);
  });

  it('shows a failed document with its reason and retries it', async () => {
    await page.getByRole('button', { name: 'Failures' }).click();
    await page.locator('.failure .file-name', { hasText: 'broken.pdf' }).waitFor();
    const failed = (await app.engine.listDocuments({ status: ['failed'] })).rows;
    expect(failed).toHaveLength(1);
    await page.getByText(failed[0]!.reason!).first().waitFor();
    // with the batch it is in: failures of every batch are listed together
    const batch = (await app.engine.listBatches()).find((b) => b.id === failed[0]!.batchId)!;
    expect(await page.locator('.failure .path').first().textContent()).toContain(`${batch.name} · `);
    await screenshot(page, '5-failures');
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.getByText('1 document queued again').waitFor();
    await waitFor(async () => (await app.engine.getDocument(failed[0]!.id))?.status === 'failed', 60_000, 'the retry to run');
    await page.locator('.failure .file-name', { hasText: 'broken.pdf' }).waitFor();
  });

  it('shows settings with a write-only API key field and the data folder', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText(app.dataDir).waitFor();
    await page.getByText('no key set').waitFor();
    await page.getByLabel('Workers').fill('3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved').waitFor();
    expect(((await app.engine.getSettings()).defaults as { workers?: number }).workers).toBe(3);
    await screenshot(page, '6-settings');
  });

  it('looks right in dark mode too', async () => {
    const dark = await openPage(browser, app.server.url, 'dark');
    await dark.page.getByText('invoice-001.pdf').waitFor();
    await screenshot(dark.page, '7-batches-dark');
    await dark.page.getByText('invoice-002.pdf').click();
    await dark.page.locator('.page-wrap img').waitFor({ timeout: 30_000 });
    await screenshot(dark.page, '8-document-dark');
    expect(dark.errors).toEqual([]);
    await dark.page.close();
    expect(errors).toEqual([]);
  });
});

/**
 * Issue 13 in Chromium against `docket serve` (startServer + a real Engine): a grid edit of "abc" and of 31/02/2024
 * is refused in the cell with the engine's reason; the page pane highlights the selected field's box; the totals
 * footer matches the filtered rows; the Export menu is reachable at 1280x800 on every screen; files that are not
 * documents are hidden and counted as ignored; batches rename, delete and show a list view. Screens are saved to
 * test-results/screens/issue13-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, makeFolder, recordErrors, reportFailure, screenshot, startApp, waitFor, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');

describe.skipIf(!hasChromium)('review with evidence, validated edits, totals and export at 1280x800', () => {
  let app: App;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let folder: string;
  let batchId: number;

  const row = (name: string) => page.locator('.review-grid .tr[role="row"]', { has: page.getByRole('button', { name, exact: true }) });
  const fieldOf = async (name: string, field: string) => {
    const doc = (await app.engine.listDocuments({ text: name })).rows.find((r) => r.name === name)!;
    return (await app.engine.getDocument(doc.id))!.fields.find((f) => f.name === field)?.value ?? null;
  };
  const openReview = async () => {
    await page.locator('.nav-item', { hasText: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
  };

  beforeAll(async () => {
    folder = await makeFolder(5);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'remember to file these\n');
    fs.writeFileSync(path.join(folder, 'export.json'), '{"a": 1}\n');
    app = await startApp({ workers: 1 });
    const b = await app.engine.createBatch({ name: 'Quarter', paths: [folder], options: { extract: 'rules', locale: 'en-GB' } });
    batchId = b.id;
    await waitFor(async () => (await app.engine.getBatch(batchId))?.status === 'done', 120_000, 'the batch to finish');
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    recordErrors(page, errors);
    await page.goto(app.server.url, { waitUntil: 'networkidle' });
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await reportFailure(page, 'issue13-failed-', ctx.task.name, errors, 800);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('counts files that are not documents as ignored and hides them; shows totals per currency; renames; list view', async () => {
    const summary = (await app.engine.getBatch(batchId))!;
    expect(summary.ignored).toBe(2);
    await page.getByRole('heading', { name: 'Batches' }).waitFor();
    const card = page.locator('.batch-card', { hasText: 'Quarter' });
    await card.getByText('2 ignored').waitFor();
    await card.locator('.batch-totals', { hasText: 'GBP' }).waitFor();
    // the documents table hides them until asked
    await expect.poll(() => page.locator('.batch-docs .file-name').allTextContents()).toHaveLength(5);
    await page.getByLabel('Show ignored files').check();
    await page.locator('.batch-docs .file-name', { hasText: 'notes.txt' }).waitFor();
    await page.locator('.batch-docs .row-reason', { hasText: 'is not supported' }).first().waitFor();
    await screenshot(page, 'issue13-batches-cards');
    await page.getByLabel('Show ignored files').uncheck();
    // rename in place
    await card.getByRole('button', { name: 'Rename' }).click();
    await card.getByLabel('Batch name').fill('Quarter 1');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.locator('.batch-card h3', { hasText: 'Quarter 1' }).waitFor();
    expect((await app.engine.getBatch(batchId))!.name).toBe('Quarter 1');
    // the compact list
    await page.getByRole('button', { name: 'List' }).click();
    await page.locator('.batch-table tr', { hasText: 'Quarter 1' }).waitFor();
    await screenshot(page, 'issue13-batches-list');
    await page.getByRole('button', { name: 'Cards' }).click();
  });

  it('refuses "abc" as a total and 31/02/2024 as a date, in the cell, with the reason', async () => {
    await openReview();
    await page.getByLabel('Filter by status').selectOption('');
    await row('invoice-002.pdf').waitFor();
    const before = await fieldOf('invoice-002.pdf', 'total');
    await row('invoice-002.pdf').locator('[data-field="total"]').dblclick();
    const editor = page.getByRole('textbox', { name: 'Total of invoice-002.pdf' });
    await editor.fill('abc');
    await editor.press('Enter');
    const alert = row('invoice-002.pdf').locator('.cell-error');
    await expect.poll(() => alert.textContent()).toContain('"abc" is not an amount');
    expect(await fieldOf('invoice-002.pdf', 'total')).toBe(before);
    await screenshot(page, 'issue13-review-refused');
    // the editor is open on what was typed: correct it to a figure the locale reads
    await editor.fill('1,234.50');
    await editor.press('Enter');
    await waitFor(async () => (await fieldOf('invoice-002.pdf', 'total')) === '1234.50', 10_000, 'the corrected total');
    await expect.poll(() => alert.count()).toBe(0);

    await row('invoice-002.pdf').locator('[data-field="issue_date"]').dblclick();
    const date = page.getByRole('textbox', { name: 'Issue date of invoice-002.pdf' });
    await date.fill('31/02/2024');
    await date.press('Enter');
    await expect.poll(() => alert.textContent()).toContain('February 2024 has 29 days');
    expect(await fieldOf('invoice-002.pdf', 'issue_date')).not.toBe('2024-02-31');
    await date.press('Escape');
    // the undo puts the total back for the checks below
    await page.locator('.review-grid .table-scroll').focus();
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await fieldOf('invoice-002.pdf', 'total')) === before, 10_000, 'the undo');
  });

  it('shows the selected row page with the selected field highlighted', async () => {
    await openReview();
    if ((await page.getByRole('button', { name: 'Show page' }).count()) > 0) await page.getByRole('button', { name: 'Show page' }).click();
    await row('invoice-003.pdf').locator('[data-field="total"]').click();
    const pane = page.getByRole('complementary', { name: 'Evidence' });
    await pane.locator('img').waitFor({ timeout: 30_000 });
    await pane.getByText('invoice-003.pdf').waitFor();
    const box = pane.getByTestId('evidence-box').first();
    await box.waitFor();
    // the box lies on the page image, in its lower part where the total is printed
    const img = (await pane.locator('img').boundingBox())!;
    const hl = (await box.boundingBox())!;
    expect(hl.width).toBeGreaterThan(4);
    expect(hl.x).toBeGreaterThanOrEqual(img.x - 1);
    expect(hl.y).toBeGreaterThan(img.y + img.height * 0.3);
    expect(hl.y + hl.height).toBeLessThanOrEqual(img.y + img.height + 1);
    // another field moves the box up to the vendor
    await row('invoice-003.pdf').locator('[data-field="vendor_name"]').click();
    await expect
      .poll(async () => (await pane.getByTestId('evidence-box').first().boundingBox())?.y ?? 1e9)
      .toBeLessThan(img.y + img.height * 0.2);
    await screenshot(page, 'issue13-review-evidence');
  });

  it('totals the filtered rows in the footer, per currency', async () => {
    await openReview();
    await page.getByLabel('Filter by status').selectOption('');
    await page.getByLabel('Vendor filter').fill('Globex');
    await expect.poll(() => page.locator('.review-grid .tr[role="row"] .file-name').count()).toBe(1);
    const shown = await page.locator('.review-grid .tr[role="row"] [data-field="total"]').allTextContents();
    const sum = shown.reduce((a, t) => a + Number(t), 0);
    const footer = page.getByTestId('totals');
    await expect
      .poll(() => footer.locator('[data-currency="GBP"] b').textContent())
      .toBe(sum.toLocaleString('en-US', { minimumFractionDigits: 2 }));
    // a range over all rows: the footer is the sum of every matching row
    await page.getByLabel('Vendor filter').fill('');
    await page.getByLabel('Amount from').fill('100');
    await page.getByLabel('Amount to').fill('200');
    const rows = (await app.engine.listDocuments({ batchId, totalMin: 100, totalMax: 200, ignored: false })).rows;
    await expect.poll(() => page.locator('.review-grid .tr[role="row"] .file-name').count()).toBe(rows.length);
    const expected = rows.reduce((a, r) => a + (r.total ?? 0), 0);
    await expect
      .poll(() => footer.locator('[data-currency="GBP"] b').textContent())
      .toBe(expected.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    await screenshot(page, 'issue13-review-totals');
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('opens the Export menu inside the window at 1280x800 on every screen, and exports the ledger', async () => {
    const screens: Array<[string, string]> = [
      ['Batches', 'Batches'],
      ['Documents', 'Documents'],
      ['Review', 'Review'],
    ];
    const sidebar = (await page.locator('.sidebar').boundingBox())!;
    for (const [nav, heading] of screens) {
      await page.locator('.nav-item', { hasText: nav }).first().click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page
        .getByRole('button', { name: /^Export/ })
        .first()
        .click();
      const panel = page.locator('.export-panel');
      await panel.waitFor();
      const b = (await panel.boundingBox())!;
      expect(b.x, `${nav}: the panel starts right of the sidebar`).toBeGreaterThanOrEqual(sidebar.x + sidebar.width);
      expect(b.x + b.width, `${nav}: the panel ends inside the window`).toBeLessThanOrEqual(1280);
      // the formats are clickable: nothing covers them
      const csv = panel.getByRole('button', { name: 'CSV', exact: true });
      const c = (await csv.boundingBox())!;
      const hit = (await page.evaluate(
        `document.elementFromPoint(${c.x + c.width / 2}, ${c.y + c.height / 2})?.textContent ?? ''`,
      )) as string;
      expect(hit).toContain('CSV');
      await screenshot(page, `issue13-export-${nav.toLowerCase()}`);
      if (nav === 'Review') {
        const download = page.waitForEvent('download');
        await panel.getByRole('button', { name: 'Ledger', exact: true }).click();
        const file = await (await download).path();
        const text = fs.readFileSync(file!, 'utf8').replace(/^\ufeff/, '');
        expect(text.split('\r\n')[0]).toMatch(/^date,vendor,number,type,net 20 %,tax 20 %,net \(no rate\),gross,currency/);
      }
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
    }
  });

  it('moves to the next document after Mark reviewed and fits the page', async () => {
    await page.locator('.nav-item', { hasText: 'Documents' }).first().click();
    await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
    await page.locator('.doc-table .file-name', { hasText: 'invoice-001.pdf' }).click();
    await page.locator('.doc-screen h1', { hasText: 'invoice-001.pdf' }).waitFor();
    await page.locator('.page-wrap img').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Fit page' }).click();
    const view = (await page.locator('.viewer-scroll').boundingBox())!;
    await expect.poll(async () => (await page.locator('.page-wrap').boundingBox())!.height).toBeLessThanOrEqual(view.height);
    await screenshot(page, 'issue13-document-fit-page');
    await page.getByRole('button', { name: 'Fit width' }).click();
    // the document screen refuses in place too
    const total = page.locator('#f-total');
    await total.fill('abc');
    await total.press('Enter');
    await page.locator('.field[data-field="total"] [role="alert"]', { hasText: 'Not saved: "abc" is not an amount' }).waitFor();
    await total.press('Escape');
    expect(await fieldOf('invoice-001.pdf', 'total')).toBe('141.00');
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.locator('.doc-screen h1', { hasText: 'invoice-002.pdf' }).waitFor();
    const first = (await app.engine.listDocuments({ text: 'invoice-001' })).rows[0]!;
    expect(first.reviewedAt).not.toBeNull();
  });

  it('sets the locale and the review threshold in Settings and on New batch', async () => {
    await page.locator('.nav-item', { hasText: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Locale' }).selectOption('de-DE');
    await page.getByLabel('Review threshold').fill('75');
    await screenshot(page, 'issue13-settings');
    await page.getByRole('button', { name: /^Save/ }).first().click();
    await waitFor(
      async () => {
        const d = (await app.engine.getSettings()).defaults as { locale?: string; reviewThreshold?: number } | undefined;
        return d?.locale === 'de-DE' && d.reviewThreshold === 0.75;
      },
      10_000,
      'the settings to be saved',
    );
    // the DATEV export's numbers
    await page.getByLabel('Advisor number (Beraternummer)').fill('1234567');
    await page.getByRole('button', { name: 'Save DATEV settings' }).click();
    await waitFor(
      async () => ((await app.engine.getSettings()).datev as { advisor?: number } | undefined)?.advisor === 1234567,
      10_000,
      'the DATEV settings to be saved',
    );
    await page.locator('.nav-item', { hasText: 'Batches' }).click();
    await page.getByRole('button', { name: 'New batch' }).first().click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Locale' }).inputValue()).toBe('de-DE');
    await expect.poll(() => page.getByLabel('Review threshold').inputValue()).toBe('75');
    await screenshot(page, 'issue13-new-batch');
  });

  it('deletes a batch with its data after a confirmation', async () => {
    await page.locator('.nav-item', { hasText: 'Batches' }).click();
    const card = page.locator('.batch-card', { hasText: 'Quarter 1' });
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('alertdialog').waitFor();
    await screenshot(page, 'issue13-batch-delete');
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('No batches yet').waitFor();
    expect(await app.engine.getBatch(batchId)).toBeNull();
    expect((await app.engine.listDocuments({})).total).toBe(0);
    expect(errors).toEqual([]);
  });
});

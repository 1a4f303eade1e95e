/**
 * The review grid as a spreadsheet (arrows, Enter, Tab, typing, Esc, Shift+arrows, Ctrl+C/V as TSV, Ctrl+Z),
 * the possible-duplicate flag, the History tab, and the Export menu's downloads, in Chromium against
 * `docket serve` (startServer + a real Engine on a temporary data folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { launchBrowser, makeFolder, recordErrors, reportFailure, screenshot, startApp, waitFor, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');

describe.skipIf(!hasChromium)('review grid keyboard, duplicates and exports in the browser', () => {
  let app: App;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let folder: string;
  let batchId: number;

  const rowNames = async () => page.locator('.review-grid .tr[role="row"] .file-name').allTextContents();
  const cell = (name: string, field: string) =>
    page
      .locator('.review-grid .tr[role="row"]', { has: page.getByRole('button', { name, exact: true }) })
      .locator(`[data-field="${field}"]`);
  const active = () =>
    page.evaluate(`(() => {
      const el = document.querySelector('.review-grid .rcell.active');
      return el ? { field: el.getAttribute('data-field'), row: el.closest('.tr')?.querySelector('.file-name')?.textContent ?? null } : null;
    })()`) as Promise<{ field: string | null; row: string | null } | null>;
  const fieldOf = async (name: string, field: string) => {
    const doc = (await app.engine.listDocuments({ text: name })).rows.find((r) => r.name === name)!;
    return (await app.engine.getDocument(doc.id))!.fields.find((f) => f.name === field)?.value ?? null;
  };

  beforeAll(async () => {
    folder = await makeFolder(6, { broken: true });
    // The same invoice saved again as another file: bytes differ, content is the same.
    fs.writeFileSync(
      path.join(folder, 'invoice-003-copy.pdf'),
      Buffer.concat([fs.readFileSync(path.join(folder, 'invoice-003.pdf')), Buffer.from('\n% copy\n')]),
    );
    app = await startApp({ workers: 1 });
    const b = await app.engine.createBatch({ name: 'March', paths: [folder], options: { extract: 'rules' } });
    batchId = b.id;
    await waitFor(async () => (await app.engine.getBatch(batchId))?.status === 'done', 120_000, 'the batch to finish');
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
      acceptDownloads: true,
    });
    page = await context.newPage();
    recordErrors(page, errors);
    await page.goto(app.server.url, { waitUntil: 'networkidle' });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await reportFailure(page, 'failed-', ctx.task.name, errors, 800);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('flags two copies of one invoice saved as different files as possible duplicates', async () => {
    await page.locator('.nav-item', { hasText: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
    await page.getByLabel('Search documents').fill('invoice-');
    await page.getByText('7 documents', { exact: true }).waitFor();
    for (const name of ['invoice-003.pdf', 'invoice-003-copy.pdf']) {
      const row = page.locator('.review-grid .tr[role="row"]', { has: page.getByRole('button', { name, exact: true }) });
      await expect.poll(() => row.locator('.pill', { hasText: 'Possible duplicate' }).count()).toBe(1);
    }
    const other = page.locator('.review-grid .tr[role="row"]', { has: page.getByRole('button', { name: 'invoice-004.pdf', exact: true }) });
    expect(await other.locator('.pill', { hasText: 'Possible duplicate' }).count()).toBe(0);
    await screenshot(page, '7a-review-duplicates');
  });

  it('moves with arrows, edits with Enter, commits with Tab and Enter, replaces on typing, cancels with Esc', async () => {
    // (the grid still shows the 7 documents matching "invoice-" from the test above)
    await page.getByText('7 documents', { exact: true }).waitFor();
    const names = await rowNames();
    expect(names.length).toBe(7);
    const [r0, r1, r2] = names as [string, string, string];
    const v0 = (await cell(r0, 'vendor_name').textContent()) ?? '';
    const v1 = (await cell(r1, 'vendor_name').textContent()) ?? '';
    const v2 = (await cell(r2, 'vendor_name').textContent()) ?? '';
    expect(v0).not.toBe('');

    await cell(r0, 'vendor_name').click();
    expect(await active()).toEqual({ field: 'vendor_name', row: r0 });
    await page.keyboard.press('ArrowRight');
    expect(await active()).toEqual({ field: 'document_number', row: r0 });
    await page.keyboard.press('ArrowDown');
    expect(await active()).toEqual({ field: 'document_number', row: r1 });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    expect(await active()).toEqual({ field: 'vendor_name', row: r0 });

    // Enter edits (the whole value selected); Tab commits and moves right
    await page.keyboard.press('Enter');
    const input0 = page.getByLabel(`Vendor of ${r0}`);
    await input0.waitFor();
    expect(await input0.inputValue()).toBe(v0);
    await page.keyboard.type('Typed Vendor'); // replaces the selected value
    await page.keyboard.press('Tab');
    await expect.poll(() => fieldOf(r0, 'vendor_name')).toBe('Typed Vendor');
    await expect.poll(() => cell(r0, 'vendor_name').textContent()).toBe('Typed Vendor');
    expect(await active()).toEqual({ field: 'document_number', row: r0 });

    // Shift+Tab back; Enter, Enter: commits (unchanged) and moves down
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await input0.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(active).toEqual({ field: 'vendor_name', row: r1 });

    // typing a printable character starts editing and replaces the value
    await page.keyboard.press('N');
    const input1 = page.getByLabel(`Vendor of ${r1}`);
    await input1.waitFor();
    expect(await input1.inputValue()).toBe('N');
    await page.keyboard.type('ew Vendor');
    await screenshot(page, '7b-review-typing');
    await page.keyboard.press('Enter');
    await expect.poll(() => fieldOf(r1, 'vendor_name')).toBe('New Vendor');
    await expect.poll(() => cell(r1, 'vendor_name').textContent()).toBe('New Vendor');
    expect(await active()).toEqual({ field: 'vendor_name', row: r2 });

    // Esc cancels
    await page.keyboard.press('X');
    await page.getByLabel(`Vendor of ${r2}`).waitFor();
    await page.keyboard.type('yz');
    await page.keyboard.press('Escape');
    await page.getByLabel(`Vendor of ${r2}`).waitFor({ state: 'detached' });
    expect(await cell(r2, 'vendor_name').textContent()).toBe(v2);
    expect(await fieldOf(r2, 'vendor_name')).toBe(v2);
    expect(await active()).toEqual({ field: 'vendor_name', row: r2 });

    // Ctrl+Z undoes the latest edit, then the one before, in the grid and in the store
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell(r1, 'vendor_name').textContent()).toBe(v1);
    expect(await fieldOf(r1, 'vendor_name')).toBe(v1);
    await expect.poll(() => cell(r0, 'vendor_name').textContent()).toBe('Typed Vendor');
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell(r0, 'vendor_name').textContent()).toBe(v0);
    expect(await fieldOf(r0, 'vendor_name')).toBe(v0);
    expect(errors).toEqual([]);
  });

  it('copies a 2x2 range as TSV and pastes it elsewhere as recorded corrections; Ctrl+Z undoes the paste', async () => {
    const names = await rowNames();
    const [r0, r1, , r3, r4] = names as [string, string, string, string, string];
    const before = {
      v3: await fieldOf(r3, 'vendor_name'),
      n3: await fieldOf(r3, 'document_number'),
      v4: await fieldOf(r4, 'vendor_name'),
      n4: await fieldOf(r4, 'document_number'),
    };
    const src = [
      [(await cell(r0, 'vendor_name').textContent()) ?? '', (await cell(r0, 'document_number').textContent()) ?? ''],
      [(await cell(r1, 'vendor_name').textContent()) ?? '', (await cell(r1, 'document_number').textContent()) ?? ''],
    ];
    await cell(r0, 'vendor_name').click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.locator('.review-grid .rcell.in-range').count()).toBe(4);
    await screenshot(page, '7c-review-range');
    await page.keyboard.press('Control+c');
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(src.map((l) => l.join('\t')).join('\n'));

    await cell(r3, 'vendor_name').click();
    await page.keyboard.press('Control+v');
    await page.getByText('Pasted 4 cells').waitFor();
    expect(await cell(r4, 'document_number').textContent()).toBe(src[1]![1]);
    expect(await cell(r3, 'vendor_name').textContent()).toBe(src[0]![0]);
    expect(await cell(r3, 'document_number').textContent()).toBe(src[0]![1]);
    expect(await cell(r4, 'vendor_name').textContent()).toBe(src[1]![0]);
    expect(await fieldOf(r4, 'document_number')).toBe(src[1]![1]);
    expect(await fieldOf(r3, 'vendor_name')).toBe(src[0]![0]);
    // each pasted cell is a correction
    const d3 = (await app.engine.listDocuments({ text: r3 })).rows.find((r) => r.name === r3)!;
    const corr = (await app.engine.getDocument(d3.id))!.corrections.filter((c) => !c.revertedBy);
    expect(corr.map((c) => c.field).sort()).toEqual(['document_number', 'vendor_name']);
    // the pasted range is selected
    await expect.poll(() => page.locator('.review-grid .rcell.in-range').count()).toBe(4);
    await screenshot(page, '7d-review-pasted');

    await page.keyboard.press('Control+z');
    await page.getByText('Undone: paste of 4 cells').waitFor();
    expect(await fieldOf(r4, 'document_number')).toBe(before.n4);
    expect(await fieldOf(r3, 'vendor_name')).toBe(before.v3);
    expect(await fieldOf(r3, 'document_number')).toBe(before.n3);
    expect(await fieldOf(r4, 'vendor_name')).toBe(before.v4);
    await expect.poll(() => cell(r3, 'vendor_name').textContent()).toBe(before.v3 ?? '');
    expect(await cell(r4, 'document_number').textContent()).toBe(before.n4 ?? '');
    expect(errors).toEqual([]);
  });

  it('shows each correction in the History tab: old → new, kind and whether it was undone', async () => {
    const [r0] = (await rowNames()) as [string];
    await page.getByRole('button', { name: r0, exact: true }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    const items = page.locator('.history li.correction');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(2);
    const text = (await page.locator('.history').textContent()) ?? '';
    expect(text).toContain('Typed Vendor');
    expect(text).toMatch(/undone/);
    expect(await page.locator('.history li.correction[data-kind="undo"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.history li.correction.is-undone').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, '7e-history');
  });

  const exportVia = async (kind: string): Promise<{ download: Download; bytes: Buffer }> => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page
        .getByRole('group', { name: /^Export / })
        .getByRole('button', { name: kind })
        .click(),
    ]);
    const file = await download.path();
    return { download, bytes: fs.readFileSync(file!) };
  };

  it('exports CSV (with BOM), XLSX and the failure report as downloads from the Batches screen', async () => {
    await page.locator('.nav-item', { hasText: 'Batches' }).click();
    await page.getByRole('heading', { name: 'Documents in March' }).waitFor();
    await page.getByRole('button', { name: /^Export/ }).click();
    await page.getByRole('group', { name: 'Export March' }).waitFor();
    await screenshot(page, '6a-export-menu');

    const csv = await exportVia('CSV');
    expect(csv.download.suggestedFilename()).toMatch(/^batch-\d+-documents-.*\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.toString('utf8')).toContain('INV-1001');
    await page.getByText(/Exported \d+ documents? to .*\.csv/).waitFor();
    await screenshot(page, '6b-export-done');

    await page.getByRole('combobox', { name: 'CSV delimiter' }).selectOption(';');
    const semi = await exportVia('CSV');
    expect(semi.bytes.toString('utf8').split('\n')[0]).toContain(';');

    const xlsx = await exportVia('Excel (XLSX)');
    expect(xlsx.download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    const failures = await exportVia('Failure report');
    const report = failures.bytes.toString('utf8');
    expect(report).toContain('broken.pdf');
    expect(report).not.toContain('invoice-001.pdf');

    // JSON from the Documents screen for every batch
    await page.keyboard.press('Escape');
    await page.locator('.nav-item', { hasText: 'Documents' }).click();
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await page.getByRole('button', { name: /^Export/ }).click();
    await page.getByRole('group', { name: 'Export all batches' }).waitFor();
    const json = await exportVia('JSON');
    expect(json.download.suggestedFilename()).toMatch(/^all-documents-.*\.json$/);
    expect(json.bytes.toString('utf8')).toContain('INV-1003');
    expect(errors).toEqual([]);
  });

  it('writes searchable PDFs into a folder and says where', async () => {
    await page.getByRole('group', { name: 'Export all batches' }).getByRole('button', { name: 'Searchable PDFs' }).click();
    await page.getByText(/Exported \d+ documents? to .*searchable/).waitFor({ timeout: 60_000 });
    // generated invoices are born-digital (searchable already): the folder is made, and the menu says why it is empty
    const dir = fs.readdirSync(path.join(app.dataDir, 'exports')).find((n) => n.endsWith('-searchable'));
    expect(dir).toBeTruthy();
    await page.getByText(/No scanned documents here/).waitFor();
    await screenshot(page, '6c-export-pdfs');
  });

  it('reports engine export errors through the bridge as plain errors', async () => {
    // the bridge refuses a destination chosen by the page; the menu shows the refusal instead of failing silently
    const r = (await page.evaluate(`(async () => {
      const ws = new WebSocket('ws://' + location.host + '/ws');
      await new Promise((res) => (ws.onopen = res));
      const reply = await new Promise((res) => {
        ws.onmessage = (m) => res(String(m.data));
        ws.send(JSON.stringify({ id: 1, name: 'exportDocuments', args: [{ format: 'csv', batchId: 999999 }] }));
      });
      ws.close();
      return JSON.parse(reply);
    })()`)) as { error: { message: string } };
    expect(r.error.message).toMatch(/no batch 999999/);
  });
});

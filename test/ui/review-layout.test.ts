/**
 * The review grid fits the window with the page pane open: at 1366x768 (a common office laptop) nothing scrolls
 * sideways, neither the page nor the grid; columns shrink and long values end in an ellipsis, the pane keeps a
 * readable width. At 1920x1080 the columns and the pane take the room. In Chromium against startServer and a real
 * Engine. Screens: test-results/screens/review-layout-*.png (and under $REVIEW_LAYOUT_SHOTS when set).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb } from '../../src/engine/store/db.js';
import { addBatch, addDoc } from '../engine/export/seed.js';
import { launchBrowser, makeFolder, recordErrors, reportFailure, screenshot, startApp, waitFor, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');

/** What overflows sideways: the page itself, the grid's scroller, and where the page pane ends against the window. */
interface Fit {
  page: { scroll: number; client: number };
  grid: { scroll: number; client: number };
  paneRight: number | null;
  paneWidth: number | null;
  windowWidth: number;
  /** Header cells whose text is cut (scrollWidth > clientWidth). */
  cutHeaders: string[];
}

describe.skipIf(!hasChromium)('the review grid fits the window with the page pane open', () => {
  let app: App;
  let browser: Browser;
  let folder: string;
  const errors: string[] = [];
  let current: Page | null = null;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-review-layout-'));
    const db = openDb(dataDir);
    const batchId = addBatch(db, 'Suppliers');
    db.transaction(() => {
      for (let i = 1; i <= 40; i++)
        addDoc(db, {
          batchId,
          path: `/in/scans/2025/supplier-invoice-with-a-long-file-name-${String(i).padStart(3, '0')}.pdf`,
          status: 'needs_review',
          fields: {
            vendor_name: `Internationale Speditions- und Logistikgesellschaft mbH & Co. KG ${i}`,
            document_number: `RE-2025-000${1000 + i}/A`,
            issue_date: '2025-03-14',
            due_date: '2025-04-13',
            total: `${(12345.67 * i).toFixed(2)}`,
            tax: `${(1971.07 * i).toFixed(2)}`,
            currency: 'EUR',
          },
          issues: i % 3 ? [] : [{ field: 'total', code: 'total_mismatch', message: 'total does not add up' }],
        });
    })();
    db.close();
    folder = await makeFolder(2);
    app = await startApp({ dataDir, workers: 1 });
    const b = await app.engine.createBatch({ name: 'Scans', paths: [folder], options: { extract: 'rules', locale: 'en-GB' } });
    await waitFor(async () => (await app.engine.getBatch(b.id))?.status === 'done', 120_000, 'the batch to finish');
    browser = await launchBrowser();
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && current) await reportFailure(current, 'review-layout-failed-', ctx.task.name, errors, 600);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  async function openAt(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    current = page;
    recordErrors(page, errors);
    await page.goto(app.server.url, { waitUntil: 'networkidle' });
    await page.locator('.nav-item', { hasText: 'Review' }).click();
    await page.getByLabel('Filter by status').selectOption('');
    await page.getByText('42 documents').waitFor();
    // the page pane open (the default), on a document with a page to show: the last rows are the processed PDFs
    if ((await page.getByRole('button', { name: 'Show page' }).count()) > 0) await page.getByRole('button', { name: 'Show page' }).click();
    await page.locator('.review-grid .tr[role="row"]').first().locator('[data-field="vendor_name"]').click();
    await page.keyboard.press('Control+End');
    await page.locator('.evidence-pane img, .evidence-pane canvas').first().waitFor();
    return page;
  }

  // run in Chromium, written as text: the test's TypeScript has no DOM types
  const fit = (page: Page) =>
    page.evaluate(`(() => {
      const se = document.scrollingElement;
      const grid = document.querySelector('.review-grid .table-scroll');
      const pane = document.querySelector('.evidence-pane')?.getBoundingClientRect() ?? null;
      const cutHeaders = [...document.querySelectorAll('.review-grid .thead .th')]
        .filter((th) => th.textContent && th.scrollWidth > th.clientWidth + 1)
        .map((th) => th.textContent);
      return {
        page: { scroll: se.scrollWidth, client: se.clientWidth },
        grid: { scroll: grid.scrollWidth, client: grid.clientWidth },
        paneRight: pane ? pane.right : null,
        paneWidth: pane ? pane.width : null,
        windowWidth: window.innerWidth,
        cutHeaders,
      };
    })()`) as Promise<Fit>;

  const shot = async (page: Page, name: string) => {
    await screenshot(page, `review-layout-${name}`);
    const dir = process.env.REVIEW_LAYOUT_SHOTS;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `${name}.png`) });
    }
  };

  // 1366x768 and 1280x800: the office laptops' windows (1280 is also 1600 wide at Windows' 125% scaling)
  it.each([
    [1366, 768],
    [1280, 800],
  ])('at %ix%i nothing scrolls sideways: not the page, not the grid; the pane stays whole and readable', async (width, height) => {
    const page = await openAt(width, height);
    await shot(page, String(width));
    const f = await fit(page);
    expect(f.page.scroll).toBeLessThanOrEqual(f.page.client);
    expect(f.grid.scroll).toBeLessThanOrEqual(f.grid.client);
    expect(f.paneRight!).toBeLessThanOrEqual(f.windowWidth);
    expect(f.paneWidth!).toBeGreaterThanOrEqual(300);
    // the column titles are whole; values are cut with an ellipsis, not the layout
    expect(f.cutHeaders).toEqual([]);
    // the dates, the status and the amounts (up to 493,826.80) are whole in every row drawn: an amount cut to
    // "35802…" would read as another figure
    const cut = (await page.evaluate(`[...document.querySelectorAll('.review-grid .tr[role="row"]')].flatMap((row) =>
      ['[data-field="issue_date"]', '[data-field="due_date"]', '[data-field="total"]', '[data-field="tax"]', '.pill']
        .map((sel) => row.querySelector(sel))
        .filter((el) => !!el)
        .map((el) => el.querySelector('span') ?? el)
        .filter((el) => el.scrollWidth > el.clientWidth)
        .map((el) => el.textContent))`)) as string[];
    expect(cut).toEqual([]);
    // a text cell cut with an ellipsis says its whole value on hover
    const numberCell = page.locator('.review-grid .tr[role="row"] [data-field="document_number"]').first();
    const whole = (await numberCell.textContent())!.trim();
    expect(whole.length).toBeGreaterThan(0);
    expect((await numberCell.getAttribute('title'))!.split('\n')[0]).toBe(whole);
    await page.close();
  });

  it('at 1920x1080 the grid and the pane take the room, still without sideways scrolling', async () => {
    const page = await openAt(1920, 1080);
    await shot(page, '1920');
    const f = await fit(page);
    expect(f.page.scroll).toBeLessThanOrEqual(f.page.client);
    expect(f.grid.scroll).toBeLessThanOrEqual(f.grid.client);
    expect(f.paneRight!).toBeLessThanOrEqual(f.windowWidth);
    expect(f.paneWidth!).toBeGreaterThanOrEqual(450);
    expect(f.grid.client).toBeGreaterThanOrEqual(1000);
    expect(f.cutHeaders).toEqual([]);
    // with the pane hidden the grid takes the whole width
    await page.getByRole('button', { name: 'Hide page' }).click();
    await expect.poll(async () => (await fit(page)).paneRight).toBeNull();
    const wide = await fit(page);
    expect(wide.grid.scroll).toBeLessThanOrEqual(wide.grid.client);
    await page.getByRole('button', { name: 'Show page' }).click();
    await page.close();
  });
});

/**
 * Runs the shared acceptance smoke script (../shared/acceptance/lib/ui_smoke.mjs) against startServer on a
 * data folder holding the processed eval invoices: the same thing `ui-browser` does through `docket serve`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, ROOT, screenshot, SCREENS, startApp, waitFor, type App } from './helpers.js';

const SMOKE = path.resolve(ROOT, '..', 'shared', 'acceptance', 'lib', 'ui_smoke.mjs');
const INVOICES = path.resolve(ROOT, '..', 'shared', 'eval', 'invoices');
const run = promisify(execFile);

describe.skipIf(!fs.existsSync(SMOKE) || !fs.existsSync(INVOICES) || !fs.existsSync('/usr/bin/chromium'))('acceptance ui smoke', () => {
  let app: App | undefined;
  afterAll(async () => app?.close());

  it('shows the batch, its documents and a document’s fields without page errors', async () => {
    app = await startApp({ workers: 2 });
    const b = await app.engine.createBatch({ paths: [INVOICES] });
    // while it runs: live progress, rate and ETA on the batches screen
    const browser = await launchBrowser();
    const live = await openPage(browser, app.server.url);
    await live.page
      .locator('.batch-card .pill', { hasText: 'Running' })
      .waitFor({ timeout: 60_000 })
      .catch(() => {});
    await live.page.waitForTimeout(2500);
    await screenshot(live.page, '0-batch-running');
    await waitFor(async () => (await app!.engine.getBatch(b.id))?.status === 'done', 300_000, 'the eval batch');
    const shots = path.join(SCREENS, 'acceptance');
    fs.mkdirSync(shots, { recursive: true });
    const { stdout } = await run(process.execPath, [SMOKE, app.server.url, shots], { cwd: ROOT }).catch((e: { stdout: string }) => ({
      stdout: e.stdout,
    }));
    expect(stdout).toMatch(/document view shows its fields: true; page errors: 0/);
    const rows = Number(/rows with \.pdf: (\d+)/.exec(stdout)?.[1] ?? 0);
    expect(rows).toBeGreaterThanOrEqual(5);
    // an OCR'd page: clicking a field outlines its words on the page image
    const scan = (await app.engine.listDocuments({ text: 'AmazonWebServices.png' })).rows[0];
    if (scan) {
      await live.page.goto(`${app.server.url}#/document/${scan.id}`, { waitUntil: 'networkidle' });
      await live.page.locator('.page-wrap img').waitFor({ timeout: 30_000 });
      await live.page.locator('#f-total').click();
      await live.page.waitForTimeout(300);
      await screenshot(live.page, '9-ocr-highlight');
      const detail = await app.engine.getDocument(scan.id);
      if (detail?.fields.find((f) => f.name === 'total')?.source?.boxes?.length)
        expect(await live.page.locator('.hl-box').count()).toBeGreaterThan(0);
    }
    expect(live.errors).toEqual([]);
    await browser.close();
  }, 400_000);
});

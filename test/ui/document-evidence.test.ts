import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DocumentDetail, FieldName } from '../../src/contract/domain.js';
import { launchBrowser, makeFolder, openPage, ROOT, screenshot, startApp, waitFor, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');
const RECEIPT = path.join(ROOT, '..', 'shared', 'eval', 'sroie-train', 'X51005441402.jpg');

/**
 * The document screen shows where each value stood on every kind of page (a born-digital invoice's text layer,
 * a scanned receipt's OCR) and what vouches for it (the checks it passed and failed).
 */
describe.skipIf(!hasChromium || !fs.existsSync(RECEIPT))('document screen: evidence', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let folder: string;
  const docs = new Map<string, DocumentDetail>();

  beforeAll(async () => {
    folder = await makeFolder(1);
    fs.copyFileSync(RECEIPT, path.join(folder, 'receipt.jpg'));
    app = await startApp({ workers: 1 });
    await app.engine.createBatch({ name: 'evidence', paths: [folder], options: { extract: 'rules' } });
    await waitFor(async () => (await app.engine.listBatches())[0]?.status === 'done', 120_000, 'the batch to finish');
    for (const row of (await app.engine.listDocuments({})).rows) docs.set(row.name, (await app.engine.getDocument(row.id))!);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.server.url));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Opens a document, selects a field, and returns the highlight's box and the image's box on screen. */
  async function select(name: string, field: FieldName) {
    const d = docs.get(name)!;
    await page.goto(`${app.server.url.split('#')[0]}#/document/${d.id}`, { waitUntil: 'networkidle' });
    await page.locator('.page-wrap img').waitFor({ timeout: 30_000 });
    await page.locator(`#f-${field}`).click();
    await page.locator('.hl-box').first().waitFor({ timeout: 10_000 });
    const hl = (await page.locator('.hl-box').first().boundingBox())!;
    const img = (await page.locator('.page-wrap img').boundingBox())!;
    return { d, hl, img };
  }

  /** Where a field's stored box should land on the image, scaled by the page's own size. */
  function expected(d: DocumentDetail, field: FieldName, img: { x: number; y: number; width: number; height: number }) {
    const f = d.fields.find((x) => x.name === field)!;
    const p = d.pages.find((x) => x.index === f.source!.page)!;
    const b = f.source!.boxes![0]!;
    return { x: img.x + (b.x0 / p.width!) * img.width, y: img.y + (b.y0 / p.height!) * img.height };
  }

  it('stores boxes for fields on the text layer and on the OCR page, with evidence', () => {
    const invoice = docs.get('invoice-001.pdf')!;
    expect(invoice.method).toBe('text');
    const total = invoice.fields.find((f) => f.name === 'total')!;
    expect(total.source?.boxes?.length).toBeGreaterThan(0);
    expect(total.evidence?.rules.length).toBeGreaterThan(0);
    const receipt = docs.get('receipt.jpg')!;
    expect(receipt.method).toBe('ocr');
    expect(receipt.fields.find((f) => f.name === 'issue_date')!.source?.boxes?.length).toBeGreaterThan(0);
  });

  it('highlights the total on a text-layer invoice where its words are, and lists the checks', async () => {
    const { d, hl, img } = await select('invoice-001.pdf', 'total');
    const at = expected(d, 'total', img);
    expect(Math.abs(hl.x - at.x)).toBeLessThan(2);
    expect(Math.abs(hl.y - at.y)).toBeLessThan(2);
    expect(hl.width).toBeGreaterThan(5);
    expect(d.checks?.length).toBeGreaterThan(0);
    await page.locator('[data-checks] summary').waitFor();
    await expect.poll(() => page.locator('[data-checks] li').count()).toBe(d.checks!.length);
    const total = d.fields.find((f) => f.name === 'total')!;
    const chips = total.evidence!.checksPassed.length + total.evidence!.checksFailed.length;
    await expect.poll(() => page.locator('[data-field="total"] .check-chip[data-check]').count()).toBe(chips);
    await page.getByText(/^found by /).waitFor();
    await screenshot(page, 'evidence-text-layer');
    expect(errors).toEqual([]);
  });

  it('highlights the date on a scanned receipt where OCR read it', async () => {
    const { d, hl, img } = await select('receipt.jpg', 'issue_date');
    const at = expected(d, 'issue_date', img);
    expect(Math.abs(hl.x - at.x)).toBeLessThan(2);
    expect(Math.abs(hl.y - at.y)).toBeLessThan(2);
    await screenshot(page, 'evidence-ocr');
    expect(errors).toEqual([]);
  });
});

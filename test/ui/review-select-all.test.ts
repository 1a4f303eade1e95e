/**
 * "Select all" in the review grid means every document the filter matches, not the rows loaded so far: over 1,500
 * documents needing review (the grid loads them 100 at a time) the header checkbox, Ctrl+A and the bar's offer check
 * all of them, the bar says so with the count, a row unchecked after it is left out, and the action runs once in
 * the engine over the filter (bulkUpdateMatching), reaching rows never loaded. In Chromium against startServer and a
 * real Engine. Screens: test-results/screens/review-select-all-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { BulkPatch, MatchingSelection } from '../../src/contract/engine-api.js';
import { openDb } from '../../src/engine/store/db.js';
import { addBatch, addDoc } from '../engine/export/seed.js';
import { launchBrowser, recordErrors, reportFailure, screenshot, startApp, type App } from './helpers.js';

const hasChromium = fs.existsSync('/usr/bin/chromium');
const N = 1_500;
const name = (i: number) => `queue-${String(i).padStart(5, '0')}.pdf`;

describe.skipIf(!hasChromium)('select all in the review grid acts on every matching document', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const matchingCalls: Array<[MatchingSelection, BulkPatch]> = [];
  const idCalls: number[][] = [];

  const bar = () => page.getByLabel('Bulk actions');
  const rowOf = (file: string) =>
    page.locator('.review-grid .tr[role="row"]', { has: page.getByRole('button', { name: file, exact: true }) });
  const docsWhere = async (test: (d: { name: string; docType: string | null; reviewedAt: number | null }) => boolean) => {
    const out: string[] = [];
    let after: string | null = null;
    do {
      const p = await app.engine.listDocuments({ after, limit: 1000 });
      for (const r of p.rows) if (test(r)) out.push(r.name);
      after = p.next;
    } while (after);
    return out;
  };

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-select-all-'));
    const db = openDb(dataDir);
    const a = addBatch(db, 'January');
    const b = addBatch(db, 'February');
    db.transaction(() => {
      for (let i = 1; i <= N; i++)
        addDoc(db, {
          batchId: i <= N / 2 ? a : b,
          path: `/queue/${name(i)}`,
          status: 'needs_review',
          fields: { vendor_name: `Vendor ${i}`, document_number: `Q-${i}`, issue_date: '2025-01-15', total: `${i}.00`, currency: 'EUR' },
        });
      // done already: outside the grid's default filter, never touched
      for (let i = 1; i <= 5; i++)
        addDoc(db, { batchId: a, path: `/done/done-${i}.pdf`, fields: { vendor_name: 'Done Ltd', total: '1.00', currency: 'EUR' } });
    })();
    db.close();
    app = await startApp({ dataDir, workers: 1 });
    // what the grid asks of the engine (bulkUpdateMatching runs bulkUpdate inside: not a request of the grid's)
    let inside = false;
    const matching = app.engine.bulkUpdateMatching.bind(app.engine);
    app.engine.bulkUpdateMatching = async (sel, patch) => {
      matchingCalls.push([sel, patch]);
      inside = true;
      try {
        return await matching(sel, patch);
      } finally {
        inside = false;
      }
    };
    const byIds = app.engine.bulkUpdate.bind(app.engine);
    app.engine.bulkUpdate = async (ids, patch) => {
      if (!inside) idCalls.push(ids);
      return byIds(ids, patch);
    };
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    recordErrors(page, errors);
    await page.goto(app.server.url, { waitUntil: 'networkidle' });
    await page.locator('.nav-item', { hasText: 'Review' }).click();
    await page.getByText(`${N.toLocaleString()} documents`).waitFor();
    await rowOf(name(1)).waitFor();
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await reportFailure(page, 'review-select-all-failed-', ctx.task.name, errors, 800);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the header checkbox checks all 1,500 matching, not the rows loaded; one unchecked is left out of the action', async () => {
    // only the first pages are loaded
    await page.locator('.row-count', { hasText: 'loaded' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select all matching rows' }).check();
    await bar().getByText(`All ${N.toLocaleString()} matching selected`).waitFor();
    expect(await rowOf(name(1)).getByRole('checkbox').isChecked()).toBe(true);
    // a row unchecked after "select all" is left out, and the count says so
    await rowOf(name(2)).getByRole('checkbox').uncheck();
    await bar()
      .getByText(`${(N - 1).toLocaleString()} of all ${N.toLocaleString()} matching selected`)
      .waitFor();
    // the header checkbox shows a dash: some checked, not all
    expect(await page.evaluate(`document.querySelector('input[aria-label="Select all matching rows"]').indeterminate`)).toBe(true);
    await screenshot(page, 'review-select-all-header');

    await page.getByRole('combobox', { name: 'Set type of selected' }).selectOption('receipt');
    await page.getByText(`Set type: ${(N - 1).toLocaleString()} documents changed`).waitFor();
    // one request over the filter, no list of ids
    expect(matchingCalls).toHaveLength(1);
    expect(idCalls).toHaveLength(0);
    const receipts = await docsWhere((d) => d.docType === 'receipt');
    expect(receipts).toHaveLength(N - 1);
    // rows never loaded were reached (the last one), the unchecked one and the done documents were not
    expect(receipts).toContain(name(N));
    expect(receipts).not.toContain(name(2));
    expect(receipts.some((n) => n.startsWith('done-'))).toBe(false);
    // the selection is cleared after the action
    await expect.poll(() => bar().getByText('selected').count()).toBe(0);
  });

  it('the bar offers all matching after some rows are checked, Ctrl+A checks all, and Mark reviewed reaches every one', async () => {
    await rowOf(name(1)).getByRole('checkbox').check();
    await rowOf(name(3)).getByRole('checkbox').check();
    await bar().getByText('2 selected').waitFor();
    await bar()
      .getByRole('button', { name: `Select all ${N.toLocaleString()} matching` })
      .click();
    await bar().getByText(`All ${N.toLocaleString()} matching selected`).waitFor();
    await screenshot(page, 'review-select-all-offer');
    await bar().getByRole('button', { name: 'Clear selection' }).click();
    expect(await rowOf(name(1)).getByRole('checkbox').isChecked()).toBe(false);

    // Ctrl+A on the grid
    await rowOf(name(1)).locator('[data-field="vendor_name"]').click();
    await page.keyboard.press('Control+a');
    await bar().getByText(`All ${N.toLocaleString()} matching selected`).waitFor();
    await bar().getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByText(`Mark reviewed: ${N.toLocaleString()} documents changed`).waitFor();
    expect(matchingCalls).toHaveLength(2);
    expect(matchingCalls[1]![0]).toMatchObject({ query: { status: ['needs_review'] }, except: [] });
    expect(idCalls).toHaveLength(0);
    expect(await docsWhere((d) => d.reviewedAt !== null)).toHaveLength(N);
    expect((await docsWhere((d) => d.name.startsWith('done-') && d.reviewedAt !== null)).length).toBe(0);
    // none needs review any more: the grid empties
    await page.getByText('Nothing to review here.').waitFor();
    expect(errors).toEqual([]);
  });
});

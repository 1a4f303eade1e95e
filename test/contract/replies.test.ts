/**
 * Replies are not validated at run time (the hosts trust their engine), so this checks the other way round: what the
 * real engine answers for a processed text PDF and a scanned receipt, through the in-process transport, is exactly
 * what the channel table's reply schemas describe, with no key the contract does not declare.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ChannelName, type DocketClient } from '../../src/contract/contract.js';
import type { DocumentDetail } from '../../src/contract/domain.js';
import { createInProcessClient } from '../../src/hosts/dispatch/in-process.js';
import { headlessAppHandlers } from '../../src/hosts/dispatch/dispatch.js';
import type { Engine } from '../../src/engine/engine.js';
import { processPaths } from '../helpers/engine.js';
import { makeInvoicePdf } from '../helpers/fixtures.js';
import { EVAL, tmpDir } from '../helpers/tmp.js';

const RECEIPT = path.join(EVAL, 'sroie-dev', 'X00016469612.jpg');

let engine: Engine;
let client: DocketClient;
let batchId: number;

beforeAll(async () => {
  const input = tmpDir('docket-replies-');
  fs.writeFileSync(path.join(input, 'invoice-42.pdf'), await makeInvoicePdf(42));
  fs.copyFileSync(RECEIPT, path.join(input, 'receipt.jpg'));
  const r = await processPaths([input], { workers: 1 });
  engine = r.engine;
  batchId = r.batchId;
  client = createInProcessClient(engine, headlessAppHandlers({ host: 'test', dataDir: '/data' }));
}, 180_000);
afterAll(async () => engine?.close());

/** The reply parses against its channel's schema, and parsing (which drops undeclared keys) leaves it unchanged. */
function expectShaped<K extends ChannelName>(name: K, reply: unknown) {
  const res = channels[name].result.safeParse(reply);
  expect(res.success, `${name}: ${res.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe(true);
  expect(res.data, `${name}: a key the contract does not declare`).toEqual(reply);
}

describe("the real engine's replies match the contract", () => {
  it('for batches, document lists, the review grid, the log and settings', async () => {
    expectShaped('listBatches', await client.listBatches());
    expectShaped('getBatch', await client.getBatch(batchId));
    expectShaped('listDocuments', await client.listDocuments({ batchId }));
    expectShaped('listReviewRows', await client.listReviewRows({ batchId }));
    expectShaped('listLog', await client.listLog(batchId));
    expectShaped('getSettings', await client.getSettings());
    expectShaped('getPriceTable', await client.getPriceTable());
    expectShaped('search', await client.search('invoice'));
  });

  it('for the detail of a text-layer page and of an OCR page, with field sources', async () => {
    const { rows } = await client.listDocuments({ batchId });
    const details = (await Promise.all(rows.map((r) => client.getDocument(r.id)))) as DocumentDetail[];
    const methods = details.flatMap((d) => d.pages.map((p) => p.method)).sort();
    expect(methods).toEqual(['ocr', 'text']);
    expect(details.some((d) => d.fields.some((f) => f.source?.boxes?.length))).toBe(true);
    for (const d of details) expectShaped('getDocument', d);
    const ocr = details.find((d) => d.pages[0]?.method === 'ocr')!;
    expectShaped('getPageImage', await client.getPageImage(ocr.id, 0, 256));
  });
});

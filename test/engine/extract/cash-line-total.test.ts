/** total.not-the-cash-figure on made-up till text. */
import { describe, expect, it } from 'vitest';
import { amountCandidates } from '../../../src/engine/extract/find-totals.js';
import { extractDocument } from '../../../src/engine/extract/index.js';
import { type PageInput, splitLines } from '../../../src/engine/extract/text.js';

const page = (text: string): PageInput[] => [{ index: 0, text, method: 'ocr' }];
const SLIP = [
  'KEDAI CONTOH SDN BHD',
  'Date: 04/12/17 5:06 PM',
  'Gross Amount : 40.00',
  'Total GST Amt : 2.40',
  'Sub Total : 42.40',
  'Total (RM) : (ea',
  'Amount Paid 7.40',
  'Amount Change : 0.00',
].join('\n');

describe('total.not-the-cash-figure', () => {
  it('takes no weakly labelled total from the payment line itself', () => {
    const p = page(SLIP);
    const totals = amountCandidates(splitLines(p), p, undefined, true, 'MY').total;
    expect(totals.find((c) => c.value === '7.40')?.because ?? []).not.toContain('total.label-weak');
  });
  it('so cash - change (7.40 - 0.00) does not confirm 7.40 as the total: the receipt goes to review', () => {
    const r = extractDocument(page(SLIP), { now: new Date('2026-01-01') });
    expect(r.fields.find((f) => f.name === 'total')?.value).not.toBe('7.40');
    expect(r.needsReview).toBe(true);
  });
});

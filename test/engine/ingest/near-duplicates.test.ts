import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hashDistance, judgeNearDuplicate, LOOKS_ALIKE_BITS, pageHash } from '../../../src/engine/ingest/near-duplicates.js';
import type { NearCandidate } from '../../../src/engine/store/intake.js';

/** A page with a few dark blocks where an invoice has its letterhead, table and total. */
async function page(blocks: Array<[number, number, number, number]>, margin = 0): Promise<Buffer> {
  const w = 850;
  const h = 1100;
  const rects = blocks
    .map(([x, y, bw, bh]) => `<rect x="${x + margin}" y="${y + margin}" width="${bw}" height="${bh}" fill="#222"/>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w + 2 * margin}" height="${h + 2 * margin}"><rect width="100%" height="100%" fill="#fff"/>${rects}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const INVOICE: Array<[number, number, number, number]> = [
  [60, 60, 300, 60],
  [560, 80, 220, 30],
  [60, 300, 730, 20],
  [60, 340, 730, 200],
  [500, 700, 290, 40],
];
const OTHER: Array<[number, number, number, number]> = [
  [400, 60, 390, 120],
  [60, 600, 200, 300],
  [300, 950, 490, 60],
];

const cand = (c: Partial<NearCandidate>): NearCandidate => ({
  id: 1,
  name: 'a.pdf',
  batch_id: 1,
  vendor: null,
  doc_number: null,
  total: null,
  issue_date: null,
  phash: null,
  ...c,
});

describe('page-1 hash', () => {
  it('barely changes for the same page scanned (wider margins, blur, JPEG) and changes much for another page', async () => {
    const pdf = await pageHash(await page(INVOICE));
    const scan = await pageHash(
      await sharp(await page(INVOICE, 70))
        .resize(1200)
        .blur(1.2)
        .jpeg({ quality: 60 })
        .toBuffer(),
    );
    const other = await pageHash(await page(OTHER));
    expect(pdf).toMatch(/^[0-9a-f]{36}$/);
    expect(hashDistance(pdf, scan)).toBeLessThanOrEqual(LOOKS_ALIKE_BITS);
    expect(hashDistance(pdf, other)).toBeGreaterThan(LOOKS_ALIKE_BITS);
  });
});

describe('near-duplicate judgement', () => {
  const doc = {
    vendor: 'ACME Supplies Ltd',
    docNumber: 'INV-77',
    total: 120.5,
    issueDate: '2024-03-05',
    phash: 'ffff0000ffff0000ffff0000ffff0000ffff',
  };

  it('vendor and number, or number, total and date, say duplicate without the page', () => {
    expect(judgeNearDuplicate(doc, cand({ vendor: 'ACME SUPPLIES', doc_number: 'inv 77' }))?.why).toBe('same vendor and number');
    expect(
      judgeNearDuplicate({ ...doc, vendor: 'A0ME' }, cand({ doc_number: 'INV-77', total: 120.5, issue_date: '2024-03-05' }))?.why,
    ).toBe('same number, total and date');
  });

  it('a different number says another invoice, unless vendor, total and date agree and page 1 looks alike', () => {
    const c = cand({ vendor: 'ACME Supplies', doc_number: 'INV-78', total: 120.5, issue_date: '2024-03-05' });
    expect(judgeNearDuplicate(doc, c)).toBeNull();
    expect(judgeNearDuplicate(doc, { ...c, phash: 'ffff0000ffff0000ffff0000ffff0000fff1' })?.why).toBe(
      'same vendor, total and date; page 1 looks alike',
    );
  });

  it('page 1 alone never says duplicate (one vendor, one template)', () => {
    expect(judgeNearDuplicate(doc, cand({ vendor: 'Someone else', phash: doc.phash }))).toBeNull();
    // with the number, it does (a scan whose vendor OCR misread)
    expect(judgeNearDuplicate({ ...doc, vendor: null }, cand({ doc_number: 'INV-77', phash: doc.phash }))?.why).toBe(
      'same number; page 1 looks alike',
    );
  });

  it('says whether a hash could decide', () => {
    const c = cand({ doc_number: 'INV-77' });
    expect(judgeNearDuplicate({ ...doc, vendor: null }, c, false)).toBeNull();
    expect(judgeNearDuplicate({ ...doc, vendor: null }, c, true)).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/engine/extract/index.js';
import {
  agreement,
  checksAgreement,
  holds,
  isWeak,
  secondReading,
  sparseReading,
  spelledBy,
  valueToken,
  withReading,
  type SecondReadingDeps,
} from '../../../src/engine/pipeline/second-reading.js';
import type { PageResult } from '../../../src/engine/pipeline/process-document.js';
import type { OcrWord, RereadResult } from '../../../src/engine/read/tasks.js';

/** A made-up scanned receipt whose total OCR misread (29.15 for 25.15), with one word box per word. */
function receiptPage(total: string, dateConf = 90, nameConf = 90, date = '12/03/2019'): PageResult {
  const lines = [
    'KEDAI RUNCIT MAJU SDN BHD',
    'NO 12 JALAN BESAR 43000 KAJANG',
    `DATE: ${date} 10:42`,
    'RICE 2KG 12.90',
    'SUGAR 1KG 12.25',
    'SUBTOTAL 25.15',
    `TOTAL ${total}`,
    'CASH 30.00',
    'CHANGE 4.85',
  ];
  const words: OcrWord[] = [];
  lines.forEach((l, row) => {
    let x = 20;
    for (const t of l.split(' ')) {
      words.push({
        text: t,
        conf: row === 2 && !/^DATE:$|^\d\d:\d\d$/.test(t) ? dateConf : row === 0 ? nameConf : 90,
        x0: x,
        y0: 40 + row * 30,
        x1: x + 12 * t.length,
        y1: 60 + row * 30,
      });
      x += 12 * t.length + 12;
    }
  });
  return {
    index: 0,
    method: 'ocr',
    text: lines.join('\n'),
    confidence: 80,
    width: 600,
    height: 400,
    dpi: 200,
    rotation: 0,
    skew: 0,
    ms: 100,
    words,
  };
}

const now = new Date('2019-06-01T00:00:00Z');
const extract = (pages: PageResult[]) =>
  extractDocument(
    pages.map((p) => ({ ...p, words: p.words ?? [] })),
    { now },
  );
const doc = { path: '/in/r.jpg', kind: 'jpeg' as const, lang: 'eng', maxPixels: 1e8, timeoutMs: 30_000 };

function fakeReread(texts: string[], calls: unknown[], conf = 85): SecondReadingDeps['reread'] {
  return async (input): Promise<RereadResult> => {
    calls.push(input);
    const b = input.box;
    return {
      ok: true,
      ms: 5,
      readings: texts.map((text, i) => ({ scale: 2 + i, psm: 7, text, confidence: conf, words: [{ text, conf, ...b }] })),
    };
  };
}

describe('the helpers', () => {
  it('takes the digits token of a reading', () => {
    expect(valueToken('RM 168.96')).toBe('168.96');
    expect(valueToken('TOTAL')).toBeNull();
    expect(valueToken('12/03/2019 10:42')).toBe('12/03/2019');
  });

  it('checksAgreement: another value must make the checks agree better, counted over the document, confidence aside', () => {
    const first = extract([receiptPage('29.15')]);
    const total = (x: typeof first) => x.fields.find((f) => f.name === 'total')!;
    // the same extraction with one more failed check elsewhere (a tax the new total leaves above it), read more surely
    const worse = {
      ...first,
      fields: first.fields.map((f) => (f.name === 'total' ? { ...f, confidence: 0.9 } : f)),
      checks: [...(first.checks ?? []), { id: 'sum.tax-rate', passed: false, fields: ['tax' as const], message: 'tax above total' }],
    };
    expect(total(worse).confidence).toBeGreaterThan(total(first).confidence);
    expect(checksAgreement(worse, 'total')).toBeLessThan(checksAgreement(first, 'total'));
    expect(agreement(worse, 'total') - checksAgreement(worse, 'total')).toBeCloseTo(0.9);
  });

  it('puts a reading in place of a span and its word boxes', () => {
    const p = receiptPage('29.15');
    const start = p.text.indexOf('29.15');
    const box = { x0: 100, y0: 220, x1: 160, y1: 240 };
    const [q] = withReading([p], { page: 0, start, end: start + 5 }, '25.15', [{ text: '25.15', conf: 88, ...box }]);
    expect(q!.text).toContain('TOTAL 25.15\nCASH');
    expect(q!.words!.filter((w) => w.text === '29.15')).toEqual([]);
    const i = q!.words!.findIndex((w) => w.text === '25.15' && w.conf === 88);
    expect(q!.words![i - 1]!.text).toBe('TOTAL');
    expect(q!.words![i + 1]!.text).toBe('CASH');
  });
});

describe('secondReading', () => {
  it('keeps a reading of a weak total that the checks agree with, and says so', async () => {
    const pages = [receiptPage('29.15')];
    const first = extract(pages);
    const total = first.fields.find((f) => f.name === 'total')!;
    expect(total.value).toBe('29.15');
    expect(isWeak(first, 'total')).toBe(true);
    const calls: unknown[] = [];
    const out = await secondReading({ reread: fakeReread(['29.16', 'RM 25.15'], calls), extract }, doc, pages, first);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ pageIndex: 0, width: 600, height: 400, rotation: 0 });
    expect(out).not.toBeNull();
    expect(out!.extraction.fields.find((f) => f.name === 'total')!.value).toBe('25.15');
    expect(agreement(out!.extraction, 'total')).toBeGreaterThan(agreement(first, 'total'));
    expect(out!.pages[0]!.text).toContain('TOTAL 25.15');
    expect(out!.notes.join()).toMatch(/read the total on page 1 again \(3x, PSM 7\): 29\.15 → 25\.15/);
  });

  it('keeps the first reading when no other reading does better, and leaves a sound total alone', async () => {
    const pages = [receiptPage('29.15')];
    const first = extract(pages);
    expect(await secondReading({ reread: fakeReread(['29.15', '28.15'], []), extract }, doc, pages, first)).toBeNull();
    const sound = [receiptPage('25.15')];
    const good = extract(sound);
    expect(isWeak(good, 'total')).toBe(false);
    const calls: Array<{ box: { y0: number } }> = [];
    await secondReading({ reread: fakeReread(['25.15'], calls), extract }, doc, sound, good);
    // the TOTAL line is row 6: y 220-240; nothing re-read there
    expect(calls.filter((c) => c.box.y0 === 220)).toEqual([]);
  });

  it('does not re-read text-layer pages', async () => {
    const p = { ...receiptPage('29.15'), method: 'text' as const };
    const first = extract([p]);
    const calls: unknown[] = [];
    expect(await secondReading({ reread: fakeReread(['25.15'], calls), extract }, doc, [p], first)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('a date OCR was unsure of, read again alike and clearly, is vouched for; read alike but unsure, it is not', async () => {
    const pages = [receiptPage('25.15', 70)];
    const first = extract(pages);
    const date = () => first.fields.find((f) => f.name === 'issue_date')!;
    expect(date().value).toBe('2019-03-12');
    expect(isWeak(first, 'issue_date')).toBe(true);
    const calls: Array<{ variants?: unknown[] }> = [];
    const out = await secondReading({ reread: fakeReread(['12/03/2019'], calls, 96), extract }, doc, pages, first);
    expect(out).not.toBeNull();
    // a date is read at its own size and at several enlargements, not only the reread task's defaults
    expect(calls[0]!.variants).toEqual(
      expect.arrayContaining([
        { scale: 1, psm: 7 },
        { scale: 4, psm: 7 },
        { scale: 1.5, psm: 13 },
      ]),
    );
    const again = out!.extraction.fields.find((f) => f.name === 'issue_date')!;
    expect(again.value).toBe('2019-03-12');
    expect(again.confidence).toBeGreaterThan(date().confidence);
    expect(out!.notes.join()).toMatch(
      /read the issue date on page 1 again \(2x, PSM 7, 96% sure where the first reading was 70%\): 2019-03-12 again/,
    );
    expect(await secondReading({ reread: fakeReread(['12/03/2019'], [], 80), extract }, doc, pages, first)).toBeNull();
  });

  it('a date of several words is read again alike when the reading holds all of it, not only its year', async () => {
    const pages = [receiptPage('25.15', 60, 90, '12 Mar 2019')];
    const first = extract(pages);
    expect(first.fields.find((f) => f.name === 'issue_date')!.value).toBe('2019-03-12');
    const out = await secondReading({ reread: fakeReread(['12 Mar 2019'], [], 95), extract }, doc, pages, first);
    const again = out!.extraction.fields.find((f) => f.name === 'issue_date')!;
    expect(again.value).toBe('2019-03-12');
    expect(again.confidence).toBeGreaterThanOrEqual(0.6);
    expect(out!.pages[0]!.text).toContain('DATE: 12 Mar 2019 10:42');
    // another day in the same month and year is not the same reading
    expect(await secondReading({ reread: fakeReread(['13 Mar 2019'], [], 95), extract }, doc, pages, first)).toBeNull();
  });

  it('holds: a reading holds a printed value whole, with no digit run on past it', () => {
    expect(holds('Date:11/03/18', '11/03/18')).toBe(true);
    expect(holds('22 May 2018', '22 May 2018')).toBe(true);
    expect(holds('111/05/2018', '11/05/2018')).toBe(false);
    expect(holds('22 May 2019', '22 May 2018')).toBe(false);
  });

  it('does not take another date for being read clearly: no check vouches for it', async () => {
    const pages = [receiptPage('25.15', 70)];
    const first = extract(pages);
    expect(await secondReading({ reread: fakeReread(['12/08/2019'], [], 97), extract }, doc, pages, first)).toBeNull();
  });

  it('a vendor name OCR was unsure of is vouched for by a clear reading that contains it, never replaced', async () => {
    const pages = [receiptPage('25.15', 90, 60)];
    const first = extract(pages);
    const vendor = (x: typeof first) => x.fields.find((f) => f.name === 'vendor_name')!;
    expect(vendor(first).value).toBe('KEDAI RUNCIT MAJU');
    expect(isWeak(first, 'vendor_name')).toBe(true);
    const calls: Array<{ variants?: unknown[] }> = [];
    const out = await secondReading({ reread: fakeReread(['KEDAI RUNCIT MAJU SDN BHD'], calls, 93), extract }, doc, pages, first);
    expect(calls[0]!.variants).toContainEqual({ scale: 0.5, psm: 7 });
    expect(vendor(out!.extraction).value).toBe('KEDAI RUNCIT MAJU');
    expect(vendor(out!.extraction).confidence).toBeGreaterThan(vendor(first).confidence);
    expect(out!.notes.join()).toMatch(/read the vendor on page 1 again .*93% sure where the first reading was 60%/);
    // another spelling, however clear, is not taken; the same one read unsure vouches for nothing
    expect(await secondReading({ reread: fakeReread(['KEDAI RUNCIT MAJAH SDN BHD'], [], 97), extract }, doc, pages, first)).toBeNull();
    expect(await secondReading({ reread: fakeReread(['KEDAI RUNCIT MAJU SDN BHD'], [], 80), extract }, doc, pages, first)).toBeNull();
  });

  it('vendor.spaced-as-read: the same letters spaced otherwise by the clearer reading take its spacing', async () => {
    // OCR ran two words of the name together at 60%; a reading at 93% spells the same letters as three words
    const p = receiptPage('25.15', 90, 60);
    const [k, runcit, maju, ...rest] = p.words!;
    const joined = { ...runcit!, text: 'RUNCITMAJU', x1: maju!.x1 };
    const pages = [{ ...p, text: p.text.replace('RUNCIT MAJU', 'RUNCITMAJU'), words: [k!, joined, ...rest] }];
    const first = extract(pages);
    const vendor = (x: typeof first) => x.fields.find((f) => f.name === 'vendor_name')!;
    expect(vendor(first).value).toBe('KEDAI RUNCITMAJU');
    // a second reading of the name's line as `text`, every word at `conf`, laid out across the region read
    const readAs =
      (text: string, conf: number): SecondReadingDeps['reread'] =>
      async (input) => {
        const b = input.box;
        const words = text.split(' ').map((t, i) => ({ text: t, conf, x0: b.x0 + i * 60, y0: b.y0, x1: b.x0 + i * 60 + 50, y1: b.y1 }));
        return { ok: true, ms: 5, readings: [{ scale: 2, psm: 7, text, confidence: conf, words }] };
      };
    const out = await secondReading({ reread: readAs('KEDAI RUNCIT MAJU SDN BHD', 93), extract }, doc, pages, first);
    expect(vendor(out!.extraction).value).toBe('KEDAI RUNCIT MAJU');
    expect(vendor(out!.extraction).confidence).toBeGreaterThan(vendor(first).confidence);
    expect(out!.notes.join()).toMatch(/KEDAI RUNCITMAJU → KEDAI RUNCIT MAJU, the same letters/);
    // other letters are no respacing: 'MAJAH' neither replaces nor vouches
    expect(await secondReading({ reread: readAs('KEDAI RUNCIT MAJAH SDN BHD', 97), extract }, doc, pages, first)).toBeNull();
  });

  it('spelledBy finds the run of words that spells a value, spacing and punctuation aside', () => {
    const w = (text: string): OcrWord => ({ text, conf: 90, x0: 0, y0: 0, x1: 1, y1: 1 });
    const words = ['(M)', 'KEDAI', 'PAPAN', 'YEW', 'CHUAN', '(123-X)'].map(w);
    expect(spelledBy(words, 'KEDAI PAPANYEW CHUAN')!.map((x) => x.text)).toEqual(['KEDAI', 'PAPAN', 'YEW', 'CHUAN']);
    expect(spelledBy(words, 'PAPAN-YEW')!.map((x) => x.text)).toEqual(['PAPAN', 'YEW']);
    expect(spelledBy(words, 'KEDAI PAPAN YEW CHUAM')).toBeNull();
    expect(spelledBy(words, '')).toBeNull();
  });
});

/** A made-up scanned invoice whose number the first reading lost (it stood in a dotted box). */
function invoicePage(): PageResult {
  const lines = [
    'Retail Invoice',
    'Sold By : Kestrel Tools Pvt. Ltd.,',
    'Invoice Date: 20-10-2015',
    'Item 1 278.61 40.39 319.00',
    'Subtotal 278.61',
    'Tax 40.39',
    'Grand Total 319.00',
  ];
  const words: OcrWord[] = [];
  lines.forEach((l, row) => {
    let x = 20;
    for (const t of l.split(' ')) {
      words.push({ text: t, conf: 92, x0: x, y0: 40 + row * 30, x1: x + 10 * t.length, y1: 58 + row * 30 });
      x += 10 * t.length + 10;
    }
  });
  return {
    index: 0,
    method: 'ocr',
    text: lines.join('\n'),
    confidence: 85,
    width: 800,
    height: 600,
    dpi: 96,
    rotation: 0,
    skew: 0,
    ms: 100,
    words,
  };
}

function sparseReread(lines: string[], calls: Array<{ box: unknown; variants?: unknown }>): SecondReadingDeps['reread'] {
  return async (input): Promise<RereadResult> => {
    calls.push({ box: input.box, variants: input.variants });
    const words = lines.flatMap((l, row) =>
      l.split(' ').map((t, i) => ({ text: t, conf: 90, x0: 500 + i * 40, y0: 20 + row * 300, x1: 530 + i * 40, y1: 32 + row * 300 })),
    );
    return { ok: true, ms: 5, readings: [{ scale: 3, psm: 11, text: lines.join('\n'), confidence: 90, words }] };
  };
}

describe('sparseReading (ocr.sparse-reading)', () => {
  it('finds a key field the first reading lost in a sparse reading of the whole page, at ~300 dpi, and says so', async () => {
    const pages = [invoicePage()];
    const first = extract(pages);
    expect(first.fields.find((f) => f.name === 'document_number')?.value ?? null).toBeNull();
    const calls: Array<{ box: unknown; variants?: unknown }> = [];
    const out = await sparseReading(
      { reread: sparseReread(['Retail Invoice', 'Invoice No : # KTL_W2015000982', 'Sold By : Kestrel Tools Pvt. Ltd.,'], calls), extract },
      doc,
      pages,
      first,
    );
    expect(calls).toEqual([{ box: { x0: 0, y0: 0, x1: 800, y1: 600 }, variants: [{ scale: 3, psm: 11 }] }]);
    const f = out!.extraction.fields.find((g) => g.name === 'document_number')!;
    expect(f.value).toBe('KTL_W2015000982');
    // its evidence is the sparse reading's words, and the other key fields are as before
    expect(f.source?.boxes?.[0]?.x0).toBeGreaterThanOrEqual(500);
    for (const n of ['vendor_name', 'issue_date', 'total'] as const)
      expect(out!.extraction.fields.find((g) => g.name === n)?.value).toBe(first.fields.find((g) => g.name === n)?.value);
    // only the missing line was added to the page, not the lines already read
    expect(out!.pages[0]!.text.split('\n').filter((l) => l.includes('Retail Invoice'))).toHaveLength(1);
    expect(out!.notes[0]).toMatch(/sparse text \(3x, PSM 11\).*document number/);
  });

  it('adds nothing when no key field is missing, or when the sparse reading finds none of them', async () => {
    const calls: Array<{ box: unknown }> = [];
    const sound = [receiptPage('25.15')];
    expect(await sparseReading({ reread: sparseReread(['X'], calls), extract }, doc, sound, extract(sound))).toBeNull();
    expect(calls).toEqual([]);
    const pages = [invoicePage()];
    expect(await sparseReading({ reread: sparseReread(['Thank you', 'Page 1'], calls), extract }, doc, pages, extract(pages))).toBeNull();
  });

  it('keeps no line that changes a key field found before (a second total line must not replace the first)', async () => {
    const pages = [invoicePage()];
    const out = await sparseReading(
      { reread: sparseReread(['Invoice No : 77123 Grand Total 999.00'], []), extract },
      doc,
      pages,
      extract(pages),
    );
    expect(out === null || out.extraction.fields.find((g) => g.name === 'total')?.value === '319.00').toBe(true);
  });
});

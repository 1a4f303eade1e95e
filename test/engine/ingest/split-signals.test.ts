import { describe, expect, it } from 'vitest';
import type { ExtractionResult, ReadPage } from '../../../src/contract/domain.js';
import {
  describeParts,
  isBlankPage,
  pageCue,
  pageSignals,
  partsFromFirstPages,
  splitBySignals,
  type PageSignal,
} from '../../../src/engine/ingest/split.js';
import { repeatsFirstPage } from '../../../src/engine/ingest/after-read.js';

const page = (index: number, s: Partial<PageSignal> = {}): PageSignal => ({
  index,
  blank: false,
  cue: null,
  number: null,
  vendor: null,
  total: null,
  ...s,
});

describe('first-page detection', () => {
  it('reads "page k of n" cues in several languages', () => {
    expect(pageCue('Invoice ... Page 1 of 3')).toEqual({ page: 1, of: 3 });
    expect(pageCue('Seite 2 von 2')).toEqual({ page: 2, of: 2 });
    expect(pageCue('page 1 sur 4')).toEqual({ page: 1, of: 4 });
    expect(pageCue('Pg. 2/5')).toEqual({ page: 2, of: 5 });
    // the other languages' words with a slash as well: an Italian continuation page's "Pagina 2/2" kept it whole
    expect(pageCue('Blue Harbor S.p.A. - Via Manzoni 3\nPagina 2/2')).toEqual({ page: 2, of: 2 });
    expect(pageCue('Pág. 2 de 3')).toEqual({ page: 2, of: 3 });
    expect(pageCue('página 1/4')).toEqual({ page: 1, of: 4 });
    expect(pageCue('Blz. 2/2')).toEqual({ page: 2, of: 2 });
    expect(pageCue('Sida 2 av 2')).toEqual({ page: 2, of: 2 });
    expect(pageCue('Side 1 af 2')).toEqual({ page: 1, of: 2 });
    // a word that merely ends in one of them is no cue
    expect(pageCue('Homepage 1/2 price')).toBeNull();
    expect(pageCue('page 7 of 3')).toBeNull();
    expect(pageCue('Total 1 of 2 items')).toBeNull();
  });

  it('counts a page with a few specks of OCR noise as blank', () => {
    expect(isBlankPage({ text: ' \n . , ~ \n' })).toBe(true);
    expect(isBlankPage({ text: 'Invoice 42' })).toBe(false);
  });

  it('does not cut at a new number alone: the total or the vendor must change too', () => {
    // a continuation page printing another reference beside the same total stays with its document
    expect(splitBySignals([page(0, { number: 'TIF-0', total: '123.45' }), page(1, { number: 'TIF-1', total: '123.45' })])).toEqual([
      { first: 0, last: 1 },
    ]);
    expect(splitBySignals([page(0, { number: 'TIF-0', total: '123.45' }), page(1, { number: 'TIF-1', total: '99.00' })])).toEqual([
      { first: 0, last: 0 },
      { first: 1, last: 1 },
    ]);
    expect(
      splitBySignals([
        page(0, { number: '7', vendor: 'Acme Ltd', total: '5.00' }),
        page(1, { number: '8', vendor: 'ACME LTD.', total: '5.00' }),
      ]),
    ).toEqual([{ first: 0, last: 1 }]);
  });

  it('starts a document at a new number beside a vendor or total, not at a repeated number', () => {
    const parts = splitBySignals([
      page(0, { number: 'INV-1', vendor: 'ACME' }),
      page(1, { number: 'INV 1', total: '10.00' }), // the same number printed again on page 2
      page(2, { number: 'B-7', vendor: 'Other' }),
      page(3, { number: 'PO-5' }), // a number alone (an order reference) does not start one
    ]);
    expect(parts).toEqual([
      { first: 0, last: 1 },
      { first: 2, last: 3 },
    ]);
  });

  it('follows page cues over numbers, and leaves blank separator sheets out', () => {
    const parts = splitBySignals([
      page(0, { cue: { page: 1, of: 2 }, number: 'A', vendor: 'X' }),
      page(1, { cue: { page: 2, of: 2 }, number: 'Z', vendor: 'Y' }), // page 2 of 2 continues, whatever its number
      page(2, { blank: true }),
      page(3, { total: '5.00' }),
      page(4, { cue: { page: 1, of: 1 } }),
    ]);
    expect(parts).toEqual([
      { first: 0, last: 1 },
      { first: 3, last: 3 },
      { first: 4, last: 4 },
    ]);
    expect(describeParts(parts)).toBe('1-2, 4, 5');
  });

  it('does not cut a document at a near-empty page followed by a page that looks like no first page', () => {
    const parts = splitBySignals([page(0, { number: 'A', vendor: 'X' }), page(1, { blank: true }), page(2), page(3, { total: '9.00' })]);
    expect(parts).toEqual([{ first: 0, last: 3 }]);
  });

  it("turns a clerk's first pages into parts, page 1 always included", () => {
    expect(partsFromFirstPages([3, 5], 6)).toEqual([
      { first: 0, last: 1 },
      { first: 2, last: 3 },
      { first: 4, last: 5 },
    ]);
    expect(partsFromFirstPages([1, 1, 9], 4)).toEqual([{ first: 0, last: 3 }]);
  });

  it('reads alone only the pages worth reading; the others get the cheap signals', async () => {
    const read: string[] = [];
    const extract = (pages: ReadPage[]): ExtractionResult => {
      read.push(pages[0]!.text);
      return { docType: 'invoice', docTypeConfidence: 1, fields: [], lineItems: [], issues: [], confidence: 1, needsReview: false };
    };
    const page = (index: number, text: string): ReadPage => ({
      index,
      method: 'text',
      text,
      confidence: null,
      width: null,
      height: null,
      dpi: null,
      rotation: 0,
      skew: 0,
      ms: null,
      words: null,
    });
    const pages = [page(0, 'Invoice No. 1'), page(1, 'terms and conditions'), page(2, 'Seite 1 von 2 Rechnung'), page(3, '')];
    const s = await pageSignals(pages, extract, (p, i) => i === 0 || /rechnung|invoice/i.test(p.text));
    expect(read).toEqual(['Invoice No. 1', 'Seite 1 von 2 Rechnung']);
    expect(s.map((x) => [x.blank, x.cue?.page ?? null])).toEqual([
      [false, null],
      [false, null],
      [false, 1],
      [true, null],
    ]);
  });

  it('reads a page that repeats an earlier one word for word only once, and gives it the same signal', async () => {
    const read: string[] = [];
    const extract = (pages: ReadPage[]): ExtractionResult => {
      read.push(pages[0]!.text);
      const value = /No\. (\d+)/.exec(pages[0]!.text)?.[1] ?? null;
      const field = {
        name: 'document_number' as const,
        value,
        raw: value,
        confidence: 1,
        source: null,
        origin: 'rules' as const,
        evidence: null,
      };
      return { docType: 'invoice', docTypeConfidence: 1, fields: [field], lineItems: [], issues: [], confidence: 1, needsReview: false };
    };
    const pages = [textPage(0, 'Invoice No. 1'), textPage(1, 'Invoice No. 2'), textPage(2, 'Invoice No. 1'), textPage(3, 'Invoice No. 2')];
    const s = await pageSignals(pages, extract);
    expect(read).toEqual(['Invoice No. 1', 'Invoice No. 2']);
    expect(s.map((x) => [x.index, x.number])).toEqual([
      [0, '1'],
      [1, '2'],
      [2, '1'],
      [3, '2'],
    ]);
    // the same words at other places on the page are another reading
    const moved = { ...textPage(4, 'Invoice No. 1'), words: [{ text: 'Invoice', conf: 100, x0: 1, y0: 1, x1: 2, y1: 2 }] };
    await pageSignals([pages[0]!, moved], extract);
    expect(read).toEqual(['Invoice No. 1', 'Invoice No. 2', 'Invoice No. 1', 'Invoice No. 1']);
  });

  it('needs no page read alone when the later pages worth reading repeat page 1 and nothing else could cut the file', () => {
    const same = [
      textPage(0, 'INVOICE\nInvoice number: 7'),
      textPage(1, 'INVOICE\nInvoice number: 7'),
      textPage(2, 'general terms and conditions of sale'),
    ];
    expect(repeatsFirstPage(same)).toBe(true);
    // another page worth reading, a blank sheet or a page cue: the pages are read as before
    expect(repeatsFirstPage([...same, textPage(3, 'INVOICE\nInvoice number: 8')])).toBe(false);
    expect(repeatsFirstPage([...same, textPage(3, '')])).toBe(false);
    expect(repeatsFirstPage([...same, textPage(3, 'general terms, page 1 of 2')])).toBe(false);
    expect(repeatsFirstPage([textPage(0, 'INVOICE 7 page 1 of 2'), textPage(1, 'INVOICE 7 page 1 of 2')])).toBe(false);
  });
});

function textPage(index: number, text: string): ReadPage {
  return { index, method: 'text', text, confidence: null, width: 595, height: 842, dpi: 72, rotation: 0, skew: 0, ms: 3, words: null };
}

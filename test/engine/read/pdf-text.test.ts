import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from '../../../src/engine/read/worker.js';
import { judgeTextLayer, layoutTextItems, textLayerStats, USABLE_TEXT_RULE } from '../../../src/engine/read/pdf-text.js';
import { diagnosePdfBytes } from '../../../src/engine/read/pdf-document.js';
import { fromFsError } from '../../../src/engine/read/failures.js';
import { EVAL, mixedPdf, scannedLikePdf, tempDir, textPdf } from './fixtures.js';

const MAX_PIXELS = 100_000_000;
const tmp = tempDir('pdf');
afterAll(() => tmp.cleanup());

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('inspect: born-digital invoices', () => {
  const dir = join(EVAL, 'invoices');
  const files = readdirSync(dir).filter((f) => f.endsWith('.pdf'));

  it('finds the eval invoices', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it.each(files)('%s has a usable text layer on every page', async (name) => {
    const r = await inspect({ path: join(dir, name), kind: 'pdf', maxPixels: MAX_PIXELS });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.pageCount).toBe(r.pages.length);
    const all = r.pages.map((p) => p.text ?? '').join('\n');
    expect(all.replace(/\s/g, '').length).toBeGreaterThan(200);
    for (const p of r.pages) {
      expect(p.needsOcr).toBe(false);
      expect(p.widthPt).toBeGreaterThan(0);
    }
  });

  it('keeps line structure (AWS invoice header fields on their own lines)', async () => {
    const r = await inspect({ path: join(dir, 'AmazonWebServices.pdf'), kind: 'pdf', maxPixels: MAX_PIXELS });
    if (!r.ok) throw new Error(r.message);
    const lines = (r.pages[0]!.text ?? '').split('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => /Invoice Number:\s*42183017/.test(l))).toBe(true);
    expect(lines.some((l) => /^Total for this invoice \$4\.11$/.test(l.trim()))).toBe(true);
  });
});

describe('the usable-text-layer rule', () => {
  it('accepts ordinary text and a near-empty page without images', () => {
    expect(judgeTextLayer('Invoice 42 total 418.50 EUR due 12 March 2024', null).usable).toBe(true);
    expect(judgeTextLayer('Page left blank', 0).usable).toBe(true);
  });
  it('rejects an empty layer, replacement characters, private-use glyphs and symbol runs', () => {
    expect(judgeTextLayer('', null).usable).toBe(false);
    expect(judgeTextLayer('\uFFFD'.repeat(40) + ' abc', null).usable).toBe(false);
    expect(judgeTextLayer('\uE001\uE002\uE003\uE004 '.repeat(20), null).usable).toBe(false);
    expect(judgeTextLayer('□'.repeat(60), null).usable).toBe(false);
  });
  it('rejects a few words over a page-size image but accepts a full OCR layer over it', () => {
    expect(judgeTextLayer('Scanned by ACME ScanStation 3000 on 2024-03-12', 0.95).usable).toBe(false);
    const fullLayer = 'The quick brown fox jumps over the lazy dog. '.repeat(10);
    expect(textLayerStats(fullLayer).printable).toBeGreaterThan(USABLE_TEXT_RULE.SPARSE_OVER_IMAGE_CHARS);
    expect(judgeTextLayer(fullLayer, 0.95).usable).toBe(true);
  });
  it('joins items into lines by baseline and orders lines top to bottom', () => {
    const text = layoutTextItems([
      { str: 'Total:', x: 10, y: 100, h: 10, w: 30, eol: false },
      { str: 'Invoice', x: 10, y: 200, h: 10, w: 35, eol: false },
      { str: '418.50', x: 300, y: 100.8, h: 10, w: 30, eol: false },
      { str: 'No. 7', x: 50, y: 200, h: 10, w: 25, eol: false },
    ]);
    expect(text.split('\n')).toEqual(['Invoice No. 7', 'Total:   418.50']);
  });
  it('on generated PDFs: text page usable, image-only and caption-over-image pages need OCR', async () => {
    const text = await inspect({ path: tmp.file('text.pdf', await textPdf()), kind: 'pdf', maxPixels: MAX_PIXELS });
    const scan = await inspect({ path: tmp.file('scan.pdf', await scannedLikePdf(null)), kind: 'pdf', maxPixels: MAX_PIXELS });
    const caption = await inspect({
      path: tmp.file('caption.pdf', await scannedLikePdf('Scanned by ACME ScanStation')),
      kind: 'pdf',
      maxPixels: MAX_PIXELS,
    });
    if (!text.ok || !scan.ok || !caption.ok) throw new Error('inspect failed');
    expect(text.pages[0]).toMatchObject({ needsOcr: false });
    expect(text.pages[0]!.text).toContain('Total amount due: 418.50 EUR');
    expect(scan.pages[0]).toMatchObject({ needsOcr: true, text: null });
    expect(caption.pages[0]).toMatchObject({ needsOcr: true, text: null });
  });
  it('mixed PDF: only the image page needs OCR', async () => {
    const r = await inspect({ path: tmp.file('mixed.pdf', await mixedPdf()), kind: 'pdf', maxPixels: MAX_PIXELS });
    if (!r.ok) throw new Error(r.message);
    expect(r.pages.map((p) => p.needsOcr)).toEqual([false, true]);
  });
});

describe('inspect: broken and hostile PDFs never throw', () => {
  const malformed = readdirSync(join(EVAL, 'malformed'))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => join(EVAL, 'malformed', f));
  const cases = [...malformed, join(EVAL, 'scanned', 'invalid.pdf')];

  it('has the 32+ files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(33);
  });

  it.each(cases)(
    '%s ends ok or with a clear failure',
    async (path) => {
      const r = await inspect({ path, kind: 'pdf', maxPixels: MAX_PIXELS });
      if (r.ok) {
        expect(r.pageCount).toBeGreaterThan(0);
        if (r.repaired !== undefined) expect(r.repaired.length).toBeGreaterThan(0);
      } else {
        expect(r.message.trim().length).toBeGreaterThan(5);
        expect(['damaged', 'empty', 'truncated', 'password', 'unsupported']).toContain(r.code);
      }
    },
    30_000,
  );

  it('names what is missing in a damaged file', async () => {
    const r = await inspect({ path: join(EVAL, 'malformed', 'qpdf_bad1.pdf'), kind: 'pdf', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: false, code: 'damaged' });
    if (!r.ok) expect(r.message).toMatch(/^damaged PDF: .*no cross-reference table/);
    expect(diagnosePdfBytes(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n'))).toMatch(/no cross-reference table/);
  });

  it('a PDF cut off mid-file → truncated', async () => {
    const r = await inspect({
      path: join(EVAL, 'malformed', 'derived_truncated_AmazonWebServices.pdf'),
      kind: 'pdf',
      maxPixels: MAX_PIXELS,
    });
    expect(r).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('reports a repair when pdfjs rebuilds the cross-reference table', async () => {
    const r = await inspect({ path: join(EVAL, 'malformed', 'qpdf_bad3.pdf'), kind: 'pdf', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.repaired).toMatch(/cross-reference/);
  });

  it('zero-byte file → empty', async () => {
    const r = await inspect({ path: tmp.file('zero.pdf', new Uint8Array(0)), kind: 'pdf', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: false, code: 'empty' });
  });

  it('permission denied → unreadable, permanent (mapping checked directly: root ignores file modes)', () => {
    const err = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fromFsError(err, '/in/box/a.pdf')).toEqual({
      ok: false,
      code: 'unreadable',
      message: 'cannot read a.pdf: permission denied',
      transient: false,
    });
  });

  it('missing file and folder → unreadable', async () => {
    expect(await inspect({ path: tmp.file('nope.pdf'), kind: 'pdf', maxPixels: MAX_PIXELS })).toMatchObject({
      ok: false,
      code: 'unreadable',
      transient: true,
    });
    expect(await inspect({ path: tmp.dir, kind: 'pdf', maxPixels: MAX_PIXELS })).toMatchObject({ ok: false, code: 'unreadable' });
  });

  it.skipIf(!hasTool('qpdf') && !process.env.CI)('password-protected PDF → password', async () => {
    const plain = tmp.file('plain.pdf', await textPdf());
    const locked = tmp.file('locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', plain, locked]);
    const r = await inspect({ path: locked, kind: 'pdf', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: false, code: 'password', message: 'password-protected', transient: false });
  });

  it.skipIf(!hasTool('qpdf') && !process.env.CI)('owner-password-only PDF opens normally', async () => {
    const plain = tmp.file('plain2.pdf', await textPdf());
    const restricted = tmp.file('restricted.pdf');
    execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', plain, restricted]);
    const r = await inspect({ path: restricted, kind: 'pdf', maxPixels: MAX_PIXELS });
    expect(r).toMatchObject({ ok: true });
  });
});

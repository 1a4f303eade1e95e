import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { FINAL_STATUSES } from '../../../src/contract/domain.js';
import { cer } from '../read/cer.js';
import { processPaths } from '../../helpers/engine.js';
import { EVAL } from '../../helpers/tmp.js';

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe('real documents from ../shared/eval', () => {
  it('reads every born-digital invoice PDF from its text layer', async () => {
    const r = await processPaths([path.join(EVAL, 'invoices')]);
    engines.push(r.engine);
    const pdfs = r.rows.filter((d) => d.name.toLowerCase().endsWith('.pdf'));
    expect(pdfs.length).toBe(fs.readdirSync(path.join(EVAL, 'invoices')).filter((f) => f.endsWith('.pdf')).length);
    for (const d of pdfs) {
      expect(d.status, d.name).toMatch(/^(done|needs_review)$/);
      // AzureInterior.pdf carries a Factur-X attachment: its fields come from the XML, its pages still from the text layer.
      expect(d.method, d.name).toBe(d.name === 'AzureInterior.pdf' ? 'e-invoice' : 'text');
      const detail = (await r.engine.getDocument(d.id))!;
      expect(detail.pages.map((p) => p.text).join('\n').length, d.name).toBeGreaterThan(200);
    }
    // The PNG renders of invoices go through OCR and come out with text too.
    for (const d of r.rows.filter((x) => x.name.endsWith('.png'))) {
      expect(d.method, d.name).toBe('ocr');
      const detail = (await r.engine.getDocument(d.id))!;
      expect(detail.pages[0]!.text.length, d.name).toBeGreaterThan(200);
    }
    // JSON ground-truth files and the text file are not documents: skipped with a reason.
    for (const d of r.rows.filter((x) => x.name.endsWith('.json')))
      expect(d).toMatchObject({ status: 'skipped', reason: 'JSON file (.json) is not supported' });
  });

  it('ends every malformed file in a final state, each failure with a reason a clerk can read', async () => {
    const r = await processPaths([path.join(EVAL, 'malformed'), path.join(EVAL, 'scanned', 'invalid.pdf')]);
    engines.push(r.engine);
    const pdfs = r.rows.filter((d) => d.name.toLowerCase().endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThanOrEqual(33);
    for (const d of pdfs) {
      expect(FINAL_STATUSES, d.name).toContain(d.status);
      if (d.status === 'failed') {
        expect(d.reason, d.name).toBeTruthy();
        // Readable: no stack traces, no bare exception class names.
        expect(d.reason!, d.name).not.toMatch(/\n\s+at |^[A-Z][a-zA-Z]+Exception$|undefined/);
      }
    }
    const zero = r.rows.find((d) => d.name === 'derived_zero_bytes.pdf')!;
    expect(zero).toMatchObject({ status: 'failed', reason: 'empty file (0 bytes)' });
    const invalid = r.rows.find((d) => d.name === 'invalid.pdf')!;
    expect(invalid.status).toBe('failed');
    expect(invalid.reason).toMatch(/damaged PDF/);
    console.log(
      `malformed: ${pdfs.filter((d) => d.status === 'failed').length} failed, ${pdfs.filter((d) => d.status !== 'failed').length} read after repair`,
    );
  });

  it('OCRs the scanned set: every page gets text, linn.pdf within the CER bound', async () => {
    const dir = path.join(EVAL, 'scanned');
    const r = await processPaths([dir]);
    engines.push(r.engine);
    const scans = r.rows.filter((d) => /\.(pdf|png)$/i.test(d.name) && d.name !== 'invalid.pdf');
    for (const d of scans) {
      expect(d.status, `${d.name}: ${d.reason}`).toMatch(/^(done|needs_review)$/);
      const detail = (await r.engine.getDocument(d.id))!;
      expect(detail.pages.length, d.name).toBe(d.pageCount);
      // lichtenstein.pdf is a photograph (a castle, JPEG2000) with no text to find.
      if (d.name !== 'lichtenstein.pdf')
        expect(
          detail.pages
            .map((p) => p.text)
            .join(' ')
            .trim().length,
          d.name,
        ).toBeGreaterThan(20);
    }
    expect(r.summary.pagesByMethod.ocr).toBeGreaterThanOrEqual(25);
    const linn = (await r.engine.getDocument(r.rows.find((d) => d.name === 'linn.pdf')!.id))!;
    const rate = cer(linn.pages.map((p) => p.text).join('\n'), fs.readFileSync(path.join(dir, 'linn.txt'), 'utf8'));
    console.log(`linn.pdf CER ${(rate * 100).toFixed(2)}% (native tesseract 0.96%)`);
    expect(rate).toBeLessThanOrEqual(0.03);
    // The four orientations of cardinal.pdf all come out readable (same words on every page).
    const cardinal = (await r.engine.getDocument(r.rows.find((d) => d.name === 'cardinal.pdf')!.id))!;
    const words = cardinal.pages.map((p) => new Set(p.text.toLowerCase().match(/[a-z]{5,}/g) ?? []));
    for (const w of words.slice(1)) {
      const common = [...w].filter((x) => words[0]!.has(x)).length;
      expect(common / Math.max(1, words[0]!.size)).toBeGreaterThan(0.5);
    }
  }, 600_000);
});
